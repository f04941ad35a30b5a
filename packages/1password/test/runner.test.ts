import { BatonError, Code } from "@baton/sdk";
import { handlerHarness, recordingLogger } from "@baton/testing";
import { describe, expect, it } from "vitest";
import { config } from "../src/config.js";
import { onePassword } from "../src/index.js";
import { INSTALL_HINT } from "../src/op/runner.js";
import { clientFor, FakeOp } from "./helpers.js";

async function failure(p: Promise<unknown>): Promise<BatonError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(BatonError);
  return e as BatonError;
}

describe("what op is given", () => {
  it("inherits no BATON_* variable: not the password, the Secret Key or anything else of the connector's", async () => {
    const fake = new FakeOp("business");
    const baton = {
      BATON_PASSWORD: "hunter2-from-env",
      BATON_SECRET_KEY: "A3-FROM-ENV",
      BATON_PASSWORD_FILE: "/run/secrets/op-password",
      BATON_LOG_LEVEL: "debug",
    };
    const { client } = clientFor(fake, fake.userConfig(), { env: baton });
    await client.users();
    expect(fake.calls().length).toBeGreaterThan(3);
    expect(fake.calls().flatMap((c) => c.batonVars)).toEqual([]);
  });

  it("gets the run's --http-timeout-seconds as the timeout of every op command", async () => {
    const fake = new FakeOp("teams");
    const h = await handlerHarness(
      onePassword,
      config.parse({
        ...fake.userConfig(),
        opPath: fake.opPath({ FAKE_OP_SLOW: "group list", FAKE_OP_SLOW_MS: "5000" }),
      }),
      { httpTimeoutMs: 300 },
    );
    const started = Date.now();
    const e = await failure(h.client.groups());
    expect(e.code).toBe(Code.DeadlineExceeded);
    expect(e.message).toBe("op group list: timed out after 0.3s");
    expect(Date.now() - started).toBeLessThan(4_000);
    await h.close();
  });
});

