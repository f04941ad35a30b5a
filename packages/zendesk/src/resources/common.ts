// Small helpers shared by the resource types: Zendesk ids, principals, membership lookups.
import {
  BatonError,
  Code,
  findInPages,
  type Grant,
  type GrantOutcome,
  type HandlerContext,
  isUnknown,
  type Resource,
  type ResourceId,
  type RevokeOutcome,
  resourceIdOf,
} from "@baton/sdk";
import type { ListPage, ZendeskClient } from "../client.js";
import type { Role, User } from "../schemas.js";

export const TEAM_MEMBER = "team_member";

/** The numeric Zendesk id behind a resource (ids are decimal strings, as in the Go connector). */
export function zendeskId(r: Resource | ResourceId | undefined): number {
  const id = resourceIdOf(r)?.resource ?? "";
  if (!/^[1-9]\d*$/.test(id) || !Number.isSafeInteger(Number(id))) {
    throw new BatonError(Code.InvalidArgument, `"${id}" is not a Zendesk id`);
  }
  return Number(id);
}

/** Where a role this connector does not know is reported. */
export type Reporter = Pick<HandlerContext<unknown>, "unknownValue">;

/** The user's role, or undefined (reported once per role) when Zendesk sent one this connector does not know. */
export function roleOf(u: User, ctx: Reporter): Role | undefined {
  if (!isUnknown(u.role)) return u.role;
  ctx.unknownValue("Zendesk user role", u.role.unknown, "users with it are left out");
  return undefined;
}

/** Agents and admins; a user whose role this connector does not know is not counted (and is reported). */
export const isTeamMember = (u: User, ctx: Reporter): boolean => {
  const role = roleOf(u, ctx);
  return role === "agent" || role === "admin";
};

/** The Zendesk user behind a provisioning principal, which must be a team member (agent or admin). */
export async function principalUser(
  ctx: Reporter & { client: ZendeskClient },
  principal: Resource | undefined,
): Promise<User> {
  const client = ctx.client;
  const type = principal?.id?.resourceType;
  if (type !== TEAM_MEMBER) {
    throw new BatonError(Code.InvalidArgument, `only team members can be granted this, not "${type ?? ""}"`);
  }
  const userId = zendeskId(principal);
  const user = await client.user(userId);
  if (!user) throw new BatonError(Code.NotFound, `Zendesk user ${userId} does not exist`);
  const role = roleOf(user, ctx);
  if (role === "end-user")
    throw new BatonError(Code.FailedPrecondition, `Zendesk user ${userId} is an end-user, not a team member`);
  if (role === undefined)
    throw new BatonError(
      Code.FailedPrecondition,
      `Zendesk user ${userId} has a role this connector does not know`,
    );
  return user;
}

/** How to read, add and remove a user's memberships of one kind: of groups or of organizations. */
export interface Memberships<M extends { id: number; user_id: number }> {
  ofUser(userId: number, cursor?: string): Promise<ListPage<M>>;
  /** The group or organization a membership is of. */
  target(membership: M): number;
  add(userId: number, targetId: number): Promise<unknown>;
  /** false when it was already gone. */
  remove(membershipId: number): Promise<boolean>;
}

/** Adds the user to the group or organization unless the membership exists. */
export async function addMembership<M extends { id: number; user_id: number }>(
  memberships: Memberships<M>,
  userId: number,
  targetId: number,
): Promise<GrantOutcome> {
  const existing = await findInPages(
    (cursor) => memberships.ofUser(userId, cursor),
    (m) => memberships.target(m) === targetId,
  );
  if (existing) return "already-exists";
  await memberships.add(userId, targetId);
  return "granted";
}

/** Removes the membership behind a grant, matched on both the user and the group or organization. */
export async function removeMembership<M extends { id: number; user_id: number }>(
  memberships: Memberships<M>,
  grant: Grant,
): Promise<RevokeOutcome> {
  const userId = zendeskId(grant.principal);
  const targetId = zendeskId(grant.entitlement?.resource);
  const membership = await findInPages(
    (cursor) => memberships.ofUser(userId, cursor),
    (m) => m.user_id === userId && memberships.target(m) === targetId,
  );
  if (!membership) return "already-revoked";
  return (await memberships.remove(membership.id)) ? "revoked" : "already-revoked";
}
