/**
 * Go layout `2006-01-02 15:04:05.999999999` in UTC wall-clock, as Go stores times: space separator,
 * fraction with trailing zeros trimmed and no dot when it is zero, no zone suffix.
 */
export function formatGoTime(d: Date): string {
  const iso = d.toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  const fraction = iso.slice(20, 23).replace(/0+$/, "");
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction ? `.${fraction}` : ""}`;
}

/** Inverse of formatGoTime (also reads Go's nanosecond fractions, truncated to milliseconds). */
export function parseGoTime(s: string): Date {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?/.exec(s);
  if (!m) return new Date(Number.NaN);
  return new Date(`${m[1]}T${m[2]}.${(m[3] ?? "").padEnd(3, "0").slice(0, 3)}Z`);
}
