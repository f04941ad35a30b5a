import type { JsonValue, Page } from "./define.js";
import { isLastPage, sameCursor } from "./page.js";

/**
 * The first item of a paged list that matches `match`, reading page after page until one does or
 * the pages end (as the engine ends them: an absent, null or "" cursor, or the same cursor again).
 * For provisioning lookups (a user's memberships, the default population), which read a few pages at
 * most; a sync's handlers return one page per call and let the engine page.
 */
export async function findInPages<T, Cursor extends JsonValue = string>(
  page: (cursor: Cursor | undefined) => Promise<Page<T, Cursor>>,
  match: (item: T) => boolean,
  o: { maxPages?: number } = {},
): Promise<T | undefined> {
  const maxPages = o.maxPages ?? 10_000;
  let cursor: Cursor | undefined;
  for (let pages = 1; ; pages++) {
    const { items, next } = await page(cursor);
    const hit = items.find(match);
    if (hit !== undefined) return hit;
    if (isLastPage(next) || sameCursor(cursor, next) || pages >= maxPages) return undefined;
    cursor = next;
  }
}
