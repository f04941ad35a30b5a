import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { setupMswNetwork, useMswNetwork } from "../../../testing/src/msw.ts";
import { Code } from "../../src/errors.js";
import {
  halNext,
  linkHeaderNext,
  nextOffset,
  nextPageToken,
  parseLinkHeader,
  path,
} from "../../src/http/index.js";
import { BASE, harness, rejection } from "./harness.js";

const network = setupMswNetwork();
useMswNetwork(network);

describe("halNext", () => {
  it("reads _links.next.href, and nothing from a last page or an odd body", () => {
    const next = "https://api.pingone.test/v1/environments/e/users?cursor=abc&limit=2";
    expect(halNext({ _links: { self: { href: "x" }, next: { href: next } } })).toBe(next);
    expect(halNext({ _links: { self: { href: "x" } } })).toBeUndefined();
    expect(halNext({ _links: { next: { href: "" } } })).toBeUndefined();
    expect(halNext({ _links: { next: { href: 7 } } })).toBeUndefined();
    expect(halNext(null)).toBeUndefined();
    expect(halNext([1])).toBeUndefined();
  });
});

describe("Link header", () => {
  const base = "https://api.example.test/v2/users?page=1";

  it("finds rel=next among several links, with quoted parameters holding commas and semicolons", () => {
    const header =
      '<https://api.example.test/v2/users?page=1>; rel="prev first"; title="a, b; c", ' +
      '<https://api.example.test/v2/users?page=3>; title="x\\"y"; rel="next", ' +
      "<https://api.example.test/v2/users?page=9>; rel=last";
    expect(linkHeaderNext(header, base)).toBe("https://api.example.test/v2/users?page=3");
    expect(parseLinkHeader(header, base)).toEqual([
      {
        href: "https://api.example.test/v2/users?page=1",
        rel: ["prev", "first"],
        params: { title: "a, b; c" },
      },
      { href: "https://api.example.test/v2/users?page=3", rel: ["next"], params: { title: 'x"y' } },
      { href: "https://api.example.test/v2/users?page=9", rel: ["last"], params: {} },
    ]);
  });

  it("resolves relative targets against the response URL and matches rel case-insensitively", () => {
    expect(linkHeaderNext('</v2/users?page=2>; REL="Next"', base)).toBe(
      "https://api.example.test/v2/users?page=2",
    );
    expect(linkHeaderNext("<?page=2>;rel=next", base)).toBe("https://api.example.test/v2/users?page=2");
  });

  it("has no next on the last page, for an empty header or for a malformed one", () => {
    expect(linkHeaderNext('<https://x.test/?page=1>; rel="prev"', base)).toBeUndefined();
    expect(linkHeaderNext(undefined, base)).toBeUndefined();
    expect(linkHeaderNext("", base)).toBeUndefined();
    expect(linkHeaderNext("garbage, <https://x.test/?p=2", base)).toBeUndefined();
    expect(linkHeaderNext('garbage, <https://x.test/?p=2>; rel="next"', base)).toBe("https://x.test/?p=2");
  });

  it("counts the first rel parameter only", () => {
    expect(linkHeaderNext('<https://x.test/a>; rel="prev"; rel="next"', base)).toBeUndefined();
  });
});

describe("nextOffset", () => {
  it("stops on a short page without a total", () => {
    expect(nextOffset({ offset: 0, limit: 100, received: 100 })).toBe(100);
    expect(nextOffset({ offset: 100, limit: 100, received: 37 })).toBeUndefined();
  });

  it("stops at the total without asking for an empty page, even when the last page is full", () => {
    expect(nextOffset({ offset: 0, limit: 100, received: 100, total: 200 })).toBe(100);
    expect(nextOffset({ offset: 100, limit: 100, received: 100, total: 200 })).toBeUndefined();
  });

  it("goes on past a short page while the total says more remain (a vendor that caps the page size)", () => {
    expect(nextOffset({ offset: 0, limit: 500, received: 100, total: 250 })).toBe(100);
  });

  it("stops on an empty page, whatever the total says", () => {
    expect(nextOffset({ offset: 40, limit: 10, received: 0, total: 90 })).toBeUndefined();
  });
});

