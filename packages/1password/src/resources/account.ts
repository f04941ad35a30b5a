import { grant, type Resource, resource, resourceType } from "@baton/sdk";
import type { OnePasswordClient } from "../client.js";
import type { OnePasswordConfig } from "../config.js";
import { accountOf, onePasswordEntitlement, usersOf } from "./shared.js";

export const accountResource = (a: { id: string; name: string }): Resource =>
  resource("account", a.id, { displayName: a.name, children: ["group", "user", "vault"] });

/** The 1Password account: the one top-level resource, parent of users, groups and vaults. */
export const account = resourceType<OnePasswordClient, string, OnePasswordConfig>({
  id: "account",
  displayName: "Account",
  async list(ctx) {
    if (ctx.parent) return [];
    return [accountResource(await accountOf(ctx))];
  },
  async entitlements({ resource }) {
    return [onePasswordEntitlement(resource, "member", "assignment")];
  },
  async grants(ctx) {
    const users = await usersOf(ctx);
    return users.map((u) => grant(ctx.resource, "member", { type: "user", id: u.id }));
  },
});
