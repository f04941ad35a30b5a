// A clock that moves only when told to: the SDK's HTTP client and the mock vendor read the same time,
// so rate-limit windows, Retry-After waits and token expiry play out without real waiting.

/** The default start of a fake clock: 2026-01-01T00:00:00Z. */
export const FAKE_CLOCK_START = Date.UTC(2026, 0, 1);

export interface FakeClock {
  /** The current time (epoch ms). Pass as `now` to the SDK and to the mock's rate limits and tokens. */
  now(): number;
  /**
   * Waits by moving the clock forward, and records the wait: the SDK's `sleep` signature. Rejects
   * with an AbortError when the signal is already aborted, as a real timer would.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Moves the clock forward without recording a wait (time passing between two calls). */
  advance(ms: number): void;
  /** Every wait asked for with `sleep` (ms), in order. */
  readonly sleeps: number[];
  /** The sum of `sleeps` (ms). */
  slept(): number;
}

export function fakeClock(start: number | Date = FAKE_CLOCK_START): FakeClock {
  let t = typeof start === "number" ? start : start.getTime();
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep(ms, signal) {
      if (signal?.aborted) {
        return Promise.reject(Object.assign(new Error("The operation was aborted"), { name: "AbortError" }));
      }
      sleeps.push(ms);
      t += Math.max(0, ms);
      return Promise.resolve();
    },
    advance(ms) {
      t += Math.max(0, ms);
    },
    sleeps,
    slept: () => sleeps.reduce((a, b) => a + b, 0),
  };
}
