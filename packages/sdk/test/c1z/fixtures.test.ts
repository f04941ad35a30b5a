import { describe, expect, it } from "vitest";
import { openC1z } from "../../src/c1z/index.js";
import { decompressWithCli, fixture, sqlite3, tempDir } from "./helpers.js";

const FILES = ["go-expanded.c1z", "go-unexpanded.c1z", "go-sync-in-progress.c1z"];

describe("Go-written fixtures", () => {
  for (const name of FILES) {
    it(`${name}: per-sync counts agree with sqlite3 and every record decodes`, async () => {
      const cliDb = decompressWithCli(fixture(name), tempDir());
      const expected = sqlite3(
        cliDb,
        `select s.sync_id,
          (select count(*) from v1_resource_types t where t.sync_id = s.sync_id),
          (select count(*) from v1_resources t where t.sync_id = s.sync_id),
          (select count(*) from v1_entitlements t where t.sync_id = s.sync_id),
          (select count(*) from v1_grants t where t.sync_id = s.sync_id)
         from v1_sync_runs s order by s.id`,
      );
      expect(expected.length).toBeGreaterThan(0);
      const store = await openC1z(fixture(name));
      try {
        expect(store.syncs().map((s) => s.id)).toEqual(expected.map((r) => r[0]));
        for (const [id, rt, r, e, g] of expected) {
          const syncId = id!;
          const c = store.counts(syncId);
          expect([c.resourceTypes, c.resources, c.entitlements, c.grants]).toEqual([rt, r, e, g].map(Number));
          expect([...store.resourceTypes(syncId)].length).toBe(Number(rt));
          let n = 0;
          for (const res of store.resources(syncId)) {
            expect(res.id?.resourceType).toBeTruthy();
            n++;
          }
          expect(n).toBe(Number(r));
          n = 0;
          for (const ent of store.entitlements(syncId)) {
            expect(ent.id).toBeTruthy();
            n++;
          }
          expect(n).toBe(Number(e));
          n = 0;
          for (const gr of store.grants(syncId)) {
            expect(gr.id).toBeTruthy();
            expect(gr.entitlement?.id).toBeTruthy();
            n++;
          }
          expect(n).toBe(Number(g));
        }
      } finally {
        store.close();
      }
    });
  }
});
