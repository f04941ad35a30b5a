// Users: JumpCloud's system users (the directory), then the console administrators who are not one
// of them. An administrator whose email belongs to exactly one system user is that user and is not
// listed again; the others (admin-only accounts, no email, an email several system users share)
// become users under their administrator id.
import { type HandlerContext, isUnknown, type Resource, resourceType, userResource } from "@baton/sdk";
import type { JumpCloudClient } from "../client.js";
import type { JumpCloudConfig } from "../config.js";
import type { AdminUser, SystemUser } from "../schemas.js";
import { adminIdentity } from "./admins.js";
import { USER } from "./common.js";

type Ctx = HandlerContext<JumpCloudClient, JumpCloudConfig>;

/** The list reads system users first, then administrators, each with skip/limit. */
export type UserCursor = { phase: "system-users" | "admins"; skip: number };

const present = (v: string | null | undefined) => (v === null ? undefined : v);
const nonEmpty = (v: string | null | undefined) => (v?.trim() ? v.trim() : undefined);

type Status = { status: "enabled" | "disabled" | "unspecified"; statusDetails?: string };

/** JumpCloud's `state`, then account_locked, then suspended (which wins), as the Go connector reads them. */
function status(ctx: Ctx, u: SystemUser): Status {
  const state = u.state ?? "";
  let s: Status;
  if (isUnknown(state)) {
    // A state JumpCloud added since: reported once per value; the flags below still apply.
    ctx.unknownValue("JumpCloud user state", state.unknown, "those users' status is left unspecified");
    s = { status: "unspecified" };
  } else if (state === "" || state === "ACTIVATED") s = { status: "enabled" };
  else if (state === "STAGED") s = { status: "disabled", statusDetails: "staged" };
  else s = { status: "disabled", statusDetails: "suspended" };
  if (u.account_locked) s = { status: "disabled", statusDetails: "locked" };
  if (u.suspended) s = { status: "disabled", statusDetails: "suspended" };
  return s;
}

/** The manager's email (GET /api/systemusers/{id}, once per manager and sync); undefined if it fails. */
async function managerEmail(ctx: Ctx, managerId: string): Promise<string | undefined> {
  try {
    const manager = await ctx.once(`jumpcloud:system-user:${managerId}`, () =>
      ctx.client.systemUser(managerId),
    );
    if (!manager) ctx.log.warn("manager not found: user listed without the manager's email", { managerId });
    return present(manager?.email);
  } catch (e) {
    if (ctx.signal.aborted) throw e;
    ctx.log.warn("manager lookup failed: user listed without the manager's email", {
      managerId,
      error: (e as Error).message,
    });
    return undefined;
  }
}

export async function systemUserResource(ctx: Ctx, u: SystemUser): Promise<Resource> {
  const fullName = [u.firstname, u.lastname].map(nonEmpty).filter(Boolean).join(" ");
  const managerId = present(u.manager);
  const email = nonEmpty(u.email);
  const alternate = nonEmpty(u.alternateEmail);
  return userResource(USER, u._id, {
    displayName: nonEmpty(u.displayname) ?? (fullName || nonEmpty(u.username) || email || u._id),
    emails: [
      ...(email ? [{ address: email, primary: true }] : []),
      ...(alternate ? [{ address: alternate, primary: false }] : []),
    ],
    login: nonEmpty(u.username),
    ...status(ctx, u),
    profile: {
      id: u._id,
      job_title: present(u.jobTitle),
      organization: present(u.organization),
      department: present(u.department),
      username: present(u.username),
      manager_id: managerId,
      manager: managerId ? await managerEmail(ctx, managerId) : undefined,
      employee_id: present(u.employeeIdentifier),
      employee_type: present(u.employeeType),
    },
  });
}

export function adminUserResource(a: AdminUser): Resource {
  const name = [a.firstname, a.lastname].map(nonEmpty).filter(Boolean).join(" ");
  const email = nonEmpty(a.email);
  return userResource(USER, a._id, {
    displayName: name || email || a._id,
    emails: email ? [{ address: email, primary: true }] : [],
    login: email,
    status: a.suspended ? "disabled" : "enabled",
    profile: { id: a._id, organization: present(a.organization) },
  });
}

/** Administrators who are not one system user, as user resources; a warning names each ambiguous one. */
async function adminOnlyUsers(ctx: Ctx, admins: AdminUser[]): Promise<Resource[]> {
  const out: Resource[] = [];
  for (const a of admins) {
    const who = await adminIdentity(ctx, a);
    if (who.kind === "system-user") continue;
    if (who.problem === "no email")
      ctx.log.warn("administrator without an email: listed as a user of its own", { admin: a._id });
    if (who.problem === "several system users") {
      ctx.log.warn("administrator's email belongs to several system users: listed as a user of its own", {
        admin: a._id,
        email: a.email ?? "",
      });
    }
    out.push(adminUserResource(a));
  }
  return out;
}

export const user = resourceType<JumpCloudClient, UserCursor, JumpCloudConfig>({
  id: USER,
  displayName: "User",
  description:
    "JumpCloud system users, and the console administrators who are not also one system user (by email). " +
    "Users hold no entitlements: group, role and app access is granted on those types.",
  traits: ["user"],
  skipEntitlementsAndGrants: true,

  async list(ctx) {
    const cursor = ctx.cursor ?? { phase: "system-users", skip: 0 };
    if (cursor.phase === "system-users") {
      const page = await ctx.client.systemUsers(cursor.skip);
      const items = [];
      for (const u of page.items) items.push(await systemUserResource(ctx, u));
      const next: UserCursor =
        page.next === undefined ? { phase: "admins", skip: 0 } : { phase: "system-users", skip: page.next };
      return { items, next };
    }
    const page = await ctx.client.admins(cursor.skip);
    const items = await adminOnlyUsers(ctx, page.items);
    return { items, next: page.next === undefined ? undefined : { phase: "admins", skip: page.next } };
  },
});
