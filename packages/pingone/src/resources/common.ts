// Helpers shared by the resource types: resource type ids, PingOne ids, provisioning principals.
import {
  BatonError,
  Code,
  type HandlerContext,
  type LogFields,
  type Resource,
  type ResourceId,
  resourceIdOf,
} from "@baton/sdk";
import type { PingOneClient } from "../client.js";
import { isPingOneId, type PingOneConfig } from "../config.js";
import type { User } from "../schemas.js";

export const USER = "user";
export const GROUP = "group";
export const POPULATION = "population";
export const ROLE = "role";

export type Ctx = HandlerContext<PingOneClient, PingOneConfig>;

/** The PingOne id (a UUID) behind a resource, checked before it reaches a URL. */
export function pingOneId(r: Resource | ResourceId | undefined, what: string): string {
  const id = resourceIdOf(r)?.resource ?? "";
  if (!isPingOneId(id)) {
    throw new BatonError(Code.InvalidArgument, `"${id}" is not a PingOne ${what} id`, {
      hint: "PingOne ids are UUIDs; take them from a sync",
    });
  }
  return id.toLowerCase();
}

/** The PingOne user behind a provisioning principal, which must be a `user`. */
export async function principalUser(client: PingOneClient, principal: Resource | undefined): Promise<User> {
  const type = principal?.id?.resourceType;
  if (type !== USER) {
    throw new BatonError(Code.InvalidArgument, `only users can be granted this, not "${type ?? ""}"`, {
      hint: `pass --grant-principal-type ${USER}`,
    });
  }
  const userId = pingOneId(principal, "user");
  const user = await client.user(userId);
  if (!user) {
    throw new BatonError(Code.NotFound, `PingOne user ${userId} does not exist`, {
      hint: "it may have been deleted since the last sync: sync again",
    });
  }
  return user;
}

/** Logs a warning once per run for `key` (e.g. one unknown vendor value), however often it is met. */
export const warnOnce = (ctx: Ctx, key: string, message: string, fields: LogFields = {}) =>
  ctx.once(`pingone:warned:${key}`, async () => ctx.log.warn(message, fields));

/** PingOne's built-in roles by id, read once per run (the role list and every user's grants use it). */
export const builtInRoles = (ctx: Ctx) =>
  ctx.once(
    "pingone:roles",
    async () => new Map((await ctx.client.roles()).map((r) => [r.id.toLowerCase(), r])),
  );
