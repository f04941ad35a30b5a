import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { setupMswNetwork, useMswNetwork } from "../../../testing/src/msw.ts";
import { Code } from "../../src/errors.js";
import { BASE, harness, rejection } from "./harness.js";

const network = setupMswNetwork();
useMswNetwork(network);

const ok = z.object({ ok: z.boolean() });

/** Records what reached the server: content type and the raw body. */
function recorder() {
  const seen: Array<{ contentType: string | null; body: string }> = [];
  network.use(
    http.all(`${BASE}/things`, async ({ request }) => {
      seen.push({ contentType: request.headers.get("content-type"), body: await request.text() });
      return HttpResponse.json({ ok: true });
    }),
  );
  return seen;
}

describe("request bodies by type", () => {
  it("sends plain objects and arrays as JSON, with nested dates as their ISO text", async () => {
    const seen = recorder();
    const { client } = harness();
    await client.post("/things", { a: 1, skip: undefined, when: new Date(0), list: [1, "x", null] }, ok);
    await client.put("/things", [{ id: 1 }], ok);
    expect(seen).toEqual([
      {
        contentType: "application/json",
        body: '{"a":1,"when":"1970-01-01T00:00:00.000Z","list":[1,"x",null]}',
      },
      { contentType: "application/json", body: '[{"id":1}]' },
    ]);
  });

  it("sends URLSearchParams as a form", async () => {
    const seen = recorder();
    await harness().client.post(
      "/things",
      new URLSearchParams({ grant_type: "client_credentials", scope: "a b" }),
      ok,
    );
    expect(seen).toEqual([
      {
        contentType: "application/x-www-form-urlencoded",
        body: "grant_type=client_credentials&scope=a+b",
      },
    ]);
  });

  it("sends strings and bytes as they are with the given content type", async () => {
    const seen = recorder();
    const { client } = harness();
    await client.post("/things", "<x/>", ok, { contentType: "application/xml" });
    await client.patch("/things", new TextEncoder().encode("raw"), ok, {
      contentType: "application/octet-stream",
    });
    await client.patch("/things", { op: "replace" }, ok, { contentType: "application/merge-patch+json" });
    expect(seen).toEqual([
      { contentType: "application/xml", body: "<x/>" },
      { contentType: "application/octet-stream", body: "raw" },
      { contentType: "application/merge-patch+json", body: '{"op":"replace"}' },
    ]);
  });

  class Account {
    id = 1;
  }
  const circular: Record<string, unknown> = { a: 1 };
  circular.self = circular;

  it.each([
    ["a Map", new Map([["a", 1]]), undefined, "body is a Map"],
    ["a Set", new Set([1]), undefined, "body is a Set"],
    ["a class instance", new Account(), undefined, "body is an instance of Account"],
    ["FormData", new FormData(), undefined, "body is a FormData"],
    ["a Blob", new Blob(["x"]), undefined, "body is a Blob"],
    ["a function", () => 1, undefined, "body is a function"],
    ["a number", 42, undefined, "body is a number"],
    ["null", null, undefined, "body is null"],
    [
      "URLSearchParams as JSON",
      new URLSearchParams("a=1"),
      "application/json",
      "URLSearchParams is form-encoded, not application/json",
    ],
    [
      "an object as a form",
      { a: 1 },
      "application/x-www-form-urlencoded",
      "a plain object or array is sent as JSON, not application/x-www-form-urlencoded",
    ],
    ["a string without a content type", "a=1", undefined, "a string needs a contentType"],
    ["a nested Map", { user: { roles: new Map() } }, undefined, "body.user.roles is a Map"],
    ["nested URLSearchParams", { q: new URLSearchParams("a=1") }, undefined, "body.q is a URLSearchParams"],
    ["a nested function", { "odd key": [() => 1] }, undefined, 'body["odd key"][0] is a function'],
    ["NaN", { n: Number.NaN }, undefined, "body.n is NaN, which JSON cannot hold"],
    ["a bigint", { n: 1n }, undefined, "body.n is a bigint"],
    ["undefined in an array", [1, undefined], undefined, "body[1] is undefined"],
    ["a cycle", circular, undefined, "body.self refers back to itself"],
  ])("refuses %s before sending anything", async (_what, body, contentType, problem) => {
    // No handler: a request that got out would fail the test with MSW's unhandled-request error.
    const err = await rejection(
      harness().client.post("/things", body, ok, contentType ? { contentType } : {}),
    );
    expect(err.code).toBe(Code.Internal);
    expect(err.message).toBe(`POST /things: cannot send the request body: ${problem}`);
    expect(err.hint).toMatch(/^send a plain object or array \(JSON\), URLSearchParams \(form\)/);
  });
});
