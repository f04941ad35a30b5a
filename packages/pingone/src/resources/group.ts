// PingOne groups. Their grants are the users' direct memberships, read from each user (user.ts);
// granting adds a direct membership, revoking removes it.
import { entitlement, groupResource, type Resource, resourceType } from "@baton/sdk";
import type { PingOneClient } from "../client.js";
import type { PingOneConfig } from "../config.js";
import type { Group } from "../schemas.js";
import { GROUP, pingOneId, principalUser, USER } from "./common.js";

export const MEMBER = "member";

export const groupAsResource = (g: Group): Resource =>
  groupResource(GROUP, g.id, {
    displayName: g.name,
    description: g.description ?? "",
    profile: {
      group_name: g.name,
      description: g.description,
      population_id: g.population?.id,
      external_id: g.externalId,
      source_type: g.sourceType,
    },
  });

export const group = resourceType<PingOneClient, string, PingOneConfig>({
  id: GROUP,
  displayName: "Group",
  description:
    "PingOne groups. member is held by the group's direct members (members through a nested group or " +
    "the group's user filter are not grants); granting it adds a direct membership, revoking removes it.",
  traits: ["group"],

  async list({ client, cursor }) {
    const page = await client.groups(cursor);
    return { items: page.items.map(groupAsResource), next: page.next };
  },

  async get({ client, id }) {
    const g = await client.group(pingOneId(id, "group"));
    return g && groupAsResource(g);
  },

  async entitlements({ resource }) {
    return [
      entitlement(resource, MEMBER, {
        displayName: `${resource.displayName} Group Member`,
        description: `Direct member of the ${resource.displayName} group in PingOne`,
        grantableTo: [USER],
      }),
    ];
  },

  async grant({ client, principal, entitlement }) {
    const user = await principalUser(client, principal);
    const groupId = pingOneId(entitlement.resource, "group");
    const existing = await client.membership(user.id, groupId);
    if (existing?.type === "DIRECT") return "already-exists";
    // An indirect member (nested group, user filter) becomes a direct one as well.
    await client.addMembership(user.id, groupId);
    return "granted";
  },

  async revoke({ client, grant, log }) {
    const userId = pingOneId(grant.principal, "user");
    const groupId = pingOneId(grant.entitlement?.resource, "group");
    const existing = await client.membership(userId, groupId);
    if (!existing) return "already-revoked";
    if (existing.type !== "DIRECT") {
      log.warn("the user is still a member through a nested group or the group's user filter", {
        user: userId,
        group: groupId,
        type: existing.type,
      });
      return "already-revoked";
    }
    return (await client.removeMembership(userId, groupId)) ? "revoked" : "already-revoked";
  },
});
