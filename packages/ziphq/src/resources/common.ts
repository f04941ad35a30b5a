// Helpers the resource types share: the user principal, read-modify-write of a user's roles or
// user groups, and errors that name the API key's missing access.
import { BatonError, Code, isBatonError, type Resource, type ResourceId, resourceIdOf } from "@baton/sdk";
import { type MembershipField, memberships, zipId } from "../adapter.js";
import type { ZipClient } from "../client.js";

export const USER = "user";

export const KEY_HINT =
  "check --baton-ziphq-api-key ($BATON_BATON_ZIPHQ_API_KEY): use a Standard key, or a Restricted key " +
  "with read access to Users, Roles, User groups and Departments (and write access to Users to provision)";

/**
 * A list call's 401 or 403 told in terms of the key's access to one record type; other errors as
 * they are. A Restricted key without read access to, say, Roles is refused on /roles only.
 */
export async function needingAccess<T>(recordType: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (isBatonError(e) && (e.code === Code.Unauthenticated || e.code === Code.PermissionDenied)) {
      throw new BatonError(e.code, `${e.message} (the API key needs read access to ${recordType})`, {
        hint: KEY_HINT,
        cause: e,
      });
    }
    throw e;
  }
}

/** The Zip id of a resource or resource id. */
export const zipIdOf = (r: Resource | ResourceId | undefined, what = "id"): string =>
  zipId(resourceIdOf(r)?.resource, what);

/** The Zip user id of a provisioning principal, which must be a user. */
export function principalUserId(principal: Resource | ResourceId | undefined): string {
  const id = resourceIdOf(principal);
  if (id?.resourceType !== USER) {
    throw new BatonError(
      Code.InvalidArgument,
      `only Zip users can hold this, not "${id?.resourceType ?? ""}" resources`,
      { hint: "pass --grant-principal-type user" },
    );
  }
  return zipIdOf(id, "user id");
}

// Changes to one user's lists run one after the other in this process, so two grants to the same
// user at once cannot both read the old list and each drop the other's id.
const queues = new WeakMap<ZipClient, Map<string, Promise<unknown>>>();

function oneAtATime<T>(client: ZipClient, userId: string, fn: () => Promise<T>): Promise<T> {
  const perUser = queues.get(client) ?? new Map<string, Promise<unknown>>();
  queues.set(client, perUser);
  const run = (perUser.get(userId) ?? Promise.resolve()).then(fn);
  const done = run.catch(() => undefined);
  perUser.set(userId, done);
  void done.then(() => {
    if (perUser.get(userId) === done) perUser.delete(userId);
  });
  return run;
}

/**
 * Adds `targetId` to, or removes it from, the user's roles or user groups by read-modify-write: the
 * user is read right before the write, and the write sends the whole list with every other id
 * kept. Nothing is written when there is nothing to change ("unchanged").
 */
export function changeMembership(
  client: ZipClient,
  kind: keyof typeof memberships,
  userId: string,
  targetId: string,
  change: "add" | "remove",
): Promise<"changed" | "unchanged"> {
  const field: MembershipField = memberships[kind];
  return oneAtATime(client, userId, async () => {
    const user = await client.user(userId);
    if (!user) {
      if (change === "remove") return "unchanged";
      throw new BatonError(Code.NotFound, `Zip user ${userId} does not exist`, {
        hint: "sync again: the user may have been deleted",
      });
    }
    const held = field.held(user);
    const has = held.includes(targetId);
    if (has === (change === "add")) return "unchanged";
    const next = change === "add" ? [...held, targetId] : held.filter((id) => id !== targetId);
    await client.updateUser(userId, field.body(next));
    return "changed";
  });
}
