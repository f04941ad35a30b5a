import { delay, HttpResponse, http } from "msw";
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { setupMswNetwork, useMswNetwork } from "../../../testing/src/msw.ts";
import { BatonError, Code } from "../../src/errors.js";
import { HttpClient } from "../../src/http/index.js";
import { BASE, harness, rejection, START, UA } from "./harness.js";

const network = setupMswNetwork();
useMswNetwork(network);

const users = z.object({ users: z.array(z.object({ id: z.number(), email: z.string() })) });
const USERS = `${BASE}/api/v2/users.json`;

/** Answers with the given responses in turn (the last one repeats) and counts the calls. */
function sequence(
  method: "get" | "post",
  url: string,
  ...responses: Array<() => Response | Promise<Response>>
) {
  const seen = { calls: 0 };
  network.use(
    http[method](url, () => {
      const respond = responses[Math.min(seen.calls, responses.length - 1)]!;
      seen.calls++;
      return respond();
    }),
  );
  return seen;
}

const ok = () => HttpResponse.json({ users: [{ id: 1, email: "a@example.com" }] });

describe("success and validation", () => {
  it("returns the body typed by the schema, with the query joined to the path", async () => {
    let url = "";
    network.use(
      http.get(USERS, ({ request }) => {
        url = request.url;
        return HttpResponse.json(
          { users: [{ id: 7, email: "x@example.com" }] },
          { headers: { "x-extra": "1" } },
        );
      }),
    );
    const { client } = harness();
    const res = await client.request({
      path: "/api/v2/users.json",
      query: { "page[size]": 100, role: ["admin", "agent"], active: true, skip: undefined },
      schema: users,
    });
    expectTypeOf(res.data).toEqualTypeOf<{ users: { id: number; email: string }[] }>();
    expect(res).toMatchObject({ status: 200, headers: { "x-extra": "1" }, data: { users: [{ id: 7 }] } });
    expect(new URL(url).search).toBe("?page%5Bsize%5D=100&role=admin&role=agent&active=true");
    expect(res.url).toBe(url);
  });

  it("names the endpoint and the JSON path of a schema mismatch, never the value", async () => {
    const list = [1, 2, 3].map((id) => ({ id, email: `u${id}@example.com` }));
    network.use(http.get(USERS, () => HttpResponse.json({ users: [...list, { id: 4, email: 987654 }] })));
    const err = await rejection(harness().client.get("/api/v2/users.json", users));
    expect(err).toBeInstanceOf(BatonError);
    expect(err.code).toBe(Code.Unknown);
    expect(err.message).toBe(
      "GET /api/v2/users.json: unexpected response: users[3].email: expected string, received number",
    );
    expect(err.message).not.toContain("987654");
  });

  it("counts further schema issues", async () => {
    network.use(http.get(USERS, () => HttpResponse.json({ users: [{ id: "x", email: 1 }] })));
    const err = await rejection(harness().client.get("/api/v2/users.json", users));
    expect(err.message).toBe(
      "GET /api/v2/users.json: unexpected response: users[0].id: expected number, received string (and 1 more)",
    );
  });

  it("reports malformed JSON without the body", async () => {
    network.use(http.get(USERS, () => HttpResponse.html("<html>maintenance s3cret</html>", { status: 200 })));
    const err = await rejection(harness().client.get("/api/v2/users.json", users));
    expect(err.code).toBe(Code.Unknown);
    expect(err.message).toBe("GET /api/v2/users.json returned malformed JSON (text/html, 31 bytes)");
  });

  it("returns an expected non-2xx status with no data", async () => {
    network.use(
      http.get(`${BASE}/api/v2/users/9.json`, () => HttpResponse.json({ error: "x" }, { status: 404 })),
    );
    const res = await harness().client.request({
      path: "/api/v2/users/9.json",
      schema: users,
      expect: [404],
    });
    expectTypeOf(res.data).toEqualTypeOf<z.infer<typeof users> | undefined>();
    expect(res).toMatchObject({ status: 404, data: undefined });
  });

  it("accepts an empty 204 for DELETE without a schema", async () => {
    network.use(
      http.delete(`${BASE}/api/v2/group_memberships/5.json`, () => new HttpResponse(null, { status: 204 })),
    );
    await expect(harness().client.delete("/api/v2/group_memberships/5.json")).resolves.toBeUndefined();
  });

  it("sends JSON bodies, the User-Agent and the configured Authorization", async () => {
    let seen: { headers: Record<string, string>; body: unknown } | undefined;
    network.use(
      http.post(`${BASE}/api/v2/group_memberships.json`, async ({ request }) => {
        seen = { headers: Object.fromEntries(request.headers), body: await request.json() };
        return HttpResponse.json({ group_membership: { id: 3 } }, { status: 201 });
      }),
    );
    const { client } = harness({ headers: { Authorization: "Basic dXNlcjpwdw==" } });
    const out = await client.post(
      "/api/v2/group_memberships.json",
      { group_membership: { user_id: 1, group_id: 2 } },
      z.object({ group_membership: z.object({ id: z.number() }) }),
    );
    expect(out.group_membership.id).toBe(3);
    expect(seen?.body).toEqual({ group_membership: { user_id: 1, group_id: 2 } });
    expect(seen?.headers).toMatchObject({
      "user-agent": UA,
      authorization: "Basic dXNlcjpwdw==",
      accept: "application/json",
      "content-type": "application/json",
    });
  });
});

