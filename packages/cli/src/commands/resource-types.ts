import type { ResourceType } from "@baton/sdk";
import { ResourceType_TraitSchema, ResourceTypeOutputSchema } from "@baton/sdk/proto";
import { type CommandSpec, renderList, withView } from "../command.js";
import { SYNC_ID } from "../flags.js";

/** Enum names as Go prints them (TRAIT_USER), numbers for values this SDK does not know. */
const traitNames = (rt: ResourceType): string =>
  rt.traits.map((t) => ResourceType_TraitSchema.value[t]?.name ?? String(t)).join(", ");

export const resourceTypesCommand: CommandSpec = {
  path: ["resource-types"],
  summary: "List the resource types of a sync",
  flags: [SYNC_ID],
  examples: ["baton resource-types -f sync.c1z"],
  run: (ctx) =>
    withView(ctx, ({ store, sync }) =>
      renderList(ctx, {
        field: "resourceTypes",
        schema: ResourceTypeOutputSchema,
        items: store.resourceTypes(sync.id),
        message: (resourceType) => ({ resourceType }),
        header: ["ID", "Display Name", "Traits"],
        row: (rt) => [rt.id, rt.displayName, traitNames(rt)],
      }),
    ),
};
