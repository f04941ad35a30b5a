import { rename } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import { openC1zForWrite, privateTempDir } from "@baton/sdk/c1z";
import { type CommandSpec, refuseInput, withView } from "../command.js";
import { type FlagSpec, SYNC_ID } from "../flags.js";

const OUT: FlagSpec = {
  name: "out",
  value: "path",
  description: "The c1z file to write",
  default: "./latest.c1z",
};

/** Tables whose rows belong to one sync. */
const TABLES = [
  "v1_sync_runs",
  "v1_resource_types",
  "v1_resources",
  "v1_entitlements",
  "v1_grants",
  "v1_assets",
  "v1_connector_sessions",
];

const columnsOf = (db: DatabaseSync, table: string): string[] =>
  (db.prepare(`pragma table_info(${table})`).all() as { name: string }[]).map((c) => c.name);

function copyRows(source: DatabaseSync, target: DatabaseSync, table: string, syncId: string): void {
  const have = new Set(columnsOf(source, table));
  const columns = columnsOf(target, table).filter((c) => c !== "id" && have.has(c));
  const select = source.prepare(`select ${columns.join(", ")} from ${table} where sync_id = ? order by id`);
  select.setReturnArrays(true);
  const insert = target.prepare(
    `insert into ${table} (${columns.join(", ")}) values (${columns.map(() => "?").join(", ")})`,
  );
  for (const row of select.iterate(syncId) as Iterable<SQLInputValue[]>) insert.run(...row);
}

export const exportC1zCommand: CommandSpec = {
  path: ["export", "c1z"],
  summary: "Copy one sync (by default the one the other commands show) into a new c1z file",
  flags: [OUT, SYNC_ID],
  examples: [
    "baton export c1z -f sync.c1z --out latest.c1z",
    "baton export c1z --sync-id <id> --out old.c1z",
  ],
  run: (ctx) =>
    withView(ctx, async ({ store, sync }) => {
      const out = ctx.flags.get(OUT)!;
      refuseInput(ctx, out);
      // Built next to the output and renamed over it, so an existing --out is replaced whole; the
      // directory (a plaintext work database) goes also when the export is interrupted.
      const { path: dir, remove } = await privateTempDir(dirname(resolve(out)), `.${basename(out)}-`);
      try {
        const writer = await openC1zForWrite(join(dir, "out.c1z"), { tmpDir: dir });
        try {
          // Rows are copied as stored (same sync id, times, blobs and expansion columns), like Go's CloneSync.
          writer.db.exec("begin");
          for (const table of TABLES) copyRows(store.db, writer.db, table, sync.id);
          writer.db.exec("commit");
          await writer.save();
        } finally {
          writer.close({ discardWork: true });
        }
        await rename(join(dir, "out.c1z"), out);
      } finally {
        remove();
      }
      ctx.note(`exported sync ${sync.id} to ${out}`);
    }),
};
