import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openC1zForWrite } from "../../src/c1z/index.js";
import { grant, group, groupType, member, user, userType } from "./fakes.js";
import { decompressWithCli, sqlite3, tempDir } from "./helpers.js";

// The Go SDK's columns: [name, type, notnull, default, pk] in declaration order.
type Col = [string, string, 0 | 1, string, 0 | 1];
const ID: Col = ["id", "integer", 0, "", 1];
const EXPECTED_TABLES: Record<string, Col[]> = {
  v1_resource_types: [
    ID,
    ["external_id", "text", 1, "", 0],
    ["data", "blob", 1, "", 0],
    ["sync_id", "text", 1, "", 0],
    ["discovered_at", "datetime", 1, "", 0],
  ],
  v1_resources: [
    ID,
    ["resource_type_id", "text", 1, "", 0],
    ["external_id", "text", 1, "", 0],
    ["parent_resource_type_id", "text", 0, "", 0],
    ["parent_resource_id", "text", 0, "", 0],
    ["data", "blob", 1, "", 0],
    ["sync_id", "text", 1, "", 0],
    ["discovered_at", "datetime", 1, "", 0],
  ],
  v1_entitlements: [
    ID,
    ["resource_type_id", "text", 1, "", 0],
    ["resource_id", "text", 1, "", 0],
    ["external_id", "text", 1, "", 0],
    ["data", "blob", 1, "", 0],
    ["sync_id", "text", 1, "", 0],
    ["discovered_at", "datetime", 1, "", 0],
  ],
  v1_grants: [
    ID,
    ["resource_type_id", "text", 1, "", 0],
    ["resource_id", "text", 1, "", 0],
    ["entitlement_id", "text", 1, "", 0],
    ["principal_resource_type_id", "text", 1, "", 0],
    ["principal_resource_id", "text", 1, "", 0],
    ["external_id", "text", 1, "", 0],
    ["expansion", "blob", 0, "", 0],
    ["needs_expansion", "integer", 1, "0", 0],
    ["data", "blob", 1, "", 0],
    ["sync_id", "text", 1, "", 0],
    ["discovered_at", "datetime", 1, "", 0],
  ],
  v1_sync_runs: [
    ID,
    ["sync_id", "text", 1, "", 0],
    ["started_at", "datetime", 1, "", 0],
    ["ended_at", "datetime", 0, "", 0],
    ["sync_token", "text", 1, "", 0],
    ["sync_type", "text", 1, "'full'", 0],
    ["parent_sync_id", "text", 1, "''", 0],
    ["linked_sync_id", "text", 1, "''", 0],
    ["supports_diff", "integer", 1, "0", 0],
    ["grants_backfilled", "integer", 1, "0", 0],
    ["stats", "text", 0, "", 0],
    ["ingest_invariant_generation", "text", 1, "''", 0],
    ["ingest_invariant_coverage", "text", 1, "''", 0],
    ["ingest_invariant_mode", "text", 1, "''", 0],
  ],
  v1_assets: [
    ID,
    ["external_id", "text", 1, "", 0],
    ["content_type", "text", 1, "", 0],
    ["data", "blob", 1, "", 0],
    ["sync_id", "text", 1, "", 0],
    ["discovered_at", "datetime", 1, "", 0],
  ],
  v1_connector_sessions: [
    ID,
    ["sync_id", "text", 1, "", 0],
    ["key", "text", 1, "", 0],
    ["value", "blob", 1, "", 0],
  ],
};

