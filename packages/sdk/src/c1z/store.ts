import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import { fromBinary } from "@bufbuild/protobuf";
import { BatonError, Code } from "../errors.js";
import {
  type Entitlement,
  EntitlementSchema,
  type Grant,
  type GrantExpandable,
  GrantExpandableSchema,
  GrantSchema,
  type Resource,
  ResourceSchema,
  type ResourceType,
  ResourceTypeSchema,
} from "../proto.js";
import { privateTempDir } from "../tempfiles.js";
import { stripGrantExpandable } from "./encode.js";
import { decompressC1z } from "./envelope.js";
import { ensureSchema } from "./schema.js";
import { formatGoTime } from "./time.js";
import type { SyncCounts, SyncRun, SyncType } from "./types.js";

type Row = unknown[];

const SYNC_COLUMNS = "sync_id, started_at, ended_at, sync_token, sync_type, parent_sync_id, linked_sync_id";

function toSyncRun(r: Row): SyncRun {
  return {
    id: r[0] as string,
    startedAt: r[1] as string,
    endedAt: (r[2] as string | null) ?? null,
    syncToken: r[3] as string,
    syncType: r[4] as SyncType,
    parentSyncId: r[5] as string,
    linkedSyncId: r[6] as string,
  };
}

/** Opens SQLite on an already decompressed copy; a damaged payload becomes a one-line BatonError. */
export function openDatabase(
  file: string,
  displayPath: string,
  prepare: (db: DatabaseSync) => void,
): DatabaseSync {
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(file);
    prepare(db);
    return db;
  } catch (e) {
    db?.close();
    if (e instanceof BatonError) throw e;
    throw new BatonError(
      Code.DataLoss,
      `${basename(displayPath)} holds a damaged SQLite database (${(e as Error).message})`,
      { hint: "produce the file again with the connector", cause: e },
    );
  }
}

export interface OpenC1zOptions {
  /** Where the private decompressed copy is made; default the OS temp dir. */
  tmpDir?: string;
  /**
   * Refuse files whose database is larger (bytes); default `$BATON_DECODER_MAX_DECODED_SIZE_MB`
   * (MiB), else 10 GiB.
   */
  maxDecompressedBytes?: number;
}

/**
 * Opens a copy of the c1z at `path` (decompressed into a private temp dir, which close() removes).
 * The input file is only read.
 */
export async function openC1z(path: string, opts: OpenC1zOptions = {}): Promise<C1zStore> {
  // A CLI may exit or be interrupted without close(): the copy goes then too.
  const { path: dir, remove: removeDir } = await privateTempDir(opts.tmpDir ?? tmpdir(), "c1z-");
  try {
    const file = join(dir, "db");
    await decompressC1z(path, file, {
      ...(opts.maxDecompressedBytes !== undefined && { maxBytes: opts.maxDecompressedBytes }),
    });
    const db = openDatabase(file, path, (db) => {
      // Like the Go reader's temp copy: no journal, no fsync, migrate columns forward.
      db.exec("pragma journal_mode = off; pragma synchronous = off");
      ensureSchema(db, { indexes: false });
    });
    return new C1zStore(db, path, removeDir);
  } catch (e) {
    removeDir();
    throw e;
  }
}

/** Read access to the syncs and objects of a c1z database. */
export class C1zStore {
  readonly db: DatabaseSync;
  /** The .c1z file this store was opened from. */
  readonly path: string;
  readonly #onClose: () => void;
  readonly #statements = new Map<string, StatementSync>();
  #closed = false;

  constructor(db: DatabaseSync, path: string, onClose: () => void) {
    this.db = db;
    this.path = path;
    this.#onClose = onClose;
  }

  /** A cached prepared statement returning rows as arrays, for single-row lookups and writes. */
  protected stmt(sql: string): StatementSync {
    let s = this.#statements.get(sql);
    if (s === undefined) {
      s = this.db.prepare(sql);
      s.setReturnArrays(true);
      this.#statements.set(sql, s);
    }
    return s;
  }