describe("the op runner", () => {
  it("passes arguments as an array, never through a shell, and ids after -- (never read as a flag)", async () => {
    const fake = new FakeOp("business");
    const { client } = clientFor(fake);
    for (const evil of ["GENG; echo pwned > /tmp/pwned $(id)", "--help"]) {
      const e = await failure(client.groupMembers(evil));
      expect(e.message).toContain(`"${evil}" isn't a group`);
      expect(fake.callsOf("group", "user", "list").at(-1)?.argv).toEqual([
        "group",
        "user",
        "list",
        "--format=json",
        "--",
        evil,
      ]);
    }
  });

  it("keeps secrets off the command line: the session goes in OP_SESSION_<user uuid>, the password on stdin", async () => {
    const fake = new FakeOp("business");
    const log = recordingLogger();
    const { client } = clientFor(fake, fake.userConfig(), { log });
    await client.users();
    await client.vaultUsers("VENG");
    const calls = fake.calls();
    expect(calls.map((c) => c.argv.slice(0, 2).join(" "))).toEqual([
      "--version",
      "accounts list",
      "account add",
      "accounts list",
      "signin --account",
      "user list",
      "vault user",
    ]);
    for (const c of calls) for (const s of fake.secrets()) expect(c.argv.join(" ")).not.toContain(s);
    for (const c of calls) expect(c.argv).not.toContain("--session");

    const a = fake.tenant.auth;
    const [add, signin] = [fake.callsOf("account", "add")[0]!, fake.callsOf("signin")[0]!];
    expect(add.stdin).toBe(`${a.password}\n`);
    expect(signin.stdin).toBe(`${a.password}\n`);
    expect(add.env.OP_SECRET_KEY).toBe(a.secretKey);
    const data = fake.callsOf("user", "list")[0]!;
    expect(data.stdin).toBe("");
    expect(data.env).toEqual({
      OP_ACCOUNT: a.accountUuid,
      [`OP_SESSION_${a.userUuid}`]: "ACME-SESSION-1",
      [`OP_SESSION_${a.shorthand}`]: "ACME-SESSION-1",
    });
    expect(log.lines.length).toBeGreaterThan(0);
    for (const s of fake.secrets()) expect(log.text()).not.toContain(s);
  });

  it("gives op only the credentials a command needs, not the ones it inherits", async () => {
    const fake = new FakeOp("teams");
    const { client } = clientFor(fake, fake.userConfig(), {
      env: {
        OP_SERVICE_ACCOUNT_TOKEN: "inherited",
        OP_SECRET_KEY: "inherited",
        OP_SESSION_other: "inherited",
      },
    });
    await client.users();
    for (const c of fake.calls()) expect(Object.values(c.env)).not.toContain("inherited");
  });

  it("authenticates service accounts through OP_SERVICE_ACCOUNT_TOKEN, without signing in", async () => {
    const fake = new FakeOp("business");
    const { client } = clientFor(fake, fake.serviceConfig());
    expect(await client.vaults()).toHaveLength(4);
    expect(fake.calls().map((c) => c.argv.join(" "))).toEqual(["--version", "vault list --format=json"]);
    expect(fake.callsOf("vault")[0]!.env).toEqual({
      OP_SERVICE_ACCOUNT_TOKEN: fake.tenant.auth.serviceToken,
    });
  });

  it("times a slow command out", async () => {
    const fake = new FakeOp("teams");
    const { client } = clientFor(fake, fake.userConfig(), {
      env: { FAKE_OP_SLOW: "group list" },
      timeoutMs: 700,
    });
    const started = Date.now();
    const e = await failure(client.groups());
    expect(e.code).toBe(Code.DeadlineExceeded);
    expect(e.message).toBe("op group list: timed out after 0.7s");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("reports output that is not JSON, after asking once more", async () => {
    const fake = new FakeOp("teams");
    const { client } = clientFor(fake, fake.userConfig(), { env: { FAKE_OP_MALFORMED: "user list" } });
    const e = await failure(client.users());
    expect(e.code).toBe(Code.Internal);
    expect(e.message).toMatch(/^op user list: output is not JSON \(/);
    expect(fake.callsOf("user", "list")).toHaveLength(2);
    const once = new FakeOp("teams");
    const again = clientFor(once, once.userConfig(), { env: { FAKE_OP_FAULT: "malformed" } });
    expect(await again.client.users()).toHaveLength(once.tenant.users.length);
  });

  it.each([
    ["rate-limited", true],
    ["unavailable", false],
    ["reset", false],
  ])(
    "turns op's message for a transient failure (%s) into Unavailable, which syncs retry",
    async (fault, notProcessed) => {
      const fake = new FakeOp("teams");
      const { client } = clientFor(fake, fake.userConfig(), { env: { FAKE_OP_FAULT: fault } });
      const e = await failure(client.users());
      expect(e.code).toBe(Code.Unavailable);
      expect(e.notProcessed).toBe(notProcessed);
      expect(e.message).toMatch(/^op user list failed \(exit 1\): /);
      expect(await client.users()).toHaveLength(fake.tenant.users.length);
    },
  );

  it("reports JSON of the wrong shape, naming the field", async () => {
    const fake = new FakeOp("teams", (t) => {
      delete t.users[1].id;
    });
    const { client } = clientFor(fake);
    const e = await failure(client.users());
    expect(e.code).toBe(Code.Internal);
    expect(e.message).toBe(
      "op user list: unexpected output: [1].id: Invalid input: expected string, received undefined",
    );
  });

  it("turns a non-zero exit into an error quoting op's stderr, minus secrets", async () => {
    const fake = new FakeOp("teams");
    const { client } = clientFor(fake, fake.userConfig(), { env: { FAKE_OP_FAIL: "group list" } });
    const e = await failure(client.groups());
    expect(e.code).toBe(Code.Unknown);
    expect(e.message).toBe(
      "op group list failed (exit 1): internal error running group list with session [REDACTED]",
    );
  });

  it("says how to install op when it is missing", async () => {
    const fake = new FakeOp("teams");
    for (const opPath of ["/nonexistent/bin/op", "op-is-not-installed-here"]) {
      const { client } = clientFor(fake, { ...fake.userConfig(), opPath });
      const e = await failure(client.users());
      expect(e.code).toBe(Code.FailedPrecondition);
      expect(e.message).toBe(`1Password CLI not found: "${opPath}"`);
      expect(e.hint).toBe(INSTALL_HINT);
      expect(INSTALL_HINT).toBe("install the 1Password CLI 2.x and put it on PATH, or set --op-path");
    }
  });

  it("refuses an op that is too old, before any other command", async () => {
    const fake = new FakeOp("teams");
    const { client } = clientFor(fake, fake.userConfig(), { env: { FAKE_OP_VERSION: "1.12.4" } });
    const e = await failure(client.users());
    expect(e.code).toBe(Code.FailedPrecondition);
    expect(e.message).toBe("1Password CLI 1.12.4 is too old: 2.0.0 or later is required");
    expect(fake.calls().map((c) => c.argv.join(" "))).toEqual(["--version"]);
  });

  it("refuses output of op --version that is not a version", async () => {
    const fake = new FakeOp("teams");
    const { client } = clientFor(fake, fake.userConfig(), { env: { FAKE_OP_VERSION: "banana" } });
    expect((await failure(client.users())).message).toBe('op --version printed "banana", not a version');
  });

  it("checks the version once per client", async () => {
    const fake = new FakeOp("teams");
    const { client } = clientFor(fake);
    expect(await client.version()).toBe("2.24.0");
    await Promise.all([client.users(), client.groups(), client.vaults()]);
    expect(fake.callsOf("--version")).toHaveLength(1);
  });
});
