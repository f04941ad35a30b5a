import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { runCli } from "../../src/cli/index.js";
import { BatonError, Code } from "../../src/errors.js";
import type { SyncSummary } from "../../src/sync/index.js";
import { example } from "./example.js";
import { cli, emptyDir, valid } from "./harness.js";

const ops = vi.hoisted(() => ({
  sync: vi.fn(),
  grantEntitlement: vi.fn(),
  revokeGrant: vi.fn(),
  createAccount: vi.fn(),
  deleteResource: vi.fn(),
  rotateCredentials: vi.fn(),
}));
vi.mock("../../src/cli/operations.js", () => ops);

const summary: SyncSummary = {
  file: "sync.c1z",
  syncId: "sync-1",
  syncType: "full",
  resumed: false,
  durationMs: 1234,
  totals: { resourceTypes: 2, resources: 12, entitlements: 2, grants: 30 },
  byType: {
    group: { resources: 2, entitlements: 2, grants: 30 },
    user: { resources: 10, entitlements: 0, grants: 0 },
  },
  warnings: ["group 7: grants skipped (404)"],
};

beforeEach(() => {
  vi.resetAllMocks();
  ops.sync.mockResolvedValue(summary);
});

describe("sync (the default)", () => {
  it("passes the parsed config and standard flags to sync()", async () => {
    const r = await cli([
      ...valid,
      "--orgs",
      "a,b",
      "-f",
      "out.c1z",
      "--sync-resource-types=user",
      "--sync-resources",
      "bid:r:user/1",
      "--skip-grants",
      "--workers",
      "4",
      "--http-timeout-seconds",
      "30",
    ]);
    expect(r.code).toBe(0);
    expect(ops.sync).toHaveBeenCalledOnce();
    const [connector, config, options] = ops.sync.mock.calls[0]!;
    expect(connector.name).toBe("acme");
    expect(config).toEqual({
      subdomain: "example",
      apiToken: "tok-0123456789",
      orgs: ["a", "b"],
      pageSize: 50,
    });
    expect(options).toMatchObject({
      file: expect.stringMatching(/[\\/]out\.c1z$/),
      resourceTypes: ["user"],
      resources: ["bid:r:user/1"],
      skipEntitlementsAndGrants: false,
      skipGrants: true,
      workers: 4,
      httpTimeoutMs: 30_000,
      progress: "log",
    });
    expect([...options.secrets!]).toEqual(["tok-0123456789"]);
    expect(options.signal).toBeInstanceOf(AbortSignal);
  });

  it("takes a relative --file from the working directory it was given", async () => {
    const cwd = emptyDir();
    await cli([...valid, "--file", "out/x.c1z"], { cwd });
    expect(ops.sync.mock.calls[0]![2].file).toBe(join(cwd, "out/x.c1z"));
  });

  it("uses defaults: sync.c1z, 300 s timeout, no type or resource filter", async () => {
    await cli(valid);
    const options = ops.sync.mock.calls[0]![2];
    expect(options).toMatchObject({
      file: expect.stringMatching(/[\\/]sync\.c1z$/),
      httpTimeoutMs: 300_000,
      workers: 0,
    });
    expect(options).not.toHaveProperty("resourceTypes");
    expect(options).not.toHaveProperty("resources");
  });

  it("logs the summary as one JSON line by default off a terminal", async () => {
    const r = await cli(valid);
    expect(r.stdout).toBe("");
    const lines = r.stderr
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: "info",
      msg: "sync finished",
      syncId: "sync-1",
      totals: summary.totals,
    });
    expect(typeof lines[0].ts).toBe("number");
  });

  it("prints a human summary in console mode", async () => {
    const r = await cli([...valid, "--log-format", "console"]);
    expect(r.stderr).toBe(
      "sync finished: Acme → sync.c1z (full, 1.2s)\n" +
        "  2 resource types, 12 resources, 2 entitlements, 30 grants\n" +
        "  group   2 resources  2 entitlements  30 grants\n" +
        "  user   10 resources  0 entitlements   0 grants\n" +
        "  1 warning:\n" +
        "    - group 7: grants skipped (404)\n",
    );
  });

  it("defaults to console logs and live progress on a terminal", async () => {
    const r = await cli(valid, { tty: true });
    expect(r.stderr).toContain("sync finished: Acme");
    expect(ops.sync.mock.calls[0]![2].progress).toBe("tty");
  });

  it("takes values from env and .baton.yaml, flags first", async () => {
    const cwd = emptyDir();
    writeFileSync(
      join(cwd, ".baton.yaml"),
      "subdomain: from-file\napi-token: tok-0123456789\nfile: file.c1z\norgs: [x, y]\n",
    );
    await cli(["--subdomain", "from-flag"], {
      cwd,
      env: { BATON_SUBDOMAIN: "from-env", BATON_FILE: "env.c1z" },
    });
    const [, config, options] = ops.sync.mock.calls[0]!;
    expect(config).toMatchObject({ subdomain: "from-flag", orgs: ["x", "y"] });
    expect(options.file).toMatch(/[\\/]env\.c1z$/);
  });
});

