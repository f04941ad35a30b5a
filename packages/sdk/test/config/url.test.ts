import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  describeFields,
  httpsUrl,
  isSecureOrLoopbackUrl,
  SECURE_URL_MESSAGE,
} from "../../src/config/index.js";

describe("httpsUrl", () => {
  it.each([
    "https://api.pingone.eu/v1",
    "https://proxy.internal:8443/",
    "http://127.0.0.1:8080",
    "http://127.1.2.3/x",
    "http://localhost:3000/",
    "http://[::1]:9000",
  ])("accepts %s", (url) => {
    expect(httpsUrl().safeParse(url).success).toBe(true);
    expect(isSecureOrLoopbackUrl(url)).toBe(true);
  });

  it.each([
    "http://api.pingone.com/v1",
    "http://10.0.0.5:8080",
    "http://127.0.0.1.example.com",
    "http://localhost.example.com",
    "ftp://127.0.0.1",
  ])("refuses %s with one message", (url) => {
    const r = httpsUrl().safeParse(url);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message)).toEqual([SECURE_URL_MESSAGE]);
  });

  it("refuses what is not a URL with one message, and is a plain string setting", () => {
    expect(
      httpsUrl()
        .safeParse("api.pingone.com")
        .error?.issues.map((i) => i.message),
    ).toEqual(["Invalid URL"]);
    expect(isSecureOrLoopbackUrl("not a url")).toBe(false);
    const [f] = describeFields(z.object({ apiUrl: httpsUrl().optional() }));
    expect(f).toMatchObject({ kind: "string", flag: "api-url", required: false });
  });
});
