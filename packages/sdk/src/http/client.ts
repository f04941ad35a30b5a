import { type Dispatcher, EnvHttpProxyAgent, request as undiciRequest } from "undici";
import type { ZodType } from "zod";
import { BatonError, Code } from "../errors.js";
import { type Logger, silentLogger } from "../log.js";
import { type SecretSet, toSecretSet } from "../secrets.js";
import { type EncodedBody, encodeBody } from "./body.js";
import {
  collapse,
  errorBodyOf,
  malformedJsonError,
  schemaError,
  statusError,
  tooLargeError,
  vendorErrorText,
} from "./errors.js";
import type { ApiPath } from "./path.js";
import { parseRateLimitHeaders, parseRetryAfter, RateLimiter } from "./ratelimit.js";
import { headerSecrets, redact, redactingLogger, redactUrl, SENSITIVE_NAME } from "./redact.js";
import {
  backoffMs,
  defaultSleep,
  errorCode,
  IDEMPOTENT_METHODS,
  isTransientNetworkError,
  jitterSpreadMs,
  neverSent,
  RETRY_STATUSES,
  rateLimitBackoffMs,
} from "./retry.js";
import type { AuthProvider } from "./token.js";

export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";
export type QueryValue = string | number | boolean | undefined | Array<string | number>;

export interface HttpClientOptions {
  /** e.g. `https://acme.zendesk.com`; request paths are joined to it (after any path it has). */
  baseUrl: string;
  /** Full User-Agent, e.g. `baton-zendesk/0.1.0 @baton/sdk/0.1.0`. */
  userAgent: string;
  /**
   * Sent with every request. Values of headers whose names look like credentials (Authorization,
   * X-Api-Key, Cookie, *token*, *secret*, …) are redacted in logs and errors; others (X-Org-Id) are not.
   */
  headers?: Record<string, string>;
  /**
   * Authentication computed for every attempt (so a retry carries a refreshed token); its header
   * values are registered as secrets. A 401 to a request it authenticated is retried once with fresh
   * headers when `auth.rejected()` says so.
   */
  auth?: AuthProvider;
  /**
   * Secret values, redacted wherever they appear. A SecretSet is shared, not copied: what the client
   * registers (auth header values, credential-named headers) joins it.
   */
  secrets?: Iterable<string>;
  /**
   * The vendor's error text from the body of a non-2xx response (its JSON, else its text), e.g.
   * PingOne's `details[0].message`. Undefined (or a hook that throws) falls back to the usual fields
   * (`message`, `error`, `error_description`, `errors[0]`, …).
   */
  errorText?: ErrorTextHook;
  /** Largest response body read; a longer one fails with ResourceExhausted. Default 64 MiB. */
  maxResponseBytes?: number;
  /** Per attempt, including reading the body. Default 300 000 (Go's default client timeout). */
  timeoutMs?: number;
  /**
   * Retries after `retryStatuses`, connection failures and a cut-off 2xx body (idempotent requests
   * only; a request that never left is retried whatever its method). Default 5.
   */
  maxRetries?: number;
  /**
   * Statuses an idempotent request is retried after, with backoff (or Retry-After). Default 500, 502,
   * 503 and 504: vendors return 500 for transient faults as often as the others. 429 is always retried.
   */
  retryStatuses?: readonly number[];
  /**
   * Retries after 429, counted apart from `maxRetries`: after the server's `Retry-After` (or rate-limit
   * reset) plus jitter, or, when it names no delay in the future, after 0.5 s, 1 s, 2 s, …
   * Default 10.
   */
  maxRateLimitRetries?: number;
  /**
   * Longest wait the client accepts for Retry-After or the rate limiter; waits up to it are honoured
   * in full. A longer one fails the request at once with Unavailable and `retryAfterMs`. Default 300 000.
   */
  maxWaitMs?: number;
  logger?: Logger;
  /** Client-side pacing, e.g. Zendesk 700/min → `{ requests: 700, perMs: 60_000 }`. */
  rateLimit?: { requests: number; perMs: number };
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Clock of the rate limiter (epoch ms). */
  now?: () => number;
  /**
   * Cancels every request of this client, in flight or waiting (with each request's own `signal`):
   * the runtime passes the run's, so a cancelled sync or task does not wait for a slow vendor.
   */
  signal?: AbortSignal;
  /** Default: one EnvHttpProxyAgent (pooled; honours HTTP_PROXY, HTTPS_PROXY, NO_PROXY). */
  dispatcher?: Dispatcher;
}

