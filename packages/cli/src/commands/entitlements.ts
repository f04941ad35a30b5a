import { EntitlementOutputSchema } from "@baton/sdk/proto";
import { type CommandSpec, map, renderList, withView } from "../command.js";
import { RESOURCE_TYPE, SYNC_ID } from "../flags.js";

export const entitlementsCommand: CommandSpec = {
  path: ["entitlements"],
  summary: "List the entitlements of a sync, with their resource and its type",
  flags: [RESOURCE_TYPE, SYNC_ID],
  examples: ["baton entitlements -f sync.c1z", "baton entitlements -t group -o json"],
  run: (ctx) =>
    withView(ctx, async ({ store, sync, lookups }) => {
      const resourceTypeId = ctx.flags.get(RESOURCE_TYPE);
      const entitlements = store.entitlements(
        sync.id,
        resourceTypeId === undefined ? {} : { resourceTypeId },
      );
      await renderList(ctx, {
        field: "entitlements",
        schema: EntitlementOutputSchema,
        items: map(entitlements, (entitlement) => ({
          entitlement,
          resource: lookups.resource(entitlement.resource?.id),
          resourceType: lookups.resourceType(entitlement.resource?.id?.resourceType ?? ""),
        })),
        message: (row) => row,
        header: ["ID", "Display Name", "Resource Type", "Resource", "Permission"],
        row: ({ entitlement, resource, resourceType }) => [
          entitlement.id,
          entitlement.displayName,
          resourceType.displayName,
          resource.displayName,
          entitlement.slug,
        ],
      });
    }),
};
