// Paged list responses in the styles vendors use, over an in-memory list. Each block reads the paging
// parameters from the request URL, answers the vendor's error for a bad one (through `badRequest`,
// which the mock passes), and builds links as absolute URLs from the request URL, so the same mock
// serves MSW in tests and `serveHandlers` on loopback.
import { HttpResponse } from "msw";

/** The vendor's answer to a bad paging parameter: e.g. `(m) => HttpResponse.json({ message: m }, { status: 400 })`. */
export type BadRequest = (message: string) => Response;

/** A page-size query parameter. */
export interface PageSizeParam {
  /** e.g. `limit`, `page_size`, `page[size]`. */
  name: string;
  /** Used when the parameter is absent. */
  default: number;
  /** The vendor's largest page. */
  max: number;
  /** A value above `max`: "reject" (default) answers `badRequest`, "clamp" serves `max` items. */
  tooLarge?: "reject" | "clamp";
}

type Json = Record<string, unknown>;

/** Reads a page size from the URL: the number, or the vendor's error when it is not an integer from 1 to max. */
export function readPageSize(url: URL, p: PageSizeParam, badRequest: BadRequest): number | Response {
  const raw = url.searchParams.get(p.name);
  if (raw === null) return p.default;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < 1 || (n > p.max && p.tooLarge !== "clamp")) {
    return badRequest(`${p.name} must be an integer from 1 to ${p.max}`);
  }
  return Math.min(n, p.max);
}

/** Reads a non-negative integer parameter (an offset or page number), or the vendor's error. */
export function readIndex(
  url: URL,
  name: string,
  fallback: number,
  badRequest: BadRequest,
): number | Response {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw.trim())) return badRequest(`${name} must be a non-negative integer`);
  return Number(raw);
}

/** An opaque cursor, as vendors hand them out: base64url of the JSON of `value`. */
export const encodeCursor = (value: unknown): string =>
  Buffer.from(JSON.stringify(value)).toString("base64url");

/** The value of a cursor made by `encodeCursor`, or undefined when it is not one. */
export function decodeCursor(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, "base64url").toString());
  } catch {
    return undefined;
  }
}

/** `url` as an absolute href with these query parameters set (undefined and null remove them). */
export function withQuery(url: URL, params: Record<string, string | number | undefined | null>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null) u.searchParams.delete(k);
    else u.searchParams.set(k, String(v));
  }
  return u.href;
}

/** The query parameter names of `url` that are not in `allowed`, for vendors that answer 400 to them. */
export const unknownParams = (url: URL, allowed: Iterable<string>): string[] => {
  const known = new Set(allowed);
  return [...new Set(url.searchParams.keys())].filter((k) => !known.has(k));
};

/** An offset cursor made by encodeCursor, or undefined when `cursor` is not one. */
function offsetOf(cursor: string): number | undefined {
  const o = (decodeCursor(cursor) as { o?: unknown } | null)?.o;
  return typeof o === "number" && Number.isInteger(o) && o >= 0 ? o : undefined;
}

export interface HalOptions<T> {
  /** The collection's key under `_embedded`, e.g. `users`. */
  key: string;
  /** Default `{ name: "limit", default: 100, max: 1000 }`. */
  limit?: PageSizeParam;
  /** Default `cursor`. */
  cursorParam?: string;
  /** Serve at most this many items a page whatever the limit (vendors may return fewer than asked). */
  servesAtMost?: number;
  /** Leave out `count` (the total), as vendors do for very large sets. */
  omitCount?: boolean;
  badRequest: BadRequest;
  /** Extra top-level keys for the page. */
  extra?: (page: T[]) => Json;
}

/**
 * A HAL collection page: `{ _links: { self, next?, prev? }, _embedded: { <key>: [...] }, count, size }`
 * with absolute `href`s, `limit` and an opaque `cursor` that only the `next` link carries.
 */
export function halPage<T>(url: URL, items: T[], o: HalOptions<T>): Response {
  const limitParam = o.limit ?? { name: "limit", default: 100, max: 1000 };
  const cursorParam = o.cursorParam ?? "cursor";
  const limit = readPageSize(url, limitParam, o.badRequest);
  if (limit instanceof Response) return limit;
  const cursor = url.searchParams.get(cursorParam);
  const offset = cursor === null ? 0 : offsetOf(cursor);
  if (offset === undefined) return o.badRequest(`${cursorParam} is not a valid cursor`);
  const take = Math.min(limit, o.servesAtMost ?? limit);
  const page = items.slice(offset, offset + take);
  const end = offset + page.length;
  const link = (at: number) => ({ href: withQuery(url, { [cursorParam]: encodeCursor({ o: at }) }) });
  const links: Json = { self: { href: url.href } };
  if (end < items.length) links.next = link(end);
  if (offset > 0) links.prev = link(Math.max(0, offset - take));
  return HttpResponse.json({
    _links: links,
    _embedded: { [o.key]: page },
    ...(o.omitCount ? {} : { count: items.length }),
    size: page.length,
    ...o.extra?.(page),
  });
}

