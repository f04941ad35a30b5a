import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BatonError, Code, parseConfig, sync } from "@baton/sdk";
import { describe, expect, it } from "vitest";
import { fakeClock } from "../src/clock.js";
import { drain, handlerHarness, rejection } from "../src/harness.js";
import { recordingLogger } from "../src/logger.js";
import { failNext, serverError, tooManyRequests } from "../src/mock/faults.js";
import { recordRequests, setupMswNetwork, useMswNetwork } from "../src/msw.js";
import { API_KEY, DemoClient, demo, demoHandlers, demoUsers } from "./demo.js";

const network = setupMswNetwork();
const traffic = recordRequests(network);
useMswNetwork(network, traffic);

const config = (extra: Record<string, unknown> = {}) =>
  parseConfig(demo.config, { apiKey: API_KEY, ...extra });

describe("handlerHarness", () => {
  it("builds the client through the SDK runtime, on the fake clock", async () => {
    const clock = fakeClock();
    network.use(...demoHandlers(demoUsers(250), { now: clock.now, perMinute: 2 }));
    const h = await handlerHarness(demo, config({ pageSize: 100 }), { clock });
    const start = clock.now();
    const { items, pages } = await drain((cursor) => demo.resourceTypes[0]!.list({ ...h.ctx, cursor }));
    expect(items).toHaveLength(250);
    expect(pages).toBe(3);
    // Two requests a minute: the client read the RateLimit-* headers and waited for the next window
    // on the fake clock instead of getting a 429.
    expect(traffic.statuses()).toEqual([200, 200, 200]);
    expect(h.sleeps.length).toBeGreaterThan(0);
    expect(clock.now() - start).toBe(h.clock.slept());
    expect(clock.now() - start).toBeGreaterThanOrEqual(59_000);
    expect(h.ctx.client).toBeInstanceOf(DemoClient);
    expect(h.client).toBe(h.ctx.client);
    await h.close();
  });

  it("waits as long as Retry-After says, and backs off with the jitter fixed", async () => {
    const h = await handlerHarness(demo, config());
    network.use(...demoHandlers(demoUsers(3), { now: h.clock.now }));
    network.use(failNext("GET", "*/v1/users", tooManyRequests({ retryAfterSeconds: 7 })));
    await drain((cursor) => demo.resourceTypes[0]!.list({ ...h.ctx, cursor }));
    expect(h.sleeps).toEqual([7_350]);
    network.use(failNext("GET", "*/v1/users", serverError()));
    await drain((cursor) => demo.resourceTypes[0]!.list({ ...h.ctx, cursor }));
    const again = await handlerHarness(demo, config());
    network.use(failNext("GET", "*/v1/users", serverError()));
    await drain((cursor) => demo.resourceTypes[0]!.list({ ...again.ctx, cursor }));
    // The same backoff every run: random() is fixed.
    expect(h.sleeps.slice(1)).toEqual(again.sleeps);
    expect(again.sleeps).toHaveLength(1);
  });

  it("redacts the config's secret fields in what handlers log, and memoises with once()", async () => {
    const h = await handlerHarness(demo, config());
    network.use(...demoHandlers([], { now: h.clock.now }));
    await demo.validate!(h.ctx);
    expect(h.log.find(/^validating with/)?.msg).toBe("validating with [REDACTED]");
    expect(h.log.text()).not.toContain(API_KEY);
    expect(h.secrets.has(API_KEY)).toBe(true);
    let computed = 0;
    const compute = async () => ++computed;
    expect(await h.ctx.once("k", compute)).toBe(1);
    expect(await h.ctx.once("k", compute)).toBe(1);
  });

  it("builds the client another way when asked, with the same client context", async () => {
    let seenSecrets: Iterable<string> | undefined;
    const h = await handlerHarness(demo, config(), {
      client: (c, ctx) => {
        seenSecrets = ctx.secrets;
        return new DemoClient(ctx.http({ baseUrl: "https://other.demo.test" }), c.pageSize);
      },
    });
    expect(seenSecrets).toBe(h.secrets);
    network.use(...demoHandlers(demoUsers(1), { now: h.clock.now }));
    // No x-api-key: the other client is the one in use, and the mock refuses it.
    const err = await demo.resourceTypes[0]!.list({ ...h.ctx }).catch((e) => e);
    expect(err).toBeInstanceOf(BatonError);
    expect(traffic.requests[0]?.url.origin).toBe("https://other.demo.test");
  });
});

