import {
  type HandlerContext,
  isUnknown,
  type Resource,
  type ResourceId,
  type ResourceStatus,
  resourceType,
  type UserOptions,
  userResource,
} from "@baton/sdk";
import type { OnePasswordClient } from "../client.js";
import type { OnePasswordConfig } from "../config.js";
import type { User } from "../op/schemas.js";
import { type Ctx, usersOf } from "./shared.js";

type Reporter = Pick<HandlerContext<unknown>, "unknownValue">;

// 1Password user states: ACTIVE and RECOVERY_STARTED can sign in. Pending states (invited, transfer
// pending) count as disabled, with the state in the status details; a state op adds later is
// unspecified.
const enabledStates = new Set(["ACTIVE", "RECOVERY_STARTED"]);

export function statusOf(state: User["state"], ctx: Reporter): ResourceStatus {
  if (!isUnknown(state)) return enabledStates.has(state) ? "enabled" : "disabled";
  if (state.unknown === "") return "unspecified";
  ctx.unknownValue("1Password user state", state.unknown, "users in it get the status unspecified");
  return "unspecified";
}

function accountTypeOf(type: User["type"], ctx: Reporter): UserOptions["accountType"] {
  if (!isUnknown(type)) return type === "SERVICE_ACCOUNT" ? "service" : "human";
  ctx.unknownValue("1Password user type", type.unknown, "users of it get the account type unspecified");
  return "unspecified";
}

const text = (v: string | { unknown: string }) => (typeof v === "string" ? v : v.unknown);

export function userResourceOf(u: User, parent: ResourceId, ctx: Reporter): Resource {
  const space = u.name.indexOf(" ");
  const [first, last] = space < 0 ? [u.name, ""] : [u.name.slice(0, space), u.name.slice(space + 1)];
  return userResource("user", u.id, {
    displayName: u.name || u.email,
    parent,
    emails: u.email ? [{ address: u.email, primary: true }] : [],
    login: u.email,
    givenName: first,
    familyName: last,
    status: statusOf(u.state, ctx),
    statusDetails: text(u.state),
    accountType: accountTypeOf(u.type, ctx),
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
    return (await usersOf(ctx)).map((u) => userResourceOf(u, parent, ctx));
  },
});
