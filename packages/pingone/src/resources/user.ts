// PingOne users. A user's grants are read from the user, since PingOne reports memberships on the
// member: its direct group memberships (GET /users/{id}/memberOfGroups), its role assignments at this
// environment's scope (GET /users/{id}/roleAssignments: PingOne has no environment-wide listing) and
// its population (on the user itself, no request). That is one or two requests per user, whatever the
// number of groups and roles.
import {
  type AccountInfo,
  BatonError,
  Code,
  type CreateAccountOutcome,
  findInPages,
  type Grant,
  grant,
  isBatonError,
  type Resource,
  ref,
  resourceType,
  userResource,
} from "@baton/sdk";
import { create, PlaintextDataSchema } from "@baton/sdk/proto";
import type { NewUser, PingOneClient } from "../client.js";
import { isPingOneId, type PingOneConfig } from "../config.js";
import { generatePassword } from "../password.js";
import type { GroupMembership, RoleAssignment, User } from "../schemas.js";
import { builtInRoles, type Ctx, GROUP, POPULATION, pingOneId, ROLE, USER, warnOnce } from "./common.js";

const date = (value: string | undefined) => {
  const d = value ? new Date(value) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
};

const text = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : undefined);

/** name.formatted, else given and family name, else the username. */
export function displayName(u: User): string {
  const full = [u.name?.given, u.name?.family].map(text).filter(Boolean).join(" ");
  return text(u.name?.formatted) ?? (full || u.username);
}

export function userAsResource(u: User): Resource {
  const createdAt = date(u.createdAt);
  const lastSignOn = date(u.lastSignOn?.at);
  return userResource(USER, u.id, {
    displayName: displayName(u),
    emails: u.email ? [{ address: u.email, primary: true }] : [],
    login: u.username,
    givenName: text(u.name?.given),
    familyName: text(u.name?.family),
    accountType: "human",
    status: u.enabled ? "enabled" : "disabled",
    statusDetails: u.account?.status === "LOCKED" ? "locked" : undefined,
    createdAt,
    lastLogin: lastSignOn,
    mfaEnabled: u.mfaEnabled,
    profile: {
      username: u.username,
      email: u.email,
      given_name: text(u.name?.given),
      family_name: text(u.name?.family),
      population_id: u.population?.id,
      lifecycle_status: u.lifecycle?.status,
      account_status: u.account?.status,
      identity_provider_type: u.identityProvider?.type,
      created_at: createdAt?.toISOString(),
      last_sign_on_at: lastSignOn?.toISOString(),
    },
  });
}

/**
 * The group grant of a membership, when it is a direct one: an indirect one comes from a nested group
 * or the group's user filter, so it is no membership of its own to revoke.
 */
function membershipGrant(ctx: Ctx, principal: Resource, m: GroupMembership): Grant[] {
  if (m.type === "DIRECT") return [grant(ref(GROUP, m.id), "member", principal)];
  if (m.type !== "INDIRECT") {
    ctx.unknownValue("PingOne group membership type", m.type, "the membership is left out");
  }
  return [];
}

/** The scope types PingOne documents; of them, only ENVIRONMENT scopes of the configured environment are grants. */
const SCOPE_TYPES = new Set(["ORGANIZATION", "ENVIRONMENT", "POPULATION", "APPLICATION"]);

/**
 * What this run knows of the worker application's access to roles: PingOne refuses (403) the
 * built-in roles and every user's role assignments to an application without Environment Admin,
 * so the first refusal stands for the rest of the run and no user's assignments are asked for after it.
 */
const roleAccess = (ctx: Ctx) =>
  ctx.once("pingone:role-access", async (): Promise<{ refused?: BatonError }> => ({}));

async function roleGrants(ctx: Ctx, principal: Resource, userId: string): Promise<Grant[]> {
  const access = await roleAccess(ctx);
  if (access.refused) return [];
  let assignments: RoleAssignment[];
  let roles: Awaited<ReturnType<typeof builtInRoles>>;
  try {
    // The roles first (one request per run): when they are refused, no user's assignments are read.
    roles = await builtInRoles(ctx);
    assignments = await ctx.client.roleAssignments(userId);
  } catch (e) {
    // A worker app without Environment Admin can still sync users, groups and populations
    // (--sync-resource-types user,group,population); with the role type synced, listing the roles
    // has already failed on the same 403.
    if (!isBatonError(e) || e.code !== Code.PermissionDenied) throw e;
    if (!access.refused) {
      access.refused = e;
      ctx.log.warn("role grants skipped: the worker application may not read roles or role assignments", {
        hint: e.hint,
      });
    }
    return [];
  }
  const env = ctx.client.environmentId;
  const isGrant = (a: RoleAssignment) => {
    if (!SCOPE_TYPES.has(a.scope.type)) {
      ctx.unknownValue("PingOne role assignment scope type", a.scope.type, "the assignment is left out");
      return false;
    }
    if (a.scope.type !== "ENVIRONMENT" || a.scope.id.toLowerCase() !== env) return false;
    if (roles.has(a.role.id.toLowerCase())) return true;
    void warnOnce(
      ctx,
      "custom-role",
      "role assignments of roles that are not built-in (custom admin roles) are not synced",
      { role: a.role.id },
    );
    return false;
  };
  return assignments.filter(isGrant).map((a) => grant(ref(ROLE, a.role.id), "assigned", principal));
}

