// A logger that keeps every line in memory, for tests that assert what was (or was not) logged.
import type { LogFields, Logger, LogLevel } from "@baton/sdk";

export interface LogLine {
  level: LogLevel;
  msg: string;
  /** The line's fields, the bound fields of `child()` loggers included. */
  fields: LogFields;
}

export interface RecordingLogger extends Logger {
  /** Every line so far, children's included, in order. */
  readonly lines: LogLine[];
  /** The lines of one level. */
  at(level: LogLevel): LogLine[];
  warnings(): LogLine[];
  errors(): LogLine[];
  /** The first line whose message is `msg` (a string) or matches it (a RegExp). */
  find(msg: string | RegExp): LogLine | undefined;
  /** Every line whose message is `msg` or matches it. */
  filter(msg: string | RegExp): LogLine[];
  /**
   * Every line as `level msg {"field":…}`, one per line (Errors as their name and message): for
   * checks such as "no secret appears anywhere in the log".
   */
  text(): string;
  /** Forgets the lines so far. */
  clear(): void;
}

const matches = (line: LogLine, msg: string | RegExp) =>
  typeof msg === "string" ? line.msg === msg : msg.test(line.msg);

const errorsAsText = (_key: string, value: unknown) =>
  value instanceof Error ? { name: value.name, message: value.message } : value;

/** A logger that records every line; usable as `sync()`'s `logger` or a harness's. */
export function recordingLogger(): RecordingLogger {
  const lines: LogLine[] = [];
  const bind = (bound: LogFields): Logger => {
    const at =
      (level: LogLevel) =>
      (msg: string, fields?: LogFields): void => {
        lines.push({ level, msg, fields: { ...bound, ...fields } });
      };
    return {
      debug: at("debug"),
      info: at("info"),
      warn: at("warn"),
      error: at("error"),
      child: (fields) => bind({ ...bound, ...fields }),
    };
  };
  const root = bind({});
  return {
    ...root,
    lines,
    at: (level) => lines.filter((l) => l.level === level),
    warnings: () => lines.filter((l) => l.level === "warn"),
    errors: () => lines.filter((l) => l.level === "error"),
    find: (msg) => lines.find((l) => matches(l, msg)),
    filter: (msg) => lines.filter((l) => matches(l, msg)),
    text: () => lines.map((l) => `${l.level} ${l.msg} ${JSON.stringify(l.fields, errorsAsText)}`).join("\n"),
    clear: () => void lines.splice(0),
  };
}
