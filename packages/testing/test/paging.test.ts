import { z } from "@baton/sdk";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { fakeClock } from "../src/clock.js";
import { drain, handlerHarness } from "../src/harness.js";
import {
  cursorPage,
  encodeCursor,
  halPage,
  linkHeaderPage,
  offsetPage,
  readPageSize,
  tokenPage,
  unknownParams,
  withQuery,
} from "../src/mock/paging.js";
import { recordRequests, setupMswNetwork, useMswNetwork } from "../src/msw.js";
import { API_KEY, demo, demoHandlers, demoUsers } from "./demo.js";

const network = setupMswNetwork();
const traffic = recordRequests(network);
useMswNetwork(network, traffic);

const items = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i + 1, name: `item ${i + 1}` }));
const badRequest = (message: string) => HttpResponse.json({ code: "INVALID_DATA", message }, { status: 400 });
// biome-ignore lint/suspicious/noExplicitAny: the tests read the JSON bodies field by field
type Body = any;
const json = async (res: Response) => ({
  status: res.status,
  body: (await res.json()) as Body,
  headers: res.headers,
});

describe("halPage", () => {
  it("pages a list of 250 in 3 pages with absolute next links carrying an opaque cursor", async () => {
    const list = items(250);
    const seen: unknown[] = [];
    let url = new URL("https://api.vendor.test/v1/environments/env-1/users?limit=100&filter=x");
    for (;;) {
      const { status, body } = await json(halPage(url, list, { key: "users", badRequest }));
      expect(status).toBe(200);
      expect(body._links.self.href).toBe(url.href);
      expect(body.count).toBe(250);
      expect(body.size).toBe(body._embedded.users.length);
      seen.push(...body._embedded.users);
      if (!body._links.next) break;
      const next = new URL(body._links.next.href);
      expect(next.origin + next.pathname).toBe("https://api.vendor.test/v1/environments/env-1/users");
      expect(next.searchParams.get("filter")).toBe("x");
      expect(next.searchParams.get("limit")).toBe("100");
      expect(next.searchParams.get("cursor")).toMatch(/^[\w-]+$/);
      url = next;
    }
    expect(seen).toEqual(list);
    expect(url.searchParams.get("cursor")).not.toBeNull();
  });

  it("serves fewer than the limit when told to, and refuses a bad limit or cursor with the vendor's body", async () => {
    const u = new URL("https://api.vendor.test/users?limit=500");
    const short = await json(halPage(u, items(600), { key: "users", servesAtMost: 200, badRequest }));
    expect(short.body._embedded.users).toHaveLength(200);
    expect(short.body._links.next).toBeDefined();
    const tooBig = await json(
      halPage(new URL("https://x.test/users?limit=1001"), items(1), { key: "users", badRequest }),
    );
    expect(tooBig).toMatchObject({
      status: 400,
      body: { code: "INVALID_DATA", message: "limit must be an integer from 1 to 1000" },
    });
    const forged = await json(
      halPage(new URL("https://x.test/users?cursor=not-ours"), items(1), { key: "users", badRequest }),
    );
    expect(forged.body.message).toBe("cursor is not a valid cursor");
    expect(forged.status).toBe(400);
  });

  it("is followed to the end by an SDK client through its absolute next links", async () => {
    const clock = fakeClock();
    network.use(...demoHandlers(demoUsers(250), { now: clock.now }));
    const h = await handlerHarness(demo, demo.config.parse({ apiKey: API_KEY, pageSize: 100 }), { clock });
    const { items: got, pages } = await drain((cursor) => demo.resourceTypes[0]!.list({ ...h.ctx, cursor }));
    expect(got).toHaveLength(250);
    expect(pages).toBe(3);
    expect(traffic.count("GET", "/v1/users")).toBe(3);
    expect(traffic.requests.slice(1).every((r) => r.url.searchParams.has("cursor"))).toBe(true);
  });
});

