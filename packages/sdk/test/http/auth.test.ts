import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { setupMswNetwork, useMswNetwork } from "../../../testing/src/msw.ts";
import { Code } from "../../src/errors.js";
import { type AuthProvider, bearerAuth, cachedTokenSource } from "../../src/http/index.js";
import { SecretSet } from "../../src/secrets.js";
import { BASE, harness, rejection } from "./harness.js";

const network = setupMswNetwork();
useMswNetwork(network);

const ok = z.object({ ok: z.boolean() });

/** A bearer provider over tokens tok-1, tok-2, …; counts fetches. */
function tokens() {
  const state = { fetches: 0 };
  const source = cachedTokenSource({
    fetch: async () => {
      state.fetches++;
      return { token: `tok-${state.fetches}-secretvalue` };
    },
  });
  return { state, auth: bearerAuth(source) };
}

/** Answers in turn with `statuses` (the last repeats) and records the Authorization of every request. */
function api(method: "get" | "post", ...statuses: number[]) {
  const seen: string[] = [];
  network.use(
    http[method](`${BASE}/things`, ({ request }) => {
      const status = statuses[Math.min(seen.length, statuses.length - 1)]!;
      seen.push(request.headers.get("authorization") ?? "");
      if (status === 200) return HttpResponse.json({ ok: true });
      return HttpResponse.json(
        { message: `refused ${request.headers.get("authorization")}` },
        { status, headers: status === 503 ? { "retry-after": "0" } : {} },
      );
    }),
  );
  return seen;
}

describe("auth providers", () => {
  it("computes the headers for every attempt, so a retry carries what the provider gives then", async () => {
    let n = 0;
    const auth: AuthProvider = { headers: async () => ({ authorization: `Bearer attempt-${++n}` }) };
    const seen = api("get", 503, 200);
    await harness({ auth }).client.get("/things", ok);
    expect(seen).toEqual(["Bearer attempt-1", "Bearer attempt-2"]);
  });

  it("sends its headers over same-named default headers", async () => {
    const seen = api("get", 200);
    const auth: AuthProvider = { headers: async () => ({ Authorization: "Bearer from-provider" }) };
    await harness({ auth, headers: { authorization: "Bearer static" } }).client.get("/things", ok);
    expect(seen).toEqual(["Bearer from-provider"]);
  });

  it("retries a 401 once with a fresh token, for a POST too", async () => {
    const { state, auth } = tokens();
    const seen = api("post", 401, 200);
    await expect(harness({ auth }).client.post("/things", { a: 1 }, ok)).resolves.toEqual({ ok: true });
    expect(seen).toEqual(["Bearer tok-1-secretvalue", "Bearer tok-2-secretvalue"]);
    expect(state.fetches).toBe(2);
  });

  it("never retries a 401 more than once", async () => {
    const { auth } = tokens();
    const seen = api("get", 401);
    const { client, state } = harness({ auth });
    const err = await rejection(client.get("/things", ok));
    expect(err.code).toBe(Code.Unauthenticated);
    expect(seen).toHaveLength(2);
    expect(err.message).toBe("GET /things returned 401 Unauthorized: refused [REDACTED] (after 2 attempts)");
    expect(state.sleeps).toEqual([]);
  });

  it("does not retry when the provider does not say so", async () => {
    const auth: AuthProvider = { headers: async () => ({ "x-api-key": "k-123" }), rejected: () => false };
    const seen = api("get", 401);
    expect((await rejection(harness({ auth }).client.get("/things", ok))).code).toBe(Code.Unauthenticated);
    expect(seen).toHaveLength(1);
  });

  it("registers the header values in the client's secrets, redacted everywhere from then on", async () => {
    const secrets = new SecretSet();
    const auth: AuthProvider = { headers: async () => ({ authorization: "Bearer live-token-777" }) };
    api("get", 200);
    await harness({ auth, secrets }).client.get("/things", ok);
    expect(secrets.has("live-token-777")).toBe(true);
    expect(secrets.redact("token live-token-777")).toBe("token [REDACTED]");
  });

  it("reports a provider that fails (token endpoint down) without sending the request", async () => {
    const auth: AuthProvider = {
      headers: async () => {
        throw new Error("issuer down");
      },
    };
    const err = await rejection(harness({ auth }).client.get("/things", ok));
    expect(err.message).toBe("issuer down");
  });
});