export interface HttpCallOptions {
  /** Added to the path's own query; a key the path already has (e.g. in a next link) is left as it is. */
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  /**
   * Content type of the body: required for a string or Uint8Array; overrides `application/json` for
   * an object (e.g. `application/scim+json`).
   */
  contentType?: string;
  signal?: AbortSignal;
  /**
   * Default: true for GET, HEAD, PUT; false for POST, PATCH and DELETE (a repeated DELETE answers 404
   * for what the first one deleted). Only idempotent requests are retried after 5xx, resets and
   * cut-off bodies; any request is retried after a 429 or a failure to connect (the vendor never saw it).
   */
  idempotent?: boolean;
}

export interface HttpRequest<T> extends HttpCallOptions {
  method?: HttpMethod;
  /**
   * Joined to the base URL: ``path`/users/${id}` `` (each value one encoded segment), a fixed string,
   * or an absolute URL (a next link), which must be on the base URL's origin.
   */
  path: string | ApiPath;
  /**
   * A plain object or array (sent as JSON), URLSearchParams (a form), or a string or Uint8Array sent
   * as it is with `contentType`. Anything else (Map, class instance, FormData, …) is refused.
   */
  body?: unknown;
  /** Validates the parsed JSON body of a 2xx response. */
  schema?: ZodType<T>;
  /** Non-2xx statuses the caller handles: returned with `data` undefined instead of thrown. */
  expect?: readonly number[];
}

export interface HttpResponse<T> {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  data: T;
  url: string;
  /** For an expected non-2xx status: the body, parsed as JSON when it is JSON, unvalidated. */
  errorBody?: unknown;
}

/** Extracts the vendor's error text from a non-2xx body (parsed JSON, or the text when not JSON). */
export type ErrorTextHook = (
  body: unknown,
  res: { status: number; headers: Record<string, string> },
) => string | undefined;

interface Call {
  method: HttpMethod;
  url: URL;
  /** Without the auth provider's headers, which each attempt adds. */
  headers: Record<string, string>;
  body: EncodedBody | undefined;
  signal: AbortSignal | undefined;
  /** `METHOD /path`, redacted, for messages. */
  endpoint: string;
  /** Path and redacted query, for logs. */
  path: string;
  /** The client's secrets (live) and this request's credential headers. */
  secrets: Iterable<string>;
  log: Logger;
}

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

type Sent =
  | { ok: true; res: RawResponse }
  | { ok: false; kind: "timeout" | "canceled" | "network" | "too-large"; cause: unknown };

const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

// Go's uhttp gives a 429 without reset information a reset of now + 60 s.
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

const lowerKeys = (h: Record<string, string> = {}) =>
  Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));