describe("status → gRPC code", () => {
  it.each([
    [400, Code.InvalidArgument],
    [401, Code.Unauthenticated],
    [403, Code.PermissionDenied],
    [404, Code.NotFound],
    [408, Code.DeadlineExceeded],
    [409, Code.AlreadyExists],
    [422, Code.InvalidArgument],
    [501, Code.Unimplemented],
    [302, Code.Unknown],
  ])("%i → %i, not retried", async (status, code) => {
    const seen = sequence("get", USERS, () => HttpResponse.json({}, { status }));
    const err = await rejection(harness().client.get("/api/v2/users.json", users));
    expect(err).toBeInstanceOf(BatonError);
    expect(err.code).toBe(code);
    expect(err.message).toMatch(new RegExp(`^GET /api/v2/users.json returned ${status} `));
    expect(seen.calls).toBe(1);
  });

  it("quotes the vendor's short error text", async () => {
    network.use(
      http.get(`${BASE}/api/v2/users/1.json`, () =>
        HttpResponse.json({ error: "RecordNotFound", description: "Not found" }, { status: 404 }),
      ),
    );
    const err = await rejection(harness().client.get("/api/v2/users/1.json", users));
    expect(err.message).toBe("GET /api/v2/users/1.json returned 404 Not Found: RecordNotFound: Not found");
  });

  it("truncates long vendor text and leaves the query out", async () => {
    network.use(
      http.get(USERS, () => HttpResponse.json({ message: `${"x".repeat(500)} tail` }, { status: 400 })),
    );
    const err = await rejection(harness().client.get("/api/v2/users.json", users, { query: { q: "abc" } }));
    expect(err.message).toBe(`GET /api/v2/users.json returned 400 Bad Request: ${"x".repeat(199)}…`);
  });
});

