import { terminalSafe } from "@baton/sdk/errors";
import type { Output } from "../output.js";

export interface TableStyle {
  /** Terminal width: columns are shrunk to fit and long cells cut with "…". Unset: no limit. */
  width?: number;
  /** Bold header (terminals only). */
  color: boolean;
}

const SEPARATOR = " | ";
/** Rows read before column widths are fixed; later rows stream through with those widths. */
const SAMPLE_ROWS = 1000;
const MIN_WIDTH = 3;

const chars = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

// Cells are vendor strings: line breaks would break the row layout, escape sequences would drive the
// terminal (see terminalSafe).
const clean = terminalSafe;

function cut(cell: string, width: number): string {
  if (chars(cell) <= width) return cell;
  return `${Array.from(cell)
    .slice(0, width - 1)
    .join("")}…`;
}

/** Largest per-column cap such that the columns fit in `available`; narrow columns keep their width. */
export function fitWidths(natural: number[], available: number): number[] {
  const total = (cap: number) => natural.reduce((sum, w) => sum + Math.min(w, cap), 0);
  let cap = Math.max(...natural, MIN_WIDTH);
  while (cap > MIN_WIDTH && total(cap) > available) cap--;
  const widths = natural.map((w) => Math.min(w, cap));
  let spare = available - total(cap);
  for (let i = 0; i < widths.length && spare > 0; i++) {
    if (natural[i]! > widths[i]!) {
      widths[i]!++;
      spare--;
    }
  }
  return widths;
}

function formatRow(cells: string[], widths: number[], truncate: boolean): string {
  const last = cells.length - 1;
  return cells
    .map((cell, i) => {
      const width = widths[i]!;
      const text = truncate ? cut(cell, width) : cell;
      return i === last ? text : text + " ".repeat(Math.max(0, width - chars(text)));
    })
    .join(SEPARATOR)
    .trimEnd();
}

/** Writes a plain-text table: header, then one line per row, columns separated by " | ". */
export async function writeTable(
  out: Output,
  header: string[],
  rows: Iterable<string[]>,
  style: TableStyle,
): Promise<void> {
  const it = rows[Symbol.iterator]();
  const sample: string[][] = [];
  while (sample.length < SAMPLE_ROWS) {
    const next = it.next();
    if (next.done) break;
    sample.push(next.value.map(clean));
  }
  const natural = header.map((h, i) => Math.max(chars(h), ...sample.map((row) => chars(row[i] ?? ""))));
  const truncate = style.width !== undefined;
  const widths =
    style.width === undefined
      ? natural
      : fitWidths(natural, style.width - SEPARATOR.length * (header.length - 1));

  const head = formatRow(header, widths, truncate);
  await out.write(`${style.color ? `\x1b[1m${head}\x1b[0m` : head}\n`);
  for (const row of sample) await out.write(`${formatRow(row, widths, truncate)}\n`);
  for (let next = it.next(); !next.done; next = it.next())
    await out.write(`${formatRow(next.value.map(clean), widths, truncate)}\n`);
}
