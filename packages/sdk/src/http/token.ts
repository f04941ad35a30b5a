// Access tokens and per-request authentication: the shapes every credential flow of the SDK shares
// (OAuth2 client credentials for vendor APIs, ConductorOne's JWT client assertion in service mode).
import { BatonError, Code } from "../errors.js";
import type { Logger } from "../log.js";
import type { SecretSet } from "../secrets.js";
import type { HttpClient } from "./client.js";

/** A source of bearer tokens: fetched on first use, cached, refreshed before they expire. */
export interface TokenSource {
  /** A token valid now. Concurrent callers share one fetch; a caller's `signal` only stops its own wait. */
  token(signal?: AbortSignal): Promise<string>;
  /**
   * The API rejected `token` although it had not expired (revoked, rotated, clock skew): forget it if
   * it is still the cached one, so the next `token()` fetches a new one. Many workers rejected with
   * the same token cause one refresh, not one each.
   */
  invalidate(token: string): void;
}

/** What a token endpoint gave: the token and how long it lives (OAuth2 `expires_in`, in ms). */
export interface IssuedToken {
  token: string;
  /** Lifetime from now; absent when the issuer does not say (the token is then kept until rejected). */
  expiresInMs?: number | undefined;
}

export interface CachedTokenSourceOptions {
  /** Gets a new token from the issuer. Never called twice at once. */
  fetch(): Promise<IssuedToken>;
  /**
   * Refresh this long before expiry (default 60 s; never more than half the token's lifetime, so a
   * short-lived token is still used for a while).
   */
  refreshBeforeMs?: number;
  /** Epoch ms; injectable for tests. */
  now?: () => number;
  /** Called with every new token before it is used: register it as a secret here. */
  onToken?: (token: string) => void;
}

interface Cached {
  token: string;
  /** Epoch ms after which it is refreshed before use; Infinity when the issuer gave no lifetime. */
  refreshAt: number;
}

const DEFAULT_REFRESH_BEFORE_MS = 60_000;

/** Waits for `promise`, or rejects with Canceled as soon as `signal` aborts (the promise runs on). */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new BatonError(Code.Canceled, "cancelled while getting a token"));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new BatonError(Code.Canceled, "cancelled while getting a token"));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/**
 * A TokenSource over any issuer: caches the token until shortly before it expires, and has at most
 * one fetch in flight however many workers ask at once. A failed fetch is not cached: the next caller
 * tries again.
 */
export function cachedTokenSource(o: CachedTokenSourceOptions): TokenSource {
  const now = o.now ?? Date.now;
  const before = o.refreshBeforeMs ?? DEFAULT_REFRESH_BEFORE_MS;
  let cached: Cached | undefined;
  let inflight: Promise<Cached> | undefined;

  const refresh = (): Promise<Cached> => {
    inflight ??= (async () => {
      try {
        const issued = await o.fetch();
        o.onToken?.(issued.token);
        const life = issued.expiresInMs;
        const margin = life === undefined ? 0 : Math.min(before, life / 2);
        cached = {
          token: issued.token,
          refreshAt: life === undefined ? Number.POSITIVE_INFINITY : now() + life - margin,
        };
        return cached;
      } finally {
        inflight = undefined;
      }
    })();
    return inflight;
  };

  return {
    async token(signal) {
      if (cached && now() < cached.refreshAt) return cached.token;
      return (await unlessAborted(refresh(), signal)).token;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}

/** What an HttpClient gives the auth provider it is configured with, before its first request. */
export interface AuthAttachment {
  /**
   * A client for another origin (e.g. a token endpoint) that shares this client's connection pool,
   * proxy, timeout, retries, response cap, logger and secrets, but not its headers, auth or pacing.
   * Its messages name the origin.
   */
  forBaseUrl(baseUrl: string): HttpClient;
  /** The run's secrets: what the provider adds is redacted everywhere from then on. */
  secrets: SecretSet;
  log: Logger;
  /** The client's clock (epoch ms): tokens expire on it, so a test's fake clock reaches them too. */
  now: () => number;
}

/** Authentication added to each request attempt, computed when the attempt is sent. */
export interface AuthProvider {
  /**
   * Headers for one attempt, e.g. `{ authorization: "Bearer …" }`. The client registers their values
   * as secrets and sends them over any same-named default or request header.
   */
  headers(signal?: AbortSignal): Promise<Record<string, string>>;
  /**
   * The API answered 401 to an attempt sent with `sent` (what `headers()` gave). Return true to have
   * the client retry that request once with fresh headers — e.g. when the token was just revoked.
   */
  rejected?(sent: Record<string, string>): boolean;
  /**
   * Called by each HttpClient given this provider, when the client is made: a provider that makes
   * requests of its own (a token endpoint) makes them through `forBaseUrl`, and registers what it
   * issues in `secrets`. A provider given to several clients is attached to each.
   */
  attach?(client: AuthAttachment): void;
}

/** `Authorization: Bearer <token>` from a TokenSource; a 401 invalidates the token and retries once. */
export function bearerAuth(source: TokenSource): AuthProvider {
  return {
    async headers(signal) {
      return { authorization: `Bearer ${await source.token(signal)}` };
    },
    rejected(sent) {
      const token = /^Bearer (.+)$/.exec(sent.authorization ?? "")?.[1];
      if (token === undefined) return false;
      source.invalidate(token);
      return true;
    },
  };
}
