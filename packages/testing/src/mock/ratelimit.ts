// Server-side rate limits for mock vendors, on an injectable clock (share a fakeClock with the client).

/** What one request found. */
export interface RateState {
  /** False: the vendor answers 429. */
  allowed: boolean;
  limit: number;
  /** Requests left (after this one). */
  remaining: number;
  /** Seconds until the window resets (fixed window) or there is room for one more request (bucket); at least 1. */
  resetSeconds: number;
  /** When that is (epoch ms). */
  resetAt: number;
}

export interface RateLimit {
  /** Counts one request (when allowed) and says how it stands. */
  take(): RateState;
}

/**
 * A fixed window per `windowMs` (default one minute) aligned to the clock, as Zendesk's per-minute
 * limit is: `limit` requests, then 429 until the next window.
 */
export function fixedWindow(o: { limit: number; windowMs?: number; now: () => number }): RateLimit {
  const windowMs = o.windowMs ?? 60_000;
  let windowStart = Number.NaN;
  let used = 0;
  return {
    take() {
      const t = o.now();
      const start = t - (t % windowMs);
      if (start !== windowStart) {
        windowStart = start;
        used = 0;
      }
      const allowed = used < o.limit;
      if (allowed) used++;
      const resetAt = start + windowMs;
      return {
        allowed,
        limit: o.limit,
        remaining: o.limit - used,
        resetSeconds: Math.max(1, Math.ceil((resetAt - t) / 1000)),
        resetAt,
      };
    },
  };
}

/**
 * A leaky bucket: each request adds one to the bucket, which drains `leakPerSecond` a second; a
 * request that would overflow `capacity` gets 429, and requests succeed again once it has drained.
 */
export function leakyBucket(o: { capacity: number; leakPerSecond: number; now: () => number }): RateLimit {
  let level = 0;
  let at = o.now();
  return {
    take() {
      const t = o.now();
      level = Math.max(0, level - ((t - at) / 1000) * o.leakPerSecond);
      at = t;
      const allowed = level + 1 <= o.capacity;
      if (allowed) level += 1;
      const waitMs = Math.max(0, ((level + 1 - o.capacity) / o.leakPerSecond) * 1000);
      return {
        allowed,
        limit: o.capacity,
        remaining: Math.max(0, Math.floor(o.capacity - level)),
        resetSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
        resetAt: t + waitMs,
      };
    },
  };
}

/** The names a vendor gives its rate-limit headers; a name left out is not sent. */
export interface RateLimitHeaderNames {
  limit?: string;
  remaining?: string;
  reset?: string;
  /** The reset header's value: seconds from now (default) or an epoch time in seconds. */
  resetFormat?: "seconds" | "epoch-seconds";
}

/** `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (seconds from now), as the IETF draft names them. */
export const RATELIMIT_HEADERS: RateLimitHeaderNames = {
  limit: "RateLimit-Limit",
  remaining: "RateLimit-Remaining",
  reset: "RateLimit-Reset",
};

/** `X-Rate-Limit-Limit`, `X-Rate-Limit-Remaining`, `X-Rate-Limit-Reset` (epoch seconds), as Okta names them. */
export const X_RATE_LIMIT_HEADERS: RateLimitHeaderNames = {
  limit: "X-Rate-Limit-Limit",
  remaining: "X-Rate-Limit-Remaining",
  reset: "X-Rate-Limit-Reset",
  resetFormat: "epoch-seconds",
};

/** The headers that tell a client how `state` stands, under the vendor's names. */
export function rateLimitHeaders(state: RateState, names: RateLimitHeaderNames): Record<string, string> {
  const h: Record<string, string> = {};
  if (names.limit) h[names.limit] = String(state.limit);
  if (names.remaining) h[names.remaining] = String(state.remaining);
  if (names.reset) {
    h[names.reset] =
      names.resetFormat === "epoch-seconds"
        ? String(Math.ceil(state.resetAt / 1000))
        : String(state.resetSeconds);
  }
  return h;
}

/** Sets the headers on `res` and returns it; `undefined`/`false` entries are skipped. */
export function withHeaders(
  res: Response,
  ...headers: Array<Record<string, string> | undefined | false>
): Response {
  for (const h of headers) if (h) for (const [k, v] of Object.entries(h)) res.headers.set(k, v);
  return res;
}

/** Sets `Retry-After` (seconds) on a 429 from how `state` stands, and returns it. */
export const withRetryAfter = (res: Response, state: RateState): Response =>
  withHeaders(res, { "Retry-After": String(state.resetSeconds) });
