import { SyncOutputSchema } from "@baton/sdk/proto";
import { type CommandSpec, renderList, withStore } from "../command.js";
import { FILE } from "../flags.js";
import { rfc3339, syncOutput } from "../sync-run.js";

export const syncsCommand: CommandSpec = {
  path: ["syncs"],
  summary: "List the sync runs stored in the c1z, oldest first",
  flags: [],
  examples: ["baton syncs -f sync.c1z", "baton syncs -o json"],
  run: (ctx) =>
    withStore(ctx, ctx.flags.get(FILE)!, (store) =>
      renderList(ctx, {
        field: "syncs",
        schema: SyncOutputSchema,
        items: store.syncs(),
        message: syncOutput,
        header: ["ID", "Started At", "Ended At", "Type", "Parent ID", "Token"],
        row: (run) => [
          run.id,
          rfc3339(run.startedAt),
          rfc3339(run.endedAt),
          run.syncType,
          run.parentSyncId || "-",
          run.syncToken,
        ],
      }),
    ),
};
