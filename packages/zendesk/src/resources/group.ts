// Zendesk groups of agents. A group's grants come from its memberships (GET /groups/{id}/memberships).
import { BatonError, Code, entitlement, grant, groupResource, ref, resourceType } from "@baton/sdk";
import type { ZendeskClient } from "../client.js";
import type { ZendeskConfig } from "../config.js";
import type { Group, GroupMembership } from "../schemas.js";
import {
  addMembership,
  isTeamMember,
  type Memberships,
  principalUser,
  removeMembership,
  TEAM_MEMBER,
  zendeskId,
} from "./common.js";

export const GROUP = "group";
/** Every member of the group. */
const MEMBER = "member";
/** Members of the group who are Zendesk admins. */
const ADMIN = "admin";

/** A user's group memberships, for provisioning. */
const groupMemberships = (client: ZendeskClient): Memberships<GroupMembership> => ({
  ofUser: (userId, cursor) => client.userGroupMemberships(userId, cursor),
  target: (m) => m.group_id,
  add: (userId, targetId) => client.addGroupMembership(userId, targetId),
  remove: (membershipId) => client.deleteGroupMembership(membershipId),
});

const groupAsResource = (g: Group) =>
  groupResource(GROUP, g.id, { displayName: g.name, profile: { group_id: g.id, group_name: g.name } });

export const group = resourceType<ZendeskClient, string, ZendeskConfig>({
  id: GROUP,
  displayName: "Group",
  description:
    "Zendesk groups of agents. Granting member or admin adds a group membership (admin only for users " +
    "who are Zendesk admins); revoking either removes the membership.",
  traits: ["group"],

  async list({ client, cursor }) {
    const page = await client.groups(cursor);
    return { items: page.items.map(groupAsResource), next: page.next };
  },

  async entitlements({ resource }) {
    const name = resource.displayName;
    const common = { grantableTo: [TEAM_MEMBER], purpose: "permission" as const };
    return [
      entitlement(resource, MEMBER, {
        ...common,
        displayName: `${name} Group Member`,
        description: `Member of the ${name} group in Zendesk`,
      }),
      entitlement(resource, ADMIN, {
        ...common,
        displayName: `${name} Group Admin`,
        description: `Zendesk admin who is a member of the ${name} group`,
      }),
    ];
  },

  async grants(ctx) {
    const { client, resource, cursor, log } = ctx;
    const page = await client.groupMemberships(zendeskId(resource), cursor);
    const items = page.items.flatMap(({ membership, user }) => {
      if (!user || !isTeamMember(user, ctx)) {
        log.warn("group membership of a user who is not a team member: skipped", {
          membership: membership.id,
        });
        return [];
      }
      const principal = ref(TEAM_MEMBER, user.id);
      const member = grant(resource, MEMBER, principal);
      return user.role === "admin" ? [member, grant(resource, ADMIN, principal)] : [member];
    });
    return { items, next: page.next };
  },

  async grant(ctx) {
    const { client, principal, entitlement } = ctx;
    const user = await principalUser(ctx, principal);
    if (entitlement.slug === ADMIN && user.role !== "admin") {
      throw new BatonError(
        Code.FailedPrecondition,
        `Zendesk user ${user.id} is an agent: group admin is only held by Zendesk admins`,
        { hint: "grant the group's member entitlement instead" },
      );
    }
    return addMembership(groupMemberships(client), user.id, zendeskId(entitlement.resource));
  },

  async revoke({ client, grant }) {
    return removeMembership(groupMemberships(client), grant);
  },
});
