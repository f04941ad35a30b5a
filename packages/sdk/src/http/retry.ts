import { setTimeout as delay } from "node:timers/promises";

const BACKOFF_BASE_MS = 250;
const BACKOFF_CAP_MS = 30_000;
/** The shortest wait after a 429: a vendor that gives no delay (Zip's leaky bucket) still gets one. */
export const RATE_LIMIT_FLOOR_MS = 500;

/**
 * Statuses retried for idempotent requests (429 is handled separately, for every method). 500 is
 * among them: vendors return it for transient faults as often as 502–504, and a read is safe to repeat.
 */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([500, 502, 503, 504]);

/**
 * Methods asked again after a 5xx or a reset. Not DELETE: its effect is idempotent, but its answer
 * is not — after a 5xx the vendor acted on, the repeat gets 404, which a provisioning handler
 * reports as "already gone" for the deletion the first attempt made.
 */
export const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "PUT"]);

/** Exponential backoff with full jitter: random in [0, min(cap, base·2^(retry−1))). */
export function backoffMs(retry: number, random: () => number): number {
  return random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (retry - 1));
}

/**
 * Backoff after a 429 that names no usable delay: 0.5 s, 1 s, 2 s, … capped at 30 s. The client adds up
 * to half again of jitter, so a wait is never shorter than the floor.
 */
export const rateLimitBackoffMs = (retry: number): number =>
  Math.min(BACKOFF_CAP_MS, RATE_LIMIT_FLOOR_MS * 2 ** (retry - 1));

/**
 * How far beyond a server-dictated wait requests are spread, so that clients (and workers) told to
 * wait the same time do not all return at the same instant: a tenth of the wait, 100 ms to 5 s.
 */
export const jitterSpreadMs = (waitMs: number): number => Math.min(5_000, Math.max(100, waitMs / 10));

// Transport failures that a retry cannot fix: unknown host, TLS trust, bad request options.
const PERMANENT_ERROR_CODES = new Set([
  "ENOTFOUND",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "UND_ERR_INVALID_ARG",
  "UND_ERR_NOT_SUPPORTED",
]);

/** The `code` of a Node/undici error or of its cause. */
export function errorCode(e: unknown): string | undefined {
  for (let err = e, depth = 0; err instanceof Error && depth < 3; err = err.cause, depth++) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

// Failures while connecting: no byte of the request was sent.
const UNSENT_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "EAI_AGAIN",
  "ENOTFOUND",
  "UND_ERR_CONNECT_TIMEOUT",
  ...PERMANENT_ERROR_CODES,
]);

/**
 * Whether a transport error happened before the request left (connecting, resolving the name, the TLS
 * handshake), so the vendor never saw it. A reset or a closed socket after connecting may come after
 * the vendor acted on the request, and is not counted.
 */
export function neverSent(e: unknown): boolean {
  for (let err = e, depth = 0; err instanceof Error && depth < 3; err = err.cause, depth++) {
    const { code, syscall } = err as { code?: unknown; syscall?: unknown };
    if (syscall === "connect" || syscall === "getaddrinfo") return true;
    if (typeof code === "string") return UNSENT_ERROR_CODES.has(code);
  }
  return false;
}

/** Connection resets, refused or dropped connections and the like; not DNS or TLS trust failures. */
export const isTransientNetworkError = (e: unknown): boolean =>
  !PERMANENT_ERROR_CODES.has(errorCode(e) ?? "");

/** Default sleep: a timer that rejects with the signal's reason when aborted. */
export const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  delay(ms, undefined, signal ? { signal } : undefined);
