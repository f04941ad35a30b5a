import { type Resource, type ResourceId, type ResourceStatus, resourceType, userResource } from "@baton/sdk";
import type { OnePasswordClient } from "../client.js";
import type { OnePasswordConfig } from "../config.js";
import type { User } from "../op/schemas.js";
import { type Ctx, usersOf } from "./shared.js";

// 1Password user states: ACTIVE and RECOVERY_STARTED can sign in. Pending states (invited, transfer pending) have
// no "unspecified" in the SDK: they count as disabled, with the state in the status details.
const enabledStates = new Set(["ACTIVE", "RECOVERY_STARTED"]);

export const statusOf = (state: string): ResourceStatus =>
  enabledStates.has(state) ? "enabled" : "disabled";

export function userResourceOf(u: User, parent: ResourceId): Resource {
  const space = u.name.indexOf(" ");
  const [first, last] = space < 0 ? [u.name, ""] : [u.name.slice(0, space), u.name.slice(space + 1)];
  return userResource("user", u.id, {
    displayName: u.name || u.email,
    parent,
    emails: u.email ? [{ address: u.email, primary: true }] : [],
    login: u.email,
    givenName: first,
    familyName: last,
    status: statusOf(u.state),
    statusDetails: u.state,
    accountType: u.type === "SERVICE_ACCOUNT" ? "service" : "human",
    profile: { first_name: first, last_name: last, login: u.email, user_id: u.id },
  });
}

/** Users of the account (`op user list`). Their access is read from groups, vaults and the account. */
export const user = resourceType<OnePasswordClient, string, OnePasswordConfig>({
  id: "user",
  displayName: "User",
  traits: ["user"],
  childOnly: true,
  skipEntitlementsAndGrants: true,
  async list(ctx: Ctx & { parent?: ResourceId }) {
    const parent = ctx.parent;
    if (parent?.resourceType !== "account") return [];
    return (await usersOf(ctx)).map((u) => userResourceOf(u, parent));
  },
});
