// End to end: the built dist/cli.js in a child process, with --op-path pointing at the fake op.
import { execFile, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { openC1z } from "@baton/sdk/c1z";
import { beforeAll, describe, expect, it } from "vitest";
import { FAKE_OP, FakeOp } from "./helpers.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

beforeAll(() => {
  // `npm test` builds first; a bare `vitest run` on a fresh clone builds here.
  if (existsSync(CLI)) return;
  const built = spawnSync(
    join(root, "node_modules/.bin/turbo"),
    ["run", "build", "--filter=@baton/1password"],
    {
      cwd: root,
      encoding: "utf8",
    },
  );
  if (built.status !== 0) throw new Error(`build failed: ${built.stdout}${built.stderr}`);
}, 180_000);

async function bin(fake: FakeOp, args: string[], env: Record<string, string> = {}) {
  return promisify(execFile)(process.execPath, [CLI, ...args], {
    cwd: fake.dir,
    env: { ...fake.env(), ...env },
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );
}

describe("dist/cli.js", () => {
  it("prints its version", async () => {
    const r = await bin(new FakeOp("teams"), ["--version"]);
    expect(r.stdout).toBe("baton-1password version 0.1.0\n");
  });

  it("syncs the BUSINESS tenant into sync.c1z, then grants from it", async () => {
    const fake = new FakeOp("business");
    const a = fake.tenant.auth;
    const flags = ["--op-path", FAKE_OP, "--address", a.address, "--email", a.email];
    const env = { BATON_SECRET_KEY: a.secretKey, BATON_PASSWORD: a.password, BATON_LOG_FORMAT: "json" };
    const sync = await bin(fake, flags, env);
    expect(sync.code).toBe(0);
    const file = join(fake.dir, "sync.c1z");
    expect(readFileSync(file).subarray(0, 5).toString("latin1")).toBe("C1ZF\0");
    const store = await openC1z(file);
    const types = new Set([...store.resources(store.selectSync().id)].map((r) => r.id!.resourceType));
    store.close();
    expect(types).toEqual(new Set(["account", "user", "group", "vault"]));
    for (const s of fake.secrets()) expect(sync.stderr).not.toContain(s);

    const grant = await bin(
      fake,
      [
        ...flags,
        "-p",
        "--grant-entitlement",
        "group:GOPS:member",
        "--grant-principal-type",
        "user",
        "--grant-principal",
        "UEVE",
      ],
      env,
    );
    expect(grant.stdout).toBe("granted group:GOPS:member to user UEVE\n");
    expect(fake.callsOf("group", "user", "grant").map((c) => c.argv.join(" "))).toEqual([
      "group user grant --group GOPS --role member --user UEVE --format=json",
    ]);
  });

  it("exits with FailedPrecondition (9) and the install hint when op is missing", async () => {
    const fake = new FakeOp("teams");
    const r = await bin(fake, ["--auth-type", "service", "--op-path", "/nonexistent/op"], {
      OP_SERVICE_ACCOUNT_TOKEN: fake.tenant.auth.serviceToken,
    });
    expect(r.code).toBe(9);
    expect(r.stderr).toContain('1Password CLI not found: "/nonexistent/op"');
    expect(r.stderr).not.toContain(fake.tenant.auth.serviceToken);
  });
});
