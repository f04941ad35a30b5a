// MSW handlers that behave like PingOne over an in-memory environment (tenant.ts), following the
// PingOne Platform API documentation:
// - the worker app's token from POST /{envId}/as/token on the auth host (client credentials, by
//   client_secret_basic or client_secret_post as the app is set up), 404 NOT_FOUND for an unknown
//   environment, tokens that expire on the mock's clock;
// - every API call under /v1 needs a live bearer token (401 otherwise) and the worker app's role
//   (403 ACCESS_FAILED otherwise); an unknown environment id is 404 NOT_FOUND;
// - HAL collections with absolute `_links.next` hrefs, `limit` (1–1000) and an opaque `cursor`, and
//   fewer items per page than asked (as PingOne warns it may serve);
// - SCIM filters on users (`eq`/`sw`, `and`, `memberOfGroups[id eq "…"]`);
// - error bodies `{ id, code, message, details: [{ code, target, message }] }`, and 429
//   REQUEST_LIMITED with Retry-After past the requests-per-second limit.
import { randomUUID } from "node:crypto";
import {
  fixedWindow,
  halPage,
  oauthTokenEndpoint,
  requireBearer,
  type TokenStore,
  tokenStore,
  withRetryAfter,
} from "@baton/testing";
import { type HttpHandler, HttpResponse, http } from "msw";
import type { User } from "../../src/schemas.js";
import { membershipsOf, type StoredAssignment, type Tenant, uuid } from "./tenant.js";

export type Collection = "users" | "groups" | "populations" | "groupMemberships";

export interface MockOptions {
  /** The mock's clock (epoch ms): token expiry, the rate limit and assignments settling. */
  now?: () => number;
  /** The tokens the mock issues; pass one to look at them in a test. */
  tokens?: TokenStore;
  /** Token lifetime in seconds; PingOne's are one hour. */
  tokenLifetimeSeconds?: number;
  /** How the worker app authenticates at the token endpoint (its tokenEndpointAuthMethod). */
  tokenAuthMethod?: "client_secret_basic" | "client_secret_post";
  /** Admin roles the worker app holds on the environment (default: Identity Data Admin and Environment Admin). */
  workerRoles?: Array<"Identity Data Admin" | "Identity Data Read Only" | "Environment Admin">;
  /** API requests allowed per second; PingOne answers 429 REQUEST_LIMITED past it. Default: no limit. */
  requestsPerSecond?: number;
  /** The most items a page holds whatever `limit` asks (PingOne may serve fewer than asked). */
  servesAtMost?: Partial<Record<Collection, number>>;
  /** For this long after its creation (ms) a role assignment cannot be deleted: PingOne says it is read only. */
  assignmentSettleMs?: number;
}

/** What the mock serves at most per page by default: every list of the tenant spans several pages. */
export const SERVES_AT_MOST: Record<Collection, number> = {
  users: 100,
  groups: 25,
  populations: 2,
  groupMemberships: 25,
};

type Json = Record<string, unknown>;
const MAX_LIMIT = 1000;

/** PingOne's error body. */
export const pingError = (
  status: number,
  code: string,
  message: string,
  details?: Array<{ code: string; target?: string; message: string }>,
) => HttpResponse.json({ id: randomUUID(), code, message, ...(details && { details }) }, { status });

const notFound = () =>
  pingError(404, "NOT_FOUND", "The request could not be completed. The requested resource was not found.");
export const invalidData = (target: string, message: string, detailCode = "INVALID_VALUE") =>
  pingError(
    400,
    "INVALID_DATA",
    "The request could not be completed. One or more validation errors were in the request.",
    [{ code: detailCode, target, message }],
  );
const badPaging = (message: string) => invalidData("limit", message);
const accessFailed = () =>
  pingError(
    403,
    "ACCESS_FAILED",
    "The request could not be completed. You do not have access to this resource.",
    [
      {
        code: "INSUFFICIENT_PERMISSIONS",
        message: "Actor does not have permissions to access this resource",
      },
    ],
  );
