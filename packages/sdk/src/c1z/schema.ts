import type { DatabaseSync } from "node:sqlite";

// The latest Go SDK's DDL, in the order the Go SDK creates the tables.
// Index names are reproduced exactly, including the two v1_resources names that are swapped
// relative to the columns they index.
export const TABLE_DDL: readonly string[] = [
  `create table if not exists v1_resource_types (
    id integer primary key,
    external_id text not null,
    data blob not null,
    sync_id text not null,
    discovered_at datetime not null
)`,
  `create unique index if not exists idx_resource_types_external_sync_v1 on v1_resource_types (external_id, sync_id)`,
  `create table if not exists v1_resources (
    id integer primary key,
    resource_type_id text not null,
    external_id text not null,
    parent_resource_type_id text,
    parent_resource_id text,
    data blob not null,
    sync_id text not null,
    discovered_at datetime not null
)`,
  `create index if not exists idx_resources_resource_type_id_v1 on v1_resources (resource_type_id)`,
  `create index if not exists idx_resources_external_sync_v1 on v1_resources (parent_resource_type_id, parent_resource_id)`,
  `create unique index if not exists idx_resources_parent_resource_id_v1 on v1_resources (external_id, sync_id)`,
  `create table if not exists v1_entitlements (
    id integer primary key,
    resource_type_id text not null,
    resource_id text not null,
    external_id text not null,
    data blob not null,
    sync_id text not null,
    discovered_at datetime not null
)`,
  `create index if not exists idx_entitlements_resource_id_v1 on v1_entitlements (resource_type_id, resource_id)`,
  `create unique index if not exists idx_entitlements_external_sync_v1 on v1_entitlements (external_id, sync_id)`,
  `create table if not exists v1_sync_runs (
    id integer primary key,
    sync_id text not null,
    started_at datetime not null,
    ended_at datetime,
    sync_token text not null,
    sync_type text not null default 'full',
    parent_sync_id text not null default '',
    linked_sync_id text not null default '',
    supports_diff integer not null default 0,
    grants_backfilled integer not null default 0,
    stats text,
    ingest_invariant_generation text not null default '',
    ingest_invariant_coverage text not null default '',
    ingest_invariant_mode text not null default ''
)`,
  `create unique index if not exists idx_sync_runs_sync_id_v1 on v1_sync_runs (sync_id)`,
  `create table if not exists v1_grants (
    id integer primary key,
    resource_type_id text not null,
    resource_id text not null,
    entitlement_id text not null,
    principal_resource_type_id text not null,
    principal_resource_id text not null,
    external_id text not null,
    expansion blob,
    needs_expansion integer not null default 0,
    data blob not null,
    sync_id text not null,
    discovered_at datetime not null
)`,
  `create index if not exists idx_grants_resource_type_id_resource_id_v1 on v1_grants (resource_type_id, resource_id)`,
  `create index if not exists idx_grants_principal_id_v1 on v1_grants (principal_resource_type_id, principal_resource_id)`,
  `create index if not exists idx_grants_entitlement_id_principal_id_v1 on v1_grants (entitlement_id, principal_resource_type_id, principal_resource_id)`,
  `create unique index if not exists idx_grants_external_sync_v1 on v1_grants (external_id, sync_id)`,
  `create index if not exists idx_grants_entitlement_sync_grant_v1 on v1_grants (entitlement_id, sync_id, id)`,
  `create table if not exists v1_assets (
    id integer primary key,
    external_id text not null,
    content_type text not null,
    data blob not null,
    sync_id text not null,
    discovered_at datetime not null
)`,
  `create unique index if not exists idx_assets_external_sync_v1 on v1_assets (external_id, sync_id)`,
  `create table if not exists v1_connector_sessions (
    id integer primary key,
    sync_id TEXT NOT NULL,
    key TEXT NOT NULL,
    value BLOB NOT NULL
)`,
  `create unique index if not exists idx_session_store_sync_key_v1 on v1_connector_sessions (sync_id, key)`,
];

// Go's migrations: columns added to files written by older generations, with the
// defaults the latest DDL declares. Old syncs therefore read as sync_type 'full', supports_diff 0,
// grants_backfilled 0 (GrantExpandable may still be inside their grant blobs).
const ADDED_COLUMNS: readonly (readonly [table: string, column: string, decl: string])[] = [
  ["v1_sync_runs", "sync_type", "text not null default 'full'"],
  ["v1_sync_runs", "parent_sync_id", "text not null default ''"],
  ["v1_sync_runs", "linked_sync_id", "text not null default ''"],
  ["v1_sync_runs", "supports_diff", "integer not null default 0"],
  ["v1_sync_runs", "grants_backfilled", "integer not null default 0"],
  ["v1_sync_runs", "stats", "text"],
  ["v1_sync_runs", "ingest_invariant_generation", "text not null default ''"],
  ["v1_sync_runs", "ingest_invariant_coverage", "text not null default ''"],
  ["v1_sync_runs", "ingest_invariant_mode", "text not null default ''"],
  ["v1_grants", "expansion", "blob"],
  ["v1_grants", "needs_expansion", "integer not null default 0"],
];

const MIGRATION_INDEXES: readonly string[] = [
  `create index if not exists idx_grants_sync_expansion_v1 on v1_grants (sync_id) where expansion is not null`,
  `create index if not exists idx_grants_sync_needs_expansion_v1 on v1_grants (sync_id) where needs_expansion = 1`,
];

/** Names of the seven tables, in creation order. */
export const TABLES = [
  "v1_resource_types",
  "v1_resources",
  "v1_entitlements",
  "v1_sync_runs",
  "v1_grants",
  "v1_assets",
  "v1_connector_sessions",
] as const;

/**
 * Brings a database to the latest schema the way the Go opener does: creates missing tables and
 * indexes, then adds missing columns. `indexes: false` skips index creation (cheap read-only opens
 * of large old files; ALTER TABLE ADD COLUMN does not rewrite rows).
 */
export function ensureSchema(db: DatabaseSync, opts: { indexes: boolean }): void {
  const existing = new Set(
    (db.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map(
      (r) => r.name,
    ),
  );
  for (const ddl of TABLE_DDL) {
    const isIndex = ddl.startsWith("create index") || ddl.startsWith("create unique index");
    if (isIndex) {
      const table = /\son (v1_\w+) \(/.exec(ddl)?.[1];
      // Indexes of tables we just created are part of the DDL; on old tables only when asked.
      if (!opts.indexes && table !== undefined && existing.has(table)) continue;
    }
    db.exec(ddl);
  }
  for (const [table, column, decl] of ADDED_COLUMNS) {
    const cols = db.prepare(`pragma table_info(${table})`).all() as { name: string }[];
    if (!cols.some((c) => c.name === column)) db.exec(`alter table ${table} add column ${column} ${decl}`);
  }
  if (opts.indexes || !existing.has("v1_grants")) for (const ddl of MIGRATION_INDEXES) db.exec(ddl);
}