describe("retries", () => {
  it("waits Retry-After seconds (plus a tenth of jitter) on 429, then succeeds", async () => {
    const seen = sequence(
      "get",
      USERS,
      () => new HttpResponse(null, { status: 429, headers: { "Retry-After": "30" } }),
      ok,
    );
    const { client, state } = harness();
    await expect(client.get("/api/v2/users.json", users)).resolves.toMatchObject({ users: [{ id: 1 }] });
    expect(seen.calls).toBe(2);
    expect(state.sleeps).toEqual([31_500]);
    expect(state.lines.filter((l) => l.level === "warn")).toEqual([
      {
        level: "warn",
        msg: "http retry",
        fields: {
          method: "GET",
          path: "/api/v2/users.json",
          attempt: 1,
          reason: "429 rate limited",
          waitMs: 30_000,
        },
      },
    ]);
  });

  it("waits until a Retry-After HTTP-date on 429", async () => {
    const date = new Date(START + 3000).toUTCString();
    sequence(
      "get",
      USERS,
      () => new HttpResponse(null, { status: 429, headers: { "Retry-After": date } }),
      ok,
    );
    const { client, state } = harness();
    await client.get("/api/v2/users.json", users);
    expect(state.sleeps).toEqual([3150]);
  });

  it("waits for the rate-limit reset on a 429 without Retry-After", async () => {
    sequence(
      "get",
      USERS,
      () =>
        new HttpResponse(null, {
          status: 429,
          headers: { "ratelimit-remaining": "0", "ratelimit-reset": "12" },
        }),
      ok,
    );
    const { client, state } = harness();
    await client.get("/api/v2/users.json", users);
    expect(state.sleeps).toEqual([12_600]);
  });

  it("backs off with jitter after a 503, then succeeds", async () => {
    const seen = sequence("get", USERS, () => new HttpResponse(null, { status: 503 }), ok);
    const { client, state } = harness();
    await client.get("/api/v2/users.json", users);
    expect(seen.calls).toBe(2);
    expect(state.sleeps).toEqual([125]);
  });

  it("retries a 500 unless retryStatuses leaves it out, and then only idempotent requests", async () => {
    const fail = () => HttpResponse.json({ message: "unexpected" }, { status: 500 });
    let seen = sequence("get", USERS, fail, ok);
    const narrowed = await rejection(
      harness({ retryStatuses: [502, 503, 504] }).client.get("/api/v2/users.json", users),
    );
    expect(narrowed.code).toBe(Code.Unavailable);
    expect(seen.calls).toBe(1);

    network.resetHandlers();
    seen = sequence("get", USERS, fail, ok);
    const { client, state } = harness();
    await client.get("/api/v2/users.json", users);
    expect(seen.calls).toBe(2);
    expect(state.sleeps).toEqual([125]);

    const posts = sequence("post", `${BASE}/api/v2/things.json`, fail);
    await rejection(client.post("/api/v2/things.json", {}, z.unknown()));
    expect(posts.calls).toBe(1);
  });

  it("grows the backoff exponentially and gives up with Unavailable and retryAfterMs", async () => {
    const seen = sequence("get", USERS, () => HttpResponse.json({ error: "busy" }, { status: 502 }));
    const { client, state } = harness({ maxRetries: 3 });
    const err = await rejection(client.get("/api/v2/users.json", users));
    expect(seen.calls).toBe(4);
    expect(state.sleeps).toEqual([125, 250, 500]);
    expect(err.code).toBe(Code.Unavailable);
    expect(err.message).toBe("GET /api/v2/users.json returned 502 Bad Gateway: busy (after 4 attempts)");
    expect(err.retryAfterMs).toBeUndefined();
  });

  it("carries Retry-After of the last 503 when retries are exhausted", async () => {
    const seen = sequence(
      "get",
      USERS,
      () => new HttpResponse(null, { status: 503, headers: { "Retry-After": "7" } }),
    );
    const { client, state } = harness();
    const err = await rejection(client.get("/api/v2/users.json", users));
    expect(seen.calls).toBe(6);
    expect(state.sleeps).toEqual([7350, 7350, 7350, 7350, 7350]);
    expect(err).toMatchObject({ code: Code.Unavailable, retryAfterMs: 7000 });
  });

  it("gives up on 429 after its own cap with Unavailable and retryAfterMs", async () => {
    const seen = sequence(
      "get",
      USERS,
      () => new HttpResponse(null, { status: 429, headers: { "Retry-After": "1" } }),
    );
    const { client } = harness({ maxRateLimitRetries: 2 });
    const err = await rejection(client.get("/api/v2/users.json", users));
    expect(seen.calls).toBe(3);
    expect(err).toMatchObject({ code: Code.Unavailable, retryAfterMs: 1000 });
    expect(err.message).toBe(
      "GET /api/v2/users.json returned 429 Too Many Requests (gave up after 3 attempts)",
    );
  });

  it("fails at once when the server asks to wait longer than maxWaitMs", async () => {
    const seen = sequence(
      "get",
      USERS,
      () => new HttpResponse(null, { status: 429, headers: { "Retry-After": "3600" } }),
    );
    const { client, state } = harness();
    const err = await rejection(client.get("/api/v2/users.json", users));
    expect(seen.calls).toBe(1);
    expect(state.sleeps).toEqual([]);
    expect(err).toMatchObject({ code: Code.Unavailable, retryAfterMs: 3_600_000 });
  });

  it("does not retry a POST after a 503 (it may have been processed)", async () => {
    const seen = sequence(
      "post",
      `${BASE}/api/v2/things.json`,
      () => new HttpResponse(null, { status: 503 }),
    );
    const err = await rejection(harness().client.post("/api/v2/things.json", {}, z.unknown()));
    expect(err.code).toBe(Code.Unavailable);
    expect(seen.calls).toBe(1);
  });

  it("retries a POST after a 429 (the server did not process it)", async () => {
    const seen = sequence(
      "post",
      `${BASE}/api/v2/things.json`,
      () => new HttpResponse(null, { status: 429, headers: { "Retry-After": "2" } }),
      () => HttpResponse.json({ id: 1 }, { status: 201 }),
    );
    const { client, state } = harness();
    await expect(client.post("/api/v2/things.json", {}, z.object({ id: z.number() }))).resolves.toEqual({
      id: 1,
    });
    expect(seen.calls).toBe(2);
    expect(state.sleeps).toEqual([2100]);
  });

  it("retries a GET after a connection reset", async () => {
    const seen = sequence("get", USERS, () => HttpResponse.error(), ok);
    const { client, state } = harness();
    await client.get("/api/v2/users.json", users);
    expect(seen.calls).toBe(2);
    expect(state.sleeps).toEqual([125]);
    expect(state.lines.find((l) => l.level === "warn")?.fields.reason).toMatch(
      /^GET \/api\/v2\/users.json failed/,
    );
  });

  it("does not retry a POST after a connection reset", async () => {
    const seen = sequence("post", `${BASE}/api/v2/things.json`, () => HttpResponse.error());
    const err = await rejection(harness().client.post("/api/v2/things.json", {}, z.unknown()));
    expect(err.code).toBe(Code.Unavailable);
    expect(err.message).toMatch(/^POST \/api\/v2\/things.json failed: /);
    expect(seen.calls).toBe(1);
  });

  it("does not retry a DELETE after a 500 or a reset: the repeat would answer 404 for what the first deleted", async () => {
    for (const fail of [() => new HttpResponse(null, { status: 500 }), () => HttpResponse.error()]) {
      let calls = 0;
      network.use(
        http.delete(`${BASE}/api/v2/things/1.json`, () => {
          calls++;
          return fail();
        }),
      );
      const err = await rejection(harness().client.delete("/api/v2/things/1.json"));
      expect(err.code).toBe(Code.Unavailable);
      expect(err.notProcessed).toBe(false);
      expect(calls).toBe(1);
    }
  });

  it("retries a DELETE marked idempotent, and any DELETE after a 429", async () => {
    let calls = 0;
    network.use(
      http.delete(`${BASE}/api/v2/things/1.json`, () =>
        ++calls === 1 ? new HttpResponse(null, { status: 503 }) : new HttpResponse(null, { status: 204 }),
      ),
    );
    await harness().client.request({ method: "DELETE", path: "/api/v2/things/1.json", idempotent: true });
    expect(calls).toBe(2);
    calls = 0;
    network.use(
      http.delete(`${BASE}/api/v2/things/2.json`, () =>
        ++calls === 1
          ? new HttpResponse(null, { status: 429, headers: { "retry-after": "1" } })
          : new HttpResponse(null, { status: 204 }),
      ),
    );
    await harness().client.delete("/api/v2/things/2.json");
    expect(calls).toBe(2);
  });

  it("retries a POST marked idempotent", async () => {
    const seen = sequence(
      "post",
      `${BASE}/api/v2/search.json`,
      () => new HttpResponse(null, { status: 503 }),
      ok,
    );
    await harness().client.post("/api/v2/search.json", {}, z.unknown(), { idempotent: true });
    expect(seen.calls).toBe(2);
  });
});

