import {
  BatonError,
  Code,
  type Entitlement,
  entitlement,
  type HandlerContext,
  type Purpose,
  type Resource,
  type ResourceId,
} from "@baton/sdk";
import type { OnePasswordClient } from "../client.js";
import type { OnePasswordConfig } from "../config.js";
import type { Account, User } from "../op/schemas.js";

export type Ctx = HandlerContext<OnePasswordClient, OnePasswordConfig>;

/** `op account get`, run once per sync: its type selects the vault permission table. */
export const accountOf = (ctx: Ctx): Promise<Account> => ctx.once("account", () => ctx.client.account());

/** An entitlement named as the Go connector names them: "Engineering group member". */
export function onePasswordEntitlement(
  resource: Resource,
  slug: string,
  purpose: Purpose,
  grantableTo: string[] = ["user"],
): Entitlement {
  const type = resource.id?.resourceType ?? "";
  return entitlement(resource, slug, {
    displayName: `${resource.displayName} ${type} ${slug}`,
    description: `1Password ${resource.displayName} ${type}`,
    grantableTo,
    purpose,
  });
}

/** What grant and revoke act on: the resource id and slug of the entitlement they are handed. */
export function targetOf(e: Entitlement | undefined): { id: string; slug: string } {
  const rid = e?.resource?.id;
  if (!e || !rid)
    throw new BatonError(Code.InvalidArgument, "the entitlement to provision names no resource");
  const prefix = `${rid.resourceType}:${rid.resource}:`;
  const slug = e.slug || (e.id.startsWith(prefix) ? e.id.slice(prefix.length) : "");
  return { id: rid.resource, slug };
}

/** The principal of a grant or revoke, which must be of one of these types. */
export function principalOf<T extends string>(
  p: ResourceId | undefined,
  types: readonly T[],
  action: string,
) {
  const type = p?.resourceType as T | undefined;
  if (p && type && types.includes(type)) return { type, id: p.resource };
  throw new BatonError(
    Code.InvalidArgument,
    `only ${types.join(" or ")} principals can ${action} (got ${p?.resourceType ?? "none"})`,
  );
}

/** `op user list`, run once per sync: users are listed, and every user is an account member. */
export const usersOf = (ctx: Ctx): Promise<User[]> => ctx.once("users", () => ctx.client.users());
