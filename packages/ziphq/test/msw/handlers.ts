// MSW handlers that behave like Zip's REST API over an in-memory tenant. Known behaviour: the
// Zip-Api-Key header (401 {"message": "The provided API key is not valid"}, also for a Bearer token),
// the {list, size, total, next_page_token} envelope with page_size (at most 100) and page_token, 400
// for any unknown query parameter, 405 with an Allow header for a method a route does not offer,
// {"message"} error bodies, {"data": {...}} write bodies, and a leaky-bucket rate limit whose 429
// carries no Retry-After. The user, role, user-group and department shapes and the user writes are
// the connector's inferred ones (src/adapter.ts).
import { leakyBucket, requireHeader, tokenPage, unknownParams, withRetryAfter } from "@baton/testing";
import { type HttpHandler, HttpResponse, http } from "msw";
import type { Tenant, TenantRecord, TenantUser } from "./tenant.js";

export interface MockOptions {
  /** Clock of the rate limit (epoch ms); share the harness's fake clock. */
  now?: () => number;
  /** The leaky bucket: requests it holds, and how many drain a second. Default 100 and 50. */
  bucket?: { capacity: number; leakPerSecond: number };
  /** Send Retry-After with a 429. Zip documents none, so the default is false. */
  retryAfter?: boolean;
}

export const MAX_PAGE_SIZE = 100;

type Json = Record<string, unknown>;

export const zipError = (status: number, message: string, headers?: Record<string, string>) =>
  HttpResponse.json({ message }, { status, headers });
export const invalidKey = () => zipError(401, "The provided API key is not valid");
export const rateLimited = () => zipError(429, "Too Many Requests");
const badRequest = (message: string) => zipError(400, message);

type Method = "GET" | "POST" | "PATCH" | "DELETE";
type Resolve = (req: { url: URL; id: string; data: Json }) => Response;

interface Route {
  path: string;
  /** Query parameters the route accepts; anything else is answered with 400. */
  query: string[];
  methods: Partial<Record<Method, Resolve>>;
}

const PAGING = ["page_size", "page_token"];

/** A user as Zip serves it: memberships as {id, name}, the department as {id, name} or null. */
function render(tenant: Tenant, u: TenantUser): Json {
  const refs = (list: TenantRecord[], ids: string[]) =>
    ids.map((id) => list.find((r) => r.id === id)).flatMap((r) => (r ? [{ id: r.id, name: r.name }] : []));
  const department = tenant.departments.find((d) => d.id === u.department_id);
  const { department_id: _d, role_ids, user_group_ids, ...fields } = u;
  return {
    ...fields,
    department: department ? { id: department.id, name: department.name } : null,
    roles: refs(tenant.roles, role_ids),
    user_groups: refs(tenant.userGroups, user_group_ids),
  };
}

/** The write body's `data` object, or Zip's 400 when the body is not `{"data": {...}}` with known fields. */
async function readData(request: Request, fields: string[]): Promise<Json | Response> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return badRequest("The request body is not valid JSON");
  }
  const data = (body as { data?: unknown } | null)?.data;
  if (
    typeof body !== "object" ||
    body === null ||
    Object.keys(body).length !== 1 ||
    typeof data !== "object" ||
    data === null ||
    Array.isArray(data)
  ) {
    return badRequest('The request body must be an object with a "data" object');
  }
  const unknown = Object.keys(data).find((k) => !fields.includes(k));
  return unknown ? badRequest(`Unknown field: ${unknown}`) : (data as Json);
}

/** A list of ids that must each name one of `records`: the ids, or Zip's 400. */
function idList(value: unknown, records: TenantRecord[], field: string): string[] | Response {
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    return badRequest(`${field} must be a list of ids`);
  }
  const missing = value.find((id) => !records.some((r) => r.id === id));
  return missing ? badRequest(`${field}: no such id ${missing}`) : [...new Set(value as string[])];
}

