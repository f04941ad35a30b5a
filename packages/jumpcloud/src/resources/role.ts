// JumpCloud administrator roles. The API has no role objects: each administrator carries the name of
// one of seven fixed roles (`roleName` on GET /api/users), so the roles are listed from that fixed
// set, and their grants come from one pass over the administrators per sync.
import { type Grant, type HandlerContext, resourceType, roleResource } from "@baton/sdk";
import type { JumpCloudClient } from "../client.js";
import type { JumpCloudConfig } from "../config.js";
import { adminIdentity, roleId } from "./admins.js";
import { keptEntitlement, keptGrant, ROLE, USER } from "./common.js";

type Ctx = HandlerContext<JumpCloudClient, JumpCloudConfig>;

export const MEMBER = "member";

/** The roles JumpCloud gives administrators, by display name. */
export const ROLE_NAMES = [
  "Administrator with Billing",
  "Administrator",
  "Manager",
  "Command Runner with Billing",
  "Command Runner",
  "Help Desk",
  "Read Only",
] as const;

const ROLES = new Map(ROLE_NAMES.map((name) => [roleId(name), name]));

const roleAsResource = (name: string) => roleResource(ROLE, roleId(name), { displayName: name });

/** The role's one entitlement, `role:{id}` as the Go connector names it. */
const memberEntitlement = (roleIdValue: string) => {
  const name = ROLES.get(roleIdValue) ?? roleIdValue;
  return keptEntitlement(roleAsResource(name), MEMBER, {
    displayName: `${name} Role Member`,
    description: `Member of ${name} role`,
    grantableTo: [USER],
    purpose: "permission",
  });
};

/** One page of administrators as role grants; a role name this connector does not know is reported once. */
async function roleGrants(ctx: Ctx, skip: number): Promise<{ items: Grant[]; next?: number | undefined }> {
  const page = await ctx.client.admins(skip);
  const items: Grant[] = [];
  for (const admin of page.items) {
    const id = roleId(admin.roleName ?? "");
    if (!ROLES.has(id)) {
      ctx.unknownValue(
        "JumpCloud administrator role",
        admin.roleName ?? "",
        "its administrators get no role grant",
      );
      continue;
    }
    const { principal } = await adminIdentity(ctx, admin);
    items.push(keptGrant(memberEntitlement(id), principal));
  }
  return { items, next: page.next };
}

export const role = resourceType<JumpCloudClient, number, JumpCloudConfig>({
  id: ROLE,
  displayName: "Role",
  description:
    "JumpCloud administrator roles (the seven fixed ones). Read-only here: an administrator's role is " +
    "changed in the JumpCloud console (Settings > Administrators).",
  traits: ["role"],
  syncOnly: {
    reason: "JumpCloud's API does not change administrator roles",
    hint: "change an administrator's role in the JumpCloud console (Settings > Administrators)",
  },

  list: async () => ROLE_NAMES.map(roleAsResource),

  entitlements: async ({ resource }) => [memberEntitlement(resource.id!.resource)],

  typeGrants: (ctx) => roleGrants(ctx, ctx.cursor ?? 0),
});
