import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { tarballProblems } from "../lib/tarball.mjs";

let dir;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function unpacked(files) {
  dir = mkdtempSync(join(tmpdir(), "baton-tarball-"));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), typeof content === "string" ? content : JSON.stringify(content));
  }
  return dir;
}

const manifest = {
  name: "@baton/x",
  version: "1.0.0",
  type: "module",
  license: "Apache-2.0",
  engines: { node: ">=24.15" },
  bin: { "baton-x": "./dist/cli.js" },
  exports: {
    ".": { "@baton/source": "./src/index.ts", types: "./dist/index.d.ts", default: "./dist/index.js" },
  },
  dependencies: { "@baton/sdk": "^1.0.0" },
};
const good = {
  "package.json": manifest,
  "README.md": "# x",
  LICENSE: "Apache",
  "dist/index.js": 'export * from "./chunk-a.js";',
  "dist/index.d.ts": 'export * from "./chunk-a.js";',
  "dist/chunk-a.js": "export const a = 1;",
  "dist/chunk-a.js.map": { sources: ["../src/a.ts", "../src/mock/paging.ts"] },
  "dist/chunk-a.d.ts": "export declare const a: 1;",
  "dist/cli.js": 'await import("./index.js");',
  "dist/cli-help.json": "{}",
};

describe("tarballProblems", () => {
  it("passes a package of reachable files, README, LICENSE and semver ranges", () => {
    expect(tarballProblems(unpacked(good), { engines: ">=24.15" }).problems).toEqual([]);
  });

  it("names every kind of problem", () => {
    const { LICENSE, "dist/cli-help.json": help, ...rest } = good;
    const problems = tarballProblems(
      unpacked({
        ...rest,
        "package.json": {
          ...manifest,
          dependencies: { "@baton/sdk": "workspace:^" },
          engines: { node: ">=20" },
        },
        "dist/orphan.js": "",
        "dist/index.js.map": { sources: ["../test/msw/handlers.ts"] },
        "test/x.test.js": "",
        ".env": "TOKEN=1",
      }),
      { engines: ">=24.15" },
    ).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        "no LICENSE",
        "no dist/cli-help.json: the binary's --version and --help would load everything",
        "dist/orphan.js is not reachable from any entry point (exports, bin)",
        "dist/index.js.map maps test or mock sources (test/msw/handlers.ts)",
        "test/x.test.js is a test, fixture, mock or bench file",
        ".env is an .env file",
        'dependencies.@baton/sdk is "workspace:^", not a semver range',
        'engines.node is ">=20", the workspace tests ">=24.15"',
      ]),
    );
  });
});
