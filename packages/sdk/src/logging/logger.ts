import type { LogFields, Logger, LogLevel } from "../log.js";
import { createRedactor } from "./redact.js";
import { terminalSafe, terminalSafeJson } from "./terminal.js";

export type LogFormat = "json" | "console";

export interface LoggerOptions {
  /** Lines below this level are dropped; default "info". */
  level?: LogLevel;
  /** "json": one zap-style JSON object per line; "console": human readable. Default "json". */
  format?: LogFormat;
  /** Values replaced by `[REDACTED]` wherever they appear; a SecretSet is read live. */
  secrets?: Iterable<string>;
  /** Default `process.stderr`. */
  stream?: { write(chunk: string): unknown; isTTY?: boolean };
  /** Colour the console level names; default: when the stream is a TTY. */
  color?: boolean;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
}

const rank: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
// zap's CapitalColorLevelEncoder colours.
const colors: Record<LogLevel, number> = { debug: 35, info: 34, warn: 33, error: 31 };

/**
 * A structured logger writing to stderr. JSON lines look like zap's:
 * `{"level":"info","ts":1718000000.123,"msg":"…",…fields}`; console lines are
 * `<ISO time>  INFO  msg  {"field":…}`. Every string — message, field keys and values at any depth,
 * Error messages — is redacted of the configured secrets and of Authorization-like header values, and
 * no control character reaches the stream raw (console messages show them as `\u001b` escapes).
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const min = rank[options.level ?? "info"];
  const format = options.format ?? "json";
  const stream = options.stream ?? process.stderr;
  const color = options.color ?? stream.isTTY === true;
  const now = options.now ?? Date.now;
  const redactor = createRedactor(options.secrets ?? []);

  const write = (level: LogLevel, msg: string, fields: LogFields) => {
    if (rank[level] < min) return;
    const ms = now();
    const safeMsg = redactor.text(msg);
    const safeFields = redactor.value(fields) as LogFields;
    if (format === "json") {
      const line: LogFields = { level, ts: ms / 1000, msg: safeMsg };
      // The fixed keys come first and win over fields of the same name.
      for (const [k, v] of Object.entries(safeFields)) if (!(k in line)) line[k] = v;
      stream.write(`${terminalSafeJson(JSON.stringify(line))}\n`);
      return;
    }
    const name = level.toUpperCase();
    const shown = color ? `\x1b[${colors[level]}m${name}\x1b[0m` : name;
    const rest = Object.keys(safeFields).length ? `\t${terminalSafeJson(JSON.stringify(safeFields))}` : "";
    stream.write(`${new Date(ms).toISOString()}\t${shown}\t${terminalSafe(safeMsg)}${rest}\n`);
  };

  const make = (bound: LogFields): Logger => ({
    debug: (msg, fields) => write("debug", msg, { ...bound, ...fields }),
    info: (msg, fields) => write("info", msg, { ...bound, ...fields }),
    warn: (msg, fields) => write("warn", msg, { ...bound, ...fields }),
    error: (msg, fields) => write("error", msg, { ...bound, ...fields }),
    child: (fields) => make({ ...bound, ...fields }),
  });
  return make({});
}
