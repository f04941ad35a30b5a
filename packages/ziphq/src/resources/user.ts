// Zip users. Each user record names the user's roles, user groups and department, so one pass over
// the users (typeGrants) gives the grants of all three types.
import {
  type AccountInfo,
  BatonError,
  Code,
  type Grant,
  grant,
  type Resource,
  ref,
  resourceType,
  userResource,
} from "@baton/sdk";
import { type NewUser, newUserBody, user as userSchema, type ZipUser } from "../adapter.js";
import type { ZipClient } from "../client.js";
import type { ZiphqConfig } from "../config.js";
import { USER, zipIdOf } from "./common.js";
import { DEPARTMENT, MEMBER as DEPARTMENT_MEMBER } from "./department.js";
import { GROUP, MEMBER as GROUP_MEMBER } from "./group.js";
import { ASSIGNED, ROLE } from "./role.js";

export function zipUserResource(u: ZipUser): Resource {
  const fullName = [u.firstName, u.lastName].filter(Boolean).join(" ");
  return userResource(USER, u.id, {
    displayName: fullName || u.email || u.id,
    emails: u.email ? [{ address: u.email, primary: true }] : [],
    login: u.email || undefined,
    givenName: u.firstName || undefined,
    familyName: u.lastName || undefined,
    accountType: "human",
    status: u.active ? "enabled" : "disabled",
    statusDetails: u.active ? undefined : "deactivated",
    createdAt: u.createdAt,
    profile: {
      email: u.email,
      first_name: u.firstName,
      last_name: u.lastName,
      department_id: u.department?.id,
      department_name: u.department?.name,
    },
  });
}

/** The grants a user record names: its roles, user groups and department, each once. */
export function grantsOf(u: ZipUser): Grant[] {
  const principal = ref(USER, u.id);
  const held = new Map<string, Grant>();
  const add = (g: Grant) => held.set(g.id, g);
  for (const r of u.roles) add(grant(ref(ROLE, r.id), ASSIGNED, principal));
  for (const g of u.userGroups) add(grant(ref(GROUP, g.id), GROUP_MEMBER, principal));
  if (u.department) add(grant(ref(DEPARTMENT, u.department.id), DEPARTMENT_MEMBER, principal));
  return [...held.values()];
}

const text = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : undefined);

/** The new user's email and names, from --create-account-email/--create-account-login and the profile. */
function newUser(info: AccountInfo, warn: (msg: string) => void): NewUser {
  const p = info.profile ?? {};
  const login = text(info.login);
  const email = info.emails.find((e) => e.isPrimary)?.address ?? info.emails[0]?.address ?? login;
  if (!email?.includes("@")) {
    throw new BatonError(Code.InvalidArgument, "creating a Zip user needs an email address", {
      hint: "pass --create-account-email",
    });
  }
  if (login && login.toLowerCase() !== email.toLowerCase()) {
    warn("Zip users sign in with their email: --create-account-login is not used");
  }
  const firstName = text(p.first_name);
  const lastName = text(p.last_name);
  if (!firstName || !lastName) {
    throw new BatonError(Code.InvalidArgument, "creating a Zip user needs a first and a last name", {
      hint: `pass --create-account-profile '{"first_name":"Ana","last_name":"Diaz"}'`,
    });
  }
  return { email, firstName, lastName };
}

export const user = resourceType<ZipClient, string, ZiphqConfig>({
  id: USER,
  displayName: "User",
  description:
    "Zip users; deactivated ones are included as disabled. Creating one adds a Zip user " +
    "(email, first and last name); deleting one deletes the user in Zip.",
  traits: ["user"],
  // Users hold no entitlements; their records name the grants of the other types (typeGrants).
  skipEntitlementsAndGrants: true,

  async list({ client, cursor }) {
    const page = await client.users(cursor);
    return { items: page.items.map(zipUserResource), next: page.next };
  },

  async typeGrants({ client, cursor }) {
    const page = await client.users(cursor);
    return { items: page.items.flatMap(grantsOf), next: page.next };
  },

  async get({ client, id }) {
    const u = await client.user(zipIdOf(id, "user id"));
    return u && zipUserResource(u);
  },

  async createAccount({ client, info, log }) {
    const wanted = newUser(info, (msg) => log.warn(msg));
    const [existing] = await client.usersByEmail(wanted.email);
    if (existing) return { status: "already-exists", resource: zipUserResource(existing) };
    const answer = await client.createUser(newUserBody(wanted));
    // The answer's shape is not documented: read the new user from it, or else look it up by email.
    const created = userSchema.safeParse(answer).data ?? (await client.usersByEmail(wanted.email))[0];
    if (!created) {
      throw new BatonError(Code.Unknown, `Zip accepted the new user ${wanted.email} but does not list it`, {
        hint: "sync again before retrying: creating it again could make a second user",
      });
    }
    return { status: "created", resource: zipUserResource(created) };
  },

  async deleteResource({ client, id }) {
    return (await client.deleteUser(zipIdOf(id, "user id"))) ? "deleted" : "already-gone";
  },
});
