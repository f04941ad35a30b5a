import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fakeClock } from "../../../testing/src/clock.ts";
import { defineConnector } from "../../src/connector/define.js";
import { BatonError, Code } from "../../src/errors.js";
import { createRuntime } from "../../src/sync/runtime.js";

const connector = defineConnector({
  name: "waits",
  displayName: "Waits",
  version: "0.0.1",
  config: z.object({}),
  client: () => ({}),
  resourceTypes: [],
});

async function runtime() {
  const clock = fakeClock();
  const rt = await createRuntime(connector, {}, { sleep: clock.sleep, now: clock.now, random: () => 0.5 });
  return { rt, clock };
}

/** A call that fails `failures` times with `error`, then returns "ok". */
function failing(failures: number, error: () => BatonError) {
  const seen = { calls: 0 };
  const fn = async () => {
    if (seen.calls++ < failures) throw error();
    return "ok";
  };
  return { seen, fn };
}

describe("the runtime's retries of connector calls", () => {
  it("does not retry early when the vendor asks to wait longer than the 60 s cap: it fails at once", async () => {
    const { rt, clock } = await runtime();
    const { seen, fn } = failing(
      10,
      () =>
        new BatonError(Code.Unavailable, "GET /users returned 429 Too Many Requests", {
          retryAfterMs: 120_000,
        }),
    );
    const err = (await rt.call("user.list", fn).catch((e) => e)) as BatonError;
    expect(seen.calls).toBe(1);
    expect(clock.sleeps).toEqual([]);
    expect(err.code).toBe(Code.Unavailable);
    expect(err.message).toBe("GET /users returned 429 Too Many Requests");
    expect(err.hint).toBe("the vendor asks to wait 2 min: run the same command again after that");
  });

  it("waits the vendor's whole delay (up to 60 s) before the next attempt, plus jitter", async () => {
    const { rt, clock } = await runtime();
    const { seen, fn } = failing(1, () => new BatonError(Code.Unavailable, "busy", { retryAfterMs: 45_000 }));
    expect(await rt.call("user.list", fn)).toBe("ok");
    expect(seen.calls).toBe(2);
    expect(clock.sleeps).toHaveLength(1);
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(45_000);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(50_000);
  });

  it("backs off 1 s, 2 s, 3 s between attempts when no delay is given", async () => {
    const { rt, clock } = await runtime();
    const { seen, fn } = failing(3, () => new BatonError(Code.DeadlineExceeded, "timed out"));
    expect(await rt.call("user.list", fn)).toBe("ok");
    expect(seen.calls).toBe(4);
    expect(clock.sleeps.map((ms) => Math.floor(ms / 1000))).toEqual([1, 2, 3]);
  });
});
