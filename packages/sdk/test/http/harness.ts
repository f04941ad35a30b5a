import { HttpClient, type HttpClientOptions } from "../../src/http/index.js";
import type { LogFields, Logger, LogLevel } from "../../src/log.js";

export const BASE = "https://acme.zendesk.test";
export const UA = "baton-zendesk/0.1.0 @baton/sdk/0.1.0";
export const START = Date.parse("2026-11-22T12:00:00Z");

export interface LogLine {
  level: LogLevel;
  msg: string;
  fields: LogFields;
}

function captureLogger(lines: LogLine[], bound: LogFields = {}): Logger {
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
    child: (fields) => captureLogger(lines, { ...bound, ...fields }),
  };
}

/**
 * A client with a fake clock that only moves when the client sleeps, recorded sleeps, jitter fixed at 0.5
 * and a logger that captures every line.
 */
export function harness(opts: Partial<HttpClientOptions> = {}) {
  const state = { now: START, sleeps: [] as number[], lines: [] as LogLine[] };
  const client = new HttpClient({
    baseUrl: BASE,
    userAgent: UA,
    now: () => state.now,
    sleep: async (ms) => {
      state.sleeps.push(ms);
      state.now += ms;
    },
    random: () => 0.5,
    logger: captureLogger(state.lines),
    ...opts,
  });
  return { client, state };
}

/** Resolves with the rejection of `promise`; fails if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  throw new Error("expected a rejection");
}
