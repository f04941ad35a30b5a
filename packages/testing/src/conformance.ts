// The conformance suite every connector's tests run. It registers vitest tests; call it at the top
// level of a test file.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import {
  type AnyConnector,
  BatonError,
  Code,
  createAccount,
  grantEntitlement,
  type ResourceTypeDefinition,
  revokeGrant,
  type SyncOptions,
  sync,
} from "@baton/sdk";
import { openC1z, validateSync } from "@baton/sdk/c1z";
import { type AnyHandler, HttpResponse, http } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliRun, type KillPoint, lastLine, runCli } from "./conformance/cli.js";
import { dumpFile, firstDifferences } from "./conformance/dump.js";
import {
  FAULT_KINDS,
  faultEveryEndpoint,
  isWrite,
  readEndpoints,
  writeRequest,
} from "./conformance/endpoints.js";
import type { StartDemoMock } from "./demo.js";
import { failNext, lostResponse, malformedJson } from "./mock/faults.js";
import { type MswNetwork, type RequestRecorder, recordRequests, setupMswNetwork } from "./msw.js";

export interface ProvisioningCase {
  /** An entitlement id present after a sync of the mock tenant. */
  entitlementId: string;
  /** A principal present after the sync that does NOT hold the entitlement yet. */
  principal: { type: string; id: string };
}

export interface FaultOptions {
  /**
   * Read endpoints left out of the fault cases, as the suite names them (`GET /api/v2/users/:id`:
   * the method and path, ids as `:id`), each with the reason, which the suite prints.
   */
  skip?: Array<{ endpoint: string; reason: string }>;
  /** The per-request timeout of the slow-response case (the response comes after twice it). Default 500. */
  timeoutMs?: number;
}

/** A vendor fault for a connector that does not speak HTTP: a config under which its vendor misbehaves. */
export interface VendorFault {
  config: unknown;
  syncOptions?: Partial<SyncOptions>;
  /** How many faults the vendor injected during the sync; the suite checks there were some. */
  injected?: () => number | Promise<number>;
}

export interface CliCase {
  /** The connector's built binary, e.g. `fileURLToPath(new URL("../dist/cli.js", import.meta.url))`. */
  bin: string;
  /**
   * Starts the connector's demo mock (`startMock` of its `mock/server.ts`, or one built for the
   * suite): the BATON_* variables that point the binary at it and sign it in.
   */
  mock: StartDemoMock;
  /** More arguments for every run. */
  args?: string[];
}

export interface CreateAccountCase {
  /** Default `conformance-lost`. */
  login?: string;
  /** Default `conformance.lost@example.test`. */
  email?: string;
  /** Default `{ first_name: "Conformance", last_name: "Lost", name: "Conformance Lost" }`. */
  profile?: Record<string, unknown>;
  resourceType?: string;
  /** How many accounts the mock holds; default: the account type's resources in a fresh sync. */
  countAccounts?: () => number | Promise<number>;
}

export interface ConformanceOptions {
  name?: string;
  connector: AnyConnector;
  /** Validated config that points the connector at the mock tenant. */
  config: unknown;
  /** The vendor's MSW handlers (HTTP connectors). Omit for connectors that do not speak HTTP. */
  handlers?: AnyHandler[];
  /**
   * An MSW path pattern of an endpoint every full sync calls (e.g. `*\/api/v2/users.json`); the suite
   * makes it fail with 401, persistent malformed JSON and a schema mismatch.
   */
  failingEndpoint?: string;
  provisioning?: ProvisioningCase[];
  /**
   * Resource types whose vendor has no paging at all (e.g. a CLI that prints everything at once):
   * the suite checks that they were listed, not that they were paged twice.
   */
  unpaged?: string[];
  /** Extra sync options (e.g. a fast `sleep`). */
  syncOptions?: Partial<SyncOptions>;
  /**
   * Same result under faults. With `handlers` it runs by default: every read endpoint of the clean
   * sync, found from its requests, gets each fault kind in turn. `false` turns it off (say why in
   * a comment).
   */
  faults?: FaultOptions | false;
  /** For connectors that do not speak HTTP: each named config must sync to the clean result. */
  vendorFaults?: Record<string, VendorFault>;
  /** Kill and resume: the binary, SIGKILLed during its sync, must finish it on the next run. */
  cli?: CliCase;
  /**
   * Writes are never doubled: a create-account whose response is lost leaves one account. Runs by
   * default with `handlers` when a resource type creates accounts.
   */
  createAccount?: CreateAccountCase | false;
}

