// The workspace's packages as the release, deploy and image scripts see them: every package under
// packages/ that is not private is published, and a published package with a `baton-<name>` binary is
// a connector (one image and one deploy/ each). Adding a connector needs nothing here.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

/**
 * @param {string} [workspace] another checkout's root (default: this one)
 * @returns {{ dir: string, name: string, version: string, manifest: any }[]} sorted by directory
 */
export function publishedPackages(workspace = root) {
  const base = join(workspace, "packages");
  return readdirSync(base)
    .filter((d) => existsSync(join(base, d, "package.json")))
    .sort()
    .map((d) => {
      const manifest = JSON.parse(readFileSync(join(base, d, "package.json"), "utf8"));
      return { dir: join(base, d), name: manifest.name, version: manifest.version, manifest };
    })
    .filter((p) => p.manifest.private !== true);
}

/**
 * The connector's binary, `baton-<name>`: its only one, or the one named after the package when the
 * others are aliases of it (npx runs a package whose bins all point at one file); undefined for other
 * packages.
 */
export function connectorBin(manifest) {
  const bin = typeof manifest.bin === "object" && manifest.bin !== null ? manifest.bin : {};
  const names = Object.keys(bin).filter((n) => /^baton-[a-z0-9-]+$/.test(n));
  if (!names.length || new Set(Object.values(bin)).size !== 1) return undefined;
  const own = `baton-${manifest.name.replace(/^@[^/]+\//, "")}`;
  return names.includes(own) ? own : names[0];
}

export function connectors(workspace = root) {
  return publishedPackages(workspace)
    .map((p) => ({ ...p, bin: connectorBin(p.manifest) }))
    .filter((p) => p.bin !== undefined);
}

/**
 * The build arguments of docker/connector.Dockerfile for one connector, from its package.json
 * (`description`, `license` and the optional `baton.image` block).
 */
export function imageBuildArgs(connector) {
  const image = connector.manifest.baton?.image ?? {};
  const extra = image.extra ?? {};
  return {
    PACKAGE: connector.name,
    VERSION: connector.version,
    BIN: connector.bin,
    DESCRIPTION: image.description ?? connector.manifest.description ?? "",
    LICENSE: connector.manifest.license ?? "",
    ...(extra.image ? { EXTRA_IMAGE: extra.image, EXTRA_FILES: (extra.files ?? []).join(" ") } : {}),
  };
}
