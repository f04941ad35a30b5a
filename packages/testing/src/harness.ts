// Calls a connector's handlers the way the sync engine does: the client is built through the SDK's
// runtime (the same ClientContext, HTTP clients and secret set a sync gets), on a fake clock.
import {
  type BatonError,
  type ClientContext,
  type ConfigSchema,
  type ConnectorDefinition,
  createRuntime,
  describeFields,
  type HandlerContext,
  isLastPage,
  type JsonValue,
  type PageResult,
  type Runtime,
  SecretSet,
  sameCursor,
  toPage,
  type z,
} from "@baton/sdk";
import { type FakeClock, fakeClock } from "./clock.js";
import { type RecordingLogger, recordingLogger } from "./logger.js";

export interface HarnessOptions<Client, Config> {
  /** The clock the HTTP clients wait on; share it with the mock's rate limits and tokens. Default: a new fakeClock(). */
  clock?: FakeClock;
  /** Default: a new recordingLogger(). It receives the lines redacted, as a sync's logger does. */
  logger?: RecordingLogger;
  /** Secret values to redact besides the config's secret fields (which are always included). */
  secrets?: Iterable<string>;
  /** The HTTP clients' jitter source; default 0.5, so backoff waits are exact. */
  random?: () => number;
  signal?: AbortSignal;
  /** Per-request HTTP timeout (ms); default the SDK's. */
  httpTimeoutMs?: number;
  /**
   * Builds the client instead of the connector's `client()`, with the same ClientContext: e.g. to
   * point a CLI vendor's client at a fake executable.
   */
  client?: (config: Config, ctx: ClientContext) => Client | Promise<Client>;
}

export interface Harness<Client, Config> {
  /** What the engine passes every handler: `type.list({ ...h.ctx, cursor })`. */
  ctx: HandlerContext<Client, Config>;
  client: Client;
  config: Config;
  clock: FakeClock;
  /** Every wait the HTTP clients and the runtime asked for (ms); waiting moves the clock instead. */
  sleeps: number[];
  log: RecordingLogger;
  /** The run's secret set: the config's secret values and whatever the client added. */
  secrets: SecretSet;
  /** The runtime itself (resource types by id, `call` with the engine's retries). */
  runtime: Runtime;
  /** Closes the client (connector `close()`) and its HTTP pools. */
  close(): Promise<void>;
}

/** The string values of the config's secret fields (`.meta({ secret: true })`). */
function configSecrets(schema: ConfigSchema, config: unknown): string[] {
  const values = (config ?? {}) as Record<string, unknown>;
  return describeFields(schema)
    .filter((f) => f.secret)
    .flatMap((f) => values[f.key] ?? [])
    .filter((v): v is string => typeof v === "string");
}

/**
 * A handler context for `connector` with a validated `config` (parse it with the connector's schema
 * first): the client is built by the SDK's runtime, as in a sync, with the fake clock as its `now`
 * and `sleep`, jitter fixed, a recording logger and the run's secret set.
 */
export async function handlerHarness<Cfg extends ConfigSchema, Client>(
  connector: ConnectorDefinition<Cfg, Client>,
  config: z.infer<Cfg>,
  o: HarnessOptions<Client, z.infer<Cfg>> = {},
): Promise<Harness<Client, z.infer<Cfg>>> {
  const clock = o.clock ?? fakeClock();
  const log = o.logger ?? recordingLogger();
  const secrets = new SecretSet([...configSecrets(connector.config, config), ...(o.secrets ?? [])]);
  const runtime = await createRuntime(o.client ? { ...connector, client: o.client } : connector, config, {
    logger: log,
    secrets,
    sleep: clock.sleep,
    now: clock.now,
    random: o.random ?? (() => 0.5),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.httpTimeoutMs ? { httpTimeoutMs: o.httpTimeoutMs } : {}),
  });
  const ctx = runtime.ctx as HandlerContext<Client, z.infer<Cfg>>;
  return {
    ctx,
    client: ctx.client,
    config,
    clock,
    sleeps: clock.sleeps,
    log,
    secrets,
    runtime,
    close: () => runtime.close(),
  };
}

export interface Drained<T> {
  items: T[];
  /** How many times the handler was called. */
  pages: number;
}

/**
 * Every item of a paged handler, following its cursors as the sync engine does: an array is one
 * page; an absent, null or "" cursor ends; a handler that returns the cursor it was given fails
 * (the engine refuses it too), and so does one that pages past `maxPages` (default 10 000).
 *
 * `drain((cursor) => group.grants!({ ...h.ctx, resource, cursor }))`: the cursor parameter is typed
 * `never` so that it fits whatever cursor type the handler declares; the items' and cursor's types
 * come from what the handler returns.
 */
export async function drain<T, Cursor extends JsonValue>(
  page: (cursor: never) => Promise<PageResult<T, Cursor>>,
  o: { maxPages?: number } = {},
): Promise<Drained<T>> {
  const maxPages = o.maxPages ?? 10_000;
  const items: T[] = [];
  let cursor: Cursor | undefined;
  for (let pages = 1; ; pages++) {
    const { items: got, next } = toPage(await page(cursor as never));
    items.push(...got);
    if (isLastPage(next)) return { items, pages };
    if (sameCursor(cursor, next)) {
      throw new Error(
        `the handler returned the same cursor again on page ${pages + 1}: ${JSON.stringify(next)}`,
      );
    }
    if (pages >= maxPages) throw new Error(`the handler was still paging after ${maxPages} pages`);
    cursor = next;
  }
}

/**
 * What `promise` was rejected with (typed as the SDK's BatonError, which handlers and the HTTP client
 * throw); fails when it resolves instead.
 */
export async function rejection(promise: Promise<unknown>): Promise<BatonError> {
  try {
    await promise;
  } catch (e) {
    return e as BatonError;
  }
  throw new Error("expected a rejection, but the promise resolved");
}