// biome-ignore lint/suspicious/noExplicitAny: wrapping arbitrary resource types
type AnyType = ResourceTypeDefinition<any, any, any>;

/** Wraps the connector so the suite can count how many pages each list handler served. */
function countingPages(connector: AnyConnector) {
  const pages = new Map<string, number>();
  const wrapped: AnyConnector = {
    ...connector,
    resourceTypes: connector.resourceTypes.map((t: AnyType) => ({
      ...t,
      list: async (ctx: Parameters<AnyType["list"]>[0]) => {
        const r = await t.list(ctx);
        pages.set(t.id, (pages.get(t.id) ?? 0) + 1);
        return r;
      },
    })),
  };
  return { wrapped, pages };
}

const fastSleep = async () => {};

/** What the suite ran and how many results differed, printed once at the end. */
interface Tally {
  faultCases: number;
  faultsInjected: number;
  endpoints: number;
  killPoints: number;
  lostWrites: number;
  different: number;
  skipped: string[];
  notes: string[];
}

/** Fails with the first differing lines when `now` is not the clean result. */
function expectSame(tally: Tally, clean: string[] | undefined, now: string[] | undefined, what: string) {
  expect(clean, "the clean sync's result").toBeDefined();
  const same = now !== undefined && JSON.stringify(now) === JSON.stringify(clean);
  if (!same) tally.different++;
  expect(
    same,
    `${what} gave a different result:\n${now ? firstDifferences(clean!, now).join("\n") : "no finished sync"}`,
  ).toBe(true);
}

