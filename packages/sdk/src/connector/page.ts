// How the sync engine reads what a list, entitlements or grants handler returned. Exported so that
// test harnesses page a handler exactly as the engine does.
import type { JsonValue, Page, PageResult } from "./define.js";

/** A handler's result as one page: an array is a single, last page. */
export function toPage<T, Cursor extends JsonValue>(result: PageResult<T, Cursor>): Page<T, Cursor> {
  return Array.isArray(result) ? { items: result } : result;
}

/** Whether `next` ends the paging: absent, null and "" all mean "no more pages". */
export const isLastPage = (next: JsonValue | undefined): boolean =>
  next === undefined || next === null || next === "";

/** Whether a handler returned the cursor it was called with (it would page forever). */
export const sameCursor = (previous: JsonValue | undefined, next: JsonValue | undefined): boolean =>
  JSON.stringify(previous ?? null) === JSON.stringify(next ?? null);
