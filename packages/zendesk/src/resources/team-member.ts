// Team members: Zendesk agents and admins. End-users are customers, not staff, and are not synced.
import { type AccountInfo, BatonError, Code, type Resource, resourceType, userResource } from "@baton/sdk";
import type { ZendeskClient } from "../client.js";
import type { ZendeskConfig } from "../config.js";
import type { User } from "../schemas.js";
import { isTeamMember, TEAM_MEMBER, zendeskId } from "./common.js";

/** First word and the rest, as the Go connector splits names ("Ana de Souza" → "Ana", "de Souza"). */
function splitName(name: string): [string, string] {
  const space = name.indexOf(" ");
  return space < 0 ? [name, ""] : [name.slice(0, space), name.slice(space + 1)];
}

/** A team member (`u` an agent or admin, its role known). */
export function teamMemberResource(u: User): Resource {
  const [firstName, lastName] = splitName(u.name);
  const email = u.email ?? undefined;
  const disabled = u.suspended || !u.active;
  return userResource(TEAM_MEMBER, u.id, {
    displayName: u.name || email || String(u.id),
    emails: email ? [{ address: email, primary: true }] : [],
    login: email,
    givenName: firstName,
    familyName: lastName,
    accountType: "human",
    status: disabled ? "disabled" : "enabled",
    statusDetails: u.suspended ? "suspended" : u.active ? undefined : "deleted",
    createdAt: new Date(u.created_at),
    lastLogin: u.last_login_at ? new Date(u.last_login_at) : undefined,
    profile: { login: email, email, first_name: firstName, last_name: lastName, role: String(u.role) },
  });
}

const text = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : undefined);

/** The new agent's email and name, from --create-account-email/--create-account-login and the profile. */
function newAgent(info: AccountInfo): { email: string; name: string } {
  const email = info.emails.find((e) => e.isPrimary)?.address ?? info.emails[0]?.address ?? info.login;
  if (!email.includes("@")) {
    throw new BatonError(Code.InvalidArgument, "creating a Zendesk agent needs an email address", {
      hint: "pass --create-account-email",
    });
  }
  const p = info.profile ?? {};
  const fullName = [text(p.first_name), text(p.last_name)].filter(Boolean).join(" ");
  return { email, name: text(p.name) ?? (fullName || email) };
}

export const teamMember = resourceType<ZendeskClient, string, ZendeskConfig>({
  id: TEAM_MEMBER,
  displayName: "Team Member",
  description:
    "Zendesk agents and admins, suspended ones included (as disabled). Creating one adds an agent; " +
    "deleting one deletes the user in Zendesk, which cannot be undone.",
  traits: ["user"],
  skipEntitlementsAndGrants: true,

  async list(ctx) {
    const page = await ctx.client.teamMembers(ctx.cursor);
    return { items: page.items.filter((u) => isTeamMember(u, ctx)).map(teamMemberResource), next: page.next };
  },

  async createAccount(ctx) {
    const { client, info } = ctx;
    const agent = newAgent(info);
    const existing = await client.userByEmail(agent.email);
    if (existing && !isTeamMember(existing, ctx)) {
      throw new BatonError(Code.AlreadyExists, `${agent.email} belongs to a Zendesk end-user (a customer)`, {
        hint: "make that user an agent in Zendesk instead",
      });
    }
    if (existing) return { status: "already-exists", resource: teamMemberResource(existing) };
    return { status: "created", resource: teamMemberResource(await client.createAgent(agent)) };
  },

  async deleteResource(ctx) {
    const { client, id } = ctx;
    const userId = zendeskId(id);
    const existing = await client.user(userId);
    if (!existing?.active) return "already-gone";
    if (!isTeamMember(existing, ctx)) {
      throw new BatonError(
        Code.FailedPrecondition,
        `Zendesk user ${userId} is an end-user, not a team member`,
      );
    }
    return (await client.deleteUser(userId)) ? "deleted" : "already-gone";
  },
});
