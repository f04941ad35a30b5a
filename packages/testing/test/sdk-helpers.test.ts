// The kit's mock blocks against the SDK's own client helpers: what a connector for PingOne, JumpCloud
// or Zip puts together, end to end through ctx.http on the fake clock.
import {
  type ClientContext,
  halNext,
  linkHeaderNext,
  nextOffset,
  nextPageToken,
  type OAuth2ClientAuth,
  oauth2ClientCredentials,
  z,
} from "@baton/sdk";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { type FakeClock, fakeClock } from "../src/clock.js";
import { drain, handlerHarness } from "../src/harness.js";
import { type ClientAuthMethod, oauthTokenEndpoint, requireBearer, tokenStore } from "../src/mock/auth.js";
import { failNext, tooManyRequests } from "../src/mock/faults.js";
import { halPage, linkHeaderPage, offsetPage, tokenPage } from "../src/mock/paging.js";
import { recordRequests, setupMswNetwork, useMswNetwork } from "../src/msw.js";
import { API_KEY, DemoClient, demo } from "./demo.js";

const network = setupMswNetwork();
const traffic = recordRequests(network);
useMswNetwork(network, traffic);

const people = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `p${i}`, n: i }));
const pingError = (status: number, code: string, message: string) =>
  HttpResponse.json({ id: "trace-1", code, message }, { status });

/** The demo connector's client, on an HTTP client made with these options instead of its own. */
const harnessWith = (clock: FakeClock, options: Parameters<ClientContext["http"]>[0]) =>
  handlerHarness(demo, demo.config.parse({ apiKey: API_KEY }), {
    clock,
    client: (c, ctx) => new DemoClient(ctx.http(options), c.pageSize),
  });

describe("OAuth client credentials + HAL, as PingOne", () => {
  const users = people(250);
  const page = z.object({
    _embedded: z.object({ users: z.array(z.object({ id: z.string() })) }),
    _links: z.object({ next: z.object({ href: z.string() }).optional() }),
  });

  function pingone(methods: ClientAuthMethod[], clock: FakeClock) {
    const tokens = tokenStore({ now: clock.now, lifetimeSeconds: 3600 });
    const bearer = requireBearer(tokens, (why) =>
      pingError(401, "INVALID_TOKEN", `The access token is ${why}`),
    );
    network.use(
      oauthTokenEndpoint("*/:env/as/token", { clients: { "worker-1": "s3cret value/+=" }, tokens, methods }),
      http.get(
        "*/v1/environments/:env/users",
        ({ request }) =>
          bearer(request) ??
          halPage(new URL(request.url), users, {
            key: "users",
            limit: { name: "limit", default: 100, max: 1000 },
            badRequest: (m) => pingError(400, "INVALID_DATA", m),
          }),
      ),
    );
    return tokens;
  }

  async function client(clientAuth: OAuth2ClientAuth, clock: FakeClock) {
    const h = await harnessWith(clock, {
      baseUrl: "https://api.pingone.test/v1",
      auth: oauth2ClientCredentials({
        tokenUrl: "https://auth.pingone.test/env-1/as/token",
        clientId: "worker-1",
        clientSecret: "s3cret value/+=",
        clientAuth,
        now: clock.now,
      }),
    });
    const list = (cursor?: string) =>
      h.client.http
        .get(cursor ?? "/environments/env-1/users", page, { query: { limit: 100 } })
        .then((body) => ({ items: body._embedded.users, next: halNext(body) }));
    return { h, list };
  }

  it("pages 250 users in 3 pages with one token, then a fresh one once it expires", async () => {
    const clock = fakeClock();
    const tokens = pingone(["client_secret_basic"], clock);
    const { h, list } = await client("basic", clock);
    const { items, pages } = await drain(list);
    expect([items.length, pages]).toEqual([250, 3]);
    expect(tokens.issued).toHaveLength(1);
    clock.advance(3600_000);
    await drain(list);
    expect(tokens.issued).toHaveLength(2);
    expect(traffic.count("POST", "/:env/as/token")).toBe(2);
    expect(traffic.statuses().filter((s) => s !== 200)).toEqual([]);
    // Every issued token is one of the run's secrets.
    expect(tokens.issued.every((t) => h.secrets.has(t.token))).toBe(true);
  });

  it("`auto` client auth moves to client_secret_post when the endpoint refuses Basic", async () => {
    const clock = fakeClock();
    const tokens = pingone(["client_secret_post"], clock);
    const { list } = await client("auto", clock);
    expect((await drain(list)).items).toHaveLength(250);
    expect(tokens.issued).toHaveLength(1);
    expect(traffic.statuses().slice(0, 2)).toEqual([401, 200]);
  });

  it("a token the vendor revoked: 401, a fresh token, the request again", async () => {
    const clock = fakeClock();
    const tokens = pingone(["client_secret_basic", "client_secret_post"], clock);
    const { list } = await client("post", clock);
    await list();
    tokens.revoke(tokens.issued[0]!.token);
    expect((await list()).items).toHaveLength(100);
    expect(tokens.issued).toHaveLength(2);
  });

  it("429 REQUEST_LIMITED with Retry-After, three times, then the page", async () => {
    const clock = fakeClock();
    pingone(["client_secret_basic"], clock);
    network.use(
      failNext(
        "GET",
        "*/v1/environments/:env/users",
        tooManyRequests({ retryAfterSeconds: 1, body: () => pingError(429, "REQUEST_LIMITED", "Too many") }),
        { times: 3 },
      ),
    );
    const { h, list } = await client("basic", clock);
    expect((await list()).items).toHaveLength(100);
    expect(h.sleeps).toEqual([1050, 1050, 1050]);
  });
});

