// MSW handlers that behave like JumpCloud's console API over an in-memory organization, following
// docs.jumpcloud.com: x-api-key on every request, x-org-id for multi-tenant (MSP) keys (the list of
// the key's organizations answers without it); skip/limit paging (limit 10 by default, at most 100)
// with v1 lists in { totalCount, results } and v2 lists as bare arrays of graph connections
// { to: { id, type } }; the graph traversal /applications/{id}/users; graph edits answering 204, 409
// to an add that exists and 404 to a remove that does not (the answers the Go connector reads as
// success); and 429 once a request budget is spent.

import { STATUS_CODES } from "node:http";
import { fixedWindow, type OffsetInfo, offsetPage, requireHeader, withRetryAfter } from "@baton/testing";
import { type HttpHandler, HttpResponse, http } from "msw";
import type { SystemUser, Tenant } from "./tenant.js";

export interface MockOptions {
  /** Requests allowed per minute; 429 with Retry-After after that. Default: no limit. */
  rateLimit?: number;
  /** Clock of the rate-limit window (epoch ms). */
  now?: () => number;
}

export const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 10;

/** JumpCloud's error body: { code, message, status } (v1 and v2 alike in its current documents). */
export const jcError = (status: number, message: string) =>
  HttpResponse.json({ code: status, message, status: STATUS_CODES[status] ?? "" }, { status });
/** What JumpCloud answers a wrong key: { error, message }. */
export const unauthorized = (message = "Unauthorized: api key user not found") =>
  HttpResponse.json({ error: "Unauthorized", message }, { status: 401 });
export const NO_ORGANIZATION = "Unauthorized: no organization selected";
export const rateLimited = () => jcError(429, "Too Many Requests");

const badRequest = (message: string) => jcError(400, `Bad Request: ${message}`);
const noContent = () => new HttpResponse(null, { status: 204 });

type Json = Record<string, unknown>;
type Method = "get" | "post";
type Resolve = (req: { url: URL; params: Record<string, string>; body: Json }) => Response;

/** skip/limit over `items`: a bare array (v2) or { totalCount, results } (v1). */
const v2Page = <T>(url: URL, items: T[]) =>
  offsetPage(url, items, { limit: { name: "limit", default: DEFAULT_LIMIT, max: MAX_LIMIT }, badRequest });
const v1Page = <T>(url: URL, items: T[]) =>
  offsetPage(url, items, {
    limit: { name: "limit", default: DEFAULT_LIMIT, max: MAX_LIMIT },
    badRequest,
    envelope: (page: T[], { total }: OffsetInfo) => ({ totalCount: total, results: page }),
  });

/** v1 filters `field:$eq:value` (case-sensitive); other operators are refused. */
function filterUsers(users: SystemUser[], filter: string | null): SystemUser[] | Response {
  if (filter === null) return users;
  const m = /^(\w+):\$eq:(.*)$/.exec(filter);
  if (!m) return badRequest(`unsupported filter ${filter}`);
  const [, field, value] = m;
  return users.filter((u) => (u as Record<string, unknown>)[field!] === value);
}

/** Sort by `_id` (ascending, as the mock already stores them) or nothing; anything else is refused. */
const checkSort = (url: URL) => {
  const sort = url.searchParams.get("sort");
  return sort === null || sort === "_id" ? undefined : badRequest(`unsupported sort ${sort}`);
};