const duration = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`);

/** The values to redact for headers whose names look like credentials. */
const credentialHeaderSecrets = (headers: Record<string, string>) =>
  Object.entries(headers).flatMap(([k, v]) => (SENSITIVE_NAME.test(k) ? headerSecrets(v) : []));

// Dot segments ("." and "..", also percent-encoded) would move a path up; backslashes count as slashes.
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

/** One HTTP client per connector instance: pooled connections, retries, rate limiting, typed errors. */
export class HttpClient {
  readonly #options: HttpClientOptions;
  readonly #base: URL;
  readonly #basePath: string;
  readonly #userAgent: string;
  readonly #headers: Record<string, string>;
  readonly #auth: AuthProvider | undefined;
  readonly #secrets: SecretSet;
  readonly #errorText: ErrorTextHook | undefined;
  readonly #maxResponseBytes: number;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;
  readonly #retryStatuses: ReadonlySet<number>;
  readonly #maxRateLimitRetries: number;
  readonly #maxWaitMs: number;
  readonly #logger: Logger;
  readonly #limiter: RateLimiter;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #random: () => number;
  readonly #now: () => number;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  /** Messages and logs name the origin too (clients for another origin than the connector's API). */
  #originInMessages = false;

  constructor(opts: HttpClientOptions) {
    this.#options = opts;
    this.#base = new URL(opts.baseUrl);
    this.#basePath = this.#base.pathname.replace(/\/+$/, "");
    this.#userAgent = opts.userAgent;
    this.#headers = lowerKeys(opts.headers);
    this.#auth = opts.auth;
    this.#secrets = toSecretSet(opts.secrets);
    this.#secrets.add(...credentialHeaderSecrets(this.#headers));
    this.#errorText = opts.errorText;
    this.#maxResponseBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.#timeoutMs = opts.timeoutMs ?? 300_000;
    this.#maxRetries = opts.maxRetries ?? 5;
    this.#retryStatuses = opts.retryStatuses ? new Set(opts.retryStatuses) : RETRY_STATUSES;
    this.#maxRateLimitRetries = opts.maxRateLimitRetries ?? 10;
    this.#maxWaitMs = opts.maxWaitMs ?? 300_000;
    this.#logger = opts.logger ?? silentLogger;
    this.#sleep = opts.sleep ?? defaultSleep;
    this.#random = opts.random ?? Math.random;
    this.#now = opts.now ?? Date.now;
    this.#limiter = new RateLimiter({ pace: opts.rateLimit, now: this.#now, random: this.#random });
    this.#ownsDispatcher = opts.dispatcher === undefined;
    this.#dispatcher = opts.dispatcher ?? new EnvHttpProxyAgent();
    this.#auth?.attach?.({
      forBaseUrl: (baseUrl) => this.#forBaseUrl(baseUrl),
      secrets: this.#secrets,
      log: this.#logger,
      now: this.#now,
    });
  }

  /** JSON request; `schema` validates the parsed body of a 2xx response and types the result. */
  request<T = unknown>(
    req: HttpRequest<T> & { expect: readonly number[] },
  ): Promise<HttpResponse<T | undefined>>;
  request<T = unknown>(req: HttpRequest<T>): Promise<HttpResponse<T>>;
  async request<T>(req: HttpRequest<T>): Promise<HttpResponse<T | undefined>> {
    const call = this.#prepare(req);
    const idempotent = req.idempotent ?? IDEMPOTENT_METHODS.has(call.method);
    let retries = 0;
    let rateLimitRetries = 0;
    let reauthenticated = false;
    let cutOffRetried = false;
    for (let attempt = 1; ; attempt++) {
      await this.#waitForSlot(call);
      const authHeaders = await this.#authHeaders(call);
      const started = performance.now();
      const sent = await this.#send(call, authHeaders);
      const ms = Math.round(performance.now() - started);
      if (!sent.ok) {
        call.log.debug("http request failed", { method: call.method, path: call.path, ms, attempt });
        const error = this.#transportError(call, sent, attempt);
        if (
          sent.kind === "network" &&
          (idempotent || error.notProcessed) &&
          retries < this.#maxRetries &&
          isTransientNetworkError(sent.cause)
        ) {
          retries++;
          await this.#retryAfter(call, attempt, backoffMs(retries, this.#random), error.message);
          continue;
        }
        throw error;
      }
      const { res } = sent;
      call.log.debug("http request", {
        method: call.method,
        path: call.path,
        status: res.status,
        ms,
        attempt,
      });
      const now = new Date(this.#now());
      const info = parseRateLimitHeaders(res.headers, now);
      this.#limiter.observe(info);

      if (res.status >= 200 && res.status < 300) {
        const parsed = this.#json(call, res);
        // A body that is not JSON was most likely cut off on the way: an idempotent request is asked again, once.
        if (parsed instanceof BatonError) {
          if (!idempotent || cutOffRetried || retries >= this.#maxRetries) throw parsed;
          cutOffRetried = true;
          retries++;
          await this.#retryAfter(call, attempt, backoffMs(retries, this.#random), parsed.message);
          continue;
        }
        return {
          status: res.status,
          headers: res.headers,
          url: call.url.href,
          data: await this.#validate(call, parsed.data, req.schema),
        };
      }
      // A 401 means the server did not act, so any method may be sent again, once, with fresh credentials.
      if (res.status === 401 && authHeaders && !reauthenticated && this.#auth?.rejected?.(authHeaders)) {
        reauthenticated = true;
        call.log.info("http 401: retrying once with fresh credentials", {
          method: call.method,
          path: call.path,
          attempt,
        });
        continue;
      }
      if (req.expect?.includes(res.status)) {
        return {
          status: res.status,
          headers: res.headers,
          url: call.url.href,
          data: undefined,
          errorBody: errorBodyOf(res.text),
        };
      }

      const retryAfterHeader = res.headers["retry-after"];
      const retryAfterMs =
        retryAfterHeader === undefined ? undefined : parseRetryAfter(retryAfterHeader, now);
      const vendorText = this.#vendorText(res);
      const fail = (retryAfter: number | undefined, note: string | undefined, notProcessed = false) =>
        statusError(call.endpoint, res.status, vendorText && redact(vendorText, call.secrets), {
          retryAfterMs: retryAfter,
          note,
          notProcessed,
        });

      if (res.status === 429) {
        // A 429 means the server did not process the request, so every method is retried. A delay
        // of 0 or in the past (a client clock ahead of the server's) names no wait: backoff instead.
        const resetMs = info.resetAt && info.resetAt.getTime() - now.getTime();
        const serverWait = [retryAfterMs, resetMs].find((w) => w !== undefined && w > 0);
        if (serverWait !== undefined && serverWait > this.#maxWaitMs) {
          throw fail(serverWait, `server asks to wait ${duration(serverWait)}`, true);
        }
        if (rateLimitRetries >= this.#maxRateLimitRetries) {
          throw fail(serverWait ?? DEFAULT_RATE_LIMIT_WAIT_MS, `gave up after ${attempt} attempts`, true);
        }
        rateLimitRetries++;
        const wait = serverWait ?? rateLimitBackoffMs(rateLimitRetries);
        const spread =
          serverWait === undefined
            ? wait / 2
            : Math.min(jitterSpreadMs(serverWait), this.#maxWaitMs - serverWait);
        // Every request of this client waits too, each released at its own point of the spread.
        this.#limiter.pause(wait, spread);
        this.#warnRetry(call, attempt, wait, `${res.status} rate limited`);
        continue;
      }
      if (this.#retryStatuses.has(res.status) && idempotent) {
        const serverWait = retryAfterMs !== undefined && retryAfterMs > 0 ? retryAfterMs : undefined;
        const wait =
          serverWait === undefined
            ? backoffMs(retries + 1, this.#random)
            : serverWait +
              this.#random() * Math.min(jitterSpreadMs(serverWait), this.#maxWaitMs - serverWait);
        if (retries < this.#maxRetries && wait <= this.#maxWaitMs) {
          retries++;
          await this.#retryAfter(call, attempt, wait, `${res.status}`);
          continue;
        }
      }
      throw fail(retryAfterMs, attempt > 1 ? `after ${attempt} attempts` : undefined);
    }
  }

  get<T>(path: string | ApiPath, schema: ZodType<T>, opts: HttpCallOptions = {}): Promise<T> {
    return this.request({ ...opts, method: "GET", path, schema }).then((r) => r.data);
  }

  post<T>(path: string | ApiPath, body: unknown, schema: ZodType<T>, opts: HttpCallOptions = {}): Promise<T> {
    return this.request({ ...opts, method: "POST", path, body, schema }).then((r) => r.data);
  }

  put<T>(path: string | ApiPath, body: unknown, schema: ZodType<T>, opts: HttpCallOptions = {}): Promise<T> {
    return this.request({ ...opts, method: "PUT", path, body, schema }).then((r) => r.data);
  }

  patch<T>(
    path: string | ApiPath,
    body: unknown,
    schema: ZodType<T>,
    opts: HttpCallOptions = {},
  ): Promise<T> {
    return this.request({ ...opts, method: "PATCH", path, body, schema }).then((r) => r.data);
  }

  /** Without a schema the (usually empty) body is returned unvalidated. */
  delete<T = unknown>(path: string | ApiPath, schema?: ZodType<T>, opts: HttpCallOptions = {}): Promise<T> {
    return this.request<T>({ ...opts, method: "DELETE", path, schema }).then((r) => r.data);
  }

  /** Closes the pooled connections (only those of the default dispatcher). */
  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }

  /** A client for another origin sharing this one's pool and settings, without its headers or auth. */
  #forBaseUrl(baseUrl: string): HttpClient {
    const { headers: _h, auth: _a, rateLimit: _r, errorText: _e, ...shared } = this.#options;
    const client = new HttpClient({
      ...shared,
      baseUrl,
      secrets: this.#secrets,
      dispatcher: this.#dispatcher,
    });
    client.#originInMessages = true;
    return client;
  }

  #prepare<T>(req: HttpRequest<T>): Call {
    const method = req.method ?? "GET";
    const requestHeaders = lowerKeys(req.headers);
    const own = credentialHeaderSecrets(requestHeaders);
    const clientSecrets = this.#secrets;
    const secrets: Iterable<string> = {
      *[Symbol.iterator]() {
        yield* clientSecrets;
        yield* own;
      },
    };
    const url = this.#url(req.path, secrets);
    // The path's own query (a next link's) wins: `query` only adds the keys it lacks.
    const present = new Set(url.searchParams.keys());
    for (const [key, value] of Object.entries(req.query ?? {})) {
      if (value === undefined || present.has(key)) continue;
      for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(v));
    }
    const where = this.#originInMessages ? url.origin + url.pathname : url.pathname;
    const endpoint = redact(`${method} ${where}`, secrets);
    const body = encodeBody(req.body, req.contentType, endpoint);
    const headers: Record<string, string> = {
      accept: "application/json",
      "user-agent": this.#userAgent,
      ...(body && { "content-type": body.contentType }),
      ...this.#headers,
      ...requestHeaders,
    };
    const logPath = redactUrl(url, secrets);
    return {
      method,
      url,
      headers,
      body,
      signal:
        this.#options.signal && req.signal
          ? AbortSignal.any([this.#options.signal, req.signal])
          : (req.signal ?? this.#options.signal),
      endpoint,
      path: this.#originInMessages ? url.origin + logPath : logPath,
      secrets,
      log: redactingLogger(this.#logger, secrets),
    };
  }

  #url(path: string | ApiPath, secrets: Iterable<string>): URL {
    const raw = String(path);
    if (/^[a-z][a-z\d+.-]*:/i.test(raw) || raw.startsWith("//")) {
      const url = new URL(raw, this.#base);
      if (url.origin !== this.#base.origin) {
        throw new BatonError(
          Code.InvalidArgument,
          redact(
            `refusing to request ${url.origin}: not the connector's API origin ${this.#base.origin}`,
            secrets,
          ),
          { hint: "credentials are only ever sent to the configured base URL" },
        );
      }
      return url;
    }
    const relative = raw.replace(/^\/+/, "");
    const pathPart = relative.split(/[?#]/, 1)[0] ?? "";
    if (pathPart.split(/[/\\]/).some((segment) => DOT_SEGMENT.test(segment))) {
      throw new BatonError(
        Code.InvalidArgument,
        redact(`refusing to request "${raw}": "." and ".." segments would change the path`, secrets),
        { hint: "build paths with path`…`, which encodes each value as one segment" },
      );
    }
    return new URL(`${this.#basePath}/${relative}`, this.#base.origin);
  }

  /** The auth provider's headers for one attempt, registered as secrets; undefined without a provider. */
  async #authHeaders(call: Call): Promise<Record<string, string> | undefined> {
    if (!this.#auth) return undefined;
    if (call.signal?.aborted) throw this.#canceled(call, call.signal.reason);
    const headers = lowerKeys(await this.#auth.headers(call.signal));
    this.#secrets.add(...Object.values(headers).flatMap(headerSecrets));
    return headers;
  }

  async #waitForSlot(call: Call): Promise<void> {
    const wait = this.#limiter.reserve();
    if (wait <= 0) return;
    if (wait > this.#maxWaitMs) {
      throw new BatonError(
        Code.Unavailable,
        `${call.endpoint}: rate limit allows the next request in ${duration(wait)}`,
        { retryAfterMs: wait, notProcessed: true },
      );
    }
    call.log.debug("http rate limit wait", {
      method: call.method,
      path: call.path,
      waitMs: Math.round(wait),
    });
    await this.#pause(call, wait);
  }

  async #retryAfter(call: Call, attempt: number, wait: number, reason: string): Promise<void> {
    this.#warnRetry(call, attempt, wait, reason);
    await this.#pause(call, wait);
  }

  #warnRetry(call: Call, attempt: number, wait: number, reason: string): void {
    call.log.warn("http retry", {
      method: call.method,
      path: call.path,
      attempt,
      reason,
      waitMs: Math.round(wait),
    });
  }

  async #pause(call: Call, ms: number): Promise<void> {
    try {
      await this.#sleep(ms, call.signal);
    } catch (e) {
      if (call.signal?.aborted) throw this.#canceled(call, e);
      throw e;
    }
  }

  async #send(call: Call, authHeaders: Record<string, string> | undefined): Promise<Sent> {
    if (call.signal?.aborted) return { ok: false, kind: "canceled", cause: call.signal.reason };
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
    try {
      const res = await undiciRequest(call.url, {
        method: call.method,
        headers: authHeaders ? { ...call.headers, ...authHeaders } : call.headers,
        body: call.body?.payload,
        dispatcher: this.#dispatcher,
        signal,
        // undici's own inactivity timeouts (300 s by default) must not cut a longer configured timeout.
        headersTimeout: this.#timeoutMs,
        bodyTimeout: this.#timeoutMs,
      });
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) {
        if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
      }
      const text = await this.#readBody(res.body, headers["content-length"]);
      if (text === undefined) return { ok: false, kind: "too-large", cause: undefined };
      return { ok: true, res: { status: res.statusCode, headers, text } };
    } catch (cause) {
      if (call.signal?.aborted) return { ok: false, kind: "canceled", cause };
      const code = errorCode(cause);
      const timedOut =
        timeout.aborted || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT";
      return { ok: false, kind: timedOut ? "timeout" : "network", cause };
    }
  }

  /** The body as text, or undefined (and the connection dropped) once it passes maxResponseBytes. */
  async #readBody(
    body: Dispatcher.ResponseData["body"],
    contentLength: string | undefined,
  ): Promise<string | undefined> {
    const max = this.#maxResponseBytes;
    const abandon = () => {
      // Dropping the body aborts the request; that abort is expected, not an error to report.
      body.on("error", () => {});
      body.destroy();
      return undefined;
    };
    if (contentLength !== undefined && Number(contentLength) > max) return abandon();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body as AsyncIterable<Buffer>) {
      size += chunk.byteLength;
      if (size > max) return abandon();
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, size).toString("utf8");
  }

  /** The vendor's short error text: the client's `errorText` hook, else the usual fields. */
  #vendorText(res: RawResponse): string | undefined {
    if (this.#errorText) {
      try {
        const text = this.#errorText(errorBodyOf(res.text), { status: res.status, headers: res.headers });
        if (typeof text === "string" && text.trim()) return collapse(text);
      } catch {
        // A hook that fails on an unexpected body must not hide the status: use the usual fields.
      }
    }
    return vendorErrorText(res.text, res.headers["content-type"]);
  }

  #transportError(call: Call, sent: Sent & { ok: false }, attempt: number): BatonError {
    if (sent.kind === "canceled") return this.#canceled(call, sent.cause);
    if (sent.kind === "too-large") return tooLargeError(call.endpoint, this.#maxResponseBytes);
    if (sent.kind === "timeout") {
      return new BatonError(
        Code.DeadlineExceeded,
        `${call.endpoint} timed out after ${duration(this.#timeoutMs)}`,
        {
          hint: "raise --http-timeout-seconds if the vendor is slow",
          cause: sent.cause,
        },
      );
    }
    const detail =
      sent.cause instanceof Error ? sent.cause.message || errorCode(sent.cause) : String(sent.cause);
    const note = attempt > 1 ? ` (after ${attempt} attempts)` : "";
    return new BatonError(
      Code.Unavailable,
      redact(`${call.endpoint} failed: ${detail}${note}`, call.secrets),
      { cause: sent.cause, notProcessed: neverSent(sent.cause) },
    );
  }

  #canceled(call: Call, cause: unknown): BatonError {
    return new BatonError(Code.Canceled, `${call.endpoint} cancelled`, { cause });
  }

  /** The parsed body (undefined when empty), or the error for a body that is not JSON. */
  #json(call: Call, res: RawResponse): { data: unknown } | BatonError {
    if (res.text.trim() === "") return { data: undefined };
    try {
      return { data: JSON.parse(res.text) };
    } catch {
      return malformedJsonError(call.endpoint, res.headers["content-type"], Buffer.byteLength(res.text));
    }
  }

  async #validate<T>(call: Call, data: unknown, schema: ZodType<T> | undefined): Promise<T> {
    if (!schema) return data as T;
    const parsed = await schema.safeParseAsync(data);
    if (parsed.success) return parsed.data;
    throw schemaError(
      call.endpoint,
      parsed.error.issues.map((i) => ({ path: i.path, message: redact(i.message, call.secrets) })),
    );
  }
}
