// JumpCloud console administrators are accounts of their own (ids from GET /api/users), apart from
// the system users of the directory. As the Go connector does, an administrator is represented by the
// system user with the same email when there is exactly one; otherwise by a user resource with the
// administrator's id. Their roles and the synthetic "JumpCloud Administration" app are granted to
// that principal. Each email is looked up once per sync, however many of the user list, the role
// grants and the app grants ask.
import { type HandlerContext, type ResourceId, ref } from "@baton/sdk";
import type { JumpCloudClient } from "../client.js";
import type { JumpCloudConfig } from "../config.js";
import type { AdminUser } from "../schemas.js";
import { USER } from "./common.js";

type Ctx = HandlerContext<JumpCloudClient, JumpCloudConfig>;

/**
 * Who an administrator is in the sync: the one system user with their email ("system-user"), or
 * themselves ("admin"), with the reason when an email did not settle it.
 */
export type AdminIdentity =
  | { kind: "system-user"; principal: ResourceId }
  | { kind: "admin"; principal: ResourceId; problem?: "no email" | "several system users" };

/** The admin's identity; each email is looked up once per sync (GET /api/systemusers?filter=email:$eq:…). */
export async function adminIdentity(ctx: Ctx, admin: AdminUser): Promise<AdminIdentity> {
  const self = ref(USER, admin._id);
  const email = admin.email?.trim();
  if (!email) return { kind: "admin", principal: self, problem: "no email" };
  const matches = await ctx.once(`jumpcloud:system-users-with-email:${email}`, () =>
    ctx.client.systemUsersWithEmail(email),
  );
  if (matches.length === 1) return { kind: "system-user", principal: ref(USER, matches[0]!._id) };
  return matches.length === 0
    ? { kind: "admin", principal: self }
    : { kind: "admin", principal: self, problem: "several system users" };
}

/** `"role_"` + the name lower-cased, every run of characters other than a–z and 0–9 made one `_`. */
export const roleId = (name: string): string =>
  `role_${name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")}`;
