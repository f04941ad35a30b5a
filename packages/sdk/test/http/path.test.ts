import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { setupMswNetwork, useMswNetwork } from "../../../testing/src/msw.ts";
import { BatonError, Code } from "../../src/errors.js";
import { ApiPath, path } from "../../src/http/index.js";
import { BASE, harness, rejection } from "./harness.js";

const network = setupMswNetwork();
useMswNetwork(network);

const thrown = (fn: () => unknown): BatonError => {
  try {
    fn();
  } catch (e) {
    return e as BatonError;
  }
  throw new Error("expected a throw");
};

describe("path`…`", () => {
  it("encodes each value as one segment and writes numbers in decimal", () => {
    const env = "env 1";
    expect(String(path`/environments/${env}/users/${42}/memberOfGroups/${"a/b?c#d%2e"}`)).toBe(
      "/environments/env%201/users/42/memberOfGroups/a%2Fb%3Fc%23d%252e",
    );
    expect(String(path`/x/${10n}`)).toBe("/x/10");
  });

  it("inserts an ApiPath as it is", () => {
    const user = path`/environments/${"e"}/users/${"u/1"}`;
    expect(String(path`${user}/memberOfGroups/${"g"}`)).toBe("/environments/e/users/u%2F1/memberOfGroups/g");
    expect(user).toBeInstanceOf(ApiPath);
  });

  it.each([
    ["", '"" cannot be a URL path segment: it is empty'],
    [".", '"." cannot be a URL path segment: a dot segment would change the path'],
    ["..", '".." cannot be a URL path segment: a dot segment would change the path'],
    ["\uD800", '"\\ud800" cannot be a URL path segment: it is not well-formed Unicode'],
  ])("refuses %j with InvalidArgument naming the value", (value, message) => {
    const err = thrown(() => path`/users/${value}`);
    expect(err).toBeInstanceOf(BatonError);
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.message).toBe(message);
  });

  it("refuses non-finite numbers", () => {
    expect(thrown(() => path`/users/${Number.NaN}`).message).toBe(
      '"NaN" cannot be a URL path segment: not a finite number',
    );
  });

  it("cannot be made without the template tag", () => {
    expect(() => new (ApiPath as unknown as new (v: string) => ApiPath)("/../admin")).toThrow(TypeError);
  });
});

describe("HttpClient with paths", () => {
  it("sends an id holding ?, / and ../ inside one segment, under the base path", async () => {
    let seen = "";
    network.use(
      http.get(`${BASE}/api/v2/users/*`, ({ request }) => {
        seen = new URL(request.url).pathname + new URL(request.url).search;
        return HttpResponse.json({ ok: true });
      }),
    );
    const { client } = harness({ baseUrl: `${BASE}/api/v2` });
    await client.get(path`/users/${"../admin?role=owner"}`, z.object({ ok: z.boolean() }));
    expect(seen).toBe("/api/v2/users/..%2Fadmin%3Frole%3Downer");
  });

  it.each(["/api/v2/users/../admin", "/api/v2/users/%2e%2E/admin", "/api/v2/./x", "/api/v2/users\\..\\x"])(
    "refuses a plain path with dot segments (%s) before sending anything",
    async (p) => {
      const err = await rejection(harness().client.get(p, z.unknown()));
      expect(err.code).toBe(Code.InvalidArgument);
      expect(err.message).toMatch(
        /^refusing to request ".*": "\." and "\.\." segments would change the path$/,
      );
    },
  );
});
