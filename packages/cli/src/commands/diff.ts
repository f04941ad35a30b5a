import { basename } from "node:path";
import type { SQLInputValue } from "node:sqlite";
import type { C1zStore, SyncRun } from "@baton/sdk/c1z";
import { BatonError, Code } from "@baton/sdk/errors";
import {
  type DescMessage,
  EntitlementSchema,
  fromBinary,
  GrantSchema,
  type MessageShape,
  ResourceSchema,
} from "@baton/sdk/proto";
import { type CommandSpec, withStore } from "../command.js";
import { FILE } from "../flags.js";
import type { Output } from "../output.js";
import { messageJson } from "../render/json.js";
import { listedGrant } from "./grants.js";

const sortKeys = (_: string, v: unknown) =>
  v !== null && typeof v === "object" && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v;

/** Go's notion of "modified": the protojson differs, compared with object keys sorted. */
const canonicalJson = <Desc extends DescMessage>(schema: Desc, item: MessageShape<Desc>): string =>
  JSON.stringify(JSON.parse(messageJson(schema, item)), sortKeys);

interface Table<Desc extends DescMessage> {
  /** JSON name in C1ZDiffOutput. */
  field: string;
  table: string;
  schema: Desc;
  /** How a stored object is shown and compared (grants lose their GrantExpandable). */
  read(data: Uint8Array): MessageShape<Desc>;
}

const TABLES = [
  {
    field: "resources",
    table: "v1_resources",
    schema: ResourceSchema,
    read: (d) => fromBinary(ResourceSchema, d),
  },
  {
    field: "entitlements",
    table: "v1_entitlements",
    schema: EntitlementSchema,
    read: (d) => fromBinary(EntitlementSchema, d),
  },
  {
    field: "grants",
    table: "v1_grants",
    schema: GrantSchema,
    read: (d) => listedGrant(fromBinary(GrantSchema, d)),
  },
] as const satisfies Table<DescMessage>[];

/**
 * Rows of `sql` one at a time. Objects are matched by `external_id`, which is the Go CLI's key:
 * `type:id` for resources, the id for entitlements and grants. The anti-joins use the
 * (external_id, sync_id) index every writer creates, or an automatic index SQLite builds.
 */
function* rows(store: C1zStore, sql: string, params: SQLInputValue[]): Generator<Uint8Array[]> {
  const statement = store.db.prepare(sql);
  statement.setReturnArrays(true);
  yield* statement.iterate(...params) as Iterable<Uint8Array[]>;
}

/**
 * Writes one ResourceDiff/EntitlementDiff/GrantDiff as protojson, streaming: created and modified in
 * the newer sync's storage order, deleted in the older one's. Memory stays flat however many
 * objects changed: nothing is collected, both syncs are read through SQL joins.
 */
async function writeBucket<Desc extends DescMessage>(
  out: Output,
  store: C1zStore,
  t: Table<Desc>,
  older: string,
  newer: string,
): Promise<void> {
  const { table, schema } = t;
  function* decoded(sql: string, params: SQLInputValue[]): Generator<MessageShape<Desc>> {
    for (const [data] of rows(store, sql, params)) yield t.read(data!);
  }
  /** Rows of the sync `keep` (first parameter: the other sync) whose key the other sync lacks. */
  const missingFromOther = (keep: string, other: string) =>
    `select ${keep}.data from ${table} ${keep} left join ${table} ${other}
     on ${other}.sync_id = ? and ${other}.external_id = ${keep}.external_id
     where ${keep}.sync_id = ? and ${other}.id is null order by ${keep}.id`;
  function* modified(): Generator<MessageShape<Desc>> {
    // Rows with identical bytes are equal; others are compared as Go does, by their JSON.
    const sql = `select n.data, o.data from ${table} n join ${table} o on o.sync_id = ? and o.external_id = n.external_id
      where n.sync_id = ? and n.data != o.data order by n.id`;
    for (const [after, before] of rows(store, sql, [older, newer])) {
      const item = t.read(after!);
      if (canonicalJson(schema, t.read(before!)) !== canonicalJson(schema, item)) yield item;
    }
  }
  const lists: [string, Iterable<MessageShape<Desc>>][] = [
    ["created", decoded(missingFromOther("n", "o"), [older, newer])],
    ["deleted", decoded(missingFromOther("o", "n"), [newer, older])],
    ["modified", modified()],
  ];
  await out.write(`"${t.field}":{`);
  let fields = 0;
  for (const [name, items] of lists) {
    let count = 0;
    for (const item of items)
      await out.write(
        `${count++ === 0 ? `${fields++ === 0 ? "" : ","}"${name}":[` : ","}${messageJson(schema, item)}`,
      );
    if (count > 0) await out.write("]");
  }
  await out.write("}");
}

/** The two latest finished full syncs, newest first (by ended_at, then sync id, as Go orders them). */
function latestTwoFullSyncs(syncs: SyncRun[], file: string): [SyncRun, SyncRun] {
  const full = syncs
    .filter((s) => s.endedAt !== null && s.syncType === "full")
    .sort((a, b) => (b.endedAt! < a.endedAt! ? -1 : b.endedAt! > a.endedAt! ? 1 : b.id < a.id ? -1 : 1));
  const [newer, older] = full;
  if (newer === undefined)
    throw new BatonError(
      Code.FailedPrecondition,
      `${basename(file)} has no finished full sync, nothing to diff`,
      {
        hint: "diff compares the two latest finished full syncs of one file",
      },
    );
  if (older === undefined)
    throw new BatonError(
      Code.FailedPrecondition,
      `${basename(file)} has only one finished full sync (${newer.id}), diff needs two`,
      { hint: "run the connector again with the same --file to add a second sync" },
    );
  return [newer, older];
}

export const diffCommand: CommandSpec = {
  path: ["diff"],
  summary: "Compare the latest finished full sync with the previous one (always prints JSON)",
  flags: [],
  examples: ["baton diff -f sync.c1z"],
  run: (ctx) => {
    const file = ctx.flags.get(FILE)!;
    return withStore(ctx, file, async (store) => {
      const [newer, older] = latestTwoFullSyncs(store.syncs(), file);
      // The JSON of C1ZDiffOutput, written as it is computed.
      await ctx.out.write("{");
      for (const [i, t] of TABLES.entries()) {
        if (i > 0) await ctx.out.write(",");
        await writeBucket(ctx.out, store, t as Table<DescMessage>, older.id, newer.id);
      }
      await ctx.out.write("}");
    });
  },
};
