import type { SyncCounts, SyncRun } from "@baton/sdk/c1z";
import { create, SyncOutputSchema } from "@baton/sdk/proto";
import { type CommandSpec, type Context, withStore } from "../command.js";
import { FILE, SYNC_ID } from "../flags.js";
import { jsonText, messageJson } from "../render/json.js";
import { writeTable } from "../render/table.js";
import { goDuration, rfc3339, syncOutput, timestamp } from "../sync-run.js";

/** Only SQLite (v1) c1z files can be opened; Pebble (v3) files are refused when opened. */
const ENGINE = "sqlite";

function duration(sync: SyncRun): string {
  const start = timestamp(sync.startedAt);
  const end = timestamp(sync.endedAt);
  if (!start || !end) return "-";
  const ms = Number(end.seconds - start.seconds) * 1000 + (end.nanos - start.nanos) / 1e6;
  return goDuration(Math.round(ms / 1000));
}

function byResourceType(
  counts: SyncCounts,
): [string, { resources: number; entitlements: number; grants: number }][] {
  const ids = new Set([
    ...Object.keys(counts.resourcesByType),
    ...Object.keys(counts.entitlementsByType),
    ...Object.keys(counts.grantsByType),
  ]);
  return [...ids].sort().map((id) => [
    id,
    {
      resources: counts.resourcesByType[id] ?? 0,
      entitlements: counts.entitlementsByType[id] ?? 0,
      grants: counts.grantsByType[id] ?? 0,
    },
  ]);
}

async function writeConsole(ctx: Context, sync: SyncRun, counts: SyncCounts): Promise<void> {
  const info = [
    ["Engine", ENGINE],
    ["Sync ID", sync.id],
    ["Sync Type", sync.syncType],
    ["Parent Sync ID", sync.parentSyncId || "-"],
    ["Started At", rfc3339(sync.startedAt)],
    ["Ended At", rfc3339(sync.endedAt)],
    ["Duration", duration(sync)],
    ["Sync Token", sync.syncToken || "-"],
  ];
  await writeTable(ctx.out, ["Field", "Value"], info, ctx.table);
  await ctx.out.write("\n");
  const totals = [
    ["Resource Types", String(counts.resourceTypes)],
    ["Resources", String(counts.resources)],
    ["Entitlements", String(counts.entitlements)],
    ["Grants", String(counts.grants)],
  ];
  await writeTable(ctx.out, ["Type", "Count"], totals, ctx.table);
  const breakdown = byResourceType(counts);
  if (breakdown.length === 0) return;
  await ctx.out.write("\n");
  await writeTable(
    ctx.out,
    ["Resource Type", "Resources", "Entitlements", "Grants"],
    breakdown.map(([id, c]) => [id, String(c.resources), String(c.entitlements), String(c.grants)]),
    ctx.table,
  );
}

/** The JSON shape is documented in the README (stats -o json). */
function statsJson(sync: SyncRun, counts: SyncCounts): string {
  return jsonText({
    engine: ENGINE,
    sync: JSON.parse(messageJson(SyncOutputSchema, create(SyncOutputSchema, syncOutput(sync)))),
    totals: {
      resourceTypes: counts.resourceTypes,
      resources: counts.resources,
      entitlements: counts.entitlements,
      grants: counts.grants,
    },
    byResourceType: Object.fromEntries(byResourceType(counts)),
  });
}

export const statsCommand: CommandSpec = {
  path: ["stats"],
  summary: "Summarise a sync: its run, object totals and a per-resource-type breakdown",
  flags: [
    { ...SYNC_ID, description: "Summarise this sync instead of the latest finished one (ids: baton syncs)" },
  ],
  examples: ["baton stats -f sync.c1z", "baton stats -o json"],
  run: (ctx) =>
    withStore(ctx, ctx.flags.get(FILE)!, async (store) => {
      const syncId = ctx.flags.get(SYNC_ID);
      // The latest finished sync of any type, as the Go CLI; a file with only an unfinished sync
      // shows that one (the default view) instead of nothing.
      const sync =
        syncId === undefined
          ? (store.latestFinishedSync() ?? store.selectSync())
          : store.selectSync({ syncId });
      const counts = store.counts(sync.id);
      if (ctx.format === "json") await ctx.out.write(statsJson(sync, counts));
      else await writeConsole(ctx, sync, counts);
    }),
};