describe("paging helpers", () => {
  const plain = (clock: FakeClock) => harnessWith(clock, { baseUrl: "https://api.vendor.test" });
  const anyBody = z.unknown();

  it("linkHeaderNext follows linkHeaderPage", async () => {
    network.use(
      http.get("*/members", ({ request }) =>
        linkHeaderPage(new URL(request.url), people(45), {
          badRequest: () => new HttpResponse(null, { status: 400 }),
        }),
      ),
    );
    const h = await plain(fakeClock());
    const { items, pages } = await drain(async (cursor: string | undefined) => {
      const res = await h.client.http.request({
        path: cursor ?? "/members",
        query: { per_page: 20 },
        schema: z.array(z.unknown()),
      });
      return { items: res.data, next: linkHeaderNext(res.headers.link, res.url) };
    });
    expect([items.length, pages]).toEqual([45, 3]);
  });

  it("nextOffset pages JumpCloud's v1 envelope by its total and v2's bare arrays to a short page", async () => {
    const jc = (m: string) => HttpResponse.json({ message: m }, { status: 400 });
    network.use(
      http.get("*/api/systemusers", ({ request }) =>
        offsetPage(new URL(request.url), people(200), {
          badRequest: jc,
          envelope: (results, { total }) => ({ totalCount: total, results }),
        }),
      ),
      http.get("*/api/v2/usergroups", ({ request }) =>
        offsetPage(new URL(request.url), people(150), { badRequest: jc }),
      ),
    );
    const h = await plain(fakeClock());
    const v1 = z.object({ totalCount: z.number(), results: z.array(z.unknown()) });
    const systemUsers = await drain(async (skip: number | undefined) => {
      const body = await h.client.http.get("/api/systemusers", v1, {
        query: { skip: skip ?? 0, limit: 100 },
      });
      return {
        items: body.results,
        next: nextOffset({
          offset: skip ?? 0,
          limit: 100,
          received: body.results.length,
          total: body.totalCount,
        }),
      };
    });
    // A total of exactly two pages: no third, empty request.
    expect([systemUsers.items.length, systemUsers.pages]).toEqual([200, 2]);
    const groups = await drain(async (skip: number | undefined) => {
      const body = await h.client.http.get("/api/v2/usergroups", z.array(z.unknown()), {
        query: { skip: skip ?? 0, limit: 100 },
      });
      return { items: body, next: nextOffset({ offset: skip ?? 0, limit: 100, received: body.length }) };
    });
    expect([groups.items.length, groups.pages]).toEqual([150, 2]);
    const tooMany = await h.client.http.request({
      path: "/api/v2/usergroups",
      query: { limit: 101 },
      schema: anyBody,
      expect: [400],
    });
    expect(tooMany.status).toBe(400);
  });

  it("nextPageToken follows tokenPage", async () => {
    network.use(
      http.get("*/users", ({ request }) =>
        tokenPage(new URL(request.url), people(120), {
          badRequest: (m) => HttpResponse.json({ message: m }, { status: 400 }),
        }),
      ),
    );
    const h = await plain(fakeClock());
    const envelope = z.object({ list: z.array(z.unknown()), next_page_token: z.string().optional() });
    const { items, pages } = await drain(async (token: string | undefined) => {
      const body = await h.client.http.get("/users", envelope, {
        query: { page_size: 50, page_token: token },
      });
      return { items: body.list, next: nextPageToken(body.next_page_token) };
    });
    expect([items.length, pages]).toEqual([120, 3]);
  });
});
