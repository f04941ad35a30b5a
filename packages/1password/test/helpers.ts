// A private copy of a fake tenant, the fake op's call log, and clients and handler contexts on them.
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type JsonValue, type Logger, type PageResult, toPage } from "@baton/sdk";
import { type Harness, handlerHarness, recordingLogger } from "@baton/testing";
import { afterAll } from "vitest";
import { type ClientOptions, OnePasswordClient } from "../src/client.js";
import { config, type OnePasswordConfig } from "../src/config.js";
import { onePassword } from "../src/index.js";
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
  /** op's credential variables as the command saw them. */
  env: Record<string, string>;
  /** The names of the BATON_* variables the command inherited. */
  batonVars: string[];
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
  #wrappers = 0;

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

  /**
   * An executable that runs the fake op on this tenant, with these failure switches: an `opPath`
   * with which the connector's own client talks to the fake.
   */
  opPath(extra: Record<string, string> = {}): string {
    const quote = (v: string) => `'${v.replace(/'/g, "'\\''")}'`;
    const vars = { FAKE_OP_TENANT: this.tenantPath, FAKE_OP_LOG: this.logPath, ...extra };
    const exports = Object.entries(vars).map(([k, v]) => `export ${k}=${quote(v)}\n`);
    const file = join(this.dir, `op-${++this.#wrappers}`);
    writeFileSync(file, `#!/bin/sh\n${exports.join("")}exec ${quote(FAKE_OP)} "$@"\n`, { mode: 0o755 });
    return file;
  }

  /** The tenant as it is now (write commands change it). */
  state(): Tenant {
    return JSON.parse(readFileSync(this.tenantPath, "utf8"));
  }

  /** Replaces the tenant. */
  write(t: Tenant): void {
    writeFileSync(this.tenantPath, JSON.stringify(t));
  }

  /** How many commands misbehaved with this FAKE_OP_FAULT kind (once each). */
  faults(kind: string): number {
    const dir = `${this.tenantPath}.faults`;
    return existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith(`${kind}-`)).length : 0;
  }

  /** How many sessions expired (with FAKE_OP_SESSION_TTL=ttl). */
  expiredSessions(ttl: number): number {
    const dir = `${this.tenantPath}.uses`;
    return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(`-${ttl + 1}`)).length : 0;
  }

  /** Ends the current session behind the connector's back, as signing in elsewhere does. */
  revokeSession(): void {
    const path = `${this.tenantPath}.session.json`;
    const session = JSON.parse(readFileSync(path, "utf8"));
    writeFileSync(path, JSON.stringify({ ...session, token: "REVOKED-ELSEWHERE" }));
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

/** A client whose op runs against the fake tenant, logging to a recording logger. */
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

/**
 * What the SDK hands every handler, on the fake tenant: the connector's own client, built through the
 * SDK's runtime as in a sync, with `--op-path` set to the fake.
 */
export function harnessFor(
  fake: FakeOp,
  input: Record<string, unknown> = fake.userConfig(),
  env?: Record<string, string>,
): Promise<Harness<OnePasswordClient, OnePasswordConfig>> {
  return handlerHarness(onePassword, config.parse({ ...input, opPath: fake.opPath(env) }));
}

/** The items of a handler's result, whether one page or an array. */
export const items = <T>(r: PageResult<T, JsonValue>): T[] => toPage(r).items;

/** A handler context on a fresh copy of a tenant, and the resources its sync would list. */
export async function syncedTenant(
  name: TenantName,
  input: Record<string, unknown> = {},
  env?: Record<string, string>,
) {
  const fake = new FakeOp(name);
  const { ctx, log } = await harnessFor(fake, { ...fake.userConfig(), ...input }, env);
  const [acct] = items(await account.list({ ...ctx }));
  const parent = acct!.id!;
  const byId = async (t: typeof user) =>
    new Map(items(await t.list({ ...ctx, parent })).map((r) => [r.id!.resource, r] as const));
  return {
    fake,
    ctx,
    log,
    account: acct!,
    users: await byId(user),
    groups: await byId(group),
    vaults: await byId(vault),
  };
}
