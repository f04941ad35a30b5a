import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConnector, groupResource, resourceType, sync, userResource, z } from "@baton/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliRunner, syncCounts } from "../src/index.js";

let dir: string;
let script: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kit-cli-"));
  script = join(dir, "cli.mjs");
  // A stand-in binary: prints its arguments, working directory and BATON_* variables; exits with argv[2].
  writeFileSync(
    script,
    `const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith("BATON_")));
     console.log(JSON.stringify({ args: process.argv.slice(2), cwd: process.cwd(), env }));
     console.error("to stderr");
     process.exit(Number(process.argv[2]));`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("cliRunner", () => {
  it("runs the binary in cwd with only PATH, the runner's and the call's variables", async () => {
    process.env.BATON_FROM_THE_CALLER = "leaks?";
    try {
      const run = cliRunner(script, { cwd: dir, env: () => ({ BATON_API_KEY: "k", BATON_BASE_URL: "u" }) });
      const r = await run(["0", "--flag"], { BATON_BASE_URL: "override" });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe("to stderr\n");
      expect(JSON.parse(r.stdout)).toEqual({
        args: ["0", "--flag"],
        cwd: dir,
        env: { BATON_API_KEY: "k", BATON_BASE_URL: "override" },
      });
    } finally {
      delete process.env.BATON_FROM_THE_CALLER;
    }
  });

  it("reports the exit status, and reads cwd and env when each call starts", async () => {
    let key = "first";
    const run = cliRunner(script, { cwd: () => dir, env: () => ({ BATON_API_KEY: key }) });
    expect((await run(["16"])).code).toBe(16);
    key = "second";
    expect(JSON.parse((await run(["0"])).stdout).env).toEqual({ BATON_API_KEY: "second" });
  });
});

describe("syncCounts", () => {
  it("counts the latest sync's objects by type, after the store's validation", async () => {
    const connector = defineConnector({
      name: "counting",
      displayName: "Counting",
      version: "1.0.0",
      config: z.object({}),
      client: () => null,
      resourceTypes: [
        resourceType<null>({
          id: "user",
          displayName: "User",
          traits: ["user"],
          list: async () => [userResource("user", "u1", { displayName: "Ana" })],
        }),
        resourceType<null>({
          id: "team",
          displayName: "Team",
          traits: ["group"],
          list: async () => [
            groupResource("team", "t1", { displayName: "A" }),
            groupResource("team", "t2", { displayName: "B" }),
          ],
        }),
      ],
    });
    const file = join(dir, "counts.c1z");
    await sync(connector, {}, { file });
    expect((await syncCounts(file)).resourcesByType).toEqual({ user: 1, team: 2 });
  });
});
