import { describe, expect, it } from "vitest";
import { recordingLogger } from "../../../testing/src/logger.ts";
import { headerSecrets, redact, redactingLogger, redactUrl } from "../../src/http/redact.js";

describe("redact", () => {
  it("replaces every occurrence, longest secret first, and URL-encoded forms", () => {
    const out = redact("a=tok tok/x tok%2Fx tokenLONG", ["tok", "tok/x", "tokenLONG", ""]);
    expect(out).toBe("a=[REDACTED] [REDACTED] [REDACTED] [REDACTED]");
  });

  it("keeps text without secrets", () => {
    expect(redact("GET /api/v2/users.json", ["s3cret"])).toBe("GET /api/v2/users.json");
  });
});

describe("headerSecrets", () => {
  it("yields the whole value and the credentials after the scheme", () => {
    expect(headerSecrets("Bearer abc.def")).toEqual(["Bearer abc.def", "abc.def"]);
    expect(headerSecrets("rawkey")).toEqual(["rawkey"]);
  });
});

describe("redactUrl", () => {
  it("redacts sensitive query parameters and configured secrets", () => {
    const url = new URL("https://x.test/api/users.json?page=2&api_token=zzz&q=s3cret");
    expect(redactUrl(url, ["s3cret"])).toBe("/api/users.json?page=2&api_token=[REDACTED]&q=[REDACTED]");
  });
});

describe("redactingLogger", () => {
  it("redacts the message, nested fields, errors and child fields", () => {
    const recorded = recordingLogger();
    const log = redactingLogger(recorded, ["s3cret"]);
    log.warn("token s3cret", { a: { b: ["x s3cret"] }, err: new Error("bad s3cret"), n: 1 });
    log.child({ who: "s3cret" }).info("hi");
    expect(recorded.lines).toEqual([
      {
        level: "warn",
        msg: "token [REDACTED]",
        fields: { a: { b: ["x [REDACTED]"] }, err: { name: "Error", message: "bad [REDACTED]" }, n: 1 },
      },
      { level: "info", msg: "hi", fields: { who: "[REDACTED]" } },
    ]);
  });
});
