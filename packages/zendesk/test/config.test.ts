import { describe, expect, it } from "vitest";
import { apiBaseUrl } from "../src/config.js";
import { zendeskConfig } from "../src/index.js";

const valid = { subdomain: "acme", email: "admin@acme.test", apiToken: "t0ken" };
const problems = (input: Record<string, unknown>) => {
  const r = zendeskConfig.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("config", () => {
  it("accepts the Go connector's settings and defaults the rest", () => {
    const c = zendeskConfig.parse({ ...valid, orgs: ["Acme Corp", "Globex"] });
    expect(c).toEqual({ ...valid, orgs: ["Acme Corp", "Globex"] });
    expect(apiBaseUrl(c)).toBe("https://acme.zendesk.com");
    expect(zendeskConfig.parse(valid).orgs).toEqual([]);
  });

  it("marks the API token secret and describes every setting", () => {
    expect(zendeskConfig.shape.apiToken.meta()?.secret).toBe(true);
    for (const [key, field] of Object.entries(zendeskConfig.shape)) {
      expect(field.description, key).toMatch(/\w{3}/);
    }
  });

  it.each(["acme.zendesk.com", "https://acme.zendesk.com", "Acme", "ab", "-acme", "acme-", "ac_me"])(
    "refuses the subdomain %j",
    (subdomain) => {
      expect(problems({ ...valid, subdomain })).toEqual([
        'subdomain: must be a Zendesk subdomain such as "acme" (for acme.zendesk.com), not a URL',
      ]);
    },
  );

  it("requires subdomain, email and API token", () => {
    expect(problems({}).map((p) => p.split(":")[0])).toEqual(["subdomain", "email", "apiToken"]);
    expect(problems({ ...valid, email: "admin" })).toEqual(["email: Invalid email address"]);
    expect(problems({ ...valid, apiToken: "" })).toHaveLength(1);
  });

  it.each([
    "https://zendesk-proxy.internal",
    "http://127.0.0.1:8080",
    "http://localhost:3000/",
    "http://[::1]:9000",
  ])("accepts the base URL %s", (baseUrl) => {
    const c = zendeskConfig.parse({ ...valid, baseUrl });
    expect(apiBaseUrl(c)).toBe(baseUrl);
  });

  it.each([
    "http://acme.zendesk.com",
    "http://10.0.0.5:8080",
    "http://127.0.0.1.example.com",
    "ftp://127.0.0.1",
  ])("refuses the base URL %s", (baseUrl) => {
    expect(problems({ ...valid, baseUrl })).toEqual([
      "baseUrl: must use https (http is only allowed for localhost, 127.0.0.1 and [::1])",
    ]);
  });
});
