import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { create, equals, fromBinary } from "@bufbuild/protobuf";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type C1zWriter, openC1z, openC1zForWrite, validateSync } from "../../src/c1z/index.js";
import { BatonError } from "../../src/errors.js";
import { GrantExpandableSchema, GrantSchema, GrantSourcesSchema, ResourceSchema } from "../../src/proto.js";
import { grant, group, groupType, member, user, userType } from "./fakes.js";
import { tempDir } from "./helpers.js";

const GO_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d*[1-9])?$/;
const EXPANDABLE_URL = "type.googleapis.com/c1.connector.v2.GrantExpandable";

let writer: C1zWriter | undefined;
afterEach(() => {
  writer?.close({ discardWork: true });
  writer = undefined;
  vi.unstubAllEnvs();
});
async function newWriter(): Promise<C1zWriter> {
  writer = await openC1zForWrite(join(tempDir(), "sync.c1z"));
  return writer;
}
const rows = (w: C1zWriter, sql: string, ...params: (string | number)[]) =>
  w.db.prepare(sql).all(...params) as Record<string, unknown>[];

describe("C1zWriter columns", () => {
  it("fills external ids, parent columns, grant resource columns and Go timestamps", async () => {
    const w = await newWriter();
    const s = w.startSync("full");
    const eng = group("eng");
    const sub = group("sub", eng);
    const alice = user("alice");
    w.putResourceTypes(s, [userType(), groupType()]);
    w.putResources(s, [alice, eng, sub]);
    w.putEntitlements(s, [member(sub)]);
    w.putGrants(s, [grant(member(sub), alice)]);
    w.commit();
    expect(rows(w, "select external_id from v1_resource_types order by id")).toEqual([
      { external_id: "user" },
      { external_id: "group" },
    ]);
    expect(
      rows(
        w,
        "select resource_type_id, external_id, parent_resource_type_id, parent_resource_id from v1_resources",
      ),
    ).toEqual([
      {
        resource_type_id: "user",
        external_id: "user:alice",
        parent_resource_type_id: null,
        parent_resource_id: null,
      },
      {
        resource_type_id: "group",
        external_id: "group:eng",
        parent_resource_type_id: null,
        parent_resource_id: null,
      },
      {
        resource_type_id: "group",
        external_id: "group:sub",
        parent_resource_type_id: "group",
        parent_resource_id: "eng",
      },
    ]);
    expect(rows(w, "select resource_type_id, resource_id, external_id from v1_entitlements")).toEqual([
      { resource_type_id: "group", resource_id: "sub", external_id: "group:sub:member" },
    ]);
    expect(
      rows(
        w,
        "select resource_type_id, resource_id, entitlement_id, principal_resource_type_id, principal_resource_id, external_id, expansion, needs_expansion from v1_grants",
      ),
    ).toEqual([
      {
        resource_type_id: "group",
        resource_id: "sub",
        entitlement_id: "group:sub:member",
        principal_resource_type_id: "user",
        principal_resource_id: "alice",
        external_id: "group:sub:member:user:alice",
        expansion: null,
        needs_expansion: 0,
      },
    ]);
    for (const t of ["v1_resource_types", "v1_resources", "v1_entitlements", "v1_grants"])
      for (const r of rows(w, `select sync_id, discovered_at from ${t}`)) {
        expect(r.sync_id).toBe(s);
        expect(r.discovered_at).toMatch(GO_TIME);
      }
    expect(w.getResource(s, "group", "sub")?.parentResourceId?.resource).toBe("eng");
    expect(w.getResource(s, "group", "alice")).toBeUndefined();
    expect(validateSync(w, s)).toEqual([]);
  });

  it("upserts on (external_id, sync_id) replacing only data", async () => {
    const w = await newWriter();
    const s = w.startSync("full");
    const first = group("eng");
    w.putResources(s, [first]);
    w.commit();
    const before = rows(w, "select id, discovered_at from v1_resources")[0]!;
    await new Promise((r) => setTimeout(r, 5));
    const moved = group("eng", group("other"));
    moved.displayName = "Renamed";
    w.putResources(s, [moved]);
    const after = rows(w, "select id, discovered_at, parent_resource_type_id, data from v1_resources");
    expect(after.length).toBe(1);
    expect(after[0]!.id).toBe(before.id);
    expect(after[0]!.discovered_at).toBe(before.discovered_at);
    expect(after[0]!.parent_resource_type_id).toBeNull(); // parent columns keep the first value
    expect(fromBinary(ResourceSchema, after[0]!.data as Uint8Array).displayName).toBe("Renamed");
    // Another sync gets its own row.
    const s2 = w.startSync("partial", s);
    w.putResources(s2, [first]);
    expect(rows(w, "select count(*) n from v1_resources")[0]!.n).toBe(2);
    expect(w.getSync(s2)).toMatchObject({ syncType: "partial", parentSyncId: s });
  });

  it("moves GrantExpandable into expansion with needs_expansion and marks the sync current-shape", async () => {
    const w = await newWriter();
    const s = w.startSync("full");
    const eng = group("eng");
    const ops = group("ops");
    const g = grant(member(eng), ops, ["group:ops:member"]);
    const blank = grant(member(eng), user("bob"), [" "]);
    w.putGrants(s, [g, blank]);
    w.commit();
    const [r1, r2] = rows(
      w,
      "select external_id, expansion, needs_expansion, data from v1_grants order by id",
    );
    expect(r1!.needs_expansion).toBe(1);
    expect(fromBinary(GrantExpandableSchema, r1!.expansion as Uint8Array).entitlementIds).toEqual([
      "group:ops:member",
    ]);
    expect(fromBinary(GrantSchema, r1!.data as Uint8Array).annotations.map((a) => a.typeUrl)).not.toContain(
      EXPANDABLE_URL,
    );
    expect(r2).toMatchObject({ expansion: null, needs_expansion: 0 });
    expect(fromBinary(GrantSchema, r2!.data as Uint8Array).annotations).toEqual([]);
    expect(
      rows(w, "select supports_diff, grants_backfilled, sync_token, ended_at from v1_sync_runs"),
    ).toEqual([{ supports_diff: 1, grants_backfilled: 1, sync_token: "", ended_at: null }]);
    // The caller's grant object is not modified.
    expect(g.annotations.map((a) => a.typeUrl)).toEqual([EXPANDABLE_URL]);

    const ex = [...w.grantsWithExpansion(s)];
    expect(ex.map((e) => [e.grant.id, e.expansion?.entitlementIds, e.needsExpansion])).toEqual([
      [g.id, ["group:ops:member"], true],
      [blank.id, undefined, false],
    ]);
    expect([...w.grantsWithExpansion(s, { expandable: true })].map((e) => e.grant.id)).toEqual([g.id]);
  });

  it("replaces expansion columns on putGrants and preserves them on updateGrants", async () => {
    const w = await newWriter();
    const s = w.startSync("full");
    const eng = group("eng");
    const ops = group("ops");
    const state = () => rows(w, "select expansion is not null has, needs_expansion n from v1_grants")[0];
    w.putGrants(s, [grant(member(eng), ops, ["group:ops:member"])]);
    w.clearNeedsExpansion(s);
    expect(state()).toEqual({ has: 1, n: 0 });
    w.putGrants(s, [grant(member(eng), ops, ["group:ops:member"])]); // unchanged expansion: stays 0
    expect(state()).toEqual({ has: 1, n: 0 });
    w.putGrants(s, [grant(member(eng), ops, ["group:ops:admin"])]); // changed: 1
    expect(state()).toEqual({ has: 1, n: 1 });
    w.clearNeedsExpansion(s, [grant(member(eng), ops).id]);
    expect(state()).toEqual({ has: 1, n: 0 });
    const expanded = grant(member(eng), ops);
    expanded.sources = create(GrantSourcesSchema, {
      sources: { "group:ops:member": { isDirect: true }, "group:eng:member": {} },
    });
    w.updateGrants(s, [expanded]);
    expect(state()).toEqual({ has: 1, n: 0 });
    expect(equals(GrantSchema, w.getGrant(s, expanded.id)!, expanded)).toBe(true);
    w.putGrants(s, [grant(member(eng), ops)]); // no expansion any more: NULL and 0
    expect(state()).toEqual({ has: 0, n: 0 });
  });

  it("writes Grant.sources map entries in Go's sorted key order", async () => {
    const w = await newWriter();
    const s = w.startSync("full");
    const g = grant(member(group("eng")), user("a"));
    g.sources = create(GrantSourcesSchema, { sources: { "z:1": {}, "b:2": { isDirect: true }, "m:3": {} } });
    w.putGrants(s, [g]);
    const data = Buffer.from(rows(w, "select data from v1_grants")[0]!.data as Uint8Array);
    const order = ["z:1", "b:2", "m:3"]
      .map((k) => data.indexOf(k))
      .map((i, n) => [i, ["z:1", "b:2", "m:3"][n]]);
    expect(order.sort((a, b) => (a[0] as number) - (b[0] as number)).map((x) => x[1])).toEqual([
      "b:2",
      "m:3",
      "z:1",
    ]);
  });
});

