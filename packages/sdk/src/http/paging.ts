// The next-page cursor for the paging styles vendor APIs use. Each is a pure function of one response:
// a client method calls it and returns the result as the handler's `next` (undefined = last page).
// Following a next URL is safe: HttpClient refuses one on another origin, and a query parameter in the
// URL wins over the same parameter in the request's `query`.

/** HAL: `_links.next.href` of a response body (an absolute URL), or undefined on the last page. */
export function halNext(body: unknown): string | undefined {
  const links = (body as { _links?: unknown } | null | undefined)?._links;
  const next = (links as { next?: unknown } | null | undefined)?.next;
  const href = (next as { href?: unknown } | null | undefined)?.href;
  return typeof href === "string" && href !== "" ? href : undefined;
}

/** One link of an RFC 8288 `Link` header. */
export interface WebLink {
  /** The target, resolved against the base URL when one was given. */
  href: string;
  /** Relation types, lower-case (`rel="next last"` → ["next", "last"]). */
  rel: string[];
  /** Every other parameter, names lower-case, quoted values unquoted. */
  params: Record<string, string>;
}

/**
 * Parses a `Link` header: several comma-separated links, each `<target>` with `;`-separated parameters
 * whose values are tokens or quoted strings (which may contain `,` and `;`). Relative targets are
 * resolved against `baseUrl` (the URL of the response). Malformed parts are skipped.
 */
export function parseLinkHeader(header: string | undefined, baseUrl?: string | URL): WebLink[] {
  if (!header) return [];
  const links: WebLink[] = [];
  let i = 0;
  const n = header.length;
  const skipSpace = () => {
    while (i < n && /[ \t]/.test(header[i]!)) i++;
  };
  while (i < n) {
    skipSpace();
    if (header[i] !== "<") {
      // Not a link: skip to the next top-level comma.
      while (i < n && header[i] !== ",") i++;
      i++;
      continue;
    }
    const end = header.indexOf(">", i);
    if (end < 0) break;
    const target = header.slice(i + 1, end).trim();
    i = end + 1;
    const params: Record<string, string> = {};
    let rel: string | undefined;
    for (;;) {
      skipSpace();
      if (header[i] !== ";") break;
      i++;
      skipSpace();
      const name = /^[!#$%&'*+\-.^_`|~\w]+/.exec(header.slice(i))?.[0];
      if (!name) break;
      i += name.length;
      skipSpace();
      let value = "";
      if (header[i] === "=") {
        i++;
        skipSpace();
        if (header[i] === '"') {
          i++;
          while (i < n && header[i] !== '"') {
            if (header[i] === "\\" && i + 1 < n) i++;
            value += header[i];
            i++;
          }
          i++;
        } else {
          const token = /^[^\s,;]*/.exec(header.slice(i))?.[0] ?? "";
          value = token;
          i += token.length;
        }
      }
      const key = name.toLowerCase();
      // A parameter given twice counts once, the first time.
      if (key === "rel") rel ??= value;
      else if (!(key in params)) params[key] = value;
    }
    while (i < n && header[i] !== ",") i++;
    i++;
    let href = target;
    try {
      if (baseUrl !== undefined) href = new URL(target, baseUrl).href;
    } catch {
      continue;
    }
    const rels = (rel ?? "").toLowerCase().split(/\s+/).filter(Boolean);
    links.push({ href, rel: rels, params });
  }
  return links;
}

/** The `rel="next"` target of a `Link` header, resolved against `baseUrl`; undefined on the last page. */
export function linkHeaderNext(header: string | undefined, baseUrl?: string | URL): string | undefined {
  return parseLinkHeader(header, baseUrl).find((l) => l.rel.includes("next"))?.href;
}

export interface OffsetPage {
  /** The offset (`skip`) this page was requested at. */
  offset: number;
  /** The page size requested; at most the vendor's maximum, or a short page is taken for the last. */
  limit: number;
  /** How many items this page held. */
  received: number;
  /** The total the vendor reported (`totalCount`), when it does. */
  total?: number | undefined;
}

/**
 * The next offset for `skip`/`limit` (offset) paging, or undefined on the last page. With a total, the
 * pages end when the offset reaches it (even on a full page, so no empty page is requested); without
 * one, a page shorter than `limit` is the last. An empty page always ends the list.
 */
export function nextOffset(page: OffsetPage): number | undefined {
  const next = page.offset + page.received;
  if (page.received <= 0) return undefined;
  if (page.total !== undefined) return next < page.total ? next : undefined;
  return page.received < page.limit ? undefined : next;
}

/** A page token (`next_page_token`) as a cursor: absent, null and "" mean the last page. */
export function nextPageToken(token: string | null | undefined): string | undefined {
  return token ? token : undefined;
}
