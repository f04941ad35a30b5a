import {
  BatonError,
  Code,
  type Grant,
  grant,
  groupResource,
  type Resource,
  type ResourceId,
  resourceType,
} from "@baton/sdk";
import type { GroupRole, OnePasswordClient } from "../client.js";
import type { OnePasswordConfig } from "../config.js";
import type { Group } from "../op/schemas.js";
import { type Ctx, onePasswordEntitlement, principalOf, targetOf } from "./shared.js";

export const groupResourceOf = (g: Group, parent: ResourceId): Resource =>
  groupResource("group", g.id, {
    displayName: g.name,
    description: g.description,
    parent,
    profile: { group_name: g.name, group_id: g.id },
  });

function roleOf(slug: string, entitlementId: string): GroupRole {
  if (slug === "member" || slug === "manager") return slug;
  throw new BatonError(
    Code.InvalidArgument,
    `entitlement "${entitlementId}" is not a group member or manager entitlement`,
  );
}

/** The membership of one user in a group: undefined when not a member. */
async function roleIn(ctx: Ctx, groupId: string, userId: string): Promise<"MEMBER" | "MANAGER" | undefined> {
  const member = (await ctx.client.groupMembers(groupId)).find((m) => m.id === userId);
  if (!member) return undefined;
  return member.role === "MANAGER" ? "MANAGER" : "MEMBER";
}

/** Groups (`op group list`): membership, and the manager role. */
export const group = resourceType<OnePasswordClient, string, OnePasswordConfig>({
  id: "group",
  displayName: "Group",
  traits: ["group"],
  childOnly: true,
  async list({ client, parent }) {
    if (parent?.resourceType !== "account") return [];
    return (await client.groups()).map((g) => groupResourceOf(g, parent));
  },
  async entitlements({ resource }) {
    return [
      onePasswordEntitlement(resource, "member", "assignment"),
      onePasswordEntitlement(resource, "manager", "permission"),
    ];
  },
  async grants({ client, resource }) {
    const members = await client.groupMembers(resource.id!.resource);
    return members.flatMap((m) => {
      const principal = { type: "user", id: m.id };
      const grants: Grant[] = [grant(resource, "member", principal)];
      if (m.role === "MANAGER") grants.push(grant(resource, "manager", principal));
      return grants;
    });
  },

  async grant(ctx) {
    const { id: groupId, slug } = targetOf(ctx.entitlement);
    const role = roleOf(slug, ctx.entitlement.id);
    const { id: userId } = principalOf(ctx.principal.id, ["user"], "be granted group membership");
    const current = await roleIn(ctx, groupId, userId);
    if (current === "MANAGER" || (current === "MEMBER" && role === "member")) return "already-exists";
    // A user must be a member before they can be made a manager.
    if (!current) await ctx.client.groupUserGrant(groupId, userId, "member");
    if (role === "manager") await ctx.client.groupUserGrant(groupId, userId, "manager");
    return "granted";
  },

  async revoke(ctx) {
    const { id: groupId, slug } = targetOf(ctx.grant.entitlement);
    const role = roleOf(slug, ctx.grant.id);
    const { id: userId } = principalOf(ctx.grant.principal?.id, ["user"], "have group membership revoked");
    const current = await roleIn(ctx, groupId, userId);
    if (!current || (role === "manager" && current !== "MANAGER")) return "already-revoked";
    // Taking the manager role away leaves the user a member.
    if (role === "manager") await ctx.client.groupUserGrant(groupId, userId, "member");
    else await ctx.client.groupUserRevoke(groupId, userId);
    return "revoked";
  },
});
