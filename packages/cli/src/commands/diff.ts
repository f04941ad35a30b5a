import { basename } from "node:path";
import {
  BatonError,
  C1ZDiffOutputSchema,
  Code,
  create,
  type DescMessage,
  EntitlementSchema,
  GrantSchema,
  type MessageShape,
  ResourceSchema,
  type SyncRun,
} from "@baton/sdk";
import { type CommandSpec, map, withStore } from "../command.js";
import { FILE } from "../flags.js";
import { messageJson } from "../render/json.js";
import { listedGrant } from "./grants.js";

interface Bucket<T> {
  created: T[];
  deleted: T[];
  modified: T[];
}

const sortKeys = (_: string, v: unknown) =>
  v !== null && typeof v === "object" && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v;

/** Go's notion of "modified": the protojson differs, compared with object keys sorted. */
const canonicalJson = <Desc extends DescMessage>(schema: Desc, item: MessageShape<Desc>): string =>
  JSON.stringify(JSON.parse(messageJson(schema, item)), sortKeys);

function bucket<Desc extends DescMessage>(
  schema: Desc,
  key: (item: MessageShape<Desc>) => string,
  older: Iterable<MessageShape<Desc>>,
  newer: Iterable<MessageShape<Desc>>,
): Bucket<MessageShape<Desc>> {
  const old = new Map<string, MessageShape<Desc>>();
  for (const item of older) old.set(key(item), item);
  const out: Bucket<MessageShape<Desc>> = { created: [], deleted: [], modified: [] };
  for (const item of newer) {
    const k = key(item);
    const before = old.get(k);
    if (before === undefined) out.created.push(item);
    else if (canonicalJson(schema, before) !== canonicalJson(schema, item)) out.modified.push(item);
    old.delete(k);
  }
  out.deleted.push(...old.values());
  return out;
}

/** The two latest finished full syncs, newest first (c1z-format.md §1.8: ended_at, then sync id). */
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
      const resourceKey = (r: MessageShape<typeof ResourceSchema>) =>
        `${r.id?.resourceType}:${r.id?.resource}`;
      const output = create(C1ZDiffOutputSchema, {
        resources: bucket(ResourceSchema, resourceKey, store.resources(older.id), store.resources(newer.id)),
        entitlements: bucket(
          EntitlementSchema,
          (e) => e.id,
          store.entitlements(older.id),
          store.entitlements(newer.id),
        ),
        grants: bucket(
          GrantSchema,
          (g) => g.id,
          map(store.grants(older.id), listedGrant),
          map(store.grants(newer.id), listedGrant),
        ),
      });
      await ctx.out.write(messageJson(C1ZDiffOutputSchema, output));
    });
  },
};
