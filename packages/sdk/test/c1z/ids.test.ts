import { describe, expect, it } from "vitest";
import { formatGoTime, ksuidTime, newKsuid, parseGoTime } from "../../src/c1z/index.js";

describe("newKsuid", () => {
  it("makes 27 base62 characters encoding the time in seconds", () => {
    const at = new Date("2026-08-21T22:52:45.900Z");
    const id = newKsuid(at);
    expect(id).toMatch(/^[0-9A-Za-z]{27}$/);
    expect(ksuidTime(id)?.toISOString()).toBe("2026-08-21T22:52:45.000Z");
  });

  it("sorts by creation time, also within one second", () => {
    const t0 = Date.parse("2026-01-01T00:00:00Z");
    const ids = Array.from({ length: 200 }, (_, i) => newKsuid(new Date(t0 + Math.floor(i / 50) * 1000)));
    expect(new Set(ids).size).toBe(200);
    expect([...ids].sort()).toEqual(ids);
  });

  it("reads a Go-written KSUID", () => {
    // go-expanded.c1z: started_at '2025-12-17 16:31:25.057185' in the Go writer's local time (UTC−7).
    expect(ksuidTime("36zfOAoWMxQdISbixanQCRBiX7E")?.toISOString()).toBe("2025-12-17T23:31:25.000Z");
    expect(ksuidTime("not-a-ksuid")).toBeUndefined();
  });
});

describe("formatGoTime", () => {
  it("renders Go's 2006-01-02 15:04:05.999999999 layout in UTC with trailing zeros trimmed", () => {
    expect(formatGoTime(new Date("2026-08-21T22:52:45.000Z"))).toBe("2026-08-21 22:52:45");
    expect(formatGoTime(new Date("2026-08-21T22:52:45.100Z"))).toBe("2026-08-21 22:52:45.1");
    expect(formatGoTime(new Date("2026-08-21T22:52:45.120Z"))).toBe("2026-08-21 22:52:45.12");
    expect(formatGoTime(new Date("2026-03-03T09:45:13.058Z"))).toBe("2026-03-03 09:45:13.058");
    expect(formatGoTime(new Date("2026-01-02T03:04:05.006+02:00"))).toBe("2026-01-02 01:04:05.006");
  });

  it("parses Go timestamps back, including nanosecond fractions", () => {
    expect(parseGoTime("2026-03-03 09:45:13.058342").toISOString()).toBe("2026-03-03T09:45:13.058Z");
    expect(parseGoTime("2026-08-21 22:52:45").toISOString()).toBe("2026-08-21T22:52:45.000Z");
    expect(Number.isNaN(parseGoTime("yesterday").getTime())).toBe(true);
  });
});
