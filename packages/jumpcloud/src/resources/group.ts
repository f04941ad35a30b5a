// JumpCloud user groups. A group's grants are its members (GET /api/v2/usergroups/{id}/members);
// granting and revoking `member` adds or removes a system user (POST …/members).
import {
  BatonError,
  Code,
  type Entitlement,
  type GrantOutcome,
  groupResource,
  type HandlerContext,
  type Resource,
  type RevokeOutcome,
  ref,
  resourceType,
} from "@baton/sdk";
import type { JumpCloudClient } from "../client.js";
import type { JumpCloudConfig } from "../config.js";
import type { UserGroup } from "../schemas.js";
import {
  GROUP,
  jumpcloudId,
  keptEntitlement,
  keptGrant,
  principalKind,
  requestedId,
  USER,
} from "./common.js";

type Ctx = HandlerContext<JumpCloudClient, JumpCloudConfig>;

export const MEMBER = "member";

const groupAsResource = (g: UserGroup) =>
  groupResource(GROUP, g.id, {
    displayName: g.name,
    description: g.description ?? "",
    profile: { type: g.type ?? "", email: g.email ?? "" },
  });

/** The group's one entitlement, `group:{id}` as the Go connector names it. */
export const memberEntitlement = (group: Resource) =>
  keptEntitlement(group, MEMBER, {
    displayName: `${group.displayName} Group Member`,
    description: `Member of ${group.displayName} group`,
    grantableTo: [USER],
    purpose: "assignment",
  });

/** The id of a group's member entitlement, for grants that members of the group inherit. */
export const memberEntitlementId = (groupId: string): string =>
  keptEntitlement(ref(GROUP, groupId), MEMBER, {}).id;

/**
 * The system user behind a principal, or a refusal that says why JumpCloud would reject it: only
 * system users are members of groups (and associated with apps), not groups or admin-only accounts.
 */
export async function systemUserPrincipal(ctx: Ctx, principal: Resource, what: string): Promise<string> {
  if (principalKind(principal) !== "user") {
    throw new BatonError(
      Code.FailedPrecondition,
      `${what} is held by JumpCloud users only, not by ${principal.id?.resourceType} ${principal.displayName || jumpcloudId(principal)}`,
      { hint: "grant it to the users themselves" },
    );
  }
  const id = requestedId(principal);
  if (!(await ctx.client.systemUser(id))) {
    throw new BatonError(
      Code.FailedPrecondition,
      `${principal.displayName || id} is a JumpCloud administrator without a system user account (${id}): ${what} is held by system users only`,
      {
        hint: "create a system user with the administrator's email in the JumpCloud console (User Management > Users), sync, then grant to that user",
      },
    );
  }
  return id;
}

export const group = resourceType<JumpCloudClient, number, JumpCloudConfig>({
  id: GROUP,
  displayName: "Group",
  description:
    "JumpCloud user groups. Granting member adds a system user to the group and revoking removes them; " +
    "administrators without a system user account cannot be members.",
  traits: ["group"],

  async list({ client, cursor }) {
    const page = await client.userGroups(cursor);
    return { items: page.items.map(groupAsResource), next: page.next };
  },

  async entitlements({ resource }) {
    return [memberEntitlement(resource)];
  },

  async grants(ctx) {
    const { client, resource, cursor } = ctx;
    const page = await client.groupMembers(jumpcloudId(resource), cursor);
    const member = memberEntitlement(resource);
    const items = page.items.flatMap(({ to }) => {
      if (to.type === "user") return [keptGrant(member, ref(USER, to.id))];
      if (to.type === "group" || to.type === "user_group") return [keptGrant(member, ref(GROUP, to.id))];
      ctx.unknownValue("JumpCloud group member type", to.type, "members of that type are left out");
      return [];
    });
    return { items, next: page.next };
  },

  async grant(ctx): Promise<GrantOutcome> {
    const { entitlement, principal } = ctx;
    const userId = await systemUserPrincipal(ctx, principal, groupMembership(entitlement));
    const edit = await ctx.client.editGroupMembership(requestedId(entitlement.resource), "add", userId);
    return edit === "changed" ? "granted" : "already-exists";
  },

  async revoke(ctx): Promise<RevokeOutcome> {
    const { grant } = ctx;
    const principal = grant.principal;
    if (principalKind(principal) !== "user") {
      throw new BatonError(
        Code.FailedPrecondition,
        `cannot revoke ${grant.id}: JumpCloud groups hold users only, and this grant names ${principal?.id?.resourceType ?? "no principal"}`,
        { hint: "change nested groups in the JumpCloud console (User Management > User Groups)" },
      );
    }
    const groupId = requestedId(grant.entitlement?.resource);
    const edit = await ctx.client.editGroupMembership(groupId, "remove", requestedId(principal));
    return edit === "changed" ? "revoked" : "already-revoked";
  },
});

const groupMembership = (e: Entitlement) => `membership of ${e.resource?.displayName || "the group"}`;