describe("drain", () => {
  it("takes an array as the only page and stops on null or an empty cursor", async () => {
    expect(await drain(async () => [1, 2])).toEqual({ items: [1, 2], pages: 1 });
    const pages: Array<{ items: number[]; next?: string | null }> = [
      { items: [1], next: "a" },
      { items: [2], next: "b" },
      { items: [3], next: null },
    ];
    expect(
      await drain(async (c: string | undefined) => pages[c === undefined ? 0 : c === "a" ? 1 : 2]! as never),
    ).toEqual({
      items: [1, 2, 3],
      pages: 3,
    });
    expect(await drain(async () => ({ items: [9], next: "" }))).toEqual({ items: [9], pages: 1 });
  });

  it("refuses a handler that returns the cursor it was given, as the engine does", async () => {
    const stuck = (cursor: { page: number } | undefined) =>
      Promise.resolve({ items: [0], next: { page: cursor ? cursor.page : 2 } });
    await expect(drain(stuck)).rejects.toThrow(
      'the handler returned the same cursor again on page 3: {"page":2}',
    );
    let n = 0;
    await expect(drain(async () => ({ items: [], next: ++n }), { maxPages: 5 })).rejects.toThrow(
      "the handler was still paging after 5 pages",
    );
  });
});

describe("rejection", () => {
  it("gives the rejection, and fails when the promise resolves", async () => {
    const err = new BatonError(Code.NotFound, "gone");
    expect(await rejection(Promise.reject(err))).toBe(err);
    await expect(rejection(Promise.resolve(1))).rejects.toThrow("expected a rejection");
  });
});

describe("recordingLogger", () => {
  it("records levels, messages and bound fields, and finds lines", () => {
    const log = recordingLogger();
    log.info("starting", { a: 1 });
    const child = log.child({ type: "user" });
    child.warn("skipped a record", { id: 7 });
    child.child({ page: 2 }).error("failed", { err: new Error("boom") });
    expect(log.lines.map((l) => l.level)).toEqual(["info", "warn", "error"]);
    expect(log.warnings()).toEqual([
      { level: "warn", msg: "skipped a record", fields: { type: "user", id: 7 } },
    ]);
    expect(log.errors()[0]?.fields).toMatchObject({ type: "user", page: 2 });
    expect(log.find("starting")?.fields).toEqual({ a: 1 });
    expect(log.find(/^skipped/)?.fields.id).toBe(7);
    expect(log.filter(/i/)).toHaveLength(3);
    expect(log.at("debug")).toEqual([]);
    expect(log.text().split("\n")[2]).toBe(
      'error failed {"type":"user","page":2,"err":{"name":"Error","message":"boom"}}',
    );
    log.clear();
    expect(log.lines).toEqual([]);
  });

  it("is what sync() logs to, redacted", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kit-logger-"));
    try {
      const clock = fakeClock();
      network.use(...demoHandlers(demoUsers(5), { now: clock.now }));
      network.use(failNext("GET", "*/v1/users", serverError({ status: 503 })));
      const log = recordingLogger();
      await sync(demo, config(), {
        file: join(dir, "s.c1z"),
        logger: log,
        sleep: clock.sleep,
        secrets: [API_KEY],
      });
      expect(log.warnings().length).toBeGreaterThan(0);
      expect(log.text()).not.toContain(API_KEY);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("fakeClock", () => {
  it("moves only when a wait is asked for or time is advanced", async () => {
    const clock = fakeClock(new Date("2026-03-01T00:00:00Z"));
    const t0 = clock.now();
    await clock.sleep(1500);
    clock.advance(500);
    expect(clock.now() - t0).toBe(2000);
    expect(clock.sleeps).toEqual([1500]);
    expect(clock.slept()).toBe(1500);
    const aborted = AbortSignal.abort();
    await expect(clock.sleep(10, aborted)).rejects.toMatchObject({ name: "AbortError" });
    expect(clock.sleeps).toEqual([1500]);
  });
});