describe("timeouts and cancellation", () => {
  it("times out with DeadlineExceeded and does not retry", async () => {
    const seen = sequence("get", USERS, async () => {
      await delay(2000);
      return ok();
    });
    const err = await rejection(harness({ timeoutMs: 50 }).client.get("/api/v2/users.json", users));
    expect(err).toMatchObject({
      code: Code.DeadlineExceeded,
      message: "GET /api/v2/users.json timed out after 50 ms",
    });
    expect(seen.calls).toBe(1);
  });

  it("stops waiting between retries when the caller aborts (real sleep)", async () => {
    sequence("get", USERS, () => new HttpResponse(null, { status: 503, headers: { "Retry-After": "60" } }));
    const client = new HttpClient({ baseUrl: BASE, userAgent: UA });
    const started = Date.now();
    const err = await rejection(
      client.get("/api/v2/users.json", users, { signal: AbortSignal.timeout(100) }),
    );
    expect(err.code).toBe(Code.Canceled);
    expect(Date.now() - started).toBeLessThan(5000);
    await client.close();
  });

  it("cancels an in-flight request", async () => {
    sequence("get", USERS, async () => {
      await delay(2000);
      return ok();
    });
    const err = await rejection(
      harness().client.get("/api/v2/users.json", users, { signal: AbortSignal.timeout(30) }),
    );
    expect(err).toMatchObject({ code: Code.Canceled, message: "GET /api/v2/users.json cancelled" });
  });

  it("cancels every request with the client's signal, alone or with the request's own", async () => {
    sequence("get", USERS, async () => {
      await delay(2000);
      return ok();
    });
    const { client } = harness({ signal: AbortSignal.timeout(30) });
    const alone = await rejection(client.get("/api/v2/users.json", users));
    expect(alone).toMatchObject({ code: Code.Canceled });
    const both = await rejection(
      client.get("/api/v2/users.json", users, { signal: new AbortController().signal }),
    );
    expect(both).toMatchObject({ code: Code.Canceled });
  });
});

