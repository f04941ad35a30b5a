// `pnpm release:version` (changeset version, then the generated manifests) on a copy of the
// workspace's manifests, with changesets of the test's own instead of the pending ones.
import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectors, publishedPackages, root } from "../lib/packages.mjs";

let work;
const version = (dir) =>
  JSON.parse(readFileSync(join(work, "packages", dir, "package.json"), "utf8")).version;
const dirOf = (name) =>
  publishedPackages()
    .find((p) => p.name === name)
    .dir.split("/")
    .pop();

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), "baton-release-flow-"));
  for (const f of ["package.json", "pnpm-workspace.yaml", ".changeset/config.json"])
    cpSync(join(root, f), join(work, f), { recursive: true });
  for (const p of publishedPackages()) {
    const dir = join(work, "packages", p.dir.split("/").pop());
    mkdirSync(dir, { recursive: true });
    cpSync(join(p.dir, "package.json"), join(dir, "package.json"));
    if (existsSync(join(p.dir, "CHANGELOG.md")))
      cpSync(join(p.dir, "CHANGELOG.md"), join(dir, "CHANGELOG.md"));
  }
  symlinkSync(join(root, "node_modules"), join(work, "node_modules"));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

function releaseVersion(changesets) {
  for (const [i, body] of changesets.entries()) writeFileSync(join(work, ".changeset", `test-${i}.md`), body);
  execFileSync(process.execPath, [join(root, "node_modules", "@changesets", "cli", "bin.js"), "version"], {
    cwd: work,
    stdio: "pipe",
  });
  execFileSync(process.execPath, [join(root, "scripts", "gen-deploy.mjs"), "--root", work], {
    stdio: "pipe",
  });
}

const bump = (v, part) => {
  const [major, minor, patch] = v.split(".").map(Number);
  return part === "minor" ? `${major}.${minor + 1}.0` : `${major}.${minor}.${patch + 1}`;
};

describe("pnpm release:version", () => {
  it("bumps a package alone when nothing depends on it, and writes its CHANGELOG", () => {
    const [c] = connectors();
    const before = Object.fromEntries(publishedPackages().map((p) => [p.name, p.version]));
    releaseVersion([`---\n"${c.name}": patch\n---\n\nFixed a thing.\n`]);
    for (const p of publishedPackages())
      expect(version(dirOf(p.name)), p.name).toBe(
        p.name === c.name ? bump(before[p.name], "patch") : before[p.name],
      );
    const log = readFileSync(join(work, "packages", dirOf(c.name), "CHANGELOG.md"), "utf8");
    expect(log).toContain(`## ${bump(c.version, "patch")}`);
    expect(log).toContain("Fixed a thing.");
  });

  it("bumps every dependent of @baton/sdk as a patch, keeping workspace: ranges for pnpm to publish", () => {
    const sdk = publishedPackages().find((p) => p.name === "@baton/sdk");
    releaseVersion(['---\n"@baton/sdk": minor\n---\n\nA new SDK feature.\n']);
    expect(version("sdk")).toBe(bump(sdk.version, "minor"));
    const dependents = publishedPackages().filter((p) => p.manifest.dependencies?.["@baton/sdk"]);
    expect(dependents.length).toBeGreaterThan(2);
    for (const p of dependents) {
      const dir = dirOf(p.name);
      expect(version(dir), p.name).toBe(bump(p.version, "patch"));
      const manifest = JSON.parse(readFileSync(join(work, "packages", dir, "package.json"), "utf8"));
      expect(manifest.dependencies["@baton/sdk"]).toMatch(/^workspace:/);
      expect(readFileSync(join(work, "packages", dir, "CHANGELOG.md"), "utf8")).toContain(
        `@baton/sdk@${bump(sdk.version, "minor")}`,
      );
    }
  });

  it("regenerates each connector's Kubernetes manifests for its new version", () => {
    releaseVersion(connectors().map((c) => `---\n"${c.name}": minor\n---\n\nNew.\n`));
    for (const c of connectors()) {
      const deployment = readFileSync(
        join(work, "packages", c.dir.split("/").pop(), "deploy", "kubernetes", "deployment.yaml"),
        "utf8",
      );
      expect(deployment).toContain(`image: ${c.bin}:${bump(c.version, "minor")}\n`);
    }
  });
});
