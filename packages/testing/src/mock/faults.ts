// Failure injection for reliability tests: the next N requests that match fail in a chosen way, and
// later ones reach the mock's normal handlers.
import {
  type AnyHandler,
  delay,
  getResponse,
  type HttpHandler,
  HttpResponse,
  http,
  type RequestHandler,
} from "msw";

/** What a failing request gets: a response, or undefined to hand the request on to the next handler. */
export type Fault = (request: Request) => Response | undefined | Promise<Response | undefined>;

export type FaultMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "*";

const byMethod = {
  GET: http.get,
  POST: http.post,
  PUT: http.put,
  PATCH: http.patch,
  DELETE: http.delete,
  HEAD: http.head,
  "*": http.all,
} as const;

/**
 * The next `times` (default 1) requests with `method` to the MSW path pattern `path` (and, with
 * `when`, only those it accepts) get `fault`; the ones after them go on to the other handlers.
 * Layer it over the mock with `network.use(failNext(…))`.
 */
export function failNext(
  method: FaultMethod,
  path: string,
  fault: Fault,
  o: { times?: number; when?: (request: Request) => boolean } = {},
): HttpHandler {
  let left = o.times ?? 1;
  return byMethod[method](path, ({ request }) => {
    if (left <= 0 || (o.when && !o.when(request))) return undefined;
    left--;
    return fault(request);
  });
}

const jsonError = (status: number, message: string) => HttpResponse.json({ error: message }, { status });

/**
 * 429 with `Retry-After: <retryAfterSeconds>` (left out when undefined). `body` is the vendor's error
 * response; its status should be 429.
 */
export const tooManyRequests =
  (o: { retryAfterSeconds?: number | string; body?: (request: Request) => Response } = {}): Fault =>
  (request) => {
    const res = o.body ? o.body(request) : jsonError(429, "rate limited");
    if (o.retryAfterSeconds !== undefined) res.headers.set("Retry-After", String(o.retryAfterSeconds));
    return res;
  };

/** A 5xx (default 503), with the vendor's error body when given. */
export const serverError =
  (o: { status?: number; body?: (request: Request) => Response } = {}): Fault =>
  (request) =>
    o.body ? o.body(request) : jsonError(o.status ?? 503, "service unavailable");

/** The connection fails before any response (the client sees a network error, as on a reset). */
export const connectionReset = (): Fault => () => HttpResponse.error();

/**
 * Answers only after `ms` of real time (past the client's timeout, typically): with `respond`'s
 * response, or by handing the request on to the mock's normal handler.
 */
export const slowResponse =
  (ms: number, respond?: Fault): Fault =>
  async (request) => {
    await delay(ms);
    return respond?.(request);
  };

/** 200 with `Content-Type: application/json` and a body that is not JSON (cut off mid-way). */
export const malformedJson =
  (o: { status?: number; body?: string } = {}): Fault =>
  () =>
    new HttpResponse(o.body ?? '{"truncated": [', {
      status: o.status ?? 200,
      headers: { "content-type": "application/json" },
    });

/**
 * The vendor acts on the request (the mock's `handlers` answer it, changing the tenant), then the
 * connection drops before the response arrives: what a write's client sees when a reset comes late.
 */
export const lostResponse = (handlers: readonly AnyHandler[]): Fault =>
  actedThen(handlers, connectionReset());

/**
 * The vendor acts on the request (the mock's `handlers` answer it, changing the tenant), then
 * `fault` answers instead (e.g. `serverError({ status: 500 })`): a write the client cannot tell
 * from one that failed, which it must not send again.
 */
export const actedThen =
  (handlers: readonly AnyHandler[], fault: Fault): Fault =>
  async (request) => {
    await getResponse(handlers as RequestHandler[], request.clone());
    return fault(request);
  };
