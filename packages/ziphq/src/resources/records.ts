// Roles, user groups and departments have the same shape in Zip: a paged list of `{ id, name,
// description }` records, one entitlement each, and grants that come from the users' side.
import {
  entitlement,
  type GrantOutcome,
  groupResource,
  type Resource,
  type ResourceTypeDefinition,
  type RevokeOutcome,
  resourceType,
  roleResource,
} from "@baton/sdk";
import type { memberships, ZipRecord } from "../adapter.js";
import type { ListPage, ZipClient } from "../client.js";
import type { ZiphqConfig } from "../config.js";
import { changeMembership, needingAccess, principalUserId, USER, zipIdOf } from "./common.js";

export interface RecordTypeOptions {
  id: string;
  displayName: string;
  description: string;
  trait: "role" | "group";
  /** The one entitlement's slug: `assigned` or `member`. */
  slug: string;
  /** How the entitlement's display name ends: "Role", "Group Member". */
  entitlementTitle: string;
  /** The entitlement's description, from the record's name. */
  entitlementDescription(name: string): string;
  /** The record type as Zip's API key settings name it, for access errors: "Roles". */
  recordType: string;
  list(client: ZipClient, token?: string): Promise<ListPage<ZipRecord>>;
  /** The user field grants and revokes change; without it, the type is sync only. */
  membership?: keyof typeof memberships;
  /** Why grants and revokes are refused, for a type that is synced only. */
  syncOnly?: { reason: string; hint: string };
}

export function recordType(o: RecordTypeOptions): ResourceTypeDefinition<ZipClient, string, ZiphqConfig> {
  const build = o.trait === "role" ? roleResource : groupResource;
  const asResource = (r: ZipRecord): Resource =>
    build(o.id, r.id, {
      displayName: r.name,
      description: r.description,
      profile: { [`${o.id}_id`]: r.id, [`${o.id}_name`]: r.name },
    });
  const { membership } = o;

  return resourceType<ZipClient, string, ZiphqConfig>({
    id: o.id,
    displayName: o.displayName,
    description: o.description,
    traits: [o.trait],
    ...(o.syncOnly && { syncOnly: o.syncOnly }),

    async list({ client, cursor }) {
      const page = await needingAccess(o.recordType, () => o.list(client, cursor));
      return { items: page.items.map(asResource), next: page.next };
    },

    async entitlements({ resource }) {
      const name = resource.displayName;
      return [
        entitlement(resource, o.slug, {
          displayName: `${name} ${o.entitlementTitle}`,
          description: o.entitlementDescription(name),
          grantableTo: [USER],
        }),
      ];
    },

    // No grants handler: the user type's typeGrants reads them from the users, in one pass.

    ...(membership && {
      async grant({ client, principal, entitlement: e }): Promise<GrantOutcome> {
        const userId = principalUserId(principal);
        const changed = await changeMembership(client, membership, userId, zipIdOf(e.resource), "add");
        return changed === "changed" ? "granted" : "already-exists";
      },
      async revoke({ client, grant }): Promise<RevokeOutcome> {
        const userId = principalUserId(grant.principal);
        const target = zipIdOf(grant.entitlement?.resource);
        const changed = await changeMembership(client, membership, userId, target, "remove");
        return changed === "changed" ? "revoked" : "already-revoked";
      },
    }),
  });
}