/** The population grant, from the population id the user resource carries. */
function populationGrant(principal: Resource): Grant[] {
  const populationId = principal.profile?.population_id;
  return typeof populationId === "string" && populationId
    ? [grant(ref(POPULATION, populationId), "member", principal)]
    : [];
}

/** The new user's fields, from --create-account-login, --create-account-email and the profile. */
function newUser(info: AccountInfo): NewUser {
  const p = (info.profile ?? {}) as Record<string, unknown>;
  const email =
    info.emails.find((e) => e.isPrimary)?.address ?? info.emails[0]?.address ?? text(p.email) ?? undefined;
  if (!email?.includes("@")) {
    throw new BatonError(Code.InvalidArgument, "creating a PingOne user needs an email address", {
      hint: "pass --create-account-email",
    });
  }
  const username = text(info.login) ?? text(p.login) ?? email;
  if (username.length > 128) {
    throw new BatonError(Code.InvalidArgument, "a PingOne username has at most 128 characters", {
      hint: "pass a shorter --create-account-login",
    });
  }
  const populationId = text(p.population_id);
  if (populationId !== undefined && !isPingOneId(populationId)) {
    throw new BatonError(
      Code.InvalidArgument,
      `population_id "${populationId}" is not a PingOne population id`,
      {
        hint: "take the population's id from a sync (a UUID), or leave it out for the default population",
      },
    );
  }
  return { username, email, givenName: text(p.given_name), familyName: text(p.family_name), populationId };
}

/** Whether PingOne may have acted on a request that failed: a 5xx, a dropped connection, a timeout. */
const mayHaveActed = (e: unknown): boolean =>
  isBatonError(e) && !e.notProcessed && (e.code === Code.Unavailable || e.code === Code.DeadlineExceeded);

/** Whether a user found by username holds what a create request sent (email and population). */
const sameUser = (found: User, sent: NewUser, populationId: string | undefined): boolean =>
  found.email?.toLowerCase() === sent.email.toLowerCase() &&
  (populationId === undefined || found.population?.id?.toLowerCase() === populationId.toLowerCase());

/** The environment's default population: new users without a population land there. */
async function defaultPopulation(client: PingOneClient): Promise<string | undefined> {
  return (
    await findInPages(
      (cursor) => client.populations(cursor),
      (p) => p.default === true,
    )
  )?.id;
}

export const user = resourceType<PingOneClient, string, PingOneConfig>({
  id: USER,
  displayName: "User",
  description:
    "PingOne users of the environment, disabled ones included. Creating one adds a user (to the " +
    "population given as population_id, else the default one); deleting one deletes it in PingOne.",
  traits: ["user"],

  async list({ client, cursor }) {
    const page = await client.users(cursor);
    return { items: page.items.map(userAsResource), next: page.next };
  },

  async get({ client, id }) {
    const u = await client.user(pingOneId(id, "user"));
    return u && userAsResource(u);
  },

  /** Every grant the user holds: population (first page only), roles (first page only) and groups. */
  async grants(ctx) {
    const { client, resource, cursor } = ctx;
    const userId = pingOneId(resource, "user");
    const [memberships, roles] = await Promise.all([
      client.memberships(userId, cursor),
      cursor === undefined ? roleGrants(ctx, resource, userId) : Promise.resolve([]),
    ]);
    const items = [
      ...(cursor === undefined ? populationGrant(resource) : []),
      ...roles,
      ...memberships.items.flatMap((m) => membershipGrant(ctx, resource, m)),
    ];
    return { items, next: memberships.next };
  },

  accountCredentialOptions: ["no-password", "random-password"],

  async createAccount({ client, info, credentials }): Promise<CreateAccountOutcome> {
    const wanted = newUser(info);
    const existing = await client.userByUsername(wanted.username);
    if (existing) return { status: "already-exists", resource: userAsResource(existing) };
    const populationId = wanted.populationId ?? (await defaultPopulation(client));
    const random = credentials.options.case === "randomPassword" ? credentials.options.value : undefined;
    const password = random ? generatePassword(Number(random.length)) : undefined;
    let created: User;
    try {
      created = await client.createUser({ ...wanted, populationId, password });
    } catch (e) {
      // The username was free a moment ago. Now it is taken either by this POST, whose answer was
      // lost (a 5xx or a dropped connection after PingOne acted), or by another caller in between.
      const found = await client.userByUsername(wanted.username).catch(() => undefined);
      if (!found) throw e;
      if (!(mayHaveActed(e) && sameUser(found, wanted, populationId))) {
        return { status: "already-exists", resource: userAsResource(found) };
      }
      // PingOne holds the user this POST sent, with its password: the password must not be lost.
      created = found;
    }
    const secrets = password
      ? [
          create(PlaintextDataSchema, {
            name: "password",
            description: "initial PingOne password (the user must change it at first sign-on)",
            bytes: new TextEncoder().encode(password),
          }),
        ]
      : undefined;
    return { status: "created", resource: userAsResource(created), ...(secrets && { secrets }) };
  },

  async deleteResource({ client, id }) {
    const userId = pingOneId(id, "user");
    if (!(await client.user(userId))) return "already-gone";
    return (await client.deleteUser(userId)) ? "deleted" : "already-gone";
  },
});
