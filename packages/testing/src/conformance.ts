// The conformance suite every connector's tests run. It registers vitest tests; call it at the top
// level of a test file.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type AnyConnector,
  BatonError,
  Code,
  grantEntitlement,
  type ResourceTypeDefinition,
  revokeGrant,
  type SyncOptions,
  sync,
} from "@baton/sdk";
import { openC1z, validateSync } from "@baton/sdk/c1z";
import { type AnyHandler, HttpResponse, http } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Fault, failNext, malformedJson, serverError, tooManyRequests } from "./mock/faults.js";
import { type MswNetwork, setupMswNetwork } from "./msw.js";

export interface ProvisioningCase {
  /** An entitlement id present after a sync of the mock tenant. */
  entitlementId: string;
  /** A principal present after the sync that does NOT hold the entitlement yet. */
  principal: { type: string; id: string };
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
   * makes it fail once with 429, 503, 401, malformed JSON and a schema mismatch.
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

export function runConformance(o: ConformanceOptions): void {
  describe(`conformance: ${o.name ?? o.connector.name}`, () => {
    let dir: string;
    let network: MswNetwork | undefined;
    const options = (file: string): SyncOptions => ({ file, sleep: fastSleep, ...o.syncOptions });

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), `conformance-${o.connector.name}-`));
      if (o.handlers) {
        network = setupMswNetwork(...o.handlers);
        network.enable();
      }
    });
    afterAll(() => {
      network?.disable();
      rmSync(dir, { recursive: true, force: true });
    });

    it("a full sync succeeds and the file passes the store's validation", async () => {
      const file = join(dir, "full.c1z");
      const { wrapped, pages } = countingPages(o.connector);
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
      // Every list handler was paged at least twice: the mock tenant must be big enough.
      for (const t of o.connector.resourceTypes as AnyType[]) {
        const min = o.unpaged?.includes(t.id) ? 1 : 2;
        expect(pages.get(t.id) ?? 0, `pages listed for ${t.id}`).toBeGreaterThanOrEqual(min);
      }
    });

    if (o.handlers && o.failingEndpoint) {
      const endpoint = o.failingEndpoint;
      const failOnce = (fault: Fault) => failNext("*", endpoint, fault);

      it("retries a 429 with Retry-After and a 503, and still succeeds", async () => {
        network!.use(failOnce(tooManyRequests({ retryAfterSeconds: 1 })));
        const first = await sync(o.connector, o.config, options(join(dir, "retry-429.c1z")));
        network!.resetHandlers();
        network!.use(failOnce(serverError({ status: 503 })));
        const second = await sync(o.connector, o.config, options(join(dir, "retry-503.c1z")));
        expect(first.totals.resources).toBeGreaterThan(0);
        expect(second.totals).toEqual(first.totals);
      });

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
  });
}
