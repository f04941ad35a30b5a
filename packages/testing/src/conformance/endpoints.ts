// Every read endpoint a clean sync calls, found from its recorded requests, and the faults the
// suite injects on each of them.
import { type AnyHandler, http } from "msw";
import {
  connectionReset,
  type Fault,
  malformedJson,
  serverError,
  slowResponse,
  tooManyRequests,
} from "../mock/faults.js";
import type { RecordedRequest } from "../msw.js";

// A path segment that is an id rather than a name: one with a digit in it (42, a UUID, an ObjectId,
// p-3-1), unless it is an API version (v2, v1beta) or a file name (users.json).
const isIdSegment = (s: string) =>
  /\d/.test(s) && !/^v\d+[a-z]*\d*$/i.test(s) && !/^[a-z_]+\.[a-z]+$/i.test(s);

/** `METHOD /path` with the ids of the path as `:id`: `GET /api/v2/groups/:id/memberships`. */
export function endpointOf(method: string, url: URL): string {
  const path = url.pathname
    .split("/")
    .map((s) => (isIdSegment(decodeURIComponent(s)) ? ":id" : s))
    .join("/");
  return `${method.toUpperCase()} ${path}`;
}

/** The distinct read endpoints (GET, HEAD) of the requests, in the order first seen. */
export function readEndpoints(requests: readonly RecordedRequest[]): string[] {
  const seen = new Set<string>();
  for (const r of requests)
    if (r.method === "GET" || r.method === "HEAD") seen.add(endpointOf(r.method, r.url));
  return [...seen];
}

export interface FaultKind {
  name: string;
  fault: (o: { timeoutMs: number }) => Fault;
  /** The slow response: the sync gets a short timeout, and only each endpoint's first request waits for it. */
  slow?: boolean;
}

/** What every read endpoint suffers, one kind per faulted sync. */
export const FAULT_KINDS: readonly FaultKind[] = [
  { name: "429 with Retry-After", fault: () => tooManyRequests({ retryAfterSeconds: 1 }) },
  { name: "429 without Retry-After", fault: () => tooManyRequests() },
  { name: "503", fault: () => serverError({ status: 503 }) },
  { name: "connection reset", fault: () => connectionReset() },
  {
    name: "slow response past the timeout",
    fault: ({ timeoutMs }) => slowResponse(timeoutMs * 2),
    slow: true,
  },
  { name: "malformed JSON once", fault: () => malformedJson() },
];

/**
 * A handler (for `network.use`) that gives `fault` to requests of each of the `endpoints` — by
 * default the first and the third (a later page, another resource) — and counts what it injected.
 * A URL is faulted once: the client's retry of it, or a request for it that a concurrent worker
 * sends, goes through uncounted, so "once" holds however requests interleave.
 */
export function faultEveryEndpoint(
  endpoints: readonly string[],
  fault: Fault,
  nth: readonly number[] = [1, 3],
): { handler: AnyHandler; stats: { injected: number } } {
  const FAULTED = new Set(nth);
  const targets = new Set(endpoints);
  const seen = new Map<string, number>();
  const faulted = new Set<string>();
  const stats = { injected: 0 };
  const handler: AnyHandler = http.all("*", ({ request }) => {
    const key = endpointOf(request.method, new URL(request.url));
    if (!targets.has(key) || faulted.has(`${request.method} ${request.url}`)) return undefined;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (!FAULTED.has(n)) return undefined;
    faulted.add(`${request.method} ${request.url}`);
    stats.injected++;
    return fault(request);
  });
  return { handler, stats };
}

/** A POST, PUT, PATCH or DELETE that is not a token request: a write to the vendor's data. */
export const writeRequest = (method: string, url: URL): boolean =>
  method !== "GET" && method !== "HEAD" && !/\/token$/.test(url.pathname);

/** Whether a create-account's response is lost on this request (the first write). */
export const isWrite = (request: Request): boolean => writeRequest(request.method, new URL(request.url));
