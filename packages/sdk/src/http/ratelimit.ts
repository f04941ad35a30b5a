/** Response headers as undici (lower-case record) or fetch (`Headers`) give them. */
export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

export interface RateLimitInfo {
  limit?: number;
  remaining?: number;
  resetAt?: Date;
}

// Header precedence as in the Go SDK (uhttp); `x-rate-limit` is Zendesk's limit header, which Go ignores.
const LIMIT_HEADERS = [
  "x-ratelimit-limit",
  "ratelimit-limit",
  "x-ratelimit-requests-limit",
  "x-rate-limit-limit",
  "x-rate-limit",
];
const REMAINING_HEADERS = [
  "x-ratelimit-remaining",
  "ratelimit-remaining",
  "x-ratelimit-requests-remaining",
  "x-rate-limit-remaining",
];
const RESET_HEADERS = [
  "x-ratelimit-reset",
  "ratelimit-reset",
  "x-ratelimit-requests-reset",
  "x-rate-limit-reset",
  "retry-after",
];

const THIRTY_YEARS_S = 30 * 365 * 24 * 3600;
const THIRTY_YEARS_MS = THIRTY_YEARS_S * 1000;

function header(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

/** The leading integer of a value such as `500` or `500, 500;w=1`. */
function leadingInt(value: string): number | undefined {
  const m = /^\s*(-?\d+)(?:\s*[,;]|\s*$)/.exec(value);
  return m ? Number(m[1]) : undefined;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const IMF_FIXDATE = /^[A-Z][a-z]{2}, (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC_850 = /^[A-Z][a-z]+, (\d{2})-([A-Z][a-z]{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) (?:GMT|UTC)$/;
const ASCTIME = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;
const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

function utc(year: number, month: string, day: string, h: string, m: string, s: string): Date | undefined {
  const mon = MONTHS.indexOf(month);
  if (mon < 0) return undefined;
  const date = new Date(Date.UTC(year, mon, Number(day), Number(h), Number(m), Number(s)));
  // Date.UTC rolls over out-of-range fields (31 Feb → 3 Mar); such a date is malformed.
  return date.getUTCDate() === Number(day) && date.getUTCMonth() === mon ? date : undefined;
}

/** RFC 9110 HTTP-date in any of its three forms (IMF-fixdate, RFC 850, asctime). */
export function parseHttpDate(value: string): Date | undefined {
  const v = value.trim();
  let m = IMF_FIXDATE.exec(v);
  if (m) return utc(Number(m[3]), m[2]!, m[1]!, m[4]!, m[5]!, m[6]!);
  m = RFC_850.exec(v);
  if (m) {
    const yy = Number(m[3]);
    // Two-digit years as Go's time package reads them: 69–99 → 19xx, 00–68 → 20xx.
    return utc(yy >= 69 ? 1900 + yy : 2000 + yy, m[2]!, m[1]!, m[4]!, m[5]!, m[6]!);
  }
  m = ASCTIME.exec(v);
  if (m) return utc(Number(m[6]), m[1]!, m[2]!.trim(), m[3]!, m[4]!, m[5]!);
  return undefined;
}

/** A reset value: Go's integer rules (epoch ms, epoch s or seconds from now), an HTTP-date or RFC 3339. */
function parseReset(value: string, now: Date): Date | undefined {
  const n = leadingInt(value);
  if (n !== undefined) {
    if (n > THIRTY_YEARS_MS) return new Date(n);
    if (n > THIRTY_YEARS_S) return new Date(n * 1000);
    return new Date(now.getTime() + n * 1000);
  }
  const date = parseHttpDate(value);
  if (date) return date;
  const v = value.trim();
  return RFC_3339.test(v) ? new Date(v) : undefined;
}

/**
 * Rate-limit state from response headers, with the Go SDK's header precedence: limit and remaining from
 * the first present header, reset from the first parsable one (`Retry-After` last). Unlike Go, an
 * RFC 1123 HTTP-date (the usual `Retry-After` date form) is understood.
 */
export function parseRateLimitHeaders(headers: HeaderSource, now: Date = new Date()): RateLimitInfo {
  const info: RateLimitInfo = {};
  const first = (names: string[]) => names.map((n) => header(headers, n)).find((v) => v !== undefined);
  const limitValue = first(LIMIT_HEADERS);
  const limit = limitValue === undefined ? undefined : leadingInt(limitValue);
  if (limit !== undefined) info.limit = limit;
  const remainingValue = first(REMAINING_HEADERS);
  const remaining = remainingValue === undefined ? undefined : leadingInt(remainingValue);
  if (remaining !== undefined) info.remaining = remaining;
  for (const name of RESET_HEADERS) {
    const value = header(headers, name);
    const resetAt = value === undefined ? undefined : parseReset(value, now);
    if (resetAt) {
      info.resetAt = resetAt;
      break;
    }
  }
  return info;
}

/** `Retry-After` in milliseconds from `now`: delta-seconds or an HTTP-date (a past date gives 0). */
export function parseRetryAfter(value: string, now: Date = new Date()): number | undefined {
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const date = parseHttpDate(v);
  return date ? Math.max(0, date.getTime() - now.getTime()) : undefined;
}

/** Requests are spread out once fewer than this share of the window's limit remains. */
const LOW_REMAINING_FRACTION = 0.1;
/**
 * The window assumed when a response reports what remains but not when it resets: per-minute limits
 * are the norm (Zendesk sends `ratelimit-reset` on list endpoints only).
 */
const ASSUMED_WINDOW_MS = 60_000;

/**
 * Start-time scheduler shared by all requests of one client. Each request reserves the next free slot;
 * slots are spaced by the configured pace and, when the server reports few remaining requests, by
 * (time to reset) / remaining. A 429 holds every slot until the server's retry time, and releases the
 * held requests spread over a jitter window after it rather than all at once.
 */
export class RateLimiter {
  readonly #paceMs: number;
  readonly #now: () => number;
  readonly #random: () => number;
  #nextAt = 0;
  #slowUntil = 0;
  #slowIntervalMs = 0;
  #pausedUntil = 0;
  #spreadMs = 0;

  constructor(opts: {
    pace?: { requests: number; perMs: number } | undefined;
    now: () => number;
    random?: () => number;
  }) {
    this.#paceMs = opts.pace ? opts.pace.perMs / opts.pace.requests : 0;
    this.#now = opts.now;
    this.#random = opts.random ?? Math.random;
  }

  /** Reserves a start slot and returns how long to wait for it (ms). */
  reserve(): number {
    const now = this.#now();
    const free = Math.max(now, this.#nextAt);
    const start =
      free < this.#pausedUntil + this.#spreadMs
        ? Math.max(free, this.#pausedUntil + this.#random() * this.#spreadMs)
        : free;
    const interval = Math.max(this.#paceMs, start < this.#slowUntil ? this.#slowIntervalMs : 0);
    // Spaced requests queue behind this one; unspaced ones each keep their own point of the spread.
    this.#nextAt = interval > 0 ? start + interval : free;
    return start - now;
  }

  /** Learns from a response's rate-limit headers. */
  observe(info: RateLimitInfo): void {
    if (info.remaining === undefined) return;
    const now = this.#now();
    const resetAt = info.resetAt?.getTime() ?? now + ASSUMED_WINDOW_MS;
    const untilReset = resetAt - now;
    if (untilReset <= 0) return;
    const low =
      info.limit === undefined ? info.remaining <= 0 : info.remaining < info.limit * LOW_REMAINING_FRACTION;
    if (!low) {
      this.#slowUntil = 0;
      return;
    }
    this.#slowIntervalMs = untilReset / Math.max(info.remaining, 1);
    this.#slowUntil = resetAt;
    this.#nextAt = Math.max(this.#nextAt, now + this.#slowIntervalMs);
  }

  /**
   * Holds every request until `now + ms` (after a 429); each then starts at a random point of the
   * following `spreadMs`.
   */
  pause(ms: number, spreadMs = 0): void {
    const until = this.#now() + ms;
    if (until + spreadMs <= this.#pausedUntil + this.#spreadMs) return;
    this.#pausedUntil = until;
    this.#spreadMs = spreadMs;
  }
}