describe("rate limiting", () => {
  const limited =
    (remaining: number, reset = "14") =>
    () =>
      HttpResponse.json(
        { users: [] },
        {
          headers: {
            "X-Rate-Limit": "700",
            "X-Rate-Limit-Remaining": String(remaining),
            "ratelimit-reset": reset,
          },
        },
      );

  it("slows down before being throttled when few requests remain", async () => {
    sequence("get", USERS, limited(7));
    const { client, state } = harness();
    await client.get("/api/v2/users.json", users);
    expect(state.sleeps).toEqual([]);
    await client.get("/api/v2/users.json", users);
    expect(state.sleeps).toEqual([2000]);
  });

  it("does not slow down while plenty remain", async () => {
    sequence("get", USERS, limited(500));
    const { client, state } = harness();
    await client.get("/api/v2/users.json", users);
    await client.get("/api/v2/users.json", users);
    expect(state.sleeps).toEqual([]);
  });

  it("fails fast with retryAfterMs when the window resets beyond maxWaitMs", async () => {
    const seen = sequence("get", USERS, limited(0, "3600"));
    const { client } = harness();
    await client.get("/api/v2/users.json", users);
    const err = await rejection(client.get("/api/v2/users.json", users));
    expect(err).toMatchObject({ code: Code.Unavailable, retryAfterMs: 3_600_000 });
    expect(seen.calls).toBe(1);
  });

  it("paces concurrent requests on one client", async () => {
    sequence("get", USERS, ok);
    const sleeps: number[] = [];
    // The clock stands still, so each wait is measured from the same instant.
    const { client } = harness({
      rateLimit: { requests: 10, perMs: 1000 },
      sleep: async (ms) => void sleeps.push(ms),
    });
    await Promise.all([1, 2, 3].map(() => client.get("/api/v2/users.json", users)));
    expect(sleeps).toEqual([100, 200]);
  });

  it("holds concurrent requests while one waits out a 429", async () => {
    sequence(
      "get",
      `${BASE}/a`,
      () => new HttpResponse(null, { status: 429, headers: { "Retry-After": "5" } }),
      ok,
    );
    sequence("get", `${BASE}/b`, ok);
    const sleeps: number[] = [];
    let second: Promise<unknown> | undefined;
    const { client } = harness({
      sleep: async (ms) => {
        sleeps.push(ms);
        if (sleeps.length === 1) second = client.get("/b", users);
      },
    });
    await client.get("/a", users);
    await second;
    expect(sleeps).toEqual([5250, 5250]);
  });
});

