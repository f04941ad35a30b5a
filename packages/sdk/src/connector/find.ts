import { BatonError, Code } from "../errors.js";
import { cursorKey, shortJson } from "./cursor.js";
import type { JsonValue, Page } from "./define.js";
import { isLastPage } from "./page.js";

export interface PagesOptions {
  /** Pages read at most; past it the lookup ends (findInPages) or fails (allPages). Default 10,000. */
  maxPages?: number;
  /** What is paged, for the error a repeated cursor raises: "GET /roles". Default "paging". */
  what?: string;
}

const DEFAULT_MAX_PAGES = 10_000;

/**
 * The pages of a paged list, first to last (as the engine ends them: an absent, null or "" cursor).
 * A cursor the chain returned before (the same one again, or a cycle A → B → A) fails with
 * Internal naming the page, as it does in a sync: the list would never end, and stopping there
 * would pass off part of it as the whole.
 */
async function* pages<T, Cursor extends JsonValue>(
  page: (cursor: Cursor | undefined) => Promise<Page<T, Cursor>>,
  o: PagesOptions,
): AsyncGenerator<T[], "end" | "max-pages"> {
  const maxPages = o.maxPages ?? DEFAULT_MAX_PAGES;
  const seen = new Map<string, number>();
  let cursor: Cursor | undefined;
  for (let n = 1; ; n++) {
    const { items, next } = await page(cursor);
    yield items;
    if (isLastPage(next)) return "end";
    if (n >= maxPages) return "max-pages";
    const key = cursorKey(next);
    const first = seen.get(key);
    if (first !== undefined) {
      throw new BatonError(
        Code.Internal,
        `${o.what ?? "paging"}: page ${n} returned cursor ${shortJson(next)}, which page ${first} was read with`,
        { hint: "a connector or vendor bug: the list would never end" },
      );
    }
    seen.set(key, n + 1);
    cursor = next as Cursor;
  }
}

/**
 * The first item of a paged list that matches `match`, reading page after page until one does or
 * the pages end (or `maxPages` were read). For provisioning lookups (a user's memberships, the
 * default population), which read a few pages at most; a sync's handlers return one page per call
 * and let the engine page. A repeated cursor fails (see allPages) instead of reading on.
 */
export async function findInPages<T, Cursor extends JsonValue = string>(
  page: (cursor: Cursor | undefined) => Promise<Page<T, Cursor>>,
  match: (item: T) => boolean,
  o: PagesOptions = {},
): Promise<T | undefined> {
  for await (const items of pages(page, o)) {
    const hit = items.find(match);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/**
 * Every item of a paged list, for a list a client method needs whole (a vendor's role catalogue, an
 * endpoint documented as unpaged that might still send a next link). A repeated cursor, or more
 * than `maxPages` pages, fails with Internal instead of returning part of the list as all of it.
 */
export async function allPages<T, Cursor extends JsonValue = string>(
  page: (cursor: Cursor | undefined) => Promise<Page<T, Cursor>>,
  o: PagesOptions = {},
): Promise<T[]> {
  const all: T[] = [];
  const walk = pages(page, o);
  for (;;) {
    const step = await walk.next();
    if (step.done) {
      if (step.value === "max-pages") {
        throw new BatonError(
          Code.Internal,
          `${o.what ?? "paging"}: more than ${o.maxPages ?? DEFAULT_MAX_PAGES} pages`,
          { hint: "a connector or vendor bug: the list would never end" },
        );
      }
      return all;
    }
    all.push(...step.value);
  }
}