export function runConformance(o: ConformanceOptions): void {
  const name = o.name ?? o.connector.name;
  const accountTypes = (o.connector.resourceTypes as AnyType[]).filter((t) => t.createAccount);
  describe(`conformance: ${name}`, () => {
    let dir: string;
    let network: MswNetwork | undefined;
    let traffic: RequestRecorder | undefined;
    /** The clean sync's dump and read endpoints. */
    let clean: string[] | undefined;
    let endpoints: string[] = [];
    const tally: Tally = {
      faultCases: 0,
      faultsInjected: 0,
      endpoints: 0,
      killPoints: 0,
      lostWrites: 0,
      different: 0,
      skipped: [],
      notes: [],
    };
    const options = (file: string, extra: Partial<SyncOptions> = {}): SyncOptions => ({
      file,
      sleep: fastSleep,
      ...o.syncOptions,
      ...extra,
    });
    const skip = (title: string, reason: string) => {
      tally.skipped.push(`${title}: ${reason}`);
      it.skip(`${title} — skipped: ${reason}`, () => {});
    };

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), `conformance-${o.connector.name}-`));
      if (o.handlers) {
        network = setupMswNetwork(...o.handlers);
        network.enable();
        traffic = recordRequests(network);
      }
    });
    afterAll(() => {
      traffic?.stop();
      network?.disable();
      rmSync(dir, { recursive: true, force: true });
      const t = tally;
      const where = t.endpoints ? ` on ${t.endpoints} endpoints` : "";
      const lines = [
        `conformance ${name}: ${t.faultCases} fault cases (${t.faultsInjected} faults injected${where}), ${t.killPoints} kill points, ${t.lostWrites} lost write${t.lostWrites === 1 ? "" : "s"}: ${t.different} gave a different result`,
        ...t.skipped.map((s) => `  skipped ${s}`),
        ...t.notes.map((s) => `  ${s}`),
      ];
      console.log(lines.join("\n"));
    });

    it("a full sync succeeds and the file passes the store's validation", async () => {
      const file = join(dir, "full.c1z");
      const { wrapped, pages } = countingPages(o.connector);
      traffic?.clear();
      const summary = await sync(wrapped, o.config, options(file));
      expect(summary.totals.resources).toBeGreaterThan(0);
      const store = await openC1z(file);
      try {
        const run = store.selectSync();
        expect(run.id).toBe(summary.syncId);
        expect(validateSync(store, run.id)).toEqual([]);
      } finally {
        store.close();
      }
      clean = await dumpFile(file);
      endpoints = traffic ? readEndpoints(traffic.requests) : [];
      // Every list handler was paged at least twice: the mock tenant must be big enough.
      for (const t of o.connector.resourceTypes as AnyType[]) {
        const min = o.unpaged?.includes(t.id) ? 1 : 2;
        expect(pages.get(t.id) ?? 0, `pages listed for ${t.id}`).toBeGreaterThanOrEqual(min);
      }
    });

    // Faults change nothing.
    if (o.handlers && o.faults !== false) {
      const faults = o.faults ?? {};
      const timeoutMs = faults.timeoutMs ?? 500;
      for (const kind of FAULT_KINDS) {
        it(`faults change nothing: ${kind.name} on every read endpoint`, async () => {
          const skipped = new Set((faults.skip ?? []).map((s) => s.endpoint));
          const targets = endpoints.filter((e) => !skipped.has(e));
          expect(targets.length, "read endpoints found in the clean sync").toBeGreaterThan(0);
          tally.endpoints = targets.length;
          const { handler, stats } = faultEveryEndpoint(
            targets,
            kind.fault({ timeoutMs }),
            kind.slow ? [1] : [1, 3],
          );
          network!.use(handler);
          try {
            const file = join(dir, `fault-${tally.faultCases}.c1z`);
            tally.faultCases++;
            await sync(o.connector, o.config, options(file, kind.slow ? { httpTimeoutMs: timeoutMs } : {}));
            tally.faultsInjected += stats.injected;
            expect(stats.injected).toBeGreaterThanOrEqual(targets.length);
            expectSame(tally, clean, await dumpFile(file), `a sync with ${kind.name} on every read endpoint`);
          } finally {
            network!.resetHandlers();
          }
        });
      }
      for (const s of faults.skip ?? [])
        tally.notes.push(`endpoint left out of the faults: ${s.endpoint} (${s.reason})`);
    } else if (o.vendorFaults) {
      for (const [title, fault] of Object.entries(o.vendorFaults)) {
        it(`faults change nothing: ${title}`, async () => {
          const file = join(dir, `fault-${tally.faultCases}.c1z`);
          tally.faultCases++;
          await sync(o.connector, fault.config, options(file, fault.syncOptions));
          if (fault.injected) {
            const n = await fault.injected();
            tally.faultsInjected += n;
            expect(n, "faults the vendor injected").toBeGreaterThan(0);
          }
          expectSame(tally, clean, await dumpFile(file), `a sync with ${title}`);
        });
      }
    } else {
      skip(
        "faults change nothing",
        o.faults === false ? "turned off" : `${name} passes no mock handlers or vendorFaults`,
      );
    }

    // Kill and resume changes nothing.
    if (o.cli) {
      const cli = o.cli;
      it("kill and resume changes nothing: SIGKILL at the start, mid-grants and during save, then the same command", {
        timeout: 300_000,
      }, async () => {
        if (!existsSync(cli.bin)) throw new Error(`${cli.bin} is missing: build the connector first`);
        const mockDir = mkdtempSync(join(dir, "mock-"));
        const mock = await cli.mock({ dir: mockDir });
        try {
          const env: Record<string, string> = {
            PATH: [...(mock.path ?? []), process.env.PATH ?? ""].join(delimiter),
            ...mock.env,
          };
          const cmd = (file: string) => ["--file", file, ...(cli.args ?? [])];
          const baseline = join(dir, "cli-clean.c1z");
          const first = await runCli(cli.bin, cmd(baseline), env, { file: baseline });
          expect(first.code, `the clean run failed: ${lastLine(first)}`).toBe(0);
          const cliClean = await dumpFile(baseline);
          const grantsStart = first.phases.grants ?? first.endedMs / 2;
          const points: KillPoint[] = [
            { at: "start" },
            { at: "grants", afterMs: Math.max(1, (first.endedMs - grantsStart) / 3) },
            { at: "save" },
          ];
          // One file: it holds the clean sync, then each run resumes what the killed one left.
          const file = join(dir, "cli-killed.c1z");
          copyFileSync(baseline, file);
          const runs: CliRun[] = [];
          for (let kill of points) {
            let run = await runCli(cli.bin, cmd(file), env, { file, kill });
            // A short phase or save can be over before the kill lands: then the next run (a fresh
            // sync, the last one having finished) is killed, sooner.
            const missed = (r: CliRun) =>
              r.signal !== "SIGKILL" || (kill.at === "save" && !r.killedWhileSaving);
            for (let tries = 1; missed(run) && run.code === 0 && tries < 4; tries++) {
              if (kill.at === "grants") kill = { at: "grants", afterMs: kill.afterMs / 4 };
              run = await runCli(cli.bin, cmd(file), env, { file, kill });
            }
            runs.push(run);
            tally.killPoints++;
            expect(run.signal, `the run to be killed at ${kill.at} ended by itself: ${lastLine(run)}`).toBe(
              "SIGKILL",
            );
            expectSame(tally, cliClean, await dumpFile(file), `the previous file after a kill at ${kill.at}`);
          }
          const last = await runCli(cli.bin, cmd(file), env, { file });
          expect(last.code, `the run after the kills failed: ${lastLine(last)}`).toBe(0);
          expectSame(tally, cliClean, await dumpFile(file), "the sync resumed after the kills");
          const where = (r: CliRun, p: KillPoint) =>
            `${p.at} (${r.endedMs} ms in${p.at === "save" ? `, ${r.killedWhileSaving ? "while saving" : "after the save"}` : ""})`;
          tally.notes.push(
            `clean run ${first.endedMs} ms; killed at ${runs.map((r, i) => where(r, points[i]!)).join(", ")}`,
          );
        } finally {
          await mock.close();
        }
      });
    } else {
      skip("kill and resume changes nothing", `${name} passes no cli (its binary and demo mock)`);
    }

    if (o.handlers && o.failingEndpoint) {
      const endpoint = o.failingEndpoint;
      const failOnce = (fault: Parameters<typeof failNext>[2]) => failNext("*", endpoint, fault);

      it("fails fast on 401 with a clear message and leaves an existing file untouched", async () => {
        const file = join(dir, "untouched.c1z");
        writeFileSync(file, readFileSync(join(dir, "full.c1z")));
        const before = readFileSync(file);
        network!.use(
          http.all("*", () => HttpResponse.json({ error: "Couldn't authenticate you" }, { status: 401 })),
        );
        const err = await sync(o.connector, o.config, options(file)).catch((e) => e);
        network!.resetHandlers();
        expect(err).toBeInstanceOf(BatonError);
        expect(err.code).toBe(Code.Unauthenticated);
        expect(err.message.length).toBeLessThan(300);
        expect(readFileSync(file).equals(before)).toBe(true);
      });

      it("reports malformed JSON that persists and a schema mismatch clearly", async () => {
        // Once is asked again (the body was most likely cut off); every time is an error.
        network!.use(failNext("*", endpoint, malformedJson(), { times: 1000 }));
        const malformed = await sync(o.connector, o.config, options(join(dir, "bad-json.c1z"))).catch(
          (e) => e,
        );
        network!.resetHandlers();
        expect(malformed).toBeInstanceOf(BatonError);
        expect(malformed.message).toMatch(/malformed JSON/);
        network!.use(failOnce(() => HttpResponse.json({ unexpected: true, count: "many" })));
        const mismatch = await sync(o.connector, o.config, options(join(dir, "bad-shape.c1z"))).catch(
          (e) => e,
        );
        network!.resetHandlers();
        expect(mismatch).toBeInstanceOf(BatonError);
        expect(mismatch.message).toMatch(/unexpected response/);
      });
    }

    for (const p of o.provisioning ?? []) {
      it(`grant → revoke round trip: ${p.entitlementId} to ${p.principal.type}:${p.principal.id}`, async () => {
        const file = join(dir, "provision.c1z");
        await sync(o.connector, o.config, options(file));
        const req = {
          file,
          entitlementId: p.entitlementId,
          principalType: p.principal.type,
          principalId: p.principal.id,
          sleep: fastSleep,
        };
        expect(await grantEntitlement(o.connector, o.config, req)).toBe("granted");
        expect(await grantEntitlement(o.connector, o.config, req)).toBe("already-exists");
        await sync(o.connector, o.config, options(file));
        // The grant is looked up by entitlement and principal: its id is the connector's to choose.
        const store = await openC1z(file);
        const stored = store.grantsOfPrincipal(store.selectSync().id, p.entitlementId, {
          resourceType: p.principal.type,
          resource: p.principal.id,
        });
        store.close();
        expect(stored, "the granted grant appears in the next sync").toHaveLength(1);
        const grantId = stored[0]!.id;
        expect(await revokeGrant(o.connector, o.config, { file, grantId, sleep: fastSleep })).toBe("revoked");
        expect(await revokeGrant(o.connector, o.config, { file, grantId, sleep: fastSleep })).toBe(
          "already-revoked",
        );
      });
    }

    // Writes are never doubled (last: it adds an account to the mock tenant).
    const lostTitle = "writes are never doubled: a create-account whose response is lost leaves one account";
    if (o.createAccount === false) skip(lostTitle, "turned off");
    else if (accountTypes.length === 0) skip(lostTitle, `${name} cannot create accounts`);
    else if (!o.handlers) skip(lostTitle, `${name} passes no mock handlers`);
    else {
      const c = o.createAccount ?? {};
      const typeId = c.resourceType ?? (accountTypes.length === 1 ? accountTypes[0]!.id : "user");
      const count =
        c.countAccounts ??
        (async () => {
          const file = join(dir, `accounts-${Date.now()}.c1z`);
          const summary = await sync(o.connector, o.config, options(file));
          return summary.byType[typeId]?.resources ?? 0;
        });
      it(lostTitle, async () => {
        const before = await count();
        traffic!.clear();
        network!.use(failNext("*", "*", lostResponse(o.handlers!), { when: isWrite }));
        const email = c.email ?? "conformance.lost@example.test";
        const outcome = await createAccount(o.connector, o.config, {
          login: c.login ?? "conformance-lost",
          email,
          profile: c.profile ?? { first_name: "Conformance", last_name: "Lost", name: "Conformance Lost" },
          resourceType: typeId,
          sleep: fastSleep,
        }).catch((e: unknown) => e);
        network!.resetHandlers();
        const wrote = traffic!.requests.some((r) => writeRequest(r.method, r.url));
        if (outcome instanceof BatonError && !wrote) {
          throw new Error(
            `createAccount refused the suite's account before writing (${outcome.message}): pass createAccount: { email, login, profile } that ${name} accepts`,
          );
        }
        expect(
          traffic!.requests.some((r) => writeRequest(r.method, r.url) && r.status === undefined),
          "a write whose response was lost",
        ).toBe(true);
        tally.lostWrites++;
        const after = await count();
        if (after !== before + 1) tally.different++;
        expect(after, "accounts on the mock after one create-account whose response was lost").toBe(
          before + 1,
        );
        if (outcome instanceof BatonError)
          expect(outcome.hint ?? "").toMatch(/may have done the account creation/);
      });
    }
  });
}