  /** Streams rows from a fresh statement (iterators may nest, so they do not share statements). */
  protected *rows(sql: string, params: SQLInputValue[]): Generator<Row> {
    const s = this.db.prepare(sql);
    s.setReturnArrays(true);
    yield* s.iterate(...params) as Iterable<Row>;
  }

  protected get(sql: string, params: SQLInputValue[]): Row | undefined {
    return this.stmt(sql).get(...params) as Row | undefined;
  }

  /** All rows of a small result (never used on object tables without a limit). */
  protected all(sql: string, params: SQLInputValue[]): Row[] {
    return this.stmt(sql).all(...params) as unknown as Row[];
  }

  syncs(): SyncRun[] {
    return this.all(`select ${SYNC_COLUMNS} from v1_sync_runs order by id`, []).map(toSyncRun);
  }

  getSync(id: string): SyncRun | undefined {
    const r = this.get(`select ${SYNC_COLUMNS} from v1_sync_runs where sync_id = ?`, [id]);
    return r && toSyncRun(r);
  }

  /** As the Go readers choose it: `ended_at IS NOT NULL [AND sync_type = T] ORDER BY ended_at DESC, sync_id DESC`. */
  latestFinishedSync(type?: SyncType): SyncRun | undefined {
    const r = type
      ? this.get(
          `select ${SYNC_COLUMNS} from v1_sync_runs where ended_at is not null and sync_type = ? order by ended_at desc, sync_id desc limit 1`,
          [type],
        )
      : this.get(
          `select ${SYNC_COLUMNS} from v1_sync_runs where ended_at is not null order by ended_at desc, sync_id desc limit 1`,
          [],
        );
    return r && toSyncRun(r);
  }

  /**
   * The newest unfinished sync (by started_at) of the type, or of any type. With `maxAgeDays`
   * (the resume rule of the latest SDK uses 7) older ones are ignored.
   */
  latestUnfinishedSync(type?: SyncType, maxAgeDays?: number): SyncRun | undefined {
    const cutoff =
      maxAgeDays === undefined ? "" : formatGoTime(new Date(Date.now() - maxAgeDays * 24 * 60 * 60 * 1000));
    const r = this.get(
      `select ${SYNC_COLUMNS} from v1_sync_runs where ended_at is null and (?1 = '' or sync_type = ?1) and started_at >= ?2 order by started_at desc, sync_id desc limit 1`,
      [type ?? "", cutoff],
    );
    return r && toSyncRun(r);
  }

  /**
   * The sync to show (the Go readers' default view): the given id, else the latest finished full sync, else the
   * latest unfinished sync of any type (without the latest SDK's 7-day limit, so old files still show).
   */
  selectSync(opts: { syncId?: string } = {}): SyncRun {
    const name = basename(this.path);
    if (opts.syncId !== undefined) {
      const s = this.getSync(opts.syncId);
      if (s === undefined)
        throw new BatonError(Code.NotFound, `sync ${opts.syncId} is not in ${name}`, {
          hint: `list the sync ids with: baton syncs -f ${this.path}`,
        });
      return s;
    }
    const s = this.latestFinishedSync("full") ?? this.latestUnfinishedSync();
    if (s !== undefined) return s;
    if (this.latestFinishedSync() !== undefined)
      throw new BatonError(Code.NotFound, `${name} has no full sync, only partial or diff syncs`, {
        hint: `pick one with --sync-id; list them with: baton syncs -f ${this.path}`,
      });
    throw new BatonError(Code.NotFound, `${name} contains no sync`, {
      hint: "run the connector to write a sync into it",
    });
  }

  *resourceTypes(syncId: string): IterableIterator<ResourceType> {
    for (const r of this.rows("select data from v1_resource_types where sync_id = ? order by id", [syncId]))
      yield fromBinary(ResourceTypeSchema, r[0] as Uint8Array);
  }

