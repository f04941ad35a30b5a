import { BatonError, Code } from "@baton/sdk";
import { recordingLogger } from "@baton/testing";
import { describe, expect, it } from "vitest";
import { clientFor, FakeOp } from "./helpers.js";

describe("signing in", () => {
  it("adds the account to op when op does not know it, then signs in", async () => {
    const fake = new FakeOp("business");
    const { client } = clientFor(fake);
    await client.whoami();
    expect(fake.callsOf("account", "add")).toHaveLength(1);
    expect(fake.callsOf("signin")[0]!.argv).toEqual([
      "signin",
      "--account",
      fake.tenant.auth.accountUuid,
      "--raw",
    ]);
  });

  it("reuses an account op already knows", async () => {
    const fake = new FakeOp("teams");
    await clientFor(fake).client.whoami();
    expect(fake.callsOf("account", "add")).toHaveLength(0);
    expect(fake.callsOf("signin")).toHaveLength(1);
  });

  it("picks, of several local accounts with the same email, the one at the configured address", async () => {
    const fake = new FakeOp("business", (t) => {
      const mine = { email: t.auth.email, user_uuid: t.auth.userUuid, account_uuid: t.auth.accountUuid };
      t.localAccounts = [
        {
          url: "https://other.1password.com",
          email: t.auth.email,
          user_uuid: "UUOTHER",
          account_uuid: "AUOTHER",
        },
        { ...mine, url: "https://acme.1password.com", shorthand: "" },
      ];
    });
    await clientFor(fake).client.whoami();
    expect(fake.callsOf("signin")[0]!.argv).toContain(fake.tenant.auth.accountUuid);
    expect(fake.callsOf("whoami")[0]!.env).toEqual({
      OP_ACCOUNT: fake.tenant.auth.accountUuid,
      [`OP_SESSION_${fake.tenant.auth.userUuid}`]: "ACME-SESSION-1",
    });
  });

  it("reports a wrong password as a credentials problem, without the password", async () => {
    const fake = new FakeOp("teams");
    const { client } = clientFor(fake, { ...fake.userConfig(), password: "hunter2-wrong" });
    const e = (await client.users().catch((err: unknown) => err)) as BatonError;
    expect(e).toBeInstanceOf(BatonError);
    expect(e.code).toBe(Code.Unauthenticated);
    expect(e.message).toBe(
      `op signin --account ${fake.tenant.auth.accountUuid} --raw failed (exit 1): Authentication: (401) Unauthorized, failed to sign in`,
    );
    expect(e.hint).toMatch(/--password/);
  });

  it("reports a wrong Secret Key when adding the account", async () => {
    const fake = new FakeOp("business");
    const { client } = clientFor(fake, { ...fake.userConfig(), secretKey: "A3-WRONG" });
    const e = (await client.users().catch((err: unknown) => err)) as BatonError;
    expect(e.code).toBe(Code.Unauthenticated);
    expect(e.message).toMatch(
      /^op account add --address acme.1password.com --email admin@acme.test --raw failed \(exit 1\): invalid Secret Key$/,
    );
  });
});

describe("an expired session", () => {
  it("is renewed by signing in again, and the command retried", async () => {
    const fake = new FakeOp("teams");
    const log = recordingLogger();
    const { client } = clientFor(fake, fake.userConfig(), { env: { FAKE_OP_SESSION_TTL: "2" }, log });
    await client.users();
    await client.groups();
    expect(await client.vaults()).toEqual([{ id: "TVSHARED", name: "Shared" }]);
    await client.account();
    expect(fake.callsOf("signin")).toHaveLength(2);
    expect(fake.callsOf("vault", "list").map((c) => Object.values(c.env).at(-1))).toEqual([
      "SMALL-SESSION-1",
      "SMALL-SESSION-2",
    ]);
    expect(log.filter(/session expired/)).toHaveLength(1);
  });

  it("is renewed when op calls the token invalid", async () => {
    const fake = new FakeOp("teams");
    const { client } = clientFor(fake);
    await client.users();
    fake.revokeSession();
    expect(await client.groups()).toHaveLength(1);
    expect(fake.callsOf("signin")).toHaveLength(2);
  });

  it("bounds the sign-ins of a run, not the retries of a command: op that rejects every session fails after 8", async () => {
    const fake = new FakeOp("teams");
    const { client } = clientFor(fake, fake.userConfig(), { env: { FAKE_OP_NOT_SIGNED_IN: "1" } });
    const e = (await client.users().catch((err: unknown) => err)) as BatonError;
    expect(e.code).toBe(Code.Unauthenticated);
    expect(e.message).toBe(
      "op user list failed (exit 1): You are not currently signed in. Please run `op signin --help` for instructions",
    );
    expect(e.hint).toBe(
      "op rejected the session of each of 8 sign-ins in this run: check that the account is not locked and that op works when run by hand",
    );
    expect(fake.callsOf("signin")).toHaveLength(8);
    expect(fake.callsOf("user", "list")).toHaveLength(8);
    // The budget is spent: the next command fails at once, without signing in again.
    await client.groups().catch(() => undefined);
    expect(fake.callsOf("signin")).toHaveLength(8);
  });

  it("retries each command whose session is older than the current one, even when the new one expires too", async () => {
    const fake = new FakeOp("business");
    const log = recordingLogger();
    // Every session is good for 2 commands: 8 at once need several sign-ins before each has run.
    const { client } = clientFor(fake, fake.userConfig(), { env: { FAKE_OP_SESSION_TTL: "2" }, log });
    await client.whoami();
    const results = await Promise.all([
      client.users(),
      client.groups(),
      client.vaults(),
      client.account(),
      client.groupMembers("GENG"),
      client.vaultUsers("VENG"),
      client.vaultGroups("VENG"),
      client.groupMembers("GOPS"),
    ]);
    expect(results.every((r) => r !== undefined)).toBe(true);
    const signins = fake.callsOf("signin").length;
    expect(signins).toBeGreaterThan(2);
    expect(signins).toBeLessThanOrEqual(8);
    expect(log.filter(/session expired/)).toHaveLength(signins - 1);
  });

  it("is renewed once for commands that fail together", async () => {
    const fake = new FakeOp("teams");
    const { client } = clientFor(fake);
    await client.users();
    fake.revokeSession();
    await Promise.all([client.groups(), client.vaults(), client.account()]);
    expect(fake.callsOf("signin")).toHaveLength(2);
  });
});