describe("configuration errors", () => {
  it("reports every problem in one line, naming flags and env vars, exit 3", async () => {
    const r = await cli([
      "--subdomain",
      "Bad Name",
      "--http-timeout-seconds",
      "0",
      "--skip-grants",
      "--workers",
      "x",
    ]);
    expect(r).toEqual({
      code: 3,
      stdout: "",
      stderr:
        "error: invalid configuration: " +
        '--workers ($BATON_WORKERS): "x" is not an integer (from the command line); ' +
        '--subdomain ($BATON_SUBDOMAIN): must be an Acme subdomain such as "example"; ' +
        "--api-token ($BATON_API_TOKEN) is required; " +
        "--http-timeout-seconds ($BATON_HTTP_TIMEOUT_SECONDS): Too small: expected number to be >=1; " +
        "--skip-grants needs --sync-resources " +
        "(run baton-acme --help to list the flags)\n",
    });
    expect(ops.sync).not.toHaveBeenCalled();
  });

  it("rejects unknown flags and suggests the closest one", async () => {
    expect(await cli(["--subdomian", "x"])).toEqual({
      code: 3,
      stdout: "",
      stderr:
        "error: unknown flag: --subdomian (did you mean --subdomain? run baton-acme --help to list the flags)\n",
    });
  });

  it("rejects an invalid --create-account-profile", async () => {
    const r = await cli([
      ...valid,
      "-p",
      "--create-account-email",
      "a@b.c",
      "--create-account-profile",
      "[1]",
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      '--create-account-profile ($BATON_CREATE_ACCOUNT_PROFILE): must be a JSON object such as {"firstName":"Ada"}',
    );
  });

  it("takes --client-id/--client-secret as service mode and checks both before connecting (exit 3)", async () => {
    const id = "my-connector@acme.conductor.one/pcc";
    const noSecret = await cli(valid, { env: { BATON_CLIENT_ID: id } });
    expect(noSecret.code).toBe(3);
    expect(noSecret.stderr).toContain(
      "--client-id and --client-secret are required together (missing --client-secret)",
    );
    expect(await cli([...valid, "--client-id", "id", "--client-secret", "client-secret-0123"])).toEqual({
      code: 3,
      stdout: "",
      stderr:
        'error: the ConductorOne client id has no "@" (set --client-id/BATON_CLIENT_ID to the client id ' +
        "ConductorOne showed with the secret, e.g. my-connector@acme.conductor.one/pcc)\n",
    });
    const payload = Buffer.from('{"kty":"OKP","crv":"Ed25519","x":"AAAA"}').toString("base64url");
    const r = await cli(valid, {
      env: { BATON_CLIENT_ID: id, BATON_CLIENT_SECRET: `secret-token:conductorone.com:v1:${payload}` },
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /^error: the ConductorOne client secret holds a public key, not the private key/,
    );
    expect(r.stderr).not.toContain(payload);
    expect(ops.sync).not.toHaveBeenCalled();
  });
});

describe("write actions", () => {
  const grant = [
    "--grant-entitlement",
    "group:1:member",
    "--grant-principal-type",
    "user",
    "--grant-principal",
    "42",
  ];

  it("refuses a write action without --provisioning (exit 3)", async () => {
    expect(await cli([...valid, ...grant])).toEqual({
      code: 3,
      stdout: "",
      stderr: "error: --grant-entitlement changes Acme; add --provisioning to confirm\n",
    });
    const r = await cli([...valid, "--create-account-email", "a@b.c"]);
    expect(r.stderr).toBe("error: --create-account-email changes Acme; add --provisioning to confirm\n");
    expect(ops.grantEntitlement).not.toHaveBeenCalled();
    expect(ops.createAccount).not.toHaveBeenCalled();
  });

  it("grants with --provisioning or BATON_PROVISIONING=true and prints one result line", async () => {
    ops.grantEntitlement.mockResolvedValueOnce("granted").mockResolvedValueOnce("already-exists");
    expect(await cli([...valid, "-p", ...grant])).toEqual({
      code: 0,
      stdout: "granted group:1:member to user 42\n",
      stderr: "",
    });
    const again = await cli([...valid, ...grant], { env: { BATON_PROVISIONING: "true" } });
    expect(again.stdout).toBe("already existed: user 42 already has group:1:member\n");
    expect(ops.grantEntitlement.mock.calls[0]![2]).toMatchObject({
      file: expect.stringMatching(/[\\/]sync\.c1z$/),
      entitlementId: "group:1:member",
      principalType: "user",
      principalId: "42",
      httpTimeoutMs: 300_000,
    });
    expect(ops.sync).not.toHaveBeenCalled();
  });

  it("revokes, creates, deletes and rotates", async () => {
    ops.revokeGrant.mockResolvedValue("already-revoked");
    ops.createAccount.mockResolvedValue({
      status: "created",
      resource: { id: { resourceType: "user", resource: "77" } },
      secrets: [{ name: "password", bytes: new TextEncoder().encode("hunter2") }],
    });
    ops.deleteResource.mockResolvedValue("deleted");
    ops.rotateCredentials.mockResolvedValue([
      { name: "password", bytes: new TextEncoder().encode("hunter3") },
    ]);

    expect((await cli([...valid, "-p", "--revoke-grant", "group:1:member:user:42"])).stdout).toBe(
      "already revoked: group:1:member:user:42\n",
    );
    const created = await cli([
      ...valid,
      "-p",
      "--create-account-email",
      "ada@example.com",
      "--create-account-profile",
      '{"firstName":"Ada"}',
    ]);
    expect(created.stdout).toBe("created user 77 (1 generated credentials, not shown)\n");
    expect(ops.createAccount.mock.calls[0]![2]).toMatchObject({
      email: "ada@example.com",
      profile: { firstName: "Ada" },
    });
    expect(
      (await cli([...valid, "-p", "--delete-resource", "7", "--delete-resource-type", "user"])).stdout,
    ).toBe("deleted user 7\n");
    const rotated = await cli([
      ...valid,
      "-p",
      "--rotate-credentials",
      "7",
      "--rotate-credentials-type",
      "user",
    ]);
    expect(rotated.stdout).toBe("rotated the credentials of user 7 (1 new, not shown)\n");
    expect(rotated.stdout + rotated.stderr).not.toContain("hunter");
  });

  it("enforces required-together and one action per run", async () => {
    const partial = await cli([...valid, "-p", "--grant-entitlement", "group:1:member"]);
    expect(partial.code).toBe(3);
    expect(partial.stderr).toContain(
      "--grant-entitlement, --grant-principal and --grant-principal-type are required together " +
        "(missing --grant-principal and --grant-principal-type)",
    );
    const both = await cli([...valid, "-p", ...grant, "--revoke-grant", "g"]);
    expect(both.stderr).toContain(
      "--grant-entitlement and --revoke-grant cannot be combined: give one write action per run",
    );
    const typeOnly = await cli([...valid, "-p", "--create-account-resource-type", "user"]);
    expect(typeOnly.stderr).toContain(
      "--create-account-resource-type needs --create-account-login, --create-account-email or --create-account-profile",
    );
  });
});

describe("exit codes", () => {
  it("exits with the error's gRPC code and prints one line", async () => {
    ops.sync.mockRejectedValue(
      new BatonError(Code.Unauthenticated, "Acme rejected the API token", { hint: "check it" }),
    );
    expect(await cli(valid)).toEqual({
      code: 16,
      stdout: "",
      stderr: "error: Acme rejected the API token (check it)\n",
    });
  });

  it("vendor text in the error line, the summary and result lines cannot drive the terminal", async () => {
    ops.sync.mockRejectedValue(
      new BatonError(Code.Unavailable, "Acme said: \u001b]0;owned\u0007\u009b2J\nnext"),
    );
    expect((await cli(valid)).stderr).toBe("error: Acme said: \\u001b]0;owned\\u0007\\u009b2J next\n");
    ops.sync.mockResolvedValue({ ...summary, warnings: ["group \u001b[8m7: hidden\u202e"] });
    const r = await cli([...valid, "--log-format", "console"]);
    expect(r.stderr).toContain("    - group \\u001b[8m7: hidden\\u202e\n");
    ops.createAccount.mockResolvedValue({ status: "action-required", message: "open \u001b[2Jthis link" });
    const c = await cli([...valid, "-p", "--create-account-email", "ada@example.com"]);
    expect(c.stdout).toBe("action required: open \\u001b[2Jthis link\n");
  });

  it("maps other errors to Unknown (2) without a stack trace", async () => {
    ops.sync.mockRejectedValue(new TypeError("boom"));
    expect(await cli(valid)).toEqual({ code: 2, stdout: "", stderr: "error: boom\n" });
  });

  it("prints the stack at debug level", async () => {
    ops.sync.mockRejectedValue(new TypeError("boom"));
    const r = await cli([...valid, "--log-level", "debug"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error: boom\nTypeError: boom\n {4}at /);
  });

  it("exits 1 when cancelled", async () => {
    const controller = new AbortController();
    ops.sync.mockImplementation(
      (_c, _cfg, o: { signal: AbortSignal }) =>
        new Promise((_, reject) => o.signal.addEventListener("abort", () => reject(new Error("aborted")))),
    );
    const run = cli(valid, { signal: controller.signal });
    await vi.waitFor(() => expect(ops.sync).toHaveBeenCalled());
    controller.abort();
    expect(await run).toEqual({ code: 1, stdout: "", stderr: "error: cancelled\n" });
  });

  it("turns SIGINT into cancellation (exit 1) and stops listening afterwards", async () => {
    const listeners = process.listenerCount("SIGINT");
    ops.sync.mockImplementation(
      (_c, _cfg, o: { signal: AbortSignal }) =>
        new Promise((_, reject) => o.signal.addEventListener("abort", () => reject(new Error("aborted")))),
    );
    let stderr = "";
    const run = runCli(example, {
      argv: valid,
      env: {},
      cwd: emptyDir(),
      stderr: { write: (s) => (stderr += s) },
    });
    await vi.waitFor(() => expect(ops.sync).toHaveBeenCalled());
    expect(process.listenerCount("SIGINT")).toBe(listeners + 1);
    process.emit("SIGINT");
    expect(await run).toBe(1);
    expect(stderr).toBe("error: cancelled\n");
    expect(process.listenerCount("SIGINT")).toBe(listeners);
  });
});
