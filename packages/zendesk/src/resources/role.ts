// Zendesk custom agent roles (Enterprise plans). Every agent holds exactly one role.
import { BatonError, Code, entitlement, grant, ref, resourceType, roleResource } from "@baton/sdk";
import type { ZendeskClient } from "../client.js";
import type { ZendeskConfig } from "../config.js";
import type { CustomRole } from "../schemas.js";
import { isTeamMember, principalUser, TEAM_MEMBER, zendeskId } from "./common.js";

export const ROLE = "role";
/** Held by the team members whose custom_role_id is this role. */
const ASSIGNED = "assigned";

const roleAsResource = (r: CustomRole) =>
  roleResource(ROLE, r.id, {
    displayName: r.name,
    description: r.description ?? "",
    profile: { role_id: r.id, role_name: r.name, role_type: r.role_type },
  });

export const role = resourceType<ZendeskClient, string, ZendeskConfig>({
  id: ROLE,
  displayName: "Role",
  description:
    "Zendesk custom agent roles. Granting a role makes it the agent's role (replacing the previous one); " +
    "revoking is refused because an agent always holds exactly one role: grant another role instead.",
  traits: ["role"],

  async list({ client }) {
    return (await client.customRoles()).map(roleAsResource);
  },

  async entitlements({ resource }) {
    return [
      entitlement(resource, ASSIGNED, {
        displayName: `${resource.displayName} Role`,
        description: `Zendesk team members whose role is ${resource.displayName}`,
        grantableTo: [TEAM_MEMBER],
      }),
    ];
  },

  async grants(ctx) {
    const { client, resource, cursor } = ctx;
    const roleId = zendeskId(resource);
    const page = await client.usersWithCustomRole(roleId, cursor);
    const items = page.items
      .filter((u) => isTeamMember(u, ctx) && u.custom_role_id === roleId)
      .map((u) => grant(resource, ASSIGNED, ref(TEAM_MEMBER, u.id)));
    return { items, next: page.next };
  },

  async grant(ctx) {
    const { client, principal, entitlement } = ctx;
    const user = await principalUser(ctx, principal);
    const roleId = zendeskId(entitlement.resource);
    if (user.custom_role_id === roleId) return "already-exists";
    await client.setCustomRole(user.id, roleId);
    return "granted";
  },

  async revoke({ grant }) {
    throw new BatonError(
      Code.FailedPrecondition,
      `cannot revoke ${grant.entitlement?.resource?.displayName ?? "a role"}: a Zendesk agent always holds exactly one role`,
      { hint: "assign another role instead (grant that role's assigned entitlement)" },
    );
  },
});