  *resources(
    syncId: string,
    filter: { resourceTypeId?: string; parent?: { resourceType: string; resource: string } } = {},
  ): IterableIterator<Resource> {
    const [where, params] = filters(syncId, [
      ["resource_type_id", filter.resourceTypeId],
      ["parent_resource_type_id", filter.parent?.resourceType],
      ["parent_resource_id", filter.parent?.resource],
    ]);
    for (const r of this.rows(`select data from v1_resources where ${where} order by id`, params))
      yield fromBinary(ResourceSchema, r[0] as Uint8Array);
  }

  *entitlements(
    syncId: string,
    filter: { resourceTypeId?: string; resourceId?: string } = {},
  ): IterableIterator<Entitlement> {
    const [where, params] = filters(syncId, [
      ["resource_type_id", filter.resourceTypeId],
      ["resource_id", filter.resourceId],
    ]);
    for (const r of this.rows(`select data from v1_entitlements where ${where} order by id`, params))
      yield fromBinary(EntitlementSchema, r[0] as Uint8Array);
  }

  *grants(
    syncId: string,
    filter: {
      entitlementId?: string;
      resourceTypeId?: string;
      resourceId?: string;
      principalTypeId?: string;
      principalId?: string;
    } = {},
  ): IterableIterator<Grant> {
    const [where, params] = filters(syncId, [
      ["entitlement_id", filter.entitlementId],
      ["resource_type_id", filter.resourceTypeId],
      ["resource_id", filter.resourceId],
      ["principal_resource_type_id", filter.principalTypeId],
      ["principal_resource_id", filter.principalId],
    ]);
    for (const r of this.rows(`select data from v1_grants where ${where} order by id`, params))
      yield fromBinary(GrantSchema, r[0] as Uint8Array);
  }

  /**
   * Grants with their expansion metadata (the expansion and needs_expansion columns). For syncs whose grants were not
   * backfilled (older Go generations), a NULL `expansion` is filled from the GrantExpandable
   * annotation in the blob, which is then removed from the returned grant — as the Go backfill does.
   * `expandable: true` returns only grants with an expansion.
   */
  *grantsWithExpansion(
    syncId: string,
    filter: { entitlementId?: string; expandable?: boolean } = {},
  ): IterableIterator<{ grant: Grant; expansion: GrantExpandable | undefined; needsExpansion: boolean }> {
    const backfilled = (this.get("select grants_backfilled from v1_sync_runs where sync_id = ?", [
      syncId,
    ])?.[0] ?? 1) as number;
    const [where, params] = filters(syncId, [["entitlement_id", filter.entitlementId]]);
    const onlyExpandable = filter.expandable === true && backfilled !== 0 ? " and expansion is not null" : "";
    const sql = `select data, expansion, needs_expansion from v1_grants where ${where}${onlyExpandable} order by id`;
    for (const r of this.rows(sql, params)) {
      const grant = fromBinary(GrantSchema, r[0] as Uint8Array);
      if (r[1] !== null) {
        yield {
          grant,
          expansion: fromBinary(GrantExpandableSchema, r[1] as Uint8Array),
          needsExpansion: r[2] === 1,
        };
        continue;
      }
      if (backfilled === 0) {
        const { annotations, expandable } = stripGrantExpandable(grant.annotations);
        if (expandable !== undefined) {
          grant.annotations = annotations;
          const needsExpansion = expandable.entitlementIds.some((id) => id.trim() !== "");
          if (needsExpansion || filter.expandable !== true)
            yield { grant, expansion: needsExpansion ? expandable : undefined, needsExpansion };
          continue;
        }
      }
      if (filter.expandable !== true) yield { grant, expansion: undefined, needsExpansion: r[2] === 1 };
    }
  }

  /** Rowid paging: up to `limit` resources with rowid ≥ `fromId`; `nextId` for the next page. */
  resourcePage(
    syncId: string,
    opts: { resourceTypeId?: string; fromId?: number; limit: number },
  ): { items: Resource[]; nextId: number | undefined } {
    const [where, params] = filters(syncId, [["resource_type_id", opts.resourceTypeId]]);
    const limit = opts.limit > 0 && opts.limit <= 10_000 ? opts.limit : 10_000;
    const rows = this.all(
      `select id, data from v1_resources where ${where} and id >= ? order by id limit ?`,
      [...params, opts.fromId ?? 0, limit + 1],
    );
    const items = rows.slice(0, limit).map((r) => fromBinary(ResourceSchema, r[1] as Uint8Array));
    const last = rows[limit - 1];
    return { items, nextId: rows.length > limit && last ? (last[0] as number) + 1 : undefined };
  }

