// ConductorOne service credentials: the client id names the tenant, the client secret holds the
// Ed25519 private key that signs each token request.
import { createPrivateKey, type KeyObject } from "node:crypto";
import { BatonError, Code } from "../errors.js";

export interface ServiceCredentials {
  /** The full client id: the JWT's issuer and subject. */
  clientId: string;
  /** The part before "@": names this connector in the User-Agent. */
  clientName: string;
  /** The tenant host of the client id (no port): the JWT's audience. */
  tenantHost: string;
  /** host[:port] that token requests and gRPC calls go to (BATON_C1_API_HOST, else the tenant host). */
  apiHost: string;
  /** The Ed25519 private key of the client secret. */
  key: KeyObject;
  /** The key's `kid`, sent in the JWS header when the secret's JWK has one. */
  kid?: string;
}

const ID_HINT =
  "set --client-id/BATON_CLIENT_ID to the client id ConductorOne showed with the secret, e.g. my-connector@acme.conductor.one/pcc";
const SECRET_HINT =
  "set --client-secret/BATON_CLIENT_SECRET to the secret ConductorOne showed once when the credential was made (secret-token:conductorone.com:v1:…); make a new credential if it is lost";

const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

const badId = (why: string) =>
  new BatonError(Code.InvalidArgument, `the ConductorOne client id ${why}`, { hint: ID_HINT });
// Never echoes the secret or a part of it.
const badSecret = (why: string) =>
  new BatonError(Code.InvalidArgument, `the ConductorOne client secret ${why}`, { hint: SECRET_HINT });

/** `<client name>@<tenant host>/<suffix>`: split on the first "@", then on the first "/". */
export function parseClientId(clientId: string): { clientName: string; tenantHost: string } {
  const at = clientId.indexOf("@");
  if (at < 0) throw badId('has no "@"');
  const rest = clientId.slice(at + 1);
  const slash = rest.indexOf("/");
  if (slash < 0) throw badId('has no "/" after the host');
  const host = rest.slice(0, slash);
  if (!host) throw badId('has no host between "@" and "/"');
  return { clientName: clientId.slice(0, at), tenantHost: stripPort(host) };
}

function stripPort(host: string): string {
  if (host.startsWith("[")) return host.slice(0, host.indexOf("]") + 1) || host;
  const colon = host.lastIndexOf(":");
  return colon > 0 && /^\d+$/.test(host.slice(colon + 1)) ? host.slice(0, colon) : host;
}

/** `secret-token:conductorone.com:v1:<base64url JWK of an Ed25519 private key>`. */
export function parseClientSecret(secret: string): { key: KeyObject; kid?: string } {
  const parts = secret.split(":");
  if (parts.length !== 4) throw badSecret(`has ${parts.length} ":"-separated parts, not 4`);
  if (parts[2] !== "v1") throw badSecret('is not a version 1 secret (its third part is not "v1")');
  const payload = parts[3]!;
  if (!/^[A-Za-z0-9_-]+$/.test(payload)) throw badSecret("does not end in a base64url key");
  let jwk: unknown;
  try {
    jwk = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    throw badSecret("does not end in a JSON Web Key");
  }
  if (typeof jwk !== "object" || jwk === null || Array.isArray(jwk))
    throw badSecret("does not end in a JSON Web Key");
  const k = jwk as Record<string, unknown>;
  if (k.kty !== "OKP" || k.crv !== "Ed25519") throw badSecret("holds a key that is not Ed25519");
  if (typeof k.d !== "string" || !k.d) throw badSecret("holds a public key, not the private key");
  const seed = Buffer.from(k.d, "base64url");
  if (seed.length !== 32) throw badSecret("holds an Ed25519 key of the wrong length");
  // The PKCS#8 form of an Ed25519 private key is a fixed 16-byte prefix and the 32-byte seed; `x`
  // (the public half) is derived from it, so a JWK without `x` loads too.
  const key = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
    format: "der",
    type: "pkcs8",
  });
  return typeof k.kid === "string" && k.kid ? { key, kid: k.kid } : { key };
}

/** Both parts checked; BATON_C1_API_HOST (host or host:port) overrides where requests go. */
export function serviceCredentials(
  clientId: string,
  clientSecret: string,
  apiHost?: string,
): ServiceCredentials {
  const { clientName, tenantHost } = parseClientId(clientId);
  const { key, kid } = parseClientSecret(clientSecret);
  const override = apiHost?.trim();
  if (
    override !== undefined &&
    override !== "" &&
    !/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:.]+\](:\d{1,5})?$/.test(override)
  ) {
    throw new BatonError(Code.InvalidArgument, "BATON_C1_API_HOST is not a host or host:port", {
      hint: "e.g. acme.conductor.one or localhost:8443, without https:// or a path",
    });
  }
  return {
    clientId,
    clientName,
    tenantHost,
    apiHost: override || tenantHost,
    key,
    ...(kid ? { kid } : {}),
  };
}
