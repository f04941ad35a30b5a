// MSW handlers that behave like the Zendesk Support API v2 over an in-memory tenant, following
// developer.zendesk.com: Basic API-token auth, cursor pagination (page[size] ≤ 100, page[after],
// meta.has_more/after_cursor, links.next) and offset pagination without page[size], error bodies
// ({"error": …}, 422 RecordInvalid with details), and the account-wide per-minute rate limit
// (X-Rate-Limit, X-Rate-Limit-Remaining; ratelimit-* on reads; 429 with Retry-After).
import {
  cursorPage,
  fixedWindow,
  RATELIMIT_HEADERS,
  rateLimitHeaders,
  readIndex,
  readPageSize,
  requireBasic,
  withHeaders,
  withQuery,
  withRetryAfter,
} from "@baton/testing";
import { type HttpHandler, HttpResponse, http } from "msw";
import type { Tenant, User } from "./tenant.js";

export interface MockOptions {
  /** Requests allowed per minute (X-Rate-Limit). Zendesk Enterprise allows 700. */
  rateLimit?: number;
  /** Clock of the rate-limit window (epoch ms). */
  now?: () => number;
}

export const MAX_PAGE_SIZE = 100;

type Json = Record<string, unknown>;

const json = (body: Json, status = 200) => HttpResponse.json(body, { status });
export const zendeskError = (status: number, error: string, description?: string, details?: Json) =>
  json({ error, ...(description && { description }), ...(details && { details }) }, status);
const notFound = () => zendeskError(404, "RecordNotFound", "Not found");
const invalid = (field: string, error: string, description: string) =>
  zendeskError(422, "RecordInvalid", "Record validation errors", { [field]: [{ description, error }] });
const badPage = (description: string) => zendeskError(400, "InvalidPaginationParameter", description);
export const rateLimited = () =>
  zendeskError(429, "APIRateLimitExceeded", "Number of allowed API requests per minute exceeded");
export const unauthenticated = () => json({ error: "Couldn't authenticate you" }, 401);

/** Offset pagination (no `page[size]`): page / per_page (at most 100), next_page and previous_page URLs, count. */
function offsetPages<T>(url: URL, key: string, items: T[], sideload: (page: T[]) => Json): Response {
  const page = readIndex(url, "page", 1, badPage);
  if (page instanceof Response) return page;
  const perPage = readPageSize(url, { name: "per_page", default: 100, max: 100, tooLarge: "clamp" }, badPage);
  if (perPage instanceof Response) return perPage;
  const slice = items.slice((Math.max(page, 1) - 1) * perPage, page * perPage);
  return json({
    [key]: slice,
    ...sideload(slice),
    next_page: page * perPage < items.length ? withQuery(url, { page: page + 1 }) : null,
    previous_page: page > 1 ? withQuery(url, { page: page - 1 }) : null,
    count: items.length,
  });
}

/**
 * One page of `items` (sorted by id) under `key`: cursor pagination (page[size] ≤ 100, page[after],
 * opaque cursors holding the last record's id) or, without page[size], offset pagination.
 */
function paginate<T extends { id: number }>(
  url: URL,
  key: string,
  items: T[],
  sideload: (page: T[]) => Json = () => ({}),
): Response {
  if (!url.searchParams.has("page[size]")) return offsetPages(url, key, items, sideload);
  return cursorPage(url, items, {
    key,
    size: { name: "page[size]", default: MAX_PAGE_SIZE, max: MAX_PAGE_SIZE },
    badRequest: badPage,
    extra: sideload,
  });
}

const byId = <T extends { id: number }>(a: T, b: T) => a.id - b.id;
const isTeamMember = (u: User) => u.role !== "end-user";

