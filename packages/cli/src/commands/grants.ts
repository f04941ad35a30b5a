import type { Grant } from "@baton/sdk";
import { GrantExpandableSchema, GrantOutputSchema } from "@baton/sdk/proto";
import { type CommandSpec, map, renderList, type View, withView } from "../command.js";
import { ENTITLEMENT, type Flags, RESOURCE, RESOURCE_TYPE, SYNC_ID } from "../flags.js";

const GRANT_EXPANDABLE_URL = `type.googleapis.com/${GrantExpandableSchema.typeName}`;

/**
 * The grant as Go readers list it: their migration moves GrantExpandable out of the grant blob
 * into the `expansion` column, so it never shows in listings, also for files of older SDKs.
 */
export function listedGrant(grant: Grant): Grant {
  if (grant.annotations.some((a) => a.typeUrl === GRANT_EXPANDABLE_URL))
    grant.annotations = grant.annotations.filter((a) => a.typeUrl !== GRANT_EXPANDABLE_URL);
  return grant;
}

/** Grants selected by -t, -r and -e (each narrows the selection). */
export function selectedGrants({ store, sync }: View, flags: Flags): Iterable<Grant> {
  const resourceTypeId = flags.get(RESOURCE_TYPE);
  const resourceId = flags.get(RESOURCE);
  const entitlementId = flags.get(ENTITLEMENT);
  return map(
    store.grants(sync.id, {
      ...(resourceTypeId !== undefined && { resourceTypeId }),
      ...(resourceId !== undefined && { resourceId }),
      ...(entitlementId !== undefined && { entitlementId }),
    }),
    listedGrant,
  );
}

export const grantsCommand: CommandSpec = {
  path: ["grants"],
  summary: "List the grants of a sync: who (principal) has which entitlement on which resource",
  flags: [RESOURCE_TYPE, RESOURCE, ENTITLEMENT, SYNC_ID],
  examples: [
    "baton grants -f sync.c1z",
    "baton grants -t group -r eng",
    "baton grants -e group:eng:member -o json",
  ],
  run: (ctx) => {
    ctx.flags.needs(
      RESOURCE,
      RESOURCE_TYPE,
      "resource ids are unique only within a type: baton grants -t <type> -r <id>",
    );
    ctx.flags.exclusive(RESOURCE, ENTITLEMENT);
    return withView(ctx, async (view) => {
      const { lookups } = view;
      await renderList(ctx, {
        field: "grants",
        schema: GrantOutputSchema,
        items: map(selectedGrants(view, ctx.flags), (grant) => {
          const resourceId = grant.entitlement?.resource?.id;
          return {
            grant,
            entitlement: lookups.entitlement(grant.entitlement?.id ?? ""),
            resource: lookups.resource(resourceId),
            resourceType: lookups.resourceType(resourceId?.resourceType ?? ""),
            principal: lookups.resource(grant.principal?.id),
          };
        }),
        message: (row) => row,
        header: ["ID", "Resource Type", "Resource", "Entitlement", "Principal"],
        row: ({ grant, entitlement, resource, resourceType, principal }) => [
          grant.id,
          resourceType.displayName,
          resource.displayName,
          entitlement.displayName,
          principal.displayName,
        ],
      });
    });
  },
};