export interface LinkHeaderOptions<T> {
  /** Default `{ name: "per_page", default: 30, max: 100 }`. */
  perPage?: PageSizeParam;
  /** Page numbers (1-based) in this parameter, with first/prev/next/last links. Default `page`. */
  pageParam?: string;
  /** Instead of page numbers: an opaque cursor in this parameter (e.g. `after`), with a next link only. */
  cursorParam?: string;
  badRequest: BadRequest;
  /** The body; default the page's items as a bare JSON array. */
  body?: (page: T[]) => unknown;
}

/** A page whose links are in an RFC 8288 `Link` header: `<https://…?page=3&per_page=30>; rel="next"`. */
export function linkHeaderPage<T>(url: URL, items: T[], o: LinkHeaderOptions<T>): Response {
  const size = readPageSize(url, o.perPage ?? { name: "per_page", default: 30, max: 100 }, o.badRequest);
  if (size instanceof Response) return size;
  const links: Array<[rel: string, href: string]> = [];
  let page: T[];
  if (o.cursorParam) {
    const cursor = url.searchParams.get(o.cursorParam);
    const offset = cursor === null ? 0 : offsetOf(cursor);
    if (offset === undefined) return o.badRequest(`${o.cursorParam} is not a valid cursor`);
    page = items.slice(offset, offset + size);
    const end = offset + page.length;
    if (end < items.length)
      links.push(["next", withQuery(url, { [o.cursorParam]: encodeCursor({ o: end }) })]);
  } else {
    const name = o.pageParam ?? "page";
    const n = readIndex(url, name, 1, o.badRequest);
    if (n instanceof Response) return n;
    if (n < 1) return o.badRequest(`${name} must be an integer from 1`);
    page = items.slice((n - 1) * size, n * size);
    const last = Math.max(1, Math.ceil(items.length / size));
    const to = (p: number) => withQuery(url, { [name]: p });
    if (n > 1) links.push(["first", to(1)], ["prev", to(Math.min(n - 1, last))]);
    if (n < last) links.push(["next", to(n + 1)], ["last", to(last)]);
  }
  const headers: Record<string, string> = {};
  if (links.length) headers.Link = links.map(([rel, href]) => `<${href}>; rel="${rel}"`).join(", ");
  return HttpResponse.json((o.body ?? ((p: T[]) => p))(page) as never, { headers });
}

export interface OffsetInfo {
  /** Items in the whole list. */
  total: number;
  offset: number;
  limit: number;
  /** The offset of the next page; undefined on the last page. */
  nextOffset: number | undefined;
}

export interface OffsetOptions<T> {
  /** The offset parameter; default `skip`. */
  offsetParam?: string;
  /** Default `{ name: "limit", default: 10, max: 100 }`. */
  limit?: PageSizeParam;
  badRequest: BadRequest;
  /**
   * The body; default the page as a bare JSON array. `{ totalCount: total, results: page }` for an
   * envelope, `{ items: page, next_offset: nextOffset ?? null }` for a next offset.
   */
  envelope?: (page: T[], info: OffsetInfo) => unknown;
}

/** An offset page: `?skip=200&limit=100`; the client stops on a short (or empty) page or the total. */
export function offsetPage<T>(url: URL, items: T[], o: OffsetOptions<T>): Response {
  const limit = readPageSize(url, o.limit ?? { name: "limit", default: 10, max: 100 }, o.badRequest);
  if (limit instanceof Response) return limit;
  const offset = readIndex(url, o.offsetParam ?? "skip", 0, o.badRequest);
  if (offset instanceof Response) return offset;
  const page = items.slice(offset, offset + limit);
  const end = offset + page.length;
  const info = { total: items.length, offset, limit, nextOffset: end < items.length ? end : undefined };
  return HttpResponse.json((o.envelope ? o.envelope(page, info) : page) as never);
}

export interface TokenInfo {
  total: number;
  /** The next page's token; undefined on the last page. */
  nextToken: string | undefined;
}