describe("linkHeaderPage", () => {
  it("links first, prev, next and last pages in an RFC 8288 Link header", async () => {
    const res = await json(
      linkHeaderPage(new URL("https://api.vendor.test/users?per_page=10&page=2"), items(35), { badRequest }),
    );
    expect(res.body.map((i: { id: number }) => i.id)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    expect(res.headers.get("link")).toBe(
      [
        '<https://api.vendor.test/users?per_page=10&page=1>; rel="first"',
        '<https://api.vendor.test/users?per_page=10&page=1>; rel="prev"',
        '<https://api.vendor.test/users?per_page=10&page=3>; rel="next"',
        '<https://api.vendor.test/users?per_page=10&page=4>; rel="last"',
      ].join(", "),
    );
    const last = await json(
      linkHeaderPage(new URL("https://api.vendor.test/users?per_page=10&page=4"), items(35), { badRequest }),
    );
    expect(last.body).toHaveLength(5);
    expect(last.headers.get("link")).not.toContain('rel="next"');
  });

  it("pages by an opaque cursor when configured, with a next link only", async () => {
    const seen: number[] = [];
    let url: URL | undefined = new URL("https://api.vendor.test/users?limit=40");
    let pages = 0;
    while (url) {
      const res = await json(
        linkHeaderPage(url, items(100), {
          perPage: { name: "limit", default: 20, max: 200 },
          cursorParam: "after",
          badRequest,
          body: (page) => ({ data: page }),
        }),
      );
      pages++;
      seen.push(...res.body.data.map((i: { id: number }) => i.id));
      const next = /<([^>]+)>; rel="next"/.exec(res.headers.get("link") ?? "")?.[1];
      url = next ? new URL(next) : undefined;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(items(100).map((i) => i.id));
  });
});

describe("offsetPage", () => {
  const jumpcloudError = (message: string) =>
    HttpResponse.json({ code: 400, message, status: "Bad Request" }, { status: 400 });
  const v1 = (page: unknown[], info: { total: number }) => ({ totalCount: info.total, results: page });

  it("pages skip/limit in a {totalCount, results} envelope (v1) or a bare array (v2)", async () => {
    const list = items(230);
    const v1Pages: unknown[][] = [];
    for (let skip = 0; ; skip += 100) {
      const url = new URL(`https://console.vendor.test/api/systemusers?skip=${skip}&limit=100`);
      const { body } = await json(offsetPage(url, list, { badRequest: jumpcloudError, envelope: v1 }));
      expect(body.totalCount).toBe(230);
      v1Pages.push(body.results);
      if (body.results.length < 100) break;
    }
    expect(v1Pages.map((p) => p.length)).toEqual([100, 100, 30]);
    const bare = await json(
      offsetPage(new URL("https://c.test/api/v2/usergroups?skip=220"), list, { badRequest: jumpcloudError }),
    );
    expect(bare.body).toEqual(list.slice(220, 230)); // default limit 10
  });

  it("rejects a limit above the maximum with the vendor's error, or clamps it when configured", async () => {
    const url = new URL("https://c.test/api/systemusers?limit=101");
    expect(await json(offsetPage(url, items(5), { badRequest: jumpcloudError }))).toMatchObject({
      status: 400,
      body: { code: 400, message: "limit must be an integer from 1 to 100" },
    });
    const clamped = offsetPage(new URL("https://c.test/x?offset=0&limit=500"), items(300), {
      offsetParam: "offset",
      limit: { name: "limit", default: 25, max: 100, tooLarge: "clamp" },
      badRequest,
      envelope: (page, info) => ({ items: page, next_offset: info.nextOffset ?? null }),
    });
    expect((await json(clamped)).body).toMatchObject({ next_offset: 100 });
    const negative = await json(offsetPage(new URL("https://c.test/x?skip=-1"), items(3), { badRequest }));
    expect(negative.body.message).toBe("skip must be a non-negative integer");
  });
});

describe("tokenPage", () => {
  it("pages with page_size/page_token in a {list, size, total, next_page_token} envelope", async () => {
    const list = items(120);
    let url = new URL("https://api.vendor.test/users?page_size=50");
    const sizes: number[] = [];
    for (;;) {
      const { body } = await json(tokenPage(url, list, { badRequest }));
      expect(body.total).toBe(120);
      sizes.push(body.size);
      if (!body.next_page_token) {
        expect(body).not.toHaveProperty("next_page_token");
        break;
      }
      url = new URL(withQuery(url, { page_token: body.next_page_token }));
    }
    expect(sizes).toEqual([50, 50, 20]);
  });

  it("composes with the unknown-parameter check vendors answer 400 to", async () => {
    const allowed = ["page_size", "page_token", "email"];
    const url = new URL("https://api.vendor.test/users?page_size=10&pagesize=10&offset=3");
    expect(unknownParams(url, allowed)).toEqual(["pagesize", "offset"]);
    expect(unknownParams(new URL("https://api.vendor.test/users?email=a%40b.test"), allowed)).toEqual([]);
    const bad = await json(tokenPage(new URL("https://x.test/users?page_size=0"), items(3), { badRequest }));
    expect(bad.body.message).toBe("page_size must be an integer from 1 to 100");
  });
});

describe("cursorPage", () => {
  it("pages by the last id, so a record added while paging is neither skipped nor repeated", async () => {
    const list = items(250);
    const url0 = new URL("https://acme.vendor.test/api/v2/users?page[size]=100");
    const first = await json(cursorPage(url0, list, { key: "users", badRequest }));
    expect(first.body.meta.has_more).toBe(true);
    expect(first.body.links.prev).toBeNull();
    list.splice(50, 0, { id: 50.5, name: "inserted behind the cursor" });
    list.push({ id: 251, name: "added at the end" });
    const ids: number[] = first.body.users.map((u: { id: number }) => u.id);
    let next: string | null = first.body.links.next;
    while (next) {
      const res = await json(
        cursorPage(new URL(next), list, { key: "users", badRequest, extra: () => ({ count: 1 }) }),
      );
      expect(res.body.count).toBe(1);
      ids.push(...res.body.users.map((u: { id: number }) => u.id));
      next = res.body.meta.has_more ? res.body.links.next : null;
    }
    expect(ids).toEqual([...items(250).map((i) => i.id), 251]);
  });

  it("refuses a page[size] above 100 and a cursor it did not make", async () => {
    const size = await json(
      cursorPage(new URL("https://x.test/u?page[size]=101"), items(1), { key: "u", badRequest }),
    );
    expect(size.body.message).toBe("page[size] must be an integer from 1 to 100");
    const cursor = await json(
      cursorPage(new URL("https://x.test/u?page[after]=zzz"), items(1), { key: "u", badRequest }),
    );
    expect(cursor.body.message).toBe("page[after] is not a valid cursor");
    const ok = await json(
      cursorPage(new URL(`https://x.test/u?page[after]=${encodeCursor({ id: 1 })}`), items(3), {
        key: "u",
        badRequest,
      }),
    );
    expect(ok.body.u.map((i: { id: number }) => i.id)).toEqual([2, 3]);
    expect(ok.body.links.prev).toMatch(/page%5Bbefore%5D=/);
  });
});

describe("readPageSize", () => {
  it("takes the default when absent and refuses what is not an integer", () => {
    const p = { name: "limit", default: 25, max: 100 };
    expect(readPageSize(new URL("https://x.test/"), p, badRequest)).toBe(25);
    expect(readPageSize(new URL("https://x.test/?limit=7"), p, badRequest)).toBe(7);
    expect(readPageSize(new URL("https://x.test/?limit=7.5"), p, badRequest)).toBeInstanceOf(Response);
    expect(readPageSize(new URL("https://x.test/?limit=abc"), p, badRequest)).toBeInstanceOf(Response);
  });
});

it("blocks compose into an MSW handler served to the SDK client", async () => {
  network.use(
    http.get("*/items", ({ request }) =>
      tokenPage(new URL(request.url), items(7), {
        size: { name: "page_size", default: 3, max: 3 },
        badRequest,
      }),
    ),
  );
  const h = await handlerHarness(demo, demo.config.parse({ apiKey: API_KEY }));
  const schema = z.object({
    list: z.array(z.object({ id: z.number() })),
    next_page_token: z.string().optional(),
  });
  const { items: got } = await drain(async (token: string | undefined) => {
    const body = await h.client.http.get("/items", schema, { query: { page_token: token } });
    return { items: body.list, next: body.next_page_token };
  });
  expect(got.map((i) => i.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  expect(traffic.endpoints()).toEqual({ "GET /items": 3 });
});
