import { describeFields } from "@baton/sdk";
import { describe, expect, it } from "vitest";
import { jumpcloudConfig } from "../src/index.js";

const valid = { apiKey: "jca_0123456789abcdefghijklmnopqrstuvwxyz" };
const problems = (input: Record<string, unknown>) => {
  const r = jumpcloudConfig.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("config", () => {
  it("takes the Go connector's settings and defaults to the US console", () => {
    expect(jumpcloudConfig.parse(valid)).toEqual({ ...valid, baseUrl: "https://console.jumpcloud.com" });
    const c = jumpcloudConfig.parse({ ...valid, orgId: "5f0c1a2b3c4d5e6f7a8b9c0d" });
    expect(c.orgId).toBe("5f0c1a2b3c4d5e6f7a8b9c0d");
  });

  it("has the flags and variables of the Go connector, the API key secret and the organization not", () => {
    const fields = Object.fromEntries(describeFields(jumpcloudConfig).map((f) => [f.flag, f]));
    expect(Object.keys(fields)).toEqual(["api-key", "org-id", "base-url"]);
    expect(fields["api-key"]).toMatchObject({ env: "BATON_API_KEY", required: true, secret: true });
    expect(fields["org-id"]).toMatchObject({ env: "BATON_ORG_ID", required: false, secret: false });
    expect(fields["base-url"]).toMatchObject({ env: "BATON_BASE_URL", required: false, secret: false });
    for (const f of Object.values(fields)) expect(f.description, f.flag).toMatch(/\w{3}/);
  });

  it("requires an API key without spaces or line breaks", () => {
    expect(problems({}).map((p) => p.split(":")[0])).toEqual(["apiKey"]);
    expect(problems({ apiKey: "" })).toHaveLength(1);
    expect(problems({ apiKey: `${valid.apiKey}\n` })).toEqual([
      "apiKey: must not contain spaces or line breaks (check how the key was copied)",
    ]);
  });

  it.each(["acme", "5f0c1a2b3c4d5e6f7a8b9c0", "5f0c1a2b3c4d5e6f7a8b9c0dz", " 5f0c1a2b3c4d5e6f7a8b9c0d"])(
    "refuses the organization ID %j",
    (orgId) => {
      expect(problems({ ...valid, orgId })).toEqual([
        "orgId: must be a JumpCloud organization ID: 24 hexadecimal characters",
      ]);
    },
  );

  it.each([
    "https://console.eu.jumpcloud.com",
    "https://jumpcloud-proxy.internal/prefix",
    "http://127.0.0.1:8080",
    "http://localhost:3000/",
    "http://[::1]:9000",
  ])("accepts the base URL %s", (baseUrl) => {
    expect(jumpcloudConfig.parse({ ...valid, baseUrl }).baseUrl).toBe(baseUrl);
  });

  it.each(["http://console.jumpcloud.com", "http://10.0.0.5:8080", "ftp://127.0.0.1"])(
    "refuses the clear-text base URL %s",
    (baseUrl) => {
      expect(problems({ ...valid, baseUrl })).toEqual([
        "baseUrl: must use https (http is only allowed for localhost, 127.0.0.1 and [::1])",
      ]);
    },
  );

  it("refuses a base URL that is not a URL", () => {
    expect(problems({ ...valid, baseUrl: "console.jumpcloud.com" })[0]).toBe("baseUrl: Invalid URL");
  });

  it.each(["https://console.jumpcloud.com/api", "https://console.jumpcloud.com/api/v2/"])(
    "refuses a base URL that already holds the API path: %s",
    (baseUrl) => {
      expect(problems({ ...valid, baseUrl })).toEqual([
        "baseUrl: must be the console URL without /api, e.g. https://console.eu.jumpcloud.com",
      ]);
    },
  );
});
