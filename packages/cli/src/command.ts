import { resolve } from "node:path";
import {
  type C1zStore,
  isDecompressionLimitError,
  MAX_DECOMPRESSED_ENV,
  openC1z,
  type SyncRun,
} from "@baton/sdk/c1z";
import { BatonError, Code } from "@baton/sdk/errors";
import { create, type DescMessage, type MessageInitShape } from "@baton/sdk/proto";
import { FILE, type FlagSpec, type Flags, MAX_DECOMPRESSED_SIZE, parseSize, SYNC_ID } from "./flags.js";
import type { Output } from "./output.js";
import { Lookups } from "./placeholders.js";
import { writeJsonList } from "./render/json.js";
import { type TableStyle, writeTable } from "./render/table.js";

export type OutputFormat = "console" | "json";

export interface Context {
  readonly flags: Flags;
  readonly format: OutputFormat;
  /** stdout: the listing, the JSON document, nothing else. */
  readonly out: Output;
  /** stderr, for notes such as "wrote sync.csv". */
  readonly note: (line: string) => void;
  readonly table: TableStyle;
}

export interface CommandSpec {
  /** Words after `baton`, e.g. ["principals", "compare"]. */
  path: readonly string[];
  summary: string;
  flags: readonly FlagSpec[];
  examples: readonly string[];
  run(ctx: Context): Promise<void>;
}

/** Opens a c1z (a private decompressed copy; the file itself is only read) within the size limit. */
export async function withStore<T>(
  ctx: Context,
  path: string,
  fn: (store: C1zStore) => Promise<T>,
): Promise<T> {
  const limit = ctx.flags.has(MAX_DECOMPRESSED_SIZE)
    ? parseSize(MAX_DECOMPRESSED_SIZE, ctx.flags.get(MAX_DECOMPRESSED_SIZE)!)
    : undefined;
  let store: C1zStore;
  try {
    store = await openC1z(path, limit === undefined ? {} : { maxDecompressedBytes: limit });
  } catch (e) {
    if (!isDecompressionLimitError(e)) throw e;
    throw new BatonError(e.code, e.message, {
      hint: `if the file is genuine, raise the limit with --${MAX_DECOMPRESSED_SIZE.name}, e.g. --${MAX_DECOMPRESSED_SIZE.name} 20GiB, or $${MAX_DECOMPRESSED_ENV}`,
      cause: e,
    });
  }
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

/** Export commands never write over the file they read. */
export function refuseInput(ctx: Context, out: string): void {
  if (resolve(out) === resolve(ctx.flags.get(FILE)!))
    throw new BatonError(Code.InvalidArgument, `--out ${out} is the input file (-f)`, {
      hint: "the input is never modified: choose another --out",
    });
}

/**
 * The objects of the sync a command shows: --sync-id, else the latest finished full sync, else the
 * latest unfinished one (as the Go CLI chooses).
 */
export interface View {
  store: C1zStore;
  sync: SyncRun;
  lookups: Lookups;
}

export function withView(ctx: Context, fn: (view: View) => Promise<void>): Promise<void> {
  return withStore(ctx, ctx.flags.get(FILE)!, (store) => {
    const syncId = ctx.flags.get(SYNC_ID);
    const sync = store.selectSync(syncId === undefined ? {} : { syncId });
    return fn({ store, sync, lookups: new Lookups(store, sync.id) });
  });
}

export function* map<T, U>(items: Iterable<T>, fn: (item: T) => U): Iterable<U> {
  for (const item of items) yield fn(item);
}

export interface ListSpec<T, Desc extends DescMessage> {
  /** JSON name of the list field of the Go output message, e.g. "grants" of GrantListOutput. */
  field: string;
  /** Schema of one list item, e.g. GrantOutput. */
  schema: Desc;
  items: Iterable<T>;
  message(item: T): MessageInitShape<Desc>;
  header: string[];
  row(item: T): string[];
}

/** Streams a list as a console table or as the JSON of the list output message. */
export async function renderList<T, Desc extends DescMessage>(
  ctx: Context,
  list: ListSpec<T, Desc>,
): Promise<void> {
  if (ctx.format === "json")
    await writeJsonList(
      ctx.out,
      list.field,
      list.schema,
      map(list.items, (item) => create(list.schema, list.message(item))),
    );
  else await writeTable(ctx.out, list.header, map(list.items, list.row), ctx.table);
}
