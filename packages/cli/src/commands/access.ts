import type { Entitlement, Resource, ResourceType } from "@baton/sdk";
import { create, ResourceAccessListOutputSchema } from "@baton/sdk/proto";
import { type CommandSpec, withView } from "../command.js";
import { RESOURCE, RESOURCE_TYPE, SYNC_ID } from "../flags.js";
import { messageJson } from "../render/json.js";
import { renderTree } from "../render/tree.js";

interface ResourceAccess {
  resourceType: ResourceType;
  resource: Resource;
  entitlements: Entitlement[];
}

export const accessCommand: CommandSpec = {
  path: ["access"],
  summary: "Show the effective access of one principal: every entitlement it holds, by resource",
  flags: [RESOURCE_TYPE, RESOURCE, SYNC_ID],
  examples: ["baton access -f sync.c1z -t user -r alice", "baton access -t user -r alice -o json"],
  run: (ctx) => {
    const hint = "name the principal by type and id: baton access -t user -r <id>";
    const principalType = ctx.flags.require(RESOURCE_TYPE, hint);
    const principalId = ctx.flags.require(RESOURCE, hint);
    return withView(ctx, async ({ store, sync, lookups }) => {
      const principal = lookups.resource({ resourceType: principalType, resource: principalId });
      const access = new Map<string, ResourceAccess>();
      for (const grant of store.grants(sync.id, { principalTypeId: principalType, principalId })) {
        const entitlement = lookups.entitlement(grant.entitlement?.id ?? "");
        const resourceId = entitlement.resource?.id ?? grant.entitlement?.resource?.id;
        const key = `${resourceId?.resourceType ?? ""}\u0000${resourceId?.resource ?? ""}`;
        let entry = access.get(key);
        if (entry === undefined) {
          entry = {
            resourceType: lookups.resourceType(resourceId?.resourceType ?? ""),
            resource: lookups.resource(resourceId),
            entitlements: [],
          };
          access.set(key, entry);
        }
        entry.entitlements.push(entitlement);
      }

      if (ctx.format === "json") {
        const output = create(ResourceAccessListOutputSchema, { principal, access: [...access.values()] });
        await ctx.out.write(messageJson(ResourceAccessListOutputSchema, output));
        return;
      }
      await ctx.out.write(
        renderTree({
          text: `Effective Access for ${principal.displayName} (${principal.id?.resourceType ?? ""})`,
          children: [...access.values()].map((a) => ({
            text: `${a.resource.displayName} (${a.resourceType.displayName})`,
            children: a.entitlements.map((e) => ({ text: e.slug || e.displayName, children: [] })),
          })),
        }),
      );
    });
  },
};
