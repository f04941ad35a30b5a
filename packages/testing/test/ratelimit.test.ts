import { z } from "@baton/sdk";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { fakeClock } from "../src/clock.js";
import { handlerHarness } from "../src/harness.js";
import {
  fixedWindow,
  leakyBucket,
  RATELIMIT_HEADERS,
  type RateLimit,
  rateLimitHeaders,
  withHeaders,
  withRetryAfter,
  X_RATE_LIMIT_HEADERS,
} from "../src/mock/ratelimit.js";
import { recordRequests, setupMswNetwork, useMswNetwork } from "../src/msw.js";
import { API_KEY, demo } from "./demo.js";

const network = setupMswNetwork();
const traffic = recordRequests(network);
useMswNetwork(network, traffic);

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

describe("fixedWindow", () => {
  it("allows `limit` requests a minute, aligned to the clock, then resets", () => {
    const clock = fakeClock(T0 + 45_000);
    const window = fixedWindow({ limit: 3, now: clock.now });
    const states = [window.take(), window.take(), window.take(), window.take()];
    expect(states.map((s) => [s.allowed, s.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
    expect(states[3]).toMatchObject({ limit: 3, resetSeconds: 15, resetAt: T0 + 60_000 });
    clock.advance(15_000);
    expect(window.take()).toMatchObject({ allowed: true, remaining: 2, resetSeconds: 60 });
  });

  it("writes the vendor's header names, with reset in seconds or as an epoch", () => {
    const state = fixedWindow({ limit: 700, now: () => T0 + 1_000 }).take();
    expect(rateLimitHeaders(state, RATELIMIT_HEADERS)).toEqual({
      "RateLimit-Limit": "700",
      "RateLimit-Remaining": "699",
      "RateLimit-Reset": "59",
    });
    expect(rateLimitHeaders(state, X_RATE_LIMIT_HEADERS)["X-Rate-Limit-Reset"]).toBe(
      String((T0 + 60_000) / 1000),
    );
    expect(rateLimitHeaders(state, { limit: "X-Rate-Limit", remaining: "X-Rate-Limit-Remaining" })).toEqual({
      "X-Rate-Limit": "700",
      "X-Rate-Limit-Remaining": "699",
    });
  });
});

describe("leakyBucket", () => {
  it("refuses a request that would overflow, and lets requests through again as it drains", () => {
    const clock = fakeClock(T0);
    const bucket = leakyBucket({ capacity: 2, leakPerSecond: 0.5, now: clock.now });
    expect([bucket.take().allowed, bucket.take().allowed]).toEqual([true, true]);
    const full = bucket.take();
    expect(full).toMatchObject({ allowed: false, remaining: 0, resetSeconds: 2 });
    clock.advance(1_000);
    expect(bucket.take().allowed).toBe(false);
    clock.advance(1_000);
    expect(bucket.take()).toMatchObject({ allowed: true, remaining: 0 });
    clock.advance(4_000);
    expect(bucket.take()).toMatchObject({ allowed: true, remaining: 1 });
  });
});

/** A mock vendor answering GET /things behind `limit`: 429 with or without Retry-After. */
function limited(limit: RateLimit, o: { retryAfter: boolean; headers?: boolean }) {
  network.use(
    http.get("*/things", () => {
      const state = limit.take();
      if (!state.allowed) {
        const refused = HttpResponse.json({ message: "Too Many Requests" }, { status: 429 });
        return o.retryAfter ? withRetryAfter(refused, state) : refused;
      }
      return withHeaders(
        HttpResponse.json({ ok: true }),
        o.headers && rateLimitHeaders(state, RATELIMIT_HEADERS),
      );
    }),
  );
}

describe("against the SDK client", () => {
  const things = z.object({ ok: z.boolean() });
  const harness = () => handlerHarness(demo, demo.config.parse({ apiKey: API_KEY }));

  it("a fixed window with RateLimit-* headers: the client paces itself and never sees 429", async () => {
    const h = await harness();
    limited(fixedWindow({ limit: 5, now: h.clock.now }), { retryAfter: true, headers: true });
    for (let i = 0; i < 12; i++) await h.client.http.get("/things", things);
    expect(traffic.statuses().filter((s) => s !== 200)).toEqual([]);
    expect(h.clock.slept()).toBeGreaterThanOrEqual(2 * 50_000);
  });

  it("a leaky bucket with Retry-After: the client waits what it says", async () => {
    const h = await harness();
    limited(leakyBucket({ capacity: 1, leakPerSecond: 0.25, now: h.clock.now }), { retryAfter: true });
    await h.client.http.get("/things", things);
    await h.client.http.get("/things", things);
    expect(traffic.statuses()).toEqual([200, 429, 200]);
    expect(h.sleeps).toEqual([4_200]);
  });

  it("a leaky bucket without Retry-After: the client backs off until the bucket has drained", async () => {
    const h = await harness();
    limited(leakyBucket({ capacity: 1, leakPerSecond: 1 / 30, now: h.clock.now }), { retryAfter: false });
    await h.client.http.get("/things", things);
    await h.client.http.get("/things", things);
    // The bucket takes 30 s to drain; the backoff doubles from 0.5 s (plus a quarter, the jitter fixed
    // at half of its half) until it has.
    expect(h.sleeps).toEqual([625, 1250, 2500, 5000, 10_000, 20_000]);
    expect(traffic.statuses()).toEqual([200, ...Array(6).fill(429), 200]);
  });
});
