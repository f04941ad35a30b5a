// The SDK tests use the testing kit from its sources (the kit depends on the SDK, not the reverse).
import { fakeClock } from "../../../testing/src/clock.ts";
import { recordingLogger } from "../../../testing/src/logger.ts";
import { HttpClient, type HttpClientOptions } from "../../src/http/index.js";

export { rejection } from "../../../testing/src/harness.ts";

export const BASE = "https://acme.zendesk.test";
export const UA = "baton-zendesk/0.1.0 @baton/sdk/0.1.0";
export const START = Date.parse("2026-11-22T12:00:00Z");

/**
 * A client with a fake clock that only moves when the client sleeps, recorded sleeps, jitter fixed at 0.5
 * and a logger that captures every line.
 */
export function harness(opts: Partial<HttpClientOptions> = {}) {
  const clock = fakeClock(START);
  const log = recordingLogger();
  const client = new HttpClient({
    baseUrl: BASE,
    userAgent: UA,
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    logger: log,
    ...opts,
  });
  return { client, state: { clock, sleeps: clock.sleeps, lines: log.lines } };
}
