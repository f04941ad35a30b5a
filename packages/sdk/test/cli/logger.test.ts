import { describe, expect, it } from "vitest";
import { createLogger, createRedactor } from "../../src/logging/index.js";

const capture = (isTTY = false) => {
  const lines: string[] = [];
  return { lines, stream: { write: (s: string) => lines.push(s), isTTY } };
};
const now = () => 1718000000123;

describe("createLogger", () => {
  it("writes zap-style JSON lines with epoch-seconds ts and fields after msg", () => {
    const { lines, stream } = capture();
    const log = createLogger({ stream, now }).child({ connector: "acme" });
    log.info("sync started", { syncId: "s1", count: 3n, at: new Date(0), msg: "not the message" });
    expect(lines).toEqual([
      '{"level":"info","ts":1718000000.123,"msg":"sync started","connector":"acme","syncId":"s1","count":"3",' +
        '"at":"1970-01-01T00:00:00.000Z"}\n',
    ]);
  });

  it("drops lines below the level", () => {
    const { lines, stream } = capture();
    const log = createLogger({ stream, level: "warn", now });
    log.debug("d");
    log.info("i");
    log.warn("w");
    log.error("e");
    expect(lines.map((l) => JSON.parse(l).level)).toEqual(["warn", "error"]);
  });

  it("writes console lines, coloured only on a terminal", () => {
    const plain = capture();
    createLogger({ format: "console", stream: plain.stream, now }).warn("slow down", { retryMs: 500 });
    expect(plain.lines).toEqual(['2024-06-10T06:13:20.123Z\tWARN\tslow down\t{"retryMs":500}\n']);
    const tty = capture(true);
    createLogger({ format: "console", stream: tty.stream, now }).info("hello");
    expect(tty.lines).toEqual(["2024-06-10T06:13:20.123Z\t\x1b[34mINFO\x1b[0m\thello\n"]);
  });

  it("redacts secrets and credentials everywhere, also at debug level", () => {
    const { lines, stream } = capture();
    const secret = "p@ss w0rd/+secret";
    const log = createLogger({ stream, level: "debug", secrets: [secret], now });
    const cyclic: Record<string, unknown> = { secret };
    cyclic.self = cyclic;
    log.debug(`using ${secret}`, {
      [secret]: "key",
      url: `https://x.test/?q=${encodeURIComponent(secret)}`,
      headers: { authorization: "Basic YWRhOnB3", Cookie: "session=abc" },
      list: [secret, { error: new Error(`failed: ${secret}`) }],
      cyclic,
      text: "Authorization: Bearer eyJhbGciOi.x.y then X-Api-Key=k-123; and bearer abc.def",
    });
    const line = lines[0]!;
    expect(line).not.toContain(secret);
    expect(line).not.toContain(encodeURIComponent(secret));
    expect(line).not.toMatch(/YWRhOnB3|session=abc|eyJhbGciOi|k-123|abc\.def/);
    expect(JSON.parse(line)).toEqual({
      level: "debug",
      ts: 1718000000.123,
      msg: "using [REDACTED]",
      "[REDACTED]": "key",
      url: "https://x.test/?q=[REDACTED]",
      headers: { authorization: "[REDACTED]", Cookie: "[REDACTED]" },
      list: ["[REDACTED]", { error: "failed: [REDACTED]" }],
      cyclic: { secret: "[REDACTED]", self: "[Circular]" },
      text: "Authorization: Bearer [REDACTED] then X-Api-Key=[REDACTED]; and bearer [REDACTED]",
    });
  });

  it("no control character of a vendor string reaches the terminal raw, in either format", () => {
    const name = "Mallory\u001b]0;owned\u0007\u001b[2J \u009b8m Eve\u202etxt\u007f\nnext";
    const unsafe =
      // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
      /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
    const plain = capture();
    createLogger({ format: "console", stream: plain.stream, now }).warn(`skipped ${name}`, { user: name });
    const line = plain.lines[0]!;
    expect(line.slice(0, -1)).not.toMatch(unsafe);
    expect(line.split("\n")).toHaveLength(2);
    expect(line).toBe(
      "2024-06-10T06:13:20.123Z\tWARN\tskipped Mallory\\u001b]0;owned\\u0007\\u001b[2J \\u009b8m Eve\\u202etxt\\u007f next" +
        '\t{"user":"Mallory\\u001b]0;owned\\u0007\\u001b[2J \\u009b8m Eve\\u202etxt\\u007f\\nnext"}\n',
    );
    const json = capture();
    createLogger({ stream: json.stream, now }).warn(`skipped ${name}`, { user: name });
    expect(json.lines[0]!.slice(0, -1)).not.toMatch(unsafe);
    expect(JSON.parse(json.lines[0]!)).toMatchObject({ msg: `skipped ${name}`, user: name });
  });
});

describe("createRedactor", () => {
  it("leaves already redacted text and ordinary words alone", () => {
    const r = createRedactor(["tok-123"]);
    expect(r.text("Authorization: Bearer [REDACTED] (retry)")).toBe(
      "Authorization: Bearer [REDACTED] (retry)",
    );
    expect(r.text("the password is wrong; token tok-123")).toBe("the password is wrong; token [REDACTED]");
  });
});
