// The certificate authorities service mode trusts: Node's bundled roots, the operating system's, and
// the PEM file NODE_EXTRA_CA_CERTS names (how a corporate TLS proxy's CA, or a test CA, is added).
import { readFileSync } from "node:fs";
import { getCACertificates } from "node:tls";
import { BatonError, Code } from "../errors.js";

/** PEM certificates for `ca`. NODE_EXTRA_CA_CERTS is read from `env`, so a caller can set it per run. */
export function trustedCertificates(env: Record<string, string | undefined>): string[] {
  const roots = [...getCACertificates("bundled"), ...systemCertificates()];
  const extra = env.NODE_EXTRA_CA_CERTS?.trim();
  if (!extra) return roots;
  let pem: string;
  try {
    pem = readFileSync(extra, "utf8");
  } catch (e) {
    throw new BatonError(Code.InvalidArgument, `NODE_EXTRA_CA_CERTS names ${extra}, which cannot be read`, {
      hint: "point it at a PEM file of CA certificates, or unset it",
      cause: e,
    });
  }
  const certs = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (!certs.length) {
    throw new BatonError(
      Code.InvalidArgument,
      `NODE_EXTRA_CA_CERTS names ${extra}, which holds no PEM certificate`,
      {
        hint: "point it at a PEM file of CA certificates, or unset it",
      },
    );
  }
  return [...roots, ...certs];
}

function systemCertificates(): string[] {
  try {
    return getCACertificates("system");
  } catch {
    return [];
  }
}
