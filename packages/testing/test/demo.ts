// A small connector and a mock of its vendor built from the kit's blocks: x-api-key auth, HAL pages
// of users, a per-minute rate limit on the shared clock. Used by the kit's own tests.
import { defineConnector, type HttpClient, resourceType, userResource, z } from "@baton/sdk";
import { HttpResponse, http } from "msw";
import { requireHeader } from "../src/mock/auth.js";
import { halPage } from "../src/mock/paging.js";
import {
  fixedWindow,
  RATELIMIT_HEADERS,
  rateLimitHeaders,
  withHeaders,
  withRetryAfter,
} from "../src/mock/ratelimit.js";

export const API_KEY = "demo-key-0123456789";
export const BASE = "https://api.demo.test";

const vendorError = (status: number, code: string, message: string) =>
  HttpResponse.json({ id: "err-1", code, message }, { status });

export interface DemoUser {
  id: string;
  name: string;
}

export const demoUsers = (n: number): DemoUser[] =>
  Array.from({ length: n }, (_, i) => ({ id: `u${String(i).padStart(4, "0")}`, name: `User ${i}` }));

/** The vendor mock: GET /v1/users (HAL, limit ≤ 100) and GET /v1/me. */
export function demoHandlers(users: DemoUser[], o: { now: () => number; perMinute?: number }) {
  const apiKey = requireHeader("x-api-key", API_KEY, () =>
    vendorError(401, "UNAUTHORIZED", "The API key is missing or not valid"),
  );
  const window = fixedWindow({ limit: o.perMinute ?? 1000, now: o.now });
  const guarded =
    (respond: (url: URL) => Response) =>
    ({ request }: { request: Request }) => {
      const state = window.take();
      const headers = rateLimitHeaders(state, RATELIMIT_HEADERS);
      if (!state.allowed) {
        return withHeaders(
          withRetryAfter(vendorError(429, "REQUEST_LIMITED", "Too many requests"), state),
          headers,
        );
      }
      return withHeaders(apiKey(request) ?? respond(new URL(request.url)), headers);
    };
  return [
    http.get(
      "*/v1/me",
      guarded(() => HttpResponse.json({ ok: true })),
    ),
    http.get(
      "*/v1/users",
      guarded((url) =>
        halPage(url, users, {
          key: "users",
          limit: { name: "limit", default: 100, max: 100 },
          badRequest: (m) => vendorError(400, "INVALID_DATA", m),
        }),
      ),
    ),
  ];
}

const usersPage = z.object({
  _embedded: z.object({ users: z.array(z.object({ id: z.string(), name: z.string() })) }),
  _links: z.object({ next: z.object({ href: z.string() }).optional() }),
});

export class DemoClient {
  constructor(
    readonly http: HttpClient,
    readonly pageSize: number,
  ) {}
  async users(next?: string) {
    const body = await this.http.get(
      next ?? "/v1/users",
      usersPage,
      next ? {} : { query: { limit: this.pageSize } },
    );
    return { items: body._embedded.users, next: body._links.next?.href };
  }
}

export const demo = defineConnector({
  name: "demo",
  displayName: "Demo",
  version: "1.0.0",
  config: z.object({
    baseUrl: z.string().default(BASE).describe("API base URL"),
    apiKey: z.string().meta({ secret: true }).describe("API key"),
    pageSize: z.number().int().default(100).describe("Users per page"),
  }),
  client: (c, ctx) =>
    new DemoClient(ctx.http({ baseUrl: c.baseUrl, headers: { "x-api-key": c.apiKey } }), c.pageSize),
  async validate({ client, log, config }) {
    log.info(`validating with ${config.apiKey}`);
    await client.http.get("/v1/me", z.object({ ok: z.boolean() }));
  },
  resourceTypes: [
    resourceType<DemoClient>({
      id: "user",
      displayName: "User",
      traits: ["user"],
      skipEntitlementsAndGrants: true,
      async list({ client, cursor }) {
        const page = await client.users(cursor);
        return {
          items: page.items.map((u) => userResource("user", u.id, { displayName: u.name })),
          next: page.next,
        };
      },
    }),
  ],
});