export function zendeskHandlers(tenant: Tenant, options: MockOptions = {}): HttpHandler[] {
  const window = fixedWindow({ limit: options.rateLimit ?? 700, now: options.now ?? Date.now });
  const authenticate = requireBasic({ [`${tenant.email}/token`]: tenant.apiToken }, unauthenticated);
  const owner = () => tenant.users.find((u) => u.email === tenant.email);
  const findUser = (id: number) => tenant.users.find((u) => u.id === id);

  type Method = "get" | "post" | "put" | "delete";
  type Resolve = (req: { url: URL; id: number; body: Json }) => Response | Promise<Response>;

  const route = (method: Method, path: string, resolve: Resolve): HttpHandler =>
    http[method](`*/api/v2${path}`, async ({ request, params }) => {
      const url = new URL(request.url);
      const rate = window.take();
      // X-Rate-Limit on every response; the ratelimit-* headers on reads only.
      const respond = (res: Response) =>
        withHeaders(
          res,
          rateLimitHeaders(rate, { limit: "X-Rate-Limit", remaining: "X-Rate-Limit-Remaining" }),
          method === "get" && rateLimitHeaders(rate, RATELIMIT_HEADERS),
        );
      if (!rate.allowed) return respond(withRetryAfter(rateLimited(), rate));
      const refused = authenticate(request);
      if (refused) return respond(refused);
      if (method !== "get" && owner()?.role !== "admin") {
        return respond(
          zendeskError(
            403,
            "Forbidden",
            "You do not have access to this page. Please contact the account owner.",
          ),
        );
      }
      let body: Json = {};
      if (method === "post" || method === "put") {
        try {
          body = (await request.json()) as Json;
        } catch {
          return respond(zendeskError(400, "InvalidValue", "The request body is not valid JSON"));
        }
      }
      return respond(await resolve({ url, id: Number(params.id), body }));
    });

  const membershipsOf = <M extends { id: number; user_id: number }>(list: M[], userId: number) =>
    list.filter((m) => m.user_id === userId).sort(byId);

  return [
    route("get", "/users/me", () => json({ user: owner() as Json })),

    route("get", "/users/search", ({ url }) => {
      const email = /^email:(.+)$/.exec(url.searchParams.get("query") ?? "")?.[1]?.toLowerCase();
      return paginate(
        url,
        "users",
        email ? tenant.users.filter((u) => u.email?.toLowerCase() === email) : [],
      );
    }),

    route("get", "/users", ({ url }) => {
      const roles = [...url.searchParams.getAll("role[]"), ...url.searchParams.getAll("role")];
      const permissionSet = url.searchParams.get("permission_set");
      const users = tenant.users.filter(
        (u) =>
          (roles.length === 0 || roles.includes(u.role)) &&
          (permissionSet === null || u.custom_role_id === Number(permissionSet)),
      );
      return paginate(url, "users", users.sort(byId));
    }),

    route("post", "/users", ({ body }) => {
      const input = (body.user ?? {}) as Partial<User>;
      if (!input.name) return invalid("name", "BlankValue", "Name: cannot be blank");
      const email = input.email?.toLowerCase();
      if (email && tenant.users.some((u) => u.email?.toLowerCase() === email)) {
        return invalid(
          "email",
          "DuplicateValue",
          `Email: ${input.email} is already being used by another user`,
        );
      }
      const role = input.role ?? "end-user";
      const id = tenant.nextId++;
      const user: User = {
        id,
        url: `https://${tenant.subdomain}.zendesk.com/api/v2/users/${id}.json`,
        name: input.name,
        email: input.email ?? null,
        role,
        active: true,
        suspended: false,
        // New agents get the account's default agent role (the first custom agent role).
        custom_role_id:
          role === "end-user" ? null : (tenant.customRoles.find((r) => r.role_type === 0)?.id ?? null),
        created_at: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
        last_login_at: null,
      };
      tenant.users.push(user);
      return json({ user }, 201);
    }),

    route("get", "/users/:id", ({ id }) => {
      const user = findUser(id);
      return user ? json({ user }) : notFound();
    }),

    route("put", "/users/:id", ({ id, body }) => {
      const user = findUser(id);
      if (!user) return notFound();
      const roleId = (body.user as Partial<User> | undefined)?.custom_role_id;
      if (roleId !== undefined) {
        if (!isTeamMember(user))
          return invalid("custom_role_id", "InvalidValue", "End-users cannot have a role");
        if (!tenant.customRoles.some((r) => r.id === roleId)) {
          return invalid("custom_role_id", "InvalidValue", "Custom role is invalid");
        }
        user.custom_role_id = roleId;
      }
      return json({ user });
    }),

    route("delete", "/users/:id", ({ id }) => {
      const user = findUser(id);
      if (!user) return notFound();
      tenant.users = tenant.users.filter((u) => u !== user);
      tenant.groupMemberships = tenant.groupMemberships.filter((m) => m.user_id !== id);
      tenant.organizationMemberships = tenant.organizationMemberships.filter((m) => m.user_id !== id);
      return json({ user: { ...user, active: false } });
    }),

    route("get", "/users/:id/group_memberships", ({ url, id }) =>
      findUser(id)
        ? paginate(url, "group_memberships", membershipsOf(tenant.groupMemberships, id))
        : notFound(),
    ),

    route("get", "/users/:id/organization_memberships", ({ url, id }) =>
      findUser(id)
        ? paginate(url, "organization_memberships", membershipsOf(tenant.organizationMemberships, id))
        : notFound(),
    ),

    route("get", "/groups", ({ url }) => paginate(url, "groups", [...tenant.groups].sort(byId))),

    route("get", "/groups/:id/memberships", ({ url, id }) => {
      if (!tenant.groups.some((g) => g.id === id)) return notFound();
      const memberships = tenant.groupMemberships.filter((m) => m.group_id === id).sort(byId);
      const sideloadUsers = url.searchParams.get("include")?.split(",").includes("users");
      return paginate(url, "group_memberships", memberships, (page) =>
        sideloadUsers ? { users: page.flatMap((m) => findUser(m.user_id) ?? []) } : {},
      );
    }),

    route("post", "/group_memberships", ({ body }) => {
      const { user_id, group_id } = (body.group_membership ?? {}) as { user_id?: number; group_id?: number };
      const user = user_id === undefined ? undefined : findUser(user_id);
      if (!user || !isTeamMember(user)) return invalid("user_id", "InvalidValue", "User must be an agent");
      if (!tenant.groups.some((g) => g.id === group_id))
        return invalid("group_id", "InvalidValue", "Group is invalid");
      if (tenant.groupMemberships.some((m) => m.user_id === user_id && m.group_id === group_id)) {
        return invalid("user_id", "DuplicateValue", "User is already a member of this group");
      }
      const membership = { id: tenant.nextId++, user_id: user.id, group_id: group_id! };
      tenant.groupMemberships.push(membership);
      return json({ group_membership: membership }, 201);
    }),

    route("delete", "/group_memberships/:id", ({ id }) => {
      const before = tenant.groupMemberships.length;
      tenant.groupMemberships = tenant.groupMemberships.filter((m) => m.id !== id);
      return tenant.groupMemberships.length < before ? new HttpResponse(null, { status: 204 }) : notFound();
    }),

    route("get", "/organizations", ({ url }) =>
      paginate(url, "organizations", [...tenant.organizations].sort(byId)),
    ),

    route("get", "/organizations/:id/users", ({ url, id }) => {
      if (!tenant.organizations.some((o) => o.id === id)) return notFound();
      const ids = new Set(
        tenant.organizationMemberships.filter((m) => m.organization_id === id).map((m) => m.user_id),
      );
      return paginate(url, "users", tenant.users.filter((u) => ids.has(u.id)).sort(byId));
    }),

    route("post", "/organization_memberships", ({ body }) => {
      const { user_id, organization_id } = (body.organization_membership ?? {}) as {
        user_id?: number;
        organization_id?: number;
      };
      if (user_id === undefined || !findUser(user_id))
        return invalid("user_id", "InvalidValue", "User is invalid");
      if (!tenant.organizations.some((o) => o.id === organization_id)) {
        return invalid("organization_id", "InvalidValue", "Organization is invalid");
      }
      // Zendesk: "Returns an error with status 422 if the user is already assigned to the organization."
      if (
        tenant.organizationMemberships.some(
          (m) => m.user_id === user_id && m.organization_id === organization_id,
        )
      ) {
        return invalid("user_id", "DuplicateValue", "User has already been taken");
      }
      const membership = { id: tenant.nextId++, user_id, organization_id: organization_id! };
      tenant.organizationMemberships.push(membership);
      return json({ organization_membership: membership }, 201);
    }),

    route("delete", "/organization_memberships/:id", ({ id }) => {
      const before = tenant.organizationMemberships.length;
      tenant.organizationMemberships = tenant.organizationMemberships.filter((m) => m.id !== id);
      return tenant.organizationMemberships.length < before
        ? new HttpResponse(null, { status: 204 })
        : notFound();
    }),

    // Not paginated: every custom role in one response.
    route("get", "/custom_roles", () => json({ custom_roles: tenant.customRoles })),
  ];
}