export function zipHandlers(tenant: Tenant, options: MockOptions = {}): HttpHandler[] {
  const now = options.now ?? Date.now;
  const bucket = leakyBucket({ capacity: 100, leakPerSecond: 50, ...options.bucket, now });
  const epochSeconds = () => Math.floor(now() / 1000);
  const authenticate = requireHeader("Zip-Api-Key", tenant.apiKey, invalidKey);
  const findUser = (id: string) => tenant.users.find((u) => u.id === id);
  const notFound = () => zipError(404, "User not found");
  const page = (url: URL, items: unknown[]) =>
    tokenPage(url, items, { size: { name: "page_size", default: 50, max: MAX_PAGE_SIZE }, badRequest });

  const routes: Route[] = [
    {
      path: "/users",
      query: [...PAGING, "email"],
      methods: {
        GET: ({ url }) => {
          const email = url.searchParams.get("email");
          const users = email === null ? tenant.users : tenant.users.filter((u) => u.email === email);
          return page(
            url,
            users.map((u) => render(tenant, u)),
          );
        },
        POST: ({ data }) => {
          const { email, first_name, last_name } = data as Partial<Record<string, unknown>>;
          if (typeof email !== "string" || !/^[^@\s]+@[^@\s]+$/.test(email)) {
            return badRequest("email: a valid email address is required");
          }
          if (typeof first_name !== "string" || !first_name || typeof last_name !== "string" || !last_name) {
            return badRequest("first_name and last_name are required");
          }
          if (tenant.users.some((u) => u.email.toLowerCase() === email.toLowerCase())) {
            return badRequest(`A user with email ${email} already exists`);
          }
          const created = epochSeconds();
          const user: TenantUser = {
            id: `7e3f0c1a-0000-4000-8000-${(tenant.nextSeq++).toString(16).padStart(12, "0")}`,
            email,
            first_name,
            last_name,
            is_active: true,
            department_id: null,
            role_ids: [],
            user_group_ids: [],
            created_at: created,
            updated_at: created,
          };
          tenant.users.push(user);
          return HttpResponse.json(render(tenant, user), { status: 201 });
        },
      },
    },
    {
      path: "/users/:id",
      query: [],
      methods: {
        GET: ({ id }) => {
          const user = findUser(id);
          return user ? HttpResponse.json(render(tenant, user)) : notFound();
        },
        PATCH: ({ id, data }) => {
          const user = findUser(id);
          if (!user) return notFound();
          const next = { ...user };
          if ("role_ids" in data) {
            const ids = idList(data.role_ids, tenant.roles, "role_ids");
            if (ids instanceof Response) return ids;
            next.role_ids = ids;
          }
          if ("user_group_ids" in data) {
            const ids = idList(data.user_group_ids, tenant.userGroups, "user_group_ids");
            if (ids instanceof Response) return ids;
            next.user_group_ids = ids;
          }
          for (const k of ["first_name", "last_name"] as const) {
            if (k in data) {
              if (typeof data[k] !== "string") return badRequest(`${k} must be a string`);
              next[k] = data[k] as string;
            }
          }
          if ("is_active" in data) {
            if (typeof data.is_active !== "boolean") return badRequest("is_active must be true or false");
            next.is_active = data.is_active;
          }
          next.updated_at = epochSeconds();
          Object.assign(user, next);
          return HttpResponse.json(render(tenant, user));
        },
        DELETE: ({ id }) => {
          if (!findUser(id)) return notFound();
          tenant.users = tenant.users.filter((u) => u.id !== id);
          return new HttpResponse(null, { status: 204 });
        },
      },
    },
    { path: "/roles", query: PAGING, methods: { GET: ({ url }) => page(url, tenant.roles) } },
    { path: "/user_groups", query: PAGING, methods: { GET: ({ url }) => page(url, tenant.userGroups) } },
    { path: "/departments", query: PAGING, methods: { GET: ({ url }) => page(url, tenant.departments) } },
  ];

  const WRITE_FIELDS: Record<string, string[]> = {
    "POST /users": ["email", "first_name", "last_name"],
    "PATCH /users/:id": ["role_ids", "user_group_ids", "first_name", "last_name", "is_active"],
  };

  const serve = (route: Route): HttpHandler => {
    // Resources sit right under the host: /v1/users is not /users.
    const exact = new RegExp(`^${route.path.replace(":id", "[^/]+")}$`);
    return http.all(`*${route.path}`, async ({ request, params }) => {
      if (!exact.test(new URL(request.url).pathname)) return undefined;
      const rate = bucket.take();
      if (!rate.allowed) return options.retryAfter ? withRetryAfter(rateLimited(), rate) : rateLimited();
      const refused = authenticate(request);
      if (refused) return refused;
      const method = request.method as Method;
      const resolve = route.methods[method];
      if (!resolve) {
        const allow = ["OPTIONS", ...Object.keys(route.methods)].join(", ");
        return zipError(405, `The method ${request.method} is not allowed for the requested URL.`, {
          Allow: allow,
        });
      }
      const url = new URL(request.url);
      const [unknown] = unknownParams(url, route.query);
      if (unknown !== undefined) return badRequest(`Unknown query parameter: ${unknown}`);
      const fields = WRITE_FIELDS[`${method} ${route.path}`];
      let data: Json = {};
      if (fields) {
        const read = await readData(request, fields);
        if (read instanceof Response) return read;
        data = read;
      }
      return resolve({ url, id: String(params.id ?? ""), data });
    });
  };

  return [
    ...routes.map(serve),
    // Any other path is unknown.
    http.all("*", () => zipError(404, "Not Found")),
  ];
}