export function jumpcloudHandlers(tenant: Tenant, options: MockOptions = {}): HttpHandler[] {
  const window = options.rateLimit
    ? fixedWindow({ limit: options.rateLimit, now: options.now ?? Date.now })
    : undefined;
  const apiKey = requireHeader("x-api-key", tenant.apiKey, (why) =>
    why === "missing" ? unauthorized("Unauthorized") : unauthorized(),
  );
  /** The key's organization: x-org-id must name one of an MSP key's; an ordinary key accepts only its own. */
  const organization = (request: Request) => {
    const orgId = request.headers.get("x-org-id");
    if (tenant.mspOrgIds.length && !orgId) return unauthorized(NO_ORGANIZATION);
    const allowed = tenant.mspOrgIds.length ? tenant.mspOrgIds : [tenant.orgId];
    if (orgId !== null && !allowed.includes(orgId))
      return unauthorized(`Unauthorized: organization ${orgId} is not accessible with this key`);
    return undefined;
  };

  const route = (
    method: Method,
    path: string,
    resolve: Resolve,
    o: { anyOrganization?: boolean } = {},
  ): HttpHandler =>
    http[method](`*/api${path}`, async ({ request, params }) => {
      const rate = window?.take();
      if (rate && !rate.allowed) return withRetryAfter(rateLimited(), rate);
      const refused = apiKey(request) ?? (o.anyOrganization ? undefined : organization(request));
      if (refused) return refused;
      const url = new URL(request.url);
      let body: Json = {};
      if (method === "post") {
        if (!request.headers.get("content-type")?.startsWith("application/json"))
          return jcError(415, "Unsupported Media Type");
        try {
          body = (await request.json()) as Json;
        } catch {
          return badRequest("the request body is not valid JSON");
        }
      }
      return resolve({ url, params: params as Record<string, string>, body });
    });

  const systemUser = (id: string) => tenant.systemUsers.find((u) => u._id === id);
  const group = (id: string) => tenant.groups.find((g) => g.id === id);
  const app = (id: string) => tenant.applications.find((a) => a._id === id);
  const notFound = (what: string) => jcError(404, `${what} not found`);

  /** The users an application reaches: directly, or as members of its user groups; each once. */
  const appUsers = (appId: string) => {
    const paths = new Map<string, Json[][]>();
    const add = (userId: string, path: Json[]) => paths.set(userId, [...(paths.get(userId) ?? []), path]);
    const edge = (type: string, id: string) => ({ to: { id, type } });
    for (const a of tenant.associations.filter((x) => x.appId === appId)) {
      if (a.type === "user") add(a.id, [edge("user", a.id)]);
      else
        for (const m of tenant.memberships.filter((x) => x.groupId === a.id && x.type === "user"))
          add(m.id, [edge("user_group", a.id), edge("user", m.id)]);
    }
    return [...paths]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([id, p]) => ({ id, type: "user", compiledAttributes: {}, paths: p }));
  };

  /** The edges one graph edit changes: a group's members or an application's associations. */
  interface Edges {
    types: readonly string[];
    /** Whether the object an edge would point to exists. */
    exists(type: string, id: string): boolean;
    indexOf(type: string, id: string): number;
    add(type: string, id: string): void;
    removeAt(index: number): void;
  }

  /** A graph edit { op, type, id }: 204, 409 to an add that exists, 404 to a remove that does not. */
  const graphEdit = (body: Json, edges: Edges) => {
    const { op, type, id } = body as { op?: unknown; type?: unknown; id?: unknown };
    if (op !== "add" && op !== "remove") return badRequest("op must be add, remove or update");
    if (typeof type !== "string" || !edges.types.includes(type))
      return badRequest(`type must be ${edges.types.join(" or ")}`);
    if (typeof id !== "string" || !id) return badRequest("id is required");
    if (!edges.exists(type, id)) return notFound(`${type} ${id}`);
    const at = edges.indexOf(type, id);
    if (op === "add") {
      if (at >= 0) return jcError(409, "Already Exists");
      edges.add(type, id);
    } else {
      if (at < 0) return notFound("association");
      edges.removeAt(at);
    }
    return noContent();
  };

  return [
    route("get", "/v2/directories", ({ url }) => v2Page(url, [{ id: "d0", type: "g_suite", name: "Acme" }])),

    // The organizations the key reaches, with or without x-org-id: an MSP key's are all listed.
    route(
      "get",
      "/organizations",
      ({ url }) =>
        v1Page(
          url,
          (tenant.mspOrgIds.length ? tenant.mspOrgIds : [tenant.orgId]).map((id, i) => ({
            _id: id,
            displayName: i === 0 ? tenant.orgName : `${tenant.orgName} ${i + 1}`,
          })),
        ),
      { anyOrganization: true },
    ),

    route("get", "/systemusers", ({ url }) => {
      const sorted = checkSort(url);
      if (sorted) return sorted;
      const users = filterUsers(tenant.systemUsers, url.searchParams.get("filter"));
      return users instanceof Response ? users : v1Page(url, users);
    }),

    route("get", "/systemusers/:id", ({ params }) => {
      const u = systemUser(params.id!);
      return u ? HttpResponse.json(u) : notFound("user");
    }),

    // The administrators; not in JumpCloud's OpenAPI documents, v1-shaped.
    route("get", "/users", ({ url }) => v1Page(url, tenant.admins)),

    route("get", "/applications", ({ url }) => checkSort(url) ?? v1Page(url, tenant.applications)),

    route("get", "/v2/usergroups", ({ url }) => v2Page(url, tenant.groups)),

    route("get", "/v2/usergroups/:id/members", ({ url, params }) => {
      if (!group(params.id!)) return notFound("user group");
      const members = tenant.memberships.filter((m) => m.groupId === params.id);
      return v2Page(
        url,
        members.map((m) => ({ attributes: null, to: { id: m.id, type: m.type, attributes: null } })),
      );
    }),

    route("post", "/v2/usergroups/:id/members", ({ params, body }) => {
      const groupId = params.id!;
      if (!group(groupId)) return notFound("user group");
      return graphEdit(body, {
        types: ["user"],
        exists: (_type, id) => !!systemUser(id),
        indexOf: (type, id) =>
          tenant.memberships.findIndex((m) => m.groupId === groupId && m.type === type && m.id === id),
        add: (_type, id) => tenant.memberships.push({ groupId, type: "user", id }),
        removeAt: (i) => tenant.memberships.splice(i, 1),
      });
    }),

    route("get", "/v2/applications/:id/associations", ({ url, params }) => {
      if (!app(params.id!)) return notFound("application");
      // `targets` is required: one or more comma-separated types.
      const targets = url.searchParams.get("targets")?.split(",");
      if (!targets?.length) return badRequest("targets is required");
      const found = tenant.associations.filter((a) => a.appId === params.id && targets.includes(a.type));
      return v2Page(
        url,
        found.map((a) => ({ attributes: null, to: { id: a.id, type: a.type, attributes: null } })),
      );
    }),

    route("get", "/v2/applications/:id/users", ({ url, params }) =>
      app(params.id!) ? v2Page(url, appUsers(params.id!)) : notFound("application"),
    ),

    route("post", "/v2/applications/:id/associations", ({ params, body }) => {
      const appId = params.id!;
      if (!app(appId)) return notFound("application");
      return graphEdit(body, {
        types: ["user", "user_group"],
        exists: (type, id) => (type === "user" ? !!systemUser(id) : !!group(id)),
        indexOf: (type, id) =>
          tenant.associations.findIndex((a) => a.appId === appId && a.type === type && a.id === id),
        add: (type, id) => tenant.associations.push({ appId, type: type as "user" | "user_group", id }),
        removeAt: (i) => tenant.associations.splice(i, 1),
      });
    }),
  ];
}