describe("sync runs", () => {
  it("starts, checkpoints and ends a sync", async () => {
    const w = await newWriter();
    const s = w.startSync("full");
    expect(s).toMatch(/^[0-9A-Za-z]{27}$/);
    w.setSyncToken(s, '{"version":1}');
    w.putResourceTypes(s, [userType()]);
    w.putResources(s, [user("a"), user("b")]);
    expect(w.latestUnfinishedSync("full")?.id).toBe(s);
    expect(w.latestUnfinishedSync("partial")).toBeUndefined();
    w.endSync(s);
    const [run] = rows(w, "select started_at, ended_at, sync_token, sync_type, stats from v1_sync_runs");
    expect(run!.started_at).toMatch(GO_TIME);
    expect(run!.ended_at).toMatch(GO_TIME);
    expect(run!.sync_token).toBe('{"version":1}');
    expect(run!.stats).toBeNull();
    const ended = run!.ended_at;
    w.endSync(s);
    expect(rows(w, "select ended_at from v1_sync_runs")[0]!.ended_at).toBe(ended);
    expect(w.latestFinishedSync()?.id).toBe(s);
    expect(w.latestUnfinishedSync()).toBeUndefined();
  });

  it("selects syncs like the Go readers", async () => {
    const w = await newWriter();
    expect(() => w.selectSync()).toThrow(/contains no sync/);
    const partial = w.startSync("partial");
    w.endSync(partial);
    expect(() => w.selectSync()).toThrow(/has no full sync/);
    const open = w.startSync("full");
    expect(w.selectSync().id).toBe(open);
    w.endSync(open);
    const open2 = w.startSync("full");
    expect(w.selectSync().id).toBe(open); // latest finished full wins over unfinished
    expect(w.selectSync({ syncId: open2 }).id).toBe(open2);
    expect(() => w.selectSync({ syncId: "nope" })).toThrow(/sync nope is not in sync\.c1z/);
    expect(w.syncs().map((x) => x.id)).toEqual([partial, open, open2]);
    // 7-day resume window of the latest SDK.
    w.db.prepare("update v1_sync_runs set started_at = '2020-01-01 00:00:00' where sync_id = ?").run(open2);
    expect(w.latestUnfinishedSync("full", 7)).toBeUndefined();
    expect(w.latestUnfinishedSync("full")?.id).toBe(open2);
  });

  it("orders finished syncs by ended_at then sync_id", async () => {
    const w = await newWriter();
    const a = w.startSync("full");
    const b = w.startSync("full");
    w.endSync(a);
    w.endSync(b);
    w.db.prepare("update v1_sync_runs set ended_at = '2026-01-01 00:00:00'").run();
    expect(w.latestFinishedSync("full")?.id).toBe([a, b].sort()[1]);
  });

  it("cleanup keeps at most two finished full syncs (one while a full sync is open)", async () => {
    const w = await newWriter();
    const full = () => {
      const id = w.startSync("full");
      w.putResources(id, [user(id)]);
      w.endSync(id);
      return id;
    };
    const f1 = full();
    const p1 = w.startSync("partial", f1);
    w.endSync(p1);
    const f2 = full();
    const f3 = full();
    // Distinct times, so that "p1 ended before the oldest kept full sync started" does not depend on
    // the clock ticking between these calls.
    const times = w.db.prepare("update v1_sync_runs set started_at = ?, ended_at = ? where sync_id = ?");
    for (const [i, id] of [f1, p1, f2, f3].entries())
      times.run(`2026-01-01 00:00:0${2 * i}`, `2026-01-01 00:00:0${2 * i + 1}`, id);
    expect(w.cleanup().sort()).toEqual([f1, p1].sort());
    expect(w.syncs().map((s) => s.id)).toEqual([f2, f3]);
    expect(w.counts(f1).resources).toBe(0);
    const f4 = w.startSync("full");
    expect(w.cleanup()).toEqual([f2]);
    w.endSync(f4);
    expect(w.syncs().map((s) => s.id)).toEqual([f3, f4]);

    vi.stubEnv("BATON_KEEP_SYNC_COUNT", "1");
    expect(w.cleanup()).toEqual([f3]);
    vi.stubEnv("BATON_SKIP_CLEANUP", "true");
    full();
    expect(w.cleanup()).toEqual([]);
    expect(w.syncs().length).toBe(2);
  });

  it("deleteSync removes the sync and its rows", async () => {
    const w = await newWriter();
    const s = w.startSync("full");
    w.putResources(s, [user("a")]);
    w.putGrants(s, [grant(member(group("g")), user("a"))]);
    w.deleteSync(s);
    expect(w.getSync(s)).toBeUndefined();
    expect(
      rows(w, "select (select count(*) from v1_resources) + (select count(*) from v1_grants) n")[0]!.n,
    ).toBe(0);
  });
});

