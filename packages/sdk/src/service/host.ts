// Who is calling: the host id every request carries, and the build and OS facts of Hello.
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { arch, hostname, machine, release } from "node:os";
import { dirname, join } from "node:path";
import { create } from "@bufbuild/protobuf";
import {
  type BatonServiceHelloRequest_BuildInfo,
  BatonServiceHelloRequest_BuildInfoSchema,
  type BatonServiceHelloRequest_OSInfo,
  BatonServiceHelloRequest_OSInfoSchema,
} from "../gen/c1/connectorapi/baton/v1/baton_pb.js";

type Env = Record<string, string | undefined>;

const orElse = (v: string | undefined, fallback: string) => (v?.trim() ? v.trim().slice(0, 256) : fallback);

/** BATON_HOST_ID, else the hostname, else "baton-sdk". */
export function hostId(env: Env): string {
  let name: string | undefined;
  try {
    name = hostname();
  } catch {}
  return orElse(env.BATON_HOST_ID, orElse(name, "baton-sdk"));
}

/** The keys of /etc/os-release (ID, VERSION_ID, ID_LIKE …), or {} where there is none. */
function osRelease(): Record<string, string> {
  for (const file of ["/etc/os-release", "/usr/lib/os-release"]) {
    try {
      const out: Record<string, string> = {};
      for (const line of readFileSync(file, "utf8").split("\n")) {
        const m = /^([A-Z_]+)=("?)(.*)\2$/.exec(line.trim());
        if (m) out[m[1]!] = m[3]!;
      }
      return out;
    } catch {}
  }
  return {};
}

function virtualization(): string {
  if (existsSync("/.dockerenv")) return "docker";
  if (existsSync("/run/.containerenv")) return "podman";
  return "none";
}

/** Every field non-empty: ConductorOne refuses a Hello otherwise. */
export function osInfo(): BatonServiceHelloRequest_OSInfo {
  const rel = osRelease();
  const os = orElse(process.platform, "unknown");
  const kernel = orElse(safe(release), "unknown");
  const platform = orElse(rel.ID, os);
  return create(BatonServiceHelloRequest_OSInfoSchema, {
    hostname: orElse(safe(hostname), "unknown"),
    os,
    platform,
    platformVersion: orElse(rel.VERSION_ID, kernel),
    platformFamily: orElse(rel.ID_LIKE?.split(" ")[0], platform),
    kernelVersion: kernel,
    kernelArch: orElse(safe(machine), arch()),
    virtualizationSystem: virtualization(),
  });
}

function safe(f: () => string): string | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

/** Node's version and the connector's npm package. */
export function buildInfo(pkg: { name: string; version: string }): BatonServiceHelloRequest_BuildInfo {
  return create(BatonServiceHelloRequest_BuildInfoSchema, {
    langVersion: `node ${process.version}`,
    package: orElse(pkg.name, "baton-connector"),
    packageVersion: orElse(pkg.version, "0.0.0"),
  });
}

/**
 * The npm package of the connector binary `file`: the name in the package.json nearest above it, if
 * that package declares the binary `bin` (so a test runner's own package is never taken for it).
 */
export function packageNameOf(file: string | undefined, bin: string): string | undefined {
  if (!file) return undefined;
  let dir: string;
  try {
    dir = dirname(realpathSync(file));
  } catch {
    return undefined;
  }
  for (;;) {
    const pj = join(dir, "package.json");
    if (existsSync(pj)) {
      try {
        const p = JSON.parse(readFileSync(pj, "utf8")) as { name?: unknown; bin?: unknown };
        const bins = typeof p.bin === "object" && p.bin !== null ? Object.keys(p.bin) : [];
        return typeof p.name === "string" && bins.includes(bin) ? p.name : undefined;
      } catch {
        return undefined;
      }
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}
