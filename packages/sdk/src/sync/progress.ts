// Live progress: a status line on a TTY, periodic log lines otherwise.
import type { Logger } from "../log.js";

export interface ProgressCounts {
  phase: string;
  pages: number;
  resources: number;
  entitlements: number;
  grants: number;
  byType: Map<string, number>;
}

export interface Progress {
  update(counts: ProgressCounts): void;
  stop(): void;
}

const fmt = (n: number) => n.toLocaleString("en-US");

export function describeProgress(c: ProgressCounts, elapsedMs: number): string {
  const types = [...c.byType].map(([t, n]) => `${t} ${fmt(n)}`).join(", ");
  return (
    `${c.phase}: ${fmt(c.resources)} resources${types ? ` (${types})` : ""}, ` +
    `${fmt(c.entitlements)} entitlements, ${fmt(c.grants)} grants, ${fmt(c.pages)} pages, ${(elapsedMs / 1000).toFixed(1)}s`
  );
}

export function createProgress(
  mode: "tty" | "log" | "none",
  log: Logger,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  const started = Date.now();
  let last: ProgressCounts | undefined;
  // A log line is written every interval, the first one after the first interval.
  let lastDraw = mode === "log" ? started : 0;
  const intervalMs = mode === "tty" ? 100 : 10_000;
  const draw = () => {
    if (!last) return;
    const line = describeProgress(last, Date.now() - started);
    if (mode === "tty") stream.write(`\r\x1b[2K${line.slice(0, (stream.columns ?? 120) - 1)}`);
    else if (mode === "log") log.info("sync progress", { progress: line });
  };
  return {
    update(counts) {
      last = counts;
      const now = Date.now();
      if (mode !== "none" && now - lastDraw >= intervalMs) {
        lastDraw = now;
        draw();
      }
    },
    stop() {
      if (mode === "tty" && lastDraw > 0) stream.write("\r\x1b[2K");
    },
  };
}
