// Cursors in keys and messages, for the engine and the paging helpers (not exported).
import { createHash } from "node:crypto";
import type { JsonValue } from "./define.js";

/** A cursor as a short fixed-size key: a chain of many pages keeps 16 bytes per page. */
export const cursorKey = (cursor: JsonValue | undefined): string =>
  createHash("sha256")
    .update(JSON.stringify(cursor ?? null))
    .digest("base64")
    .slice(0, 16);

/** A cursor in a message: its JSON, at most 80 characters. */
export function shortJson(v: JsonValue | undefined): string {
  const s = JSON.stringify(v ?? null);
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}
