import { describe, expect, it } from "vitest";
import {
  parseHttpDate,
  parseRateLimitHeaders,
  parseRetryAfter,
  RateLimiter,
} from "../../src/http/ratelimit.js";

const NOW = new Date("2026-11-22T12:00:00Z");
const at = (secondsFromNow: number) => new Date(NOW.getTime() + secondsFromNow * 1000);

describe("parseRateLimitHeaders", () => {
  it("reads Zendesk's headers (x-rate-limit, x-rate-limit-remaining, ratelimit-reset)", () => {
    const info = parseRateLimitHeaders(
      { "x-rate-limit": "700", "x-rate-limit-remaining": "699", "ratelimit-reset": "27" },
      NOW,
    );
    expect(info).toEqual({ limit: 700, remaining: 699, resetAt: at(27) });
  });

  it("uses the leading integer of structured values and Go's header precedence", () => {
    const info = parseRateLimitHeaders(
      {
        "ratelimit-limit": "100",
        "x-ratelimit-limit": "500, 500;w=1",
        "x-rate-limit": "700",
        "ratelimit-remaining": "12;w=60",
      },
      NOW,
    );
    expect(info).toEqual({ limit: 500, remaining: 12 });
  });

  it("reads a fetch Headers object", () => {
    const headers = new Headers({
      "X-RateLimit-Limit": "60",
      "X-RateLimit-Remaining": "0",
      "Retry-After": "5",
    });
    expect(parseRateLimitHeaders(headers, NOW)).toEqual({ limit: 60, remaining: 0, resetAt: at(5) });
  });

  it("treats large integers as Unix epoch seconds or milliseconds", () => {
    const epochSeconds = String(at(90).getTime() / 1000);
    expect(parseRateLimitHeaders({ "x-ratelimit-reset": epochSeconds }, NOW).resetAt).toEqual(at(90));
    const epochMs = String(at(45).getTime());
    expect(parseRateLimitHeaders({ "x-ratelimit-reset": epochMs }, NOW).resetAt).toEqual(at(45));
  });

  it("takes the first parsable reset header, down to Retry-After as an RFC 1123 date (Go skips it)", () => {
    const info = parseRateLimitHeaders(
      { "x-ratelimit-reset": "soon", "retry-after": "Sun, 22 Nov 2026 12:01:00 GMT" },
      NOW,
    );
    expect(info.resetAt).toEqual(at(60));
  });

  it("parses RFC 850 and RFC 3339 reset dates like Go", () => {
    expect(
      parseRateLimitHeaders({ "x-ratelimit-reset": "Sunday, 22-Nov-26 12:00:30 GMT" }, NOW).resetAt,
    ).toEqual(at(30));
    expect(parseRateLimitHeaders({ "x-ratelimit-reset": "2026-11-22T13:00:10+01:00" }, NOW).resetAt).toEqual(
      at(10),
    );
  });

  it("returns nothing when there are no rate-limit headers", () => {
    expect(parseRateLimitHeaders({ "content-type": "application/json" }, NOW)).toEqual({});
  });
});

describe("parseRetryAfter", () => {
  it.each([
    ["120", 120_000],
    [" 0 ", 0],
    ["Sun, 22 Nov 2026 12:00:03 GMT", 3000],
    ["Sunday, 22-Nov-26 12:00:04 GMT", 4000],
    ["Sun Nov 22 12:00:05 2026", 5000],
    ["Sun, 22 Nov 2026 11:00:00 GMT", 0],
  ])("%s → %d ms", (value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms);
  });

  it.each(["soon", "1.5", "-3", "Mon, 31 Feb 2026 12:00:00 GMT", "Sun, 22 Foo 2026 12:00:00 GMT"])(
    "rejects %s",
    (value) => {
      expect(parseRetryAfter(value, NOW)).toBeUndefined();
    },
  );

  it("reads asctime single-digit days", () => {
    expect(parseHttpDate("Sun Nov  6 08:49:37 1994")).toEqual(new Date("1994-11-06T08:49:37Z"));
  });
});

describe("RateLimiter", () => {
  const limiter = (pace?: { requests: number; perMs: number }) => {
    const clock = { now: NOW.getTime() };
    return { clock, limiter: new RateLimiter({ pace, now: () => clock.now }) };
  };

  it("spaces requests to the configured pace", () => {
    const { limiter: l } = limiter({ requests: 10, perMs: 1000 });
    expect([l.reserve(), l.reserve(), l.reserve()]).toEqual([0, 100, 200]);
  });

  it("does not wait without pace or headers", () => {
    const { limiter: l } = limiter();
    expect([l.reserve(), l.reserve()]).toEqual([0, 0]);
  });

  it("spreads the remaining requests over the time to reset once below 10% of the limit", () => {
    const { limiter: l } = limiter();
    l.observe({ limit: 700, remaining: 70, resetAt: at(30) });
    expect(l.reserve()).toBe(0);
    l.observe({ limit: 700, remaining: 6, resetAt: at(30) });
    expect([l.reserve(), l.reserve()]).toEqual([5000, 10_000]);
  });

  it("waits for the reset when nothing remains, even without a known limit", () => {
    const { limiter: l } = limiter();
    l.observe({ remaining: 0, resetAt: at(42) });
    expect(l.reserve()).toBe(42_000);
  });

  it("stops slowing down when a new window reports plenty remaining", () => {
    const { clock, limiter: l } = limiter();
    l.observe({ limit: 100, remaining: 2, resetAt: at(10) });
    clock.now += 10_000;
    l.observe({ limit: 100, remaining: 99, resetAt: at(70) });
    expect([l.reserve(), l.reserve()]).toEqual([0, 0]);
  });

  it("holds every request after a pause", () => {
    const { limiter: l } = limiter();
    l.pause(3000);
    expect([l.reserve(), l.reserve()]).toEqual([3000, 3000]);
  });
});

describe("RateLimiter without a reset header", () => {
  it("assumes a one-minute window when few requests remain", () => {
    let now = 1_000_000;
    const limiter = new RateLimiter({ now: () => now });
    limiter.observe({ limit: 700, remaining: 10 });
    expect(limiter.reserve()).toBe(6_000);
    now += 60_001;
    limiter.observe({ limit: 700, remaining: 600 });
    expect(limiter.reserve()).toBe(0);
  });
});