export interface TokenOptions<T> {
  /** The items' key in the default envelope; default `list`. */
  key?: string;
  /** Default `{ name: "page_size", default: 50, max: 100 }`. */
  size?: PageSizeParam;
  /** Default `page_token`. */
  tokenParam?: string;
  badRequest: BadRequest;
  /**
   * The body; default `{ <key>: page, size, total, next_page_token }`, the token left out on the
   * last page.
   */
  envelope?: (page: T[], info: TokenInfo) => unknown;
}

/** A page-token page: `?page_size=50&page_token=…`, the next token in the body. */
export function tokenPage<T>(url: URL, items: T[], o: TokenOptions<T>): Response {
  const size = readPageSize(url, o.size ?? { name: "page_size", default: 50, max: 100 }, o.badRequest);
  if (size instanceof Response) return size;
  const tokenParam = o.tokenParam ?? "page_token";
  const token = url.searchParams.get(tokenParam);
  const offset = token === null || token === "" ? 0 : offsetOf(token);
  if (offset === undefined) return o.badRequest(`${tokenParam} is not a valid page token`);
  const page = items.slice(offset, offset + size);
  const end = offset + page.length;
  const info = { total: items.length, nextToken: end < items.length ? encodeCursor({ o: end }) : undefined };
  const body = o.envelope
    ? o.envelope(page, info)
    : {
        [o.key ?? "list"]: page,
        size: page.length,
        total: info.total,
        ...(info.nextToken ? { next_page_token: info.nextToken } : {}),
      };
  return HttpResponse.json(body as never);
}

export interface CursorInfo {
  hasMore: boolean;
  /** Cursors of the page's last and first items (null on an empty page). */
  afterCursor: string | null;
  beforeCursor: string | null;
  /** Absolute links to the next and previous pages (null when there is none). */
  next: string | null;
  prev: string | null;
}

export interface CursorOptions<T> {
  /** The items' key in the default envelope, e.g. `users`. */
  key: string;
  /** Default `{ name: "page[size]", default: 100, max: 100 }`. */
  size?: PageSizeParam;
  /** Default `page[after]`. */
  afterParam?: string;
  /** Default `page[before]`. */
  beforeParam?: string;
  /** The item's sort key; items must be sorted by it. Default `item.id`. */
  idOf?: (item: T) => number | string;
  badRequest: BadRequest;
  /** Extra top-level keys for the page (e.g. side-loaded records). */
  extra?: (page: T[]) => Json;
  /**
   * The body; default `{ <key>: page, ...extra, meta: { has_more, after_cursor, before_cursor },
   * links: { next, prev } }`.
   */
  envelope?: (page: T[], info: CursorInfo) => unknown;
}

/**
 * A keyset cursor page: `?page[size]=100&page[after]=<cursor>` where the cursor holds the last item's
 * id, so records added while a client pages are not skipped or repeated.
 */
export function cursorPage<T>(url: URL, items: T[], o: CursorOptions<T>): Response {
  const size = readPageSize(url, o.size ?? { name: "page[size]", default: 100, max: 100 }, o.badRequest);
  if (size instanceof Response) return size;
  const afterParam = o.afterParam ?? "page[after]";
  const beforeParam = o.beforeParam ?? "page[before]";
  const idOf = o.idOf ?? ((item: T) => (item as { id: number | string }).id);
  const after = url.searchParams.get(afterParam);
  const afterId = after === null ? undefined : (decodeCursor(after) as { id?: unknown } | null)?.id;
  if (after !== null && typeof afterId !== "number" && typeof afterId !== "string") {
    return o.badRequest(`${afterParam} is not a valid cursor`);
  }
  const rest =
    typeof afterId === "number" || typeof afterId === "string"
      ? items.filter((item) => idOf(item) > afterId)
      : items;
  const page = rest.slice(0, size);
  const hasMore = rest.length > size;
  const first = page[0];
  const last = page.at(-1);
  const cursorOf = (item: T | undefined) => (item === undefined ? null : encodeCursor({ id: idOf(item) }));
  const linkTo = (name: string, item: T) =>
    withQuery(url, { [afterParam]: null, [beforeParam]: null, [name]: cursorOf(item) });
  const info: CursorInfo = {
    hasMore,
    afterCursor: cursorOf(last),
    beforeCursor: cursorOf(first),
    next: hasMore && last !== undefined ? linkTo(afterParam, last) : null,
    prev: first !== undefined && after !== null ? linkTo(beforeParam, first) : null,
  };
  const body = o.envelope
    ? o.envelope(page, info)
    : {
        [o.key]: page,
        ...o.extra?.(page),
        meta: { has_more: info.hasMore, after_cursor: info.afterCursor, before_cursor: info.beforeCursor },
        links: { next: info.next, prev: info.prev },
      };
  return HttpResponse.json(body as never);
}
