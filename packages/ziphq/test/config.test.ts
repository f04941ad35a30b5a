import { describeFields } from "@baton/sdk";
import { describe, expect, it } from "vitest";
import { DEFAULT_BASE_URL, ziphq, ziphqConfig } from "../src/index.js";

const valid = { batonZiphqApiKey: "zip-key" };
const problems = (input: Record<string, unknown>) => {
  const r = ziphqConfig.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("config", () => {
  it("has ConductorOne's flags and variables, with the doubled BATON_ prefix", () => {
    expect(describeFields(ziphqConfig).map((f) => [f.flag, f.env, f.required, f.secret])).toEqual([
      ["baton-ziphq-api-key", "BATON_BATON_ZIPHQ_API_KEY", true, true],
      ["baton-ziphq-base-url", "BATON_BATON_ZIPHQ_BASE_URL", false, false],
    ]);
    expect(ziphq.config).toBe(ziphqConfig); // and defineConnector accepted the names
  });

  it("defaults the base URL to https://api.ziphq.com", () => {
    expect(ziphqConfig.parse(valid)).toEqual({ ...valid, batonZiphqBaseUrl: "https://api.ziphq.com" });
    expect(DEFAULT_BASE_URL).toBe("https://api.ziphq.com");
  });

  it.each([
    ["https://api.ziphq.com/", "https://api.ziphq.com"],
    ["https://staging-api.zip.com//", "https://staging-api.zip.com"],
    ["https://proxy.internal/zip/", "https://proxy.internal/zip"],
    ["http://127.0.0.1:8080", "http://127.0.0.1:8080"],
    ["http://localhost:3000/", "http://localhost:3000"],
    ["http://[::1]:9000", "http://[::1]:9000"],
  ])("accepts the base URL %s as %s", (batonZiphqBaseUrl, expected) => {
    expect(ziphqConfig.parse({ ...valid, batonZiphqBaseUrl }).batonZiphqBaseUrl).toBe(expected);
  });

  it.each([
    "http://api.ziphq.com",
    "http://10.0.0.5:8080",
    "http://127.0.0.1.example.com",
    "ftp://127.0.0.1",
  ])("refuses the base URL %s: https, or http only to this machine", (batonZiphqBaseUrl) => {
    expect(problems({ ...valid, batonZiphqBaseUrl })).toEqual([
      "batonZiphqBaseUrl: must use https (http is only allowed for localhost, 127.0.0.1 and [::1])",
    ]);
  });

  it("requires the API key, trimmed of the newline a pasted secret often carries", () => {
    expect(problems({}).map((p) => p.split(":")[0])).toEqual(["batonZiphqApiKey"]);
    expect(problems({ batonZiphqApiKey: "  \n" })).toHaveLength(1);
    expect(ziphqConfig.parse({ batonZiphqApiKey: "zip-key\n" }).batonZiphqApiKey).toBe("zip-key");
  });

  it("describes every setting", () => {
    for (const f of describeFields(ziphqConfig)) expect(f.description, f.key).toMatch(/\w{3}/);
  });
});
