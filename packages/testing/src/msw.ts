import { HttpRequestInterceptor } from "@mswjs/interceptors/http";
import { type AnyHandler, matchRequestUrl } from "msw";
import { defineNetwork, InterceptorSource } from "msw/experimental";
import { afterAll, afterEach, beforeAll } from "vitest";

/**
 * An MSW network that intercepts at the socket level, so it sees undici (which msw/node's `setupServer`
 * does not). Unhandled requests fail. Lifecycle: `enable()` before, `resetHandlers()` after each test,
 * `disable()` at the end (or `useMswNetwork(network)`); `use(...)` adds per-test handlers.
 */
export function setupMswNetwork(...handlers: AnyHandler[]) {
  return defineNetwork({
    sources: [new InterceptorSource({ interceptors: [new HttpRequestInterceptor()] })],
    handlers,
    onUnhandledFrame: "error",
    context: { quiet: true },
  });
}

export type MswNetwork = ReturnType<typeof setupMswNetwork>;

/**
 * Registers the network's lifecycle in the calling test file: enabled before its first test, handlers
 * added with `network.use` and the given recorders' requests dropped after each test, disabled after
 * the last one.
 */
export function useMswNetwork(network: MswNetwork, ...recorders: RequestRecorder[]): void {
  beforeAll(() => network.enable());
  afterEach(() => {
    network.resetHandlers();
    for (const r of recorders) r.clear();
  });
  afterAll(() => network.disable());
}

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Headers;
  /** The mocked response's status; undefined while pending, or when the mock answered with a network error. */
  status?: number;
}

export interface RequestRecorder {
  /** Every request the network saw since the last `clear()`, in order. */
  readonly requests: RecordedRequest[];
  /**
   * The requests with this method (`"*"` for any) whose URL matches the MSW path pattern (`"*\/users"`,
   * `"/v1/environments/:env/users"`; a pattern starting with "/" matches on any origin).
   */
  matching(method: string, path?: string): RecordedRequest[];
  /** How many requests `matching(method, path)` has. */
  count(method?: string, path?: string): number;
  /** Requests per `METHOD /path` (query left out), e.g. `{ "GET /api/v2/users": 3 }`. */
  endpoints(): Record<string, number>;
  /** The responses' statuses, in request order. */
  statuses(): Array<number | undefined>;
  clear(): void;
  /** Stops recording. */
  stop(): void;
}

interface RequestEventData {
  requestId: string;
  request: Request;
}

/**
 * Records every request `network` sees, handlers added later with `network.use` and injected
 * failures included, with the status of its mocked response: for tests of request counts.
 */
export function recordRequests(network: MswNetwork): RequestRecorder {
  const requests: RecordedRequest[] = [];
  const byId = new Map<string, RecordedRequest>();
  // The interceptor source's event map is not visible in msw's types; the events and their data are.
  const events = network.events as unknown as {
    on(type: string, listener: (e: RequestEventData & { response?: Response }) => void): void;
    removeListener(type: string, listener: (e: RequestEventData) => void): void;
  };
  const onStart = (e: RequestEventData) => {
    const r: RecordedRequest = {
      method: e.request.method,
      url: new URL(e.request.url),
      headers: new Headers(e.request.headers),
    };
    requests.push(r);
    byId.set(e.requestId, r);
  };
  const onMocked = (e: RequestEventData & { response?: Response }) => {
    const r = byId.get(e.requestId);
    if (r && e.response) r.status = e.response.status;
    byId.delete(e.requestId);
  };
  events.on("request:start", onStart);
  events.on("response:mocked", onMocked);
  const matching = (method = "*", path?: string) => {
    const pattern = path?.startsWith("/") ? `*${path}` : path;
    return requests.filter(
      (r) =>
        (method === "*" || r.method === method.toUpperCase()) &&
        (pattern === undefined || matchRequestUrl(r.url, pattern).matches),
    );
  };
  return {
    requests,
    matching,
    count: (method, path) => matching(method, path).length,
    endpoints() {
      const counts: Record<string, number> = {};
      for (const r of requests) {
        const key = `${r.method} ${r.url.pathname}`;
        counts[key] = (counts[key] ?? 0) + 1;
      }
      return counts;
    },
    statuses: () => requests.map((r) => r.status),
    clear() {
      requests.splice(0);
      byId.clear();
    },
    stop() {
      events.removeListener("request:start", onStart);
      events.removeListener("response:mocked", onMocked);
    },
  };
}
