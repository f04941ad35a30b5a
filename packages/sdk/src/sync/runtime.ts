// A connector instance: the validated config, the vendor client and the handler context.
import type { AnyConnector, HandlerContext, ResourceTypeDefinition } from "../connector/define.js";
import { BatonError, Code, isRetryable, toBatonError } from "../errors.js";
import { HttpClient } from "../http/index.js";
import { redactingLogger } from "../http/redact.js";
import { defaultSleep, jitterSpreadMs } from "../http/retry.js";
import { type Logger, silentLogger } from "../log.js";
import { type SecretSet, toSecretSet } from "../secrets.js";
import { packageVersion } from "../version.js";

const sdkVersion = packageVersion(import.meta.url);

export interface RuntimeOptions {
  logger?: Logger;
  signal?: AbortSignal;
  /** Per-request HTTP timeout; default 300 s like the Go SDK. */
  httpTimeoutMs?: number;
  /**
   * Secret values to redact (the CLI passes every configured secret). A SecretSet is shared, not
   * copied: what the connector adds at run time (issued tokens) reaches the caller's redaction too.
   */
  secrets?: Iterable<string>;
  /** Injectable for tests: how the engine and HTTP clients wait between retries. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Injectable for tests: the HTTP clients' rate-limit clock (epoch ms). */
  now?: () => number;
  /** Injectable for tests: the HTTP clients' jitter source in [0, 1). */
  random?: () => number;
}

export interface CallPolicy {
  /** Attempts in all; 1 never retries. Default 4. */
  attempts?: number;
  /** Of the retryable errors, those worth another attempt (default: all of them). */
  retryIf?: (e: BatonError) => boolean;
}

/** The longest wait between two attempts; a vendor that asks for more is not asked again early. */
const MAX_CALL_WAIT_MS = 60_000;

const minutes = (ms: number) =>
  ms < 60_000
    ? `${Math.ceil(ms / 1000)} s`
    : ms < 3_600_000
      ? `${Math.ceil(ms / 60_000)} min`
      : `${Math.round(ms / 360_000) / 10} h`;

// biome-ignore lint/suspicious/noExplicitAny: resource types carry their own cursor types
export type AnyResourceType = ResourceTypeDefinition<any, any, any>;

export interface Runtime {
  connector: AnyConnector;
  log: Logger;
  /** The run's warnings about vendor values the connector does not know (ctx.unknownValue). */
  warnings: string[];
  secrets: SecretSet;
  signal: AbortSignal;
  ctx: HandlerContext<unknown, unknown>;
  types: Map<string, AnyResourceType>;
  type(id: string): AnyResourceType;
  sleep(ms: number): Promise<void>;
  /**
   * Runs a connector call, retrying Unavailable/DeadlineExceeded as the Go syncer does: 4 attempts in
   * all by default, 1 s, 2 s, 3 s apart, or after the vendor's delay when it is at most 60 s; a longer
   * delay fails at once. A number is the attempts; a policy may also narrow which errors are retried.
   */
  call<T>(what: string, fn: () => Promise<T>, policy?: number | CallPolicy): Promise<T>;
  close(): Promise<void>;
}

/** Builds the connector's client. `config` must already be validated (parseConfig). */
export async function createRuntime(
  connector: AnyConnector,
  config: unknown,
  o: RuntimeOptions = {},
): Promise<Runtime> {
  const secrets = toSecretSet(o.secrets);
  // A library caller's logger knows nothing of tokens issued during the run: redact them here too.
  const log = o.logger ? redactingLogger(o.logger, secrets) : silentLogger;
  const signal = o.signal ?? new AbortController().signal;
  const sleep = (ms: number) => (o.sleep ?? defaultSleep)(ms, signal);
  const userAgent = `baton-${connector.name}/${connector.version} @baton/sdk/${sdkVersion}`;
  const httpClients: HttpClient[] = [];
  const client = await connector.client(config, {
    log,
    secrets,
    signal,
    timeoutMs: o.httpTimeoutMs ?? 300_000,
    http: (opts) => {
      secrets.add(...(opts.secrets ?? []));
      const http = new HttpClient({
        userAgent,
        logger: log,
        timeoutMs: o.httpTimeoutMs ?? 300_000,
        ...(o.sleep ? { sleep: o.sleep } : {}),
        ...(o.now ? { now: o.now } : {}),
        ...(o.random ? { random: o.random } : {}),
        ...opts,
        secrets,
        // Cancelling the run (Ctrl-C, a cancelled service task) cancels requests in flight too.
        signal: opts.signal ? AbortSignal.any([signal, opts.signal]) : signal,
      });
      httpClients.push(http);
      return http;
    },
  });
  const memo = new Map<string, Promise<unknown>>();
  const warnings: string[] = [];
  const reported = new Set<string>();
  const ctx: HandlerContext<unknown, unknown> = {
    client,
    config,
    log,
    signal,
    once: <T>(key: string, compute: () => Promise<T>) => {
      let p = memo.get(key);
      if (!p) {
        p = compute();
        memo.set(key, p);
        p.catch(() => memo.delete(key));
      }
      return p as Promise<T>;
    },
    unknownValue(what, value, effect) {
      const key = `${what}\u0000${value}`;
      if (reported.has(key)) return;
      reported.add(key);
      const shown = JSON.stringify(value.length > 64 ? `${value.slice(0, 63)}…` : value);
      const message = `unknown ${what} ${shown}: ${effect}`;
      warnings.push(message);
      log.warn(message);
    },
  };
  const types = new Map<string, AnyResourceType>(
    connector.resourceTypes.map((rt: AnyResourceType) => [rt.id, rt]),
  );
  return {
    connector,
    log,
    warnings,
    secrets,
    signal,
    ctx,
    types,
    type(id) {
      const rt = types.get(id);
      if (!rt) {
        throw new BatonError(Code.InvalidArgument, `unknown resource type "${id}"`, {
          hint: `${connector.name} has: ${[...types.keys()].join(", ")}`,
        });
      }
      return rt;
    },
    sleep,
    async call(what, fn, policy = {}) {
      const { attempts = 4, retryIf } = typeof policy === "number" ? { attempts: policy } : policy;
      const random = o.random ?? Math.random;
      for (let attempt = 1; ; attempt++) {
        if (signal.aborted) throw new BatonError(Code.Canceled, "cancelled");
        try {
          return await fn();
        } catch (e) {
          const err = toBatonError(e);
          if (signal.aborted) throw new BatonError(Code.Canceled, "cancelled", { cause: err });
          if (!isRetryable(err) || attempt >= attempts || (retryIf && !retryIf(err))) throw err;
          const asked = err.retryAfterMs;
          if (asked !== undefined && asked > MAX_CALL_WAIT_MS) {
            // Asking again before the vendor's time only earns another refusal.
            throw new BatonError(err.code, err.message, {
              hint: `the vendor asks to wait ${minutes(asked)}: run the same command again after that`,
              retryAfterMs: asked,
              notProcessed: err.notProcessed,
              cause: err,
            });
          }
          const base = asked ?? attempt * 1000;
          const wait = Math.min(MAX_CALL_WAIT_MS, base + random() * jitterSpreadMs(base));
          log.warn("retrying connector call", {
            call: what,
            attempt,
            waitMs: Math.round(wait),
            error: err.message,
          });
          await sleep(wait);
        }
      }
    },
    async close() {
      await connector.close?.(client);
      await Promise.all(httpClients.map((h) => h.close()));
    },
  };
}
