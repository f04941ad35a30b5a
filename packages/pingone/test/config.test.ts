import { describeFields } from "@baton/sdk";
import { describe, expect, it } from "vitest";
import { apiBaseUrl, authBaseUrl, REGIONS, tokenUrl } from "../src/config.js";
import { pingoneConfig } from "../src/index.js";

const ENV = "5c9d2b1e-0f4a-4c35-9a2e-7d1f3b6c8e90";
const valid = { pingoneClientId: "client-1", pingoneClientSecret: "s3cret", pingoneEnvironmentId: ENV };
const problems = (input: Record<string, unknown>) => {
  const r = pingoneConfig.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("config", () => {
  it("has ConductorOne's flag and BATON_* names, and marks the client secret secret", () => {
    const fields = describeFields(pingoneConfig);
    expect(fields.map((f) => [f.flag, f.env, f.required, f.secret])).toEqual([
      ["pingone-client-id", "BATON_PINGONE_CLIENT_ID", true, false],
      ["pingone-client-secret", "BATON_PINGONE_CLIENT_SECRET", true, true],
      ["pingone-environment-id", "BATON_PINGONE_ENVIRONMENT_ID", true, false],
      ["pingone-region", "BATON_PINGONE_REGION", false, false],
      ["pingone-api-url", "BATON_PINGONE_API_URL", false, false],
      ["pingone-auth-url", "BATON_PINGONE_AUTH_URL", false, false],
    ]);
    for (const f of fields) expect(f.description, f.key).toMatch(/\w{3}/);
    expect(fields.find((f) => f.key === "pingoneRegion")).toMatchObject({
      kind: "enum",
      default: "NA",
      choices: ["NA", "CA", "EU", "AP", "AU", "SG"],
    });
  });

  it.each([
    ["NA", "https://api.pingone.com/v1", "https://auth.pingone.com"],
    ["CA", "https://api.pingone.ca/v1", "https://auth.pingone.ca"],
    ["EU", "https://api.pingone.eu/v1", "https://auth.pingone.eu"],
    ["AP", "https://api.pingone.asia/v1", "https://auth.pingone.asia"],
    ["AU", "https://api.pingone.com.au/v1", "https://auth.pingone.com.au"],
    ["SG", "https://api.pingone.sg/v1", "https://auth.pingone.sg"],
  ] as const)("region %s is served by %s and %s", (region, api, auth) => {
    const c = pingoneConfig.parse({ ...valid, pingoneRegion: region });
    expect(apiBaseUrl(c)).toBe(api);
    expect(authBaseUrl(c)).toBe(auth);
    expect(tokenUrl(c)).toBe(`${auth}/${ENV}/as/token`);
    expect(REGIONS[region].tld).toBe(new URL(api).hostname.replace("api.pingone.", ""));
  });

  it("defaults to North America and takes API and auth URLs for proxies, custom domains and tests", () => {
    expect(apiBaseUrl(pingoneConfig.parse(valid))).toBe("https://api.pingone.com/v1");
    const c = pingoneConfig.parse({
      ...valid,
      pingoneRegion: "EU",
      pingoneApiUrl: "https://pingone-proxy.internal/api/v1/",
      pingoneAuthUrl: "http://127.0.0.1:8080/",
    });
    expect(apiBaseUrl(c)).toBe("https://pingone-proxy.internal/api/v1");
    expect(tokenUrl(c)).toBe(`http://127.0.0.1:8080/${ENV}/as/token`);
  });

  it("requires the client id, the secret and the environment id", () => {
    expect(problems({}).map((p) => p.split(":")[0])).toEqual([
      "pingoneClientId",
      "pingoneClientSecret",
      "pingoneEnvironmentId",
    ]);
    expect(problems({ ...valid, pingoneClientSecret: "" })).toHaveLength(1);
    expect(problems({ ...valid, pingoneClientId: "  " })).toHaveLength(1);
  });

  it.each(["acme-prod", `${ENV}x`, "https://console.pingone.com/?env=x", ENV.replaceAll("-", "")])(
    "refuses the environment id %j",
    (id) => {
      expect(problems({ ...valid, pingoneEnvironmentId: id })).toEqual([
        "pingoneEnvironmentId: must be a PingOne environment ID: a UUID such as 5c9d2b1e-0f4a-4c35-9a2e-7d1f3b6c8e90",
      ]);
    },
  );

  it("takes the environment id with surrounding spaces or in upper case, as PingOne writes it", () => {
    const c = pingoneConfig.parse({ ...valid, pingoneEnvironmentId: ` ${ENV.toUpperCase()} ` });
    expect(c.pingoneEnvironmentId).toBe(ENV);
  });

  it("takes the region in any case, and the client secret without surrounding spaces", () => {
    for (const region of ["eu", " Eu ", "EU"])
      expect(pingoneConfig.parse({ ...valid, pingoneRegion: region }).pingoneRegion).toBe("EU");
    const c = pingoneConfig.parse({ ...valid, pingoneClientSecret: "  s3cret\n" });
    expect(c.pingoneClientSecret).toBe("s3cret");
    expect(problems({ ...valid, pingoneClientSecret: "   " })[0]).toMatch(/^pingoneClientSecret:/);
  });

  it("refuses an unknown region", () => {
    expect(problems({ ...valid, pingoneRegion: "US" })[0]).toMatch(/^pingoneRegion: Invalid option/);
  });

  it.each(["http://api.pingone.com/v1", "http://10.0.0.5:8080", "ftp://127.0.0.1", "api.pingone.com"])(
    "refuses the API URL %s",
    (url) => {
      expect(problems({ ...valid, pingoneApiUrl: url })).toHaveLength(1);
      expect(problems({ ...valid, pingoneAuthUrl: url })).toHaveLength(1);
    },
  );
});