  getResourceType(syncId: string, id: string): ResourceType | undefined {
    const r = this.get("select data from v1_resource_types where external_id = ? and sync_id = ?", [
      id,
      syncId,
    ]);
    return r && fromBinary(ResourceTypeSchema, r[0] as Uint8Array);
  }

  /** Looked up as the Go store does: `resource_type_id = T and external_id = "T:R"`. */
  getResource(syncId: string, resourceTypeId: string, resourceId: string): Resource | undefined {
    const r = this.get(
      "select data from v1_resources where resource_type_id = ? and external_id = ? and sync_id = ?",
      [resourceTypeId, `${resourceTypeId}:${resourceId}`, syncId],
    );
    return r && fromBinary(ResourceSchema, r[0] as Uint8Array);
  }

  getEntitlement(syncId: string, id: string): Entitlement | undefined {
    const r = this.get("select data from v1_entitlements where external_id = ? and sync_id = ?", [
      id,
      syncId,
    ]);
    return r && fromBinary(EntitlementSchema, r[0] as Uint8Array);
  }

  getGrant(syncId: string, id: string): Grant | undefined {
    const r = this.get("select data from v1_grants where external_id = ? and sync_id = ?", [id, syncId]);
    return r && fromBinary(GrantSchema, r[0] as Uint8Array);
  }

  /**
   * The grants of one entitlement to one principal, whatever their ids (usually none or one): how
   * to find "does this principal hold it" when a connector keeps grant ids of its own.
   */
  grantsOfPrincipal(
    syncId: string,
    entitlementId: string,
    principal: { resourceType: string; resource: string },
  ): Grant[] {
    return this.all(
      "select data from v1_grants where entitlement_id = ? and principal_resource_type_id = ? and principal_resource_id = ? and sync_id = ? order by id",
      [entitlementId, principal.resourceType, principal.resource, syncId],
    ).map((r) => fromBinary(GrantSchema, r[0] as Uint8Array));
  }

  /** Object counts of a sync; the by-type maps list every resource type of the sync (zeros included). */
  counts(syncId: string): SyncCounts {
    const byType = (table: string): Record<string, number> => {
      const out: Record<string, number> = {};
      for (const r of this.all("select external_id from v1_resource_types where sync_id = ? order by id", [
        syncId,
      ]))
        out[r[0] as string] = 0;
      const sql = `select resource_type_id, count(*) from ${table} where sync_id = ? group by resource_type_id`;
      for (const r of this.all(sql, [syncId])) out[r[0] as string] = r[1] as number;
      return out;
    };
    const sum = (m: Record<string, number>) => Object.values(m).reduce((a, b) => a + b, 0);
    const resourcesByType = byType("v1_resources");
    const entitlementsByType = byType("v1_entitlements");
    const grantsByType = byType("v1_grants");
    const resourceTypes = this.get("select count(*) from v1_resource_types where sync_id = ?", [
      syncId,
    ])![0] as number;
    return {
      resourceTypes,
      resources: sum(resourcesByType),
      entitlements: sum(entitlementsByType),
      grants: sum(grantsByType),
      resourcesByType,
      entitlementsByType,
      grantsByType,
    };
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Closes the database and removes the temp copy. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#statements.clear();
    this.db.close();
    this.#onClose();
  }
}

function filters(
  syncId: string,
  conds: [column: string, value: string | undefined][],
): [string, SQLInputValue[]] {
  const where = ["sync_id = ?"];
  const params: SQLInputValue[] = [syncId];
  for (const [column, value] of conds) {
    if (value === undefined) continue;
    where.push(`${column} = ?`);
    params.push(value);
  }
  return [where.join(" and "), params];
}