describe("URLs", () => {
  it("accepts an absolute next link on the same origin", async () => {
    let url = "";
    network.use(
      http.get(USERS, ({ request }) => {
        url = request.url;
        return ok();
      }),
    );
    await harness().client.get(`${USERS}?page%5Bafter%5D=abc`, users);
    expect(url).toBe(`${USERS}?page%5Bafter%5D=abc`);
  });

  it.each(["https://evil.test/api/v2/users.json", "//evil.test/api", "http://acme.zendesk.test/api"])(
    "refuses %s (another origin) before sending anything",
    async (link) => {
      const err = await rejection(harness().client.get(link, users));
      expect(err.code).toBe(Code.InvalidArgument);
      expect(err.message).toMatch(
        /^refusing to request .*: not the connector's API origin https:\/\/acme\.zendesk\.test$/,
      );
    },
  );

  it("joins paths after the base URL's path", async () => {
    network.use(http.get(`${BASE}/api/v2/groups.json`, () => HttpResponse.json({ ok: true })));
    const client = harness({ baseUrl: `${BASE}/api/v2/` }).client;
    await expect(client.get("/groups.json", z.object({ ok: z.boolean() }))).resolves.toEqual({ ok: true });
  });
});

describe("redaction", () => {
  const TOKEN = "zd-api-token-0123456789";
  const AUTH = `Bearer ${TOKEN}`;
  const SECRET = "configured-s3cret-value";

  it("keeps the token, Authorization and configured secrets out of every log line and error", async () => {
    sequence(
      "get",
      `${BASE}/api/v2/search.json`,
      () => new HttpResponse(null, { status: 503 }),
      () =>
        HttpResponse.json({ error: `Couldn't authenticate you with ${AUTH} / ${SECRET}` }, { status: 401 }),
    );
    const { client, state } = harness({ headers: { Authorization: AUTH }, secrets: [SECRET] });
    const err = await rejection(
      client.get("/api/v2/search.json", users, {
        query: { query: `type:user ${SECRET}`, access_token: "per-request-tok" },
        headers: { "X-Api-Key": "per-request-key" },
      }),
    );
    expect(err.code).toBe(Code.Unauthenticated);
    expect(err.message).toBe(
      "GET /api/v2/search.json returned 401 Unauthorized: Couldn't authenticate you with [REDACTED] / [REDACTED] (after 2 attempts)",
    );
    expect(state.lines.map((l) => l.level)).toEqual(["debug", "warn", "debug"]);
    const everything = JSON.stringify([state.lines, err.message, (err as unknown as BatonError).describe()]);
    for (const secret of [TOKEN, SECRET, "per-request-tok", "per-request-key", encodeURIComponent(SECRET)]) {
      expect(everything).not.toContain(secret);
    }
    expect(state.lines[0]?.fields.path).toBe(
      "/api/v2/search.json?query=type%3Auser+[REDACTED]&access_token=[REDACTED]",
    );
  });

  it("never retries 401 or 403", async () => {
    const seen = sequence("get", USERS, () => new HttpResponse(null, { status: 403 }));
    const err = await rejection(harness().client.get("/api/v2/users.json", users));
    expect(err.code).toBe(Code.PermissionDenied);
    expect(seen.calls).toBe(1);
  });
});

