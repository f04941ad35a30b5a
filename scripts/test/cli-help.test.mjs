import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { publishedPackages } from "../lib/packages.mjs";

const binaries = publishedPackages().filter((p) => p.manifest.bin);
const run = (p, args) =>
  execFileSync(process.execPath, [join(p.dir, Object.values(p.manifest.bin)[0]), ...args], {
    encoding: "utf8",
    env: { PATH: process.env.PATH },
  });

describe.each(binaries.map((p) => [p.name, p]))("%s binary", (_, p) => {
  const file = join(p.dir, "dist", "cli-help.json");

  it("has the help outputs the build recorded, for this version", () => {
    expect(existsSync(file), `${file} is missing: does src/cli.ts use @baton/sdk/launch?`).toBe(true);
    const { version, outputs } = JSON.parse(readFileSync(file, "utf8"));
    expect(version).toBe(p.version);
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['["--version"]', '["--help"]', '["-h"]']));
  });

  it("prints from them what the program itself prints", () => {
    // A doubled switch is not recorded, so it goes through the program, which reads it as one.
    expect(run(p, ["--version"])).toBe(run(p, ["--version", "--version"]));
    expect(run(p, ["--help"])).toBe(run(p, ["--help", "--help"]));
    expect(run(p, ["--version"])).toBe(`${Object.keys(p.manifest.bin)[0]} version ${p.version}\n`);
  });
});