describe("reading back", () => {
  it("pages resources by rowid and filters objects", async () => {
    const w = await newWriter();
    const s = w.startSync("full");
    const eng = group("eng");
    w.putResources(s, [eng, ...Array.from({ length: 25 }, (_, i) => user(`u${i}`)), group("sub", eng)]);
    const ids: string[] = [];
    let from: number | undefined;
    do {
      const page = w.resourcePage(s, { resourceTypeId: "user", fromId: from, limit: 10 });
      expect(page.items.length).toBeLessThanOrEqual(10);
      ids.push(...page.items.map((r) => r.id!.resource));
      from = page.nextId;
    } while (from !== undefined);
    expect(ids).toEqual(Array.from({ length: 25 }, (_, i) => `u${i}`));
    expect(
      [...w.resources(s, { parent: { resourceType: "group", resource: "eng" } })].map((r) => r.id?.resource),
    ).toEqual(["sub"]);
    w.putGrants(s, [grant(member(eng), user("u1")), grant(member(group("sub")), user("u1"))]);
    expect([...w.grants(s, { resourceId: "sub" })].length).toBe(1);
    expect([...w.grants(s, { principalTypeId: "user", principalId: "u1" })].length).toBe(2);
    expect([...w.grants(s, { entitlementId: "group:eng:member" })].map((g) => g.id)).toEqual([
      "group:eng:member:user:u1",
    ]);
  });

  it("validateSync names missing objects and missing trait annotations", async () => {
    const w = await newWriter();
    const s = w.startSync("full");
    w.putResourceTypes(s, [userType()]);
    const bare = create(ResourceSchema, { id: { resourceType: "user", resource: "plain" } });
    w.putResources(s, [bare, group("orphan", group("gone"))]);
    w.putEntitlements(s, [member(group("nowhere"))]);
    w.putGrants(s, [grant(member(group("x")), user("ghost"))]);
    expect(validateSync(w, s).sort()).toEqual(
      [
        "resource group:orphan: resource type group is missing",
        "resource group:orphan: parent resource group:gone is missing",
        "entitlement group:nowhere:member: resource group:nowhere is missing",
        "grant group:x:member:user:ghost: entitlement group:x:member is missing",
        "grant group:x:member:user:ghost: principal user:ghost is missing",
        "resource user:plain: type user declares UserTrait but the resource has no such annotation",
      ].sort(),
    );
    expect(validateSync(w, s, { limit: 2 })).toHaveLength(3);
  });

  it("validateSync compares ids as stored: kept ids pass, a grant recorded on another resource does not", async () => {
    const w = await newWriter();
    const s = w.startSync("full");
    w.putResourceTypes(s, [userType(), groupType()]);
    const eng = group("eng");
    const ops = group("ops");
    const alice = user("alice");
    w.putResources(s, [eng, ops, alice]);
    // Ids of a Go connector that does not follow the conventions.
    const kept = { ...member(eng), id: "group:eng" };
    w.putEntitlements(s, [kept]);
    w.putGrants(s, [{ ...grant(kept, alice), id: "group-grant:eng:user:alice:eng" }]);
    expect(validateSync(w, s)).toEqual([]);
    // The grant says the entitlement is on ops; the stored entitlement is on eng.
    const misplaced = grant({ ...kept, resource: ops }, alice);
    w.putGrants(s, [{ ...misplaced, id: "misplaced" }]);
    expect(validateSync(w, s)).toEqual([
      "grant misplaced: it names entitlement group:eng on group:ops, but that entitlement is on group:eng",
    ]);
  });

  it("a saved file reads back with openC1z after several saves", async () => {
    const w = await newWriter();
    const s = w.startSync("full");
    w.putResources(s, [user("a")]);
    await w.save();
    w.putResources(s, [user("b")]);
    w.endSync(s);
    await w.save();
    const r = await openC1z(w.path);
    try {
      expect(r.counts(s).resources).toBe(2);
      expect(r.getSync(s)?.endedAt).toMatch(GO_TIME);
    } finally {
      r.close();
    }
  });
});

describe("save failures", () => {
  it("reports a one-line error and keeps the previous file when the target cannot be written", async () => {
    const w = await newWriter();
    const s = w.startSync("full");
    w.putResources(s, [user("a")]);
    mkdirSync(`${w.path}.tmp`); // <path>.tmp cannot be created as a file
    writeFileSync(join(`${w.path}.tmp`, "x"), "");
    const err = await w.save().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BatonError);
    expect((err as BatonError).message).toMatch(/^cannot save sync\.c1z: /);
    expect((err as BatonError).describe()).not.toContain("\n");
    expect(existsSync(w.path)).toBe(false);
    rmSync(`${w.path}.tmp`, { recursive: true });
    await w.save();
    expect(existsSync(w.path)).toBe(true);
  });
});