describe("nextPageToken", () => {
  it("treats absent, null and the empty string as the last page", () => {
    expect(nextPageToken("tok2")).toBe("tok2");
    expect(nextPageToken("")).toBeUndefined();
    expect(nextPageToken(null)).toBeUndefined();
    expect(nextPageToken(undefined)).toBeUndefined();
  });
});

describe("following next links through the client", () => {
  const page = z.object({
    _links: z.object({ next: z.object({ href: z.string() }).optional() }),
    _embedded: z.object({ users: z.array(z.object({ id: z.string() })) }),
  });

  it("uses the next link's query and adds only the keys it lacks", async () => {
    const seen: string[] = [];
    network.use(
      http.get(`${BASE}/v1/environments/env/users`, ({ request }) => {
        const url = new URL(request.url);
        seen.push(url.search);
        const cursor = url.searchParams.get("cursor");
        return HttpResponse.json({
          _links: cursor ? {} : { next: { href: `${BASE}/v1/environments/env/users?cursor=c2&limit=2` } },
          _embedded: { users: [{ id: cursor ? "u3" : "u1" }] },
        });
      }),
    );
    const { client } = harness({ baseUrl: `${BASE}/v1` });
    // A client method: the cursor is the next link; the first page is the method's own path.
    const users = async (cursor?: string) => {
      const body = await client.get(cursor ?? path`/environments/${"env"}/users`, page, {
        query: { limit: 200, filter: 'population.id eq "p"' },
      });
      return { items: body._embedded.users, next: halNext(body) };
    };
    const first = await users();
    const second = await users(first.next);
    expect(second).toEqual({ items: [{ id: "u3" }], next: undefined });
    expect(seen).toEqual([
      "?limit=200&filter=population.id+eq+%22p%22",
      "?cursor=c2&limit=2&filter=population.id+eq+%22p%22",
    ]);
  });

  it("refuses a next link on another origin without sending it anything", async () => {
    let evilCalls = 0;
    network.use(
      http.get(`${BASE}/v1/users`, () =>
        HttpResponse.json({
          _links: { next: { href: "https://evil.test/v1/users?cursor=steal" } },
          _embedded: { users: [] },
        }),
      ),
      http.get("https://evil.test/*", () => {
        evilCalls++;
        return HttpResponse.json({});
      }),
    );
    const { client } = harness({ baseUrl: `${BASE}/v1`, headers: { authorization: "Bearer secret-tok" } });
    const next = halNext(await client.get("/users", page));
    const err = await rejection(client.get(next!, page));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.message).toBe(
      "refusing to request https://evil.test: not the connector's API origin https://acme.zendesk.test",
    );
    expect(evilCalls).toBe(0);
  });

  it("follows a relative Link header target resolved against the response URL", async () => {
    const seen: string[] = [];
    network.use(
      http.get(`${BASE}/api/items`, ({ request }) => {
        const p = new URL(request.url).searchParams.get("page") ?? "1";
        seen.push(p);
        const headers: Record<string, string> = p === "1" ? { link: '</api/items?page=2>; rel="next"' } : {};
        return HttpResponse.json([p], { headers });
      }),
    );
    const { client } = harness();
    const res = await client.request({ path: "/api/items", schema: z.array(z.string()) });
    const next = linkHeaderNext(res.headers.link, res.url);
    expect(next).toBe(`${BASE}/api/items?page=2`);
    const res2 = await client.request({ path: next!, schema: z.array(z.string()) });
    expect(linkHeaderNext(res2.headers.link, res2.url)).toBeUndefined();
    expect(seen).toEqual(["1", "2"]);
  });
});
