import type { Resource, ResourceType } from "@baton/sdk";
import { ResourceOutputSchema } from "@baton/sdk/proto";
import { type CommandSpec, type Context, map, renderList, withView } from "../command.js";
import { RESOURCE_TYPE, SYNC_ID } from "../flags.js";
import type { Lookups } from "../placeholders.js";

/** A resource with its type and parent, as in baton.v1.ResourceOutput. */
export interface ResourceRow {
  resource: Resource;
  resourceType: ResourceType;
  parent: Resource | undefined;
}

export const resourceRow = (lookups: Lookups, resource: Resource): ResourceRow => ({
  resource,
  resourceType: lookups.resourceType(resource.id?.resourceType ?? ""),
  parent: resource.parentResourceId && lookups.resource(resource.parentResourceId),
});

export const RESOURCE_HEADER = ["ID", "Display Name", "Resource Type", "Parent Resource"];

export const resourceCells = ({ resource, resourceType, parent }: ResourceRow): string[] => [
  resource.id?.resource ?? "",
  resource.displayName,
  resourceType.displayName,
  parent ? `${parent.displayName} (${parent.id?.resourceType ?? ""})` : "-",
];

/** Prints resources as the Go CLI's ResourceListOutput (used by resources and principals). */
export const renderResources = (ctx: Context, rows: Iterable<ResourceRow>): Promise<void> =>
  renderList(ctx, {
    field: "resources",
    schema: ResourceOutputSchema,
    items: rows,
    message: (row) => row,
    header: RESOURCE_HEADER,
    row: resourceCells,
  });

export const resourcesCommand: CommandSpec = {
  path: ["resources"],
  summary: "List the resources of a sync, with their type and parent",
  flags: [RESOURCE_TYPE, SYNC_ID],
  examples: ["baton resources -f sync.c1z", "baton resources -t user -o json"],
  run: (ctx) =>
    withView(ctx, async ({ store, sync, lookups }) => {
      const resourceTypeId = ctx.flags.get(RESOURCE_TYPE);
      const resources = store.resources(sync.id, resourceTypeId === undefined ? {} : { resourceTypeId });
      await renderResources(
        ctx,
        map(resources, (resource) => resourceRow(lookups, resource)),
      );
    }),
};