export const requestLimited = () =>
  pingError(429, "REQUEST_LIMITED", "The request could not be completed. The request was rate limited.");

/** A SCIM string literal's value: `"a \"b\""` → `a "b"`. */
const unquote = (literal: string) => literal.slice(1, -1).replace(/\\(.)/g, "$1");

const USER_ATTRIBUTES: Record<string, (u: User) => string | undefined> = {
  id: (u) => u.id,
  username: (u) => u.username,
  email: (u) => u.email,
  "population.id": (u) => u.population?.id,
  "name.given": (u) => u.name?.given,
  "name.family": (u) => u.name?.family,
};

/** A predicate for the users filters PingOne supports that the connector or tests use; a string is the error. */
function userFilter(t: Tenant, filter: string): ((u: User) => boolean) | string {
  const clauses = filter.split(/\s+and\s+/i);
  const tests: Array<(u: User) => boolean> = [];
  for (const clause of clauses) {
    const member = /^memberOfGroups\[id eq ("(?:[^"\\]|\\.)*")\]$/.exec(clause.trim());
    if (member) {
      const gid = unquote(member[1]!);
      tests.push((u) => membershipsOf(t, u.id).some((m) => m.group.id === gid));
      continue;
    }
    const m = /^([\w.]+) (eq|sw) ("(?:[^"\\]|\\.)*")$/.exec(clause.trim());
    const read = m && USER_ATTRIBUTES[m[1]!];
    if (!m || !read) return `unsupported filter: ${clause.trim()}`;
    const value = unquote(m[3]!).toLowerCase();
    tests.push(
      m[2] === "eq"
        ? (u) => read(u)?.toLowerCase() === value
        : (u) => !!read(u)?.toLowerCase().startsWith(value),
    );
  }
  return (u) => tests.every((test) => test(u));
}

/** The password rules of PingOne's standard policy that the mock checks. */
const weakPassword = (p: string) =>
  p.length < 8 || !/[A-Z]/.test(p) || !/[a-z]/.test(p) || !/\d/.test(p) || !/[^A-Za-z0-9]/.test(p);

