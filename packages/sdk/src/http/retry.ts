import { setTimeout as delay } from "node:timers/promises";

const BACKOFF_BASE_MS = 250;
const BACKOFF_CAP_MS = 30_000;

/** Statuses retried for idempotent requests (429 is handled separately, for every method). */
export const RETRY_STATUSES = new Set([502, 503, 504]);

export const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "PUT", "DELETE"]);

/** Exponential backoff with full jitter: random in [0, min(cap, base·2^(retry−1))). */
export function backoffMs(retry: number, random: () => number): number {
  return random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (retry - 1));
}

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

/** Connection resets, refused or dropped connections and the like; not DNS or TLS trust failures. */
export const isTransientNetworkError = (e: unknown): boolean =>
  !PERMANENT_ERROR_CODES.has(errorCode(e) ?? "");

/** Default sleep: a timer that rejects with the signal's reason when aborted. */
export const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  delay(ms, undefined, signal ? { signal } : undefined);