describe("waits after 429", () => {
  const tooMany =
    (headers: Record<string, string> = {}) =>
    () =>
      new HttpResponse(null, { status: 429, headers });

  it("never waits 0 when the rate-limit reset is already past (client clock ahead)", async () => {
    sequence("get", USERS, tooMany({ "ratelimit-remaining": "0", "ratelimit-reset": "0" }), ok);
    const { client, state } = harness();
    await client.get("/api/v2/users.json", users);
    expect(state.sleeps).toHaveLength(1);
    expect(state.sleeps[0]).toBeGreaterThanOrEqual(500);
  });

  it("never waits 0 for a Retry-After date in the past", async () => {
    const past = new Date(START - 10_000).toUTCString();
    sequence("get", USERS, tooMany({ "Retry-After": past }), ok);
    const { client, state } = harness();
    await client.get("/api/v2/users.json", users);
    expect(state.sleeps[0]).toBeGreaterThanOrEqual(500);
  });

  it("backs off from half a second, exponentially, on a 429 without any delay header", async () => {
    sequence("get", USERS, tooMany(), tooMany(), tooMany(), ok);
    const { client, state } = harness({ random: () => 0 });
    await client.get("/api/v2/users.json", users);
    expect(state.sleeps).toEqual([500, 1000, 2000]);
  });

  it("adds jitter to a server-dictated wait, never shortening it", async () => {
    const waits: number[] = [];
    for (const r of [0, 0.5, 0.99]) {
      network.resetHandlers();
      sequence("get", USERS, tooMany({ "Retry-After": "30" }), ok);
      const { client, state } = harness({ random: () => r });
      await client.get("/api/v2/users.json", users);
      waits.push(...state.sleeps);
    }
    expect(waits[0]).toBe(30_000);
    expect(new Set(waits).size).toBe(3);
    for (const w of waits) {
      expect(w).toBeGreaterThanOrEqual(30_000);
      expect(w).toBeLessThanOrEqual(33_000);
    }
  });

  it("spreads out the requests a 429 held, instead of releasing them at once", async () => {
    let calls = 0;
    network.use(
      http.get(`${BASE}/c/:n`, () =>
        ++calls <= 4 ? new HttpResponse(null, { status: 429, headers: { "Retry-After": "10" } }) : ok(),
      ),
    );
    let seed = 0;
    const sleeps: number[] = [];
    // The clock stands still, so each wait is measured from the same instant.
    const { client } = harness({
      random: () => [0.1, 0.7, 0.3, 0.9][seed++ % 4]!,
      sleep: async (ms) => void sleeps.push(ms),
    });
    await Promise.all([1, 2, 3, 4].map((n) => client.get(`/c/${n}`, users)));
    expect(calls).toBe(8);
    expect(sleeps).toHaveLength(4);
    expect(new Set(sleeps).size).toBe(4);
    for (const w of sleeps) expect(w).toBeGreaterThanOrEqual(10_000);
  });

  it("honours a Retry-After longer than the engine's 60 s, up to the client's maximum wait", async () => {
    const seen = sequence("get", USERS, tooMany({ "Retry-After": "200" }), ok);
    const { client, state } = harness();
    await client.get("/api/v2/users.json", users);
    expect(seen.calls).toBe(2);
    expect(state.sleeps).toHaveLength(1);
    expect(state.sleeps[0]).toBeGreaterThanOrEqual(200_000);
    expect(state.sleeps[0]).toBeLessThanOrEqual(300_000);
  });
});

