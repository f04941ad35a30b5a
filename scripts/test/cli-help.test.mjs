import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { connectors, publishedPackages, root } from "../lib/packages.mjs";

const binaries = publishedPackages().filter((p) => p.manifest.bin);
const binFile = (p) => join(p.dir, Object.values(p.manifest.bin)[0]);
const run = (p, args) =>
  execFileSync(process.execPath, [binFile(p), ...args], {
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

// launch() answers only the recorded argument lists; a connector started with ConductorOne's
// credentials in its environment (as a Kubernetes Deployment starts it) must load the program and
// run as a service.
describe.each(connectors().map((c) => [c.name, c]))(
  "%s binary with BATON_CLIENT_ID/BATON_CLIENT_SECRET",
  (_, c) => {
    it("documents service mode in its recorded --help", () => {
      const { outputs } = JSON.parse(readFileSync(join(c.dir, "dist", "cli-help.json"), "utf8"));
      expect(outputs['["--help"]']).toContain("Service mode (a long-running ConductorOne connector");
      expect(outputs['["--help"]']).toContain("--client-id");
    });

    it("runs as a service: Hello to ConductorOne, then exit 0 on SIGTERM", async () => {
      const testing = await import(pathToFileURL(join(root, "packages/testing/dist/index.js")).href);
      const { startMock } = await import(pathToFileURL(join(c.dir, "mock/dist/server.js")).href);
      const dir = mkdtempSync(join(tmpdir(), `service-${c.bin}-`));
      const c1 = await testing.startFakeConductorOne({ nextPollMs: 100 });
      const mock = await startMock({ dir });
      const child = spawn(process.execPath, [binFile(c)], {
        cwd: dir,
        env: {
          PATH: [...(mock.path ?? []), process.env.PATH].join(delimiter),
          ...mock.env,
          ...c1.env,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      const exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
      try {
        await c1
          .waitFor("the Hello", () => c1.hellos.length > 0, 30_000)
          .catch((e) => {
            throw new Error(`${e.message}\n${stderr}`);
          });
        expect(c1.hellos[0].buildInfo.package).toBe(c.name);
        child.kill("SIGTERM");
        expect(await exited, stderr).toBe(0);
        const messages = stderr
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l).msg);
        expect(messages).toContain("service mode: stopped");
      } finally {
        child.kill("SIGKILL");
        await mock.close();
        await c1.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);
