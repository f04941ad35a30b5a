// Test kit: a private copy of a fake tenant, the fake op's call log, and clients and handler contexts on them.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { HandlerContext, JsonValue, Logger, PageResult } from "@baton/sdk";
import { afterAll } from "vitest";
import { type ClientOptions, OnePasswordClient } from "../src/client.js";
import { config, type OnePasswordConfig } from "../src/config.js";
import { account } from "../src/resources/account.js";
import { group } from "../src/resources/group.js";
import { user } from "../src/resources/user.js";
import { vault } from "../src/resources/vault.js";

export const FAKE_OP = fileURLToPath(new URL("./fake-op/op", import.meta.url));
const TENANTS = fileURLToPath(new URL("./fake-op/tenants/", import.meta.url));

export type TenantName = "business" | "teams";
// biome-ignore lint/suspicious/noExplicitAny: the tenant is the fake op's free-form JSON
export type Tenant = any;

export interface Call {
  argv: string[];
  stdin: string;
  env: Record<string, string>;
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A fresh copy of a tenant, with the environment that points the fake op at it. */
export class FakeOp {
  readonly dir = mkdtempSync(join(tmpdir(), "fake-op-"));
  readonly tenantPath = join(this.dir, "tenant.json");
  readonly logPath = join(this.dir, "calls.jsonl");
  readonly tenant: Tenant;

  constructor(
    readonly name: TenantName,
    mutate?: (t: Tenant) => void,
  ) {
    dirs.push(this.dir);
    copyFileSync(join(TENANTS, `${name}.json`), this.tenantPath);
    this.tenant = this.state();
    if (mutate) {
      mutate(this.tenant);
      this.write(this.tenant);
    }
  }

  /** The environment the fake op needs, plus failure switches. */
  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return { PATH: process.env.PATH, FAKE_OP_TENANT: this.tenantPath, FAKE_OP_LOG: this.logPath, ...extra };
  }

  /** The tenant as it is now (write commands change it). */
  state(): Tenant {
    return JSON.parse(readFileSync(this.tenantPath, "utf8"));
  }

  /** Replaces the tenant, e.g. to revoke the session behind the connector's back. */
  write(t: Tenant): void {
    writeFileSync(this.tenantPath, JSON.stringify(t));
  }

  calls(): Call[] {
    if (!existsSync(this.logPath)) return [];
    return readFileSync(this.logPath, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
  }

  /** Calls whose argv starts with these words, e.g. ("vault", "user", "grant"). */
  callsOf(...words: string[]): Call[] {
    return this.calls().filter((c) => words.every((w, i) => c.argv[i] === w));
  }

  /** Credentials for --auth-type user (the config input, before defaults). */
  userConfig(): Record<string, unknown> {
    const a = this.tenant.auth;
    return {
      address: a.address,
      email: a.email,
      secretKey: a.secretKey,
      password: a.password,
      opPath: FAKE_OP,
    };
  }

  serviceConfig(): Record<string, unknown> {
    return { authType: "service", serviceAccountToken: this.tenant.auth.serviceToken, opPath: FAKE_OP };
  }

  /** Every credential value of the tenant: none may appear in argv, logs or errors. */
  secrets(): string[] {
    const a = this.tenant.auth;
    return [a.secretKey, a.password, a.serviceToken, `${a.tokenPrefix}-`];
  }
}

/** A logger that keeps every line, to assert what was (not) logged. */
export function recordingLogger(lines: string[] = []): Logger & { lines: string[] } {
  const write = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    void lines.push(`${level} ${msg} ${JSON.stringify(fields ?? {})}`);
  const logger = {
    lines,
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    child: () => logger,
  };
  return logger;
}

export function clientFor(
  fake: FakeOp,
  input: Record<string, unknown> = fake.userConfig(),
  o: { env?: Record<string, string>; timeoutMs?: number; log?: Logger } = {},
) {
  const cfg = config.parse(input);
  const options: ClientOptions = {
    ...cfg,
    log: o.log ?? recordingLogger(),
    baseEnv: fake.env(o.env),
    ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}),
  };
  return { client: new OnePasswordClient(options), config: cfg };
}

/** What the SDK hands every handler, with a per-run `once` memo. */
export function handlerContext(
  client: OnePasswordClient,
  cfg: OnePasswordConfig,
  log: Logger = recordingLogger(),
): HandlerContext<OnePasswordClient, OnePasswordConfig> {
  const memo = new Map<string, Promise<unknown>>();
  return {
    client,
    config: cfg,
    log,
    signal: new AbortController().signal,
    once<T>(key: string, compute: () => Promise<T>): Promise<T> {
      if (!memo.has(key)) memo.set(key, compute());
      return memo.get(key) as Promise<T>;
    },
  };
}

/** The items of a handler's result, whether one page or an array. */
export const items = <T>(r: PageResult<T, JsonValue>): T[] => (Array.isArray(r) ? r : r.items);

/** A handler context on a fresh copy of a tenant, and the resources its sync would list. */
export async function syncedTenant(
  name: TenantName,
  input: Record<string, unknown> = {},
  env?: Record<string, string>,
) {
  const fake = new FakeOp(name);
  const { client, config } = clientFor(fake, { ...fake.userConfig(), ...input }, env ? { env } : {});
  const ctx = handlerContext(client, config);
  const [acct] = items(await account.list({ ...ctx }));
  const parent = acct!.id!;
  const byId = async (t: typeof user) =>
    new Map(items(await t.list({ ...ctx, parent })).map((r) => [r.id!.resource, r] as const));
  return {
    fake,
    ctx,
    account: acct!,
    users: await byId(user),
    groups: await byId(group),
    vaults: await byId(vault),
  };
}