export function pingoneHandlers(tenant: Tenant, o: MockOptions = {}): HttpHandler[] {
  const now = o.now ?? Date.now;
  const tokens = o.tokens ?? tokenStore({ now, lifetimeSeconds: o.tokenLifetimeSeconds ?? 3600 });
  const bearer = requireBearer(tokens, (why) =>
    pingError(401, "INVALID_TOKEN", `The request could not be completed. The access token is ${why}.`),
  );
  const limit = o.requestsPerSecond
    ? fixedWindow({ limit: o.requestsPerSecond, windowMs: 1000, now })
    : undefined;
  const roles = new Set(o.workerRoles ?? ["Identity Data Admin", "Environment Admin"]);
  const may = {
    readIdentities:
      roles.has("Identity Data Admin") ||
      roles.has("Identity Data Read Only") ||
      roles.has("Environment Admin"),
    writeIdentities: roles.has("Identity Data Admin"),
    roles: roles.has("Environment Admin"),
    environment: roles.size > 0,
  };
  const serves = { ...SERVES_AT_MOST, ...o.servesAtMost };
  const created = new Map<string, number>();

  const page = <T>(url: URL, items: T[], key: Collection) =>
    halPage(url, items, {
      key,
      limit: { name: "limit", default: 100, max: MAX_LIMIT },
      servesAtMost: serves[key],
      badRequest: badPaging,
    });
  const whole = (url: URL, key: string, items: unknown[]) =>
    HttpResponse.json({
      _links: { self: { href: url.href } },
      _embedded: { [key]: items },
      count: items.length,
      size: items.length,
    });

  type Method = "get" | "post" | "delete";
  type Params = Record<string, string>;
  type Resolve = (req: { url: URL; params: Params; body: Json }) => Response | Promise<Response>;

  /** An API route: rate limit, bearer token, the environment id, the worker app's role, then `resolve`. */
  const api = (method: Method, path: string, allowed: () => boolean, resolve: Resolve): HttpHandler =>
    http[method](`*/v1${path}`, async ({ request, params }) => {
      if (limit) {
        const state = limit.take();
        if (!state.allowed) return withRetryAfter(requestLimited(), state);
      }
      const refused = bearer(request);
      if (refused) return refused;
      const p = params as Params;
      if (p.env !== undefined && p.env !== tenant.environmentId) return notFound();
      if (!allowed()) return accessFailed();
      let body: Json = {};
      if (method === "post") {
        try {
          body = (await request.json()) as Json;
        } catch {
          return invalidData("body", "The request body is not valid JSON", "INVALID_VALUE");
        }
      }
      return resolve({ url: new URL(request.url), params: p, body });
    });

  const findUser = (id: string | undefined) => tenant.users.find((u) => u.id === id);
  const findGroup = (id: string | undefined) => tenant.groups.find((g) => g.id === id);
  const groupBody = ({ nested: _n, userFilter, ...g }: Tenant["groups"][number]) => ({
    ...g,
    environment: { id: tenant.environmentId },
    ...(userFilter && { userFilter }),
  });
  const membershipBody = (url: URL, uid: string, g: Tenant["groups"][number], type: string) => ({
    _links: {
      self: {
        href: new URL(`/v1/environments/${tenant.environmentId}/users/${uid}/memberOfGroups/${g.id}`, url)
          .href,
      },
      user: { href: new URL(`/v1/environments/${tenant.environmentId}/users/${uid}`, url).href },
      group: { href: new URL(`/v1/environments/${tenant.environmentId}/groups/${g.id}`, url).href },
    },
    id: g.id,
    environment: { id: tenant.environmentId },
    name: g.name,
    type,
  });
  const assignmentBody = ({ userId: _u, ...a }: StoredAssignment) => ({
    ...a,
    environment: { id: tenant.environmentId },
  });
  const readOnlyNow = (a: StoredAssignment) =>
    a.readOnly === true ||
    now() - (created.get(a.id) ?? Number.NEGATIVE_INFINITY) < (o.assignmentSettleMs ?? 0);

  return [
    // The auth host: an unknown environment is 404, then the client-credentials token endpoint.
    http.post("*/:env/as/token", ({ params }) =>
      params.env === tenant.environmentId ? undefined : notFound(),
    ),
    oauthTokenEndpoint("*/:env/as/token", {
      clients: { [tenant.clientId]: tenant.clientSecret },
      tokens,
      methods: [o.tokenAuthMethod ?? "client_secret_basic"],
    }),

    api(
      "get",
      "/environments/:env",
      () => may.environment,
      () =>
        HttpResponse.json({
          id: tenant.environmentId,
          name: tenant.environmentName,
          region: "NA",
          type: "PRODUCTION",
        }),
    ),

    api(
      "get",
      "/environments/:env/users",
      () => may.readIdentities,
      ({ url }) => {
        const filter = url.searchParams.get("filter");
        let users = tenant.users;
        if (filter !== null) {
          const test = userFilter(tenant, filter);
          if (typeof test === "string") return invalidData("filter", test, "INVALID_FILTER");
          users = users.filter(test);
        }
        return page(url, users, "users");
      },
    ),

    api(
      "get",
      "/environments/:env/users/:id",
      () => may.readIdentities,
      ({ url, params }) => {
        const u = findUser(params.id);
        if (!u) return notFound();
        const include = url.searchParams.get("include");
        const ids =
          include === "memberOfGroupIDs"
            ? { memberOfGroupIDs: membershipsOf(tenant, u.id).map((m) => m.group.id) }
            : {};
        return HttpResponse.json({ ...u, environment: { id: tenant.environmentId }, ...ids });
      },
    ),

    api(
      "post",
      "/environments/:env/users",
      () => may.writeIdentities,
      ({ body }) => {
        const username = typeof body.username === "string" ? body.username : "";
        if (username.length < 1 || username.length > 128)
          return invalidData("username", "username must be 1 to 128 characters");
        if (tenant.users.some((u) => u.username.toLowerCase() === username.toLowerCase()))
          return invalidData(
            "username",
            "An account with this username already exists",
            "UNIQUENESS_VIOLATION",
          );
        const email = typeof body.email === "string" ? body.email : undefined;
        const pop = (body.population as { id?: unknown } | undefined)?.id;
        const populationId = pop === undefined ? tenant.populations.find((p) => p.default)?.id : pop;
        if (!tenant.populations.some((p) => p.id === populationId))
          return invalidData("population.id", "The population does not exist");
        const password = (body.password as { value?: unknown } | undefined)?.value;
        if (password !== undefined && (typeof password !== "string" || weakPassword(password)))
          return invalidData("password", "The password does not meet the password policy");
        const name = body.name as User["name"];
        const u: User = {
          id: uuid(1, tenant.serial++),
          username,
          ...(email && { email }),
          ...(name && { name }),
          enabled: true,
          population: { id: populationId as string },
          lifecycle: { status: "ACCOUNT_OK" },
          account: { status: "OK" },
          identityProvider: { type: "PING_ONE" },
          createdAt: new Date(now()).toISOString(),
        };
        tenant.users.push(u);
        return HttpResponse.json({ ...u, environment: { id: tenant.environmentId } }, { status: 201 });
      },
    ),

    api(
      "delete",
      "/environments/:env/users/:id",
      () => may.writeIdentities,
      ({ params }) => {
        if (!findUser(params.id)) return notFound();
        tenant.users = tenant.users.filter((u) => u.id !== params.id);
        tenant.memberships = tenant.memberships.filter((m) => m.userId !== params.id);
        tenant.roleAssignments = tenant.roleAssignments.filter((a) => a.userId !== params.id);
        return new HttpResponse(null, { status: 204 });
      },
    ),

    api(
      "get",
      "/environments/:env/groups",
      () => may.readIdentities,
      ({ url }) => page(url, tenant.groups.map(groupBody), "groups"),
    ),
    api(
      "get",
      "/environments/:env/groups/:id",
      () => may.readIdentities,
      ({ params }) => {
        const g = findGroup(params.id);
        return g ? HttpResponse.json(groupBody(g)) : notFound();
      },
    ),

    api(
      "get",
      "/environments/:env/populations",
      () => may.readIdentities,
      ({ url }) => page(url, tenant.populations, "populations"),
    ),
    api(
      "get",
      "/environments/:env/populations/:id",
      () => may.readIdentities,
      ({ params }) => {
        const p = tenant.populations.find((x) => x.id === params.id);
        return p ? HttpResponse.json(p) : notFound();
      },
    ),

    api(
      "get",
      "/environments/:env/users/:id/memberOfGroups",
      () => may.readIdentities,
      ({ url, params }) => {
        if (!findUser(params.id)) return notFound();
        const items = membershipsOf(tenant, params.id!).map((m) =>
          membershipBody(url, params.id!, m.group, m.type),
        );
        return page(url, items, "groupMemberships");
      },
    ),

    api(
      "get",
      "/environments/:env/users/:id/memberOfGroups/:gid",
      () => may.readIdentities,
      ({ url, params }) => {
        if (!findUser(params.id)) return notFound();
        const m = membershipsOf(tenant, params.id!).find((x) => x.group.id === params.gid);
        return m ? HttpResponse.json(membershipBody(url, params.id!, m.group, m.type)) : notFound();
      },
    ),

    api(
      "post",
      "/environments/:env/users/:id/memberOfGroups",
      () => may.writeIdentities,
      ({ url, params, body }) => {
        const u = findUser(params.id);
        if (!u) return notFound();
        const g = findGroup(typeof body.id === "string" ? body.id : undefined);
        if (!g) return invalidData("id", "The group does not exist");
        if (g.population && g.population.id !== u.population?.id)
          return invalidData("id", "The group belongs to another population than the user");
        if (tenant.memberships.some((m) => m.userId === u.id && m.groupId === g.id))
          return invalidData("id", "The user is already a member of the group", "UNIQUENESS_VIOLATION");
        tenant.memberships.push({ userId: u.id, groupId: g.id });
        return HttpResponse.json(membershipBody(url, u.id, g, "DIRECT"), { status: 201 });
      },
    ),

    api(
      "delete",
      "/environments/:env/users/:id/memberOfGroups/:gid",
      () => may.writeIdentities,
      ({ params }) => {
        const before = tenant.memberships.length;
        tenant.memberships = tenant.memberships.filter(
          (m) => !(m.userId === params.id && m.groupId === params.gid),
        );
        return tenant.memberships.length < before ? new HttpResponse(null, { status: 204 }) : notFound();
      },
    ),

    // Built-in roles live at the API root, not under an environment; not paged.
    api(
      "get",
      "/roles",
      () => may.roles,
      ({ url }) => whole(url, "roles", tenant.roles),
    ),
    api(
      "get",
      "/roles/:id",
      () => may.roles,
      ({ params }) => {
        const r = tenant.roles.find((x) => x.id === params.id);
        return r ? HttpResponse.json(r) : notFound();
      },
    ),

    // A user's role assignments: not paged.
    api(
      "get",
      "/environments/:env/users/:id/roleAssignments",
      () => may.roles,
      ({ url, params }) => {
        if (!findUser(params.id)) return notFound();
        const items = tenant.roleAssignments.filter((a) => a.userId === params.id).map(assignmentBody);
        return whole(url, "roleAssignments", items);
      },
    ),

    api(
      "post",
      "/environments/:env/users/:id/roleAssignments",
      () => may.roles,
      ({ params, body }) => {
        const u = findUser(params.id);
        if (!u) return notFound();
        const roleId = (body.role as { id?: unknown } | undefined)?.id;
        const scope = body.scope as { id?: unknown; type?: unknown } | undefined;
        const r = tenant.roles.find((x) => x.id === roleId);
        if (!r) return invalidData("role.id", "The role does not exist");
        if (typeof scope?.id !== "string" || typeof scope.type !== "string")
          return invalidData("scope", "scope.id and scope.type are required");
        if (!r.applicableTo.includes(scope.type))
          return invalidData("scope.type", `The role ${r.name} cannot be assigned at scope ${scope.type}`);
        if (
          tenant.roleAssignments.some(
            (a) =>
              a.userId === u.id &&
              a.role.id === r.id &&
              a.scope.id === scope.id &&
              a.scope.type === scope.type,
          )
        )
          return invalidData("role.id", "The role is already assigned at this scope", "UNIQUENESS_VIOLATION");
        const a: StoredAssignment = {
          id: uuid(6, tenant.serial++),
          userId: u.id,
          role: { id: r.id },
          scope: { id: scope.id, type: scope.type },
          readOnly: false,
        };
        tenant.roleAssignments.push(a);
        created.set(a.id, now());
        return HttpResponse.json(assignmentBody(a), { status: 201 });
      },
    ),

    api(
      "delete",
      "/environments/:env/users/:id/roleAssignments/:aid",
      () => may.roles,
      ({ params }) => {
        const a = tenant.roleAssignments.find((x) => x.userId === params.id && x.id === params.aid);
        if (!a) return notFound();
        if (readOnlyNow(a))
          return invalidData(
            "id",
            `Role assignment ${a.id} cannot be deleted as it is read only`,
            "INVALID_VALUE",
          );
        tenant.roleAssignments = tenant.roleAssignments.filter((x) => x !== a);
        return new HttpResponse(null, { status: 204 });
      },
    ),
  ];
}