// [table, unique, columns, partial]; note the two swapped v1_resources names.
const EXPECTED_INDEXES: Record<string, [string, 0 | 1, string, 0 | 1]> = {
  idx_resource_types_external_sync_v1: ["v1_resource_types", 1, "external_id,sync_id", 0],
  idx_resources_resource_type_id_v1: ["v1_resources", 0, "resource_type_id", 0],
  idx_resources_external_sync_v1: ["v1_resources", 0, "parent_resource_type_id,parent_resource_id", 0],
  idx_resources_parent_resource_id_v1: ["v1_resources", 1, "external_id,sync_id", 0],
  idx_entitlements_resource_id_v1: ["v1_entitlements", 0, "resource_type_id,resource_id", 0],
  idx_entitlements_external_sync_v1: ["v1_entitlements", 1, "external_id,sync_id", 0],
  idx_sync_runs_sync_id_v1: ["v1_sync_runs", 1, "sync_id", 0],
  idx_grants_resource_type_id_resource_id_v1: ["v1_grants", 0, "resource_type_id,resource_id", 0],
  idx_grants_principal_id_v1: ["v1_grants", 0, "principal_resource_type_id,principal_resource_id", 0],
  idx_grants_entitlement_id_principal_id_v1: [
    "v1_grants",
    0,
    "entitlement_id,principal_resource_type_id,principal_resource_id",
    0,
  ],
  idx_grants_external_sync_v1: ["v1_grants", 1, "external_id,sync_id", 0],
  idx_grants_entitlement_sync_grant_v1: ["v1_grants", 0, "entitlement_id,sync_id,id", 0],
  idx_grants_sync_expansion_v1: ["v1_grants", 0, "sync_id", 1],
  idx_grants_sync_needs_expansion_v1: ["v1_grants", 0, "sync_id", 1],
  idx_assets_external_sync_v1: ["v1_assets", 1, "external_id,sync_id", 0],
  idx_session_store_sync_key_v1: ["v1_connector_sessions", 1, "sync_id,key", 0],
};

async function writeSample(): Promise<string> {
  const path = join(tempDir(), "sync.c1z");
  const w = await openC1zForWrite(path);
  const id = w.startSync("full");
  const eng = group("eng");
  const alice = user("alice");
  w.putResourceTypes(id, [userType(), groupType()]);
  w.putResources(id, [alice, eng]);
  w.putEntitlements(id, [member(eng)]);
  w.putGrants(id, [grant(member(eng), alice)]);
  w.endSync(id);
  await w.save();
  w.close({ discardWork: true });
  return decompressWithCli(path, tempDir());
}

describe("schema of a written file (checked with the sqlite3 CLI)", () => {
  it("passes integrity_check and has exactly the latest DDL, index names and flags", async () => {
    const db = await writeSample();
    expect(sqlite3(db, "pragma integrity_check")).toEqual([["ok"]]);
    const tables = sqlite3(db, "select name from sqlite_master where type = 'table' order by rowid").map(
      (r) => r[0],
    );
    expect(tables).toEqual([
      "v1_resource_types",
      "v1_resources",
      "v1_entitlements",
      "v1_sync_runs",
      "v1_grants",
      "v1_assets",
      "v1_connector_sessions",
    ]);
    for (const [table, cols] of Object.entries(EXPECTED_TABLES)) {
      const info = sqlite3(db, `pragma table_info(${table})`).map(
        ([, name, type, notnull, dflt, pk]) =>
          [name, type!.toLowerCase(), Number(notnull), dflt, Number(pk)] as Col,
      );
      expect(info, table).toEqual(cols);
    }
    const indexes: Record<string, [string, number, string, number]> = {};
    for (const table of tables) {
      for (const [, name, unique, , partial] of sqlite3(db, `pragma index_list(${table})`)) {
        const cols = sqlite3(db, `pragma index_info(${name})`).map((r) => (r[1] === "-1" ? "id" : r[2]));
        indexes[name!] = [table!, Number(unique), cols.join(","), Number(partial)];
      }
    }
    expect(indexes).toEqual(EXPECTED_INDEXES);
    // No auto-indexes or anything else besides the named ones.
    expect(sqlite3(db, "select count(*) from sqlite_master where type = 'index'")).toEqual([
      [String(Object.keys(EXPECTED_INDEXES).length)],
    ]);
    expect(sqlite3(db, "pragma page_size")).toEqual([["4096"]]);
    expect(sqlite3(db, "pragma journal_mode")[0]![0]).not.toBe("wal");
  });
});
