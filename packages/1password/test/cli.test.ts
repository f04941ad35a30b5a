// The baton-1password command line, run in-process through the SDK's runCli.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Code, runCli } from "@baton/sdk";
import { openC1z, validateSync } from "@baton/sdk/c1z";
import { afterEach, describe, expect, it, vi } from "vitest";
import { onePassword } from "../src/index.js";
import { FAKE_OP, FakeOp } from "./helpers.js";

afterEach(() => vi.unstubAllEnvs());

/** Runs the CLI with the fake op on `fake`'s tenant; `env` holds the BATON_* variables. */
async function cli(fake: FakeOp, argv: string[], env: Record<string, string> = {}) {
  for (const [k, v] of Object.entries(fake.env())) vi.stubEnv(k, v);
  let stdout = "";
  let stderr = "";
  const code = await runCli(onePassword, {
    argv,
    env,
    cwd: fake.dir,
    signal: new AbortController().signal,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
  });
  return { code, stdout, stderr };
}

const userEnv = (fake: FakeOp) => ({
  BATON_ADDRESS: fake.tenant.auth.address,
  BATON_EMAIL: fake.tenant.auth.email,
  BATON_SECRET_KEY: fake.tenant.auth.secretKey,
  BATON_PASSWORD: fake.tenant.auth.password,
  BATON_OP_PATH: FAKE_OP,
});

describe("baton-1password", () => {
  it("syncs into --file with the Go connector's environment variables", async () => {
    const fake = new FakeOp("business");
    const file = join(fake.dir, "out.c1z");
    const r = await cli(fake, ["--file", file, "--log-level", "debug"], userEnv(fake));
    expect(r.stderr).not.toMatch(/error:/);
    expect(r.code).toBe(0);
    const store = await openC1z(file);
    expect(validateSync(store, store.selectSync().id)).toEqual([]);
    store.close();
    for (const s of fake.secrets()) expect(r.stderr).not.toContain(s);
  });

  it("reports every missing credential at once, naming flags and env vars, before running op", async () => {
    const fake = new FakeOp("business");
    const r = await cli(fake, [], { BATON_OP_PATH: FAKE_OP });
    expect(r.code).toBe(Code.InvalidArgument);
    for (const f of [
      "--email ($BATON_EMAIL)",
      "--secret-key ($BATON_SECRET_KEY)",
      "--password ($BATON_PASSWORD)",
    ])
      expect(r.stderr).toContain(f);
    expect(fake.calls()).toEqual([]);
  });

  it("rejects an invalid --limit-vault-permissions entry together with missing credentials", async () => {
    const fake = new FakeOp("business");
    const r = await cli(fake, ["--auth-type", "service", "--limit-vault-permissions", "member,fly_items"]);
    expect(r.code).toBe(Code.InvalidArgument);
    expect(r.stderr).toContain("invalid vault permission: fly_items");
    expect(r.stderr).toContain("($OP_SERVICE_ACCOUNT_TOKEN)");
  });

  it("signs in as a service account from OP_SERVICE_ACCOUNT_TOKEN, honouring a space-separated limit from the env", async () => {
    const fake = new FakeOp("teams");
    const file = join(fake.dir, "sync.c1z");
    const r = await cli(fake, ["-f", file], {
      BATON_AUTH_TYPE: "service",
      OP_SERVICE_ACCOUNT_TOKEN: fake.tenant.auth.serviceToken,
      BATON_OP_PATH: FAKE_OP,
      BATON_LIMIT_VAULT_PERMISSIONS: "member allow_viewing",
    });
    expect(r.code).toBe(0);
    const store = await openC1z(file);
    const ids = [...store.entitlements(store.selectSync().id)]
      .map((e) => e.id)
      .filter((id) => id.startsWith("vault:"));
    store.close();
    expect(ids.sort()).toEqual(["vault:TVSHARED:allow viewing", "vault:TVSHARED:member"]);
    expect(fake.callsOf("signin")).toEqual([]);
  });

  it("grants and revokes in one-shot mode from the synced file", async () => {
    const fake = new FakeOp("business");
    const env = userEnv(fake);
    expect((await cli(fake, [], env)).code).toBe(0);
    const grant = await cli(
      fake,
      [
        "-p",
        "--grant-entitlement",
        "vault:VENG:view items",
        "--grant-principal",
        "UANN",
        "--grant-principal-type",
        "user",
      ],
      env,
    );
    expect(grant.stdout).toBe("granted vault:VENG:view items to user UANN\n");
    const revoke = await cli(fake, ["-p", "--revoke-grant", "group:GENG:manager:user:UANN"], env);
    expect(revoke.stdout).toBe("revoked group:GENG:manager:user:UANN\n");
    expect(
      fake
        .calls()
        .filter((c) => ["grant", "revoke"].includes(c.argv[2]!))
        .map((c) => c.argv.slice(0, 3).join(" ")),
    ).toEqual(["vault user grant", "group user grant"]);
  });

  it("says how to install op when it is missing", async () => {
    const fake = new FakeOp("business");
    const r = await cli(fake, [], { ...userEnv(fake), BATON_OP_PATH: join(fake.dir, "no-op-here") });
    expect(r.code).toBe(Code.FailedPrecondition);
    expect(r.stderr).toContain("install the 1Password CLI 2.x and put it on PATH, or set --op-path");
    expect(existsSync(join(fake.dir, "sync.c1z"))).toBe(false);
  });
});