describe("transient server errors", () => {
  it("retries an idempotent request after a 500, with backoff", async () => {
    const seen = sequence("get", USERS, () => HttpResponse.json({ error: "oops" }, { status: 500 }), ok);
    const { client, state } = harness();
    await client.get("/api/v2/users.json", users);
    expect(seen.calls).toBe(2);
    expect(state.sleeps).toEqual([125]);
  });

  it("gives up on repeated 500s after maxRetries", async () => {
    const seen = sequence("get", USERS, () => HttpResponse.json({ error: "oops" }, { status: 500 }));
    const err = await rejection(harness({ maxRetries: 2 }).client.get("/api/v2/users.json", users));
    expect(seen.calls).toBe(3);
    expect(err.code).toBe(Code.Unavailable);
  });

  it("does not retry a POST after a 500", async () => {
    const seen = sequence(
      "post",
      `${BASE}/api/v2/things.json`,
      () => new HttpResponse(null, { status: 500 }),
    );
    await rejection(harness().client.post("/api/v2/things.json", {}, z.unknown()));
    expect(seen.calls).toBe(1);
  });

  it("retries an idempotent request once whose 2xx body is cut off, then reports it", async () => {
    const cut = () =>
      new HttpResponse('{"users": [', { status: 200, headers: { "content-type": "application/json" } });
    const once = sequence("get", USERS, cut, ok);
    await harness().client.get("/api/v2/users.json", users);
    expect(once.calls).toBe(2);
    network.resetHandlers();
    const always = sequence("get", USERS, cut);
    const err = await rejection(harness().client.get("/api/v2/users.json", users));
    expect(err.message).toMatch(/malformed JSON/);
    expect(always.calls).toBe(2);
  });
});

describe("whether the vendor acted on a failed request", () => {
  it("marks a 429 that was given up on as not processed", async () => {
    sequence("post", `${BASE}/api/v2/things.json`, () => new HttpResponse(null, { status: 429 }));
    const err = await rejection(
      harness({ maxRateLimitRetries: 1 }).client.post("/api/v2/things.json", {}, z.unknown()),
    );
    expect(err).toMatchObject({ code: Code.Unavailable, notProcessed: true });
  });

  it("does not mark a 503 or a reset after the request was sent", async () => {
    sequence("post", `${BASE}/api/v2/a.json`, () => new HttpResponse(null, { status: 503 }));
    sequence("post", `${BASE}/api/v2/b.json`, () => HttpResponse.error());
    const { client } = harness();
    for (const p of ["/api/v2/a.json", "/api/v2/b.json"]) {
      const err = await rejection(client.post(p, {}, z.unknown()));
      expect(err.code).toBe(Code.Unavailable);
      expect(err.notProcessed).toBe(false);
    }
  });

  it("marks a wait the rate limiter refuses as not processed (nothing was sent)", async () => {
    sequence("get", USERS, () =>
      HttpResponse.json(
        { users: [] },
        { headers: { "ratelimit-limit": "10", "ratelimit-remaining": "0", "ratelimit-reset": "3600" } },
      ),
    );
    const { client } = harness();
    await client.get("/api/v2/users.json", users);
    const err = await rejection(client.post("/api/v2/users.json", {}, z.unknown()));
    expect(err).toMatchObject({ code: Code.Unavailable, notProcessed: true });
  });
});
