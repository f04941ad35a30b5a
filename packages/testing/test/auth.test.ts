import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { fakeClock } from "../src/clock.js";
import {
  type AuthFailure,
  oauthTokenEndpoint,
  parseBasic,
  requireBasic,
  requireBearer,
  requireHeader,
  tokenStore,
} from "../src/mock/auth.js";
import { setupMswNetwork, useMswNetwork } from "../src/msw.js";

const network = setupMswNetwork();
useMswNetwork(network);

const get = (headers: Record<string, string> = {}) =>
  new Request("https://api.vendor.test/users", { headers });
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
const body = async (res: Response) => (await res.json()) as Record<string, unknown>;
const vendor401 = (failure: AuthFailure) =>
  HttpResponse.json({ code: "UNAUTHORIZED", message: `credentials ${failure}` }, { status: 401 });

describe("requireHeader", () => {
  const zipKey = requireHeader("Zip-Api-Key", ["key-1", "key-2"], () =>
    HttpResponse.json({ message: "The provided API key is not valid" }, { status: 401 }),
  );

  it("lets an accepted key through and refuses a missing or wrong one with the vendor's body", async () => {
    expect(zipKey(get({ "zip-api-key": "key-2" }))).toBeUndefined();
    for (const headers of <Record<string, string>[]>[
      {},
      { "Zip-Api-Key": "" },
      { "Zip-Api-Key": "key-3" },
      { authorization: "Bearer key-1" },
    ]) {
      const res = zipKey(get(headers))!;
      expect(res.status).toBe(401);
      expect(await body(res)).toEqual({ message: "The provided API key is not valid" });
    }
  });

  it("says why it refused", async () => {
    const check = requireHeader("x-api-key", "k", vendor401);
    expect(await check(get())!.json()).toMatchObject({ message: "credentials missing" });
    expect(await check(get({ "x-api-key": "nope" }))!.json()).toMatchObject({
      message: "credentials invalid",
    });
  });
});

describe("requireBasic", () => {
  const zendesk = requireBasic({ "admin@acme.test/token": "api-token-1" }, () =>
    HttpResponse.json({ error: "Couldn't authenticate you" }, { status: 401 }),
  );

  it("accepts a user/password pair it knows", () => {
    expect(zendesk(get({ authorization: basic("admin@acme.test/token", "api-token-1") }))).toBeUndefined();
  });

  it("rejects a wrong password, an unknown user and a non-Basic header with the vendor's body", async () => {
    for (const authorization of [
      basic("admin@acme.test/token", "api-token-2"),
      basic("agent@acme.test/token", "api-token-1"),
      "Bearer api-token-1",
      "Basic !!!",
    ]) {
      const res = zendesk(get({ authorization }))!;
      expect(res.status).toBe(401);
      expect(await body(res)).toEqual({ error: "Couldn't authenticate you" });
    }
  });

  it("takes pairs as entries too, and passwords with colons", () => {
    const check = requireBasic([["svc", "pa:ss"]], vendor401);
    expect(check(get({ authorization: basic("svc", "pa:ss") }))).toBeUndefined();
    expect(parseBasic(basic("u", "a:b:c"))).toEqual({ user: "u", password: "a:b:c" });
    expect(parseBasic("Bearer x")).toBeUndefined();
  });
});

describe("OAuth client credentials", () => {
  const TOKEN_URL = "https://auth.vendor.test/env-1/as/token";
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(TOKEN_URL, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body,
    });

  function setup(methods?: Array<"client_secret_basic" | "client_secret_post">) {
    const clock = fakeClock();
    const tokens = tokenStore({ now: clock.now, lifetimeSeconds: 3600 });
    const bearer = requireBearer(tokens, vendor401);
    network.use(
      oauthTokenEndpoint("*/:env/as/token", {
        clients: { "client-1": "s3cret/+=" },
        tokens,
        ...(methods ? { methods } : {}),
      }),
      http.get("*/v1/users", ({ request }) => bearer(request) ?? HttpResponse.json({ users: [] })),
    );
    const api = (token: string) =>
      fetch("https://api.vendor.test/v1/users", { headers: { authorization: `Bearer ${token}` } });
    return { clock, tokens, api };
  }

  it("issues expiring Bearer tokens to client_secret_basic and client_secret_post", async () => {
    const { tokens } = setup();
    const viaBasic = await post(form({ grant_type: "client_credentials" }), {
      // RFC 6749: the id and secret are form-urlencoded before the Basic encoding.
      authorization: basic("client-1", encodeURIComponent("s3cret/+=")),
    });
    expect(viaBasic.status).toBe(200);
    expect(viaBasic.headers.get("cache-control")).toBe("no-store");
    const a = await viaBasic.json();
    expect(a).toEqual({ access_token: tokens.issued[0]!.token, token_type: "Bearer", expires_in: 3600 });
    const viaPost = await post(
      form({ grant_type: "client_credentials", client_id: "client-1", client_secret: "s3cret/+=" }),
    );
    expect((await body(viaPost)).access_token).toBe(tokens.issued[1]!.token);
    expect(tokens.issued.map((t) => t.clientId)).toEqual(["client-1", "client-1"]);
  });

  it("tokens expire on the fake clock: valid until expires_in has passed, then refused as expired", async () => {
    const { clock, api } = setup();
    const res = await post(
      form({ grant_type: "client_credentials", client_id: "client-1", client_secret: "s3cret/+=" }),
    );
    const token = String((await body(res)).access_token);
    expect((await api(token)).status).toBe(200);
    clock.advance(3599_000);
    expect((await api(token)).status).toBe(200);
    clock.advance(1_000);
    const expired = await api(token);
    expect(expired.status).toBe(401);
    expect(await body(expired)).toEqual({ code: "UNAUTHORIZED", message: "credentials expired" });
    expect(await (await api("made-up")).json()).toMatchObject({ message: "credentials invalid" });
  });

  it("answers RFC 6749 errors: invalid_client, unsupported_grant_type, invalid_request", async () => {
    setup(["client_secret_post"]);
    const wrong = await post(
      form({ grant_type: "client_credentials", client_id: "client-1", client_secret: "nope" }),
    );
    expect(wrong.status).toBe(401);
    expect(await body(wrong)).toEqual({
      error: "invalid_client",
      error_description: "client authentication failed",
    });
    const notAllowed = await post(form({ grant_type: "client_credentials" }), {
      authorization: basic("client-1", "s3cret%2F%2B%3D"),
    });
    expect(notAllowed.status).toBe(401);
    expect(notAllowed.headers.get("www-authenticate")).toMatch(/^Basic/);
    expect((await body(notAllowed)).error).toBe("invalid_client");
    const password = await post(
      form({ grant_type: "password", client_id: "client-1", client_secret: "s3cret/+=" }),
    );
    expect(password.status).toBe(400);
    expect((await body(password)).error).toBe("unsupported_grant_type");
    const noGrant = await post(form({ client_id: "client-1", client_secret: "s3cret/+=" }));
    expect((await body(noGrant)).error).toBe("invalid_request");
    const json = await fetch(TOKEN_URL, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ grant_type: "client_credentials" }),
    });
    expect((await body(json)).error).toBe("invalid_request");
    const none = await post(form({ grant_type: "client_credentials" }));
    expect(none.status).toBe(401);
  });

  it("refuses two client authentication methods at once, and uses the vendor's error body when given", async () => {
    const clock = fakeClock();
    network.use(
      oauthTokenEndpoint("*/:env/as/token", {
        clients: { c: "s" },
        tokens: tokenStore({ now: clock.now }),
        error: (error, _description, status) => HttpResponse.json({ code: error.toUpperCase() }, { status }),
      }),
    );
    const both = await post(form({ grant_type: "client_credentials", client_id: "c", client_secret: "s" }), {
      authorization: basic("c", "s"),
    });
    expect(both.status).toBe(400);
    expect(await body(both)).toEqual({ code: "INVALID_REQUEST" });
  });

  it("requireBearer takes fixed tokens and refuses other schemes", () => {
    const check = requireBearer("static-token", vendor401);
    expect(check(get({ authorization: "Bearer static-token" }))).toBeUndefined();
    expect(check(get({ authorization: "Token static-token" }))?.status).toBe(401);
    expect(check(get())?.status).toBe(401);
    const store = tokenStore({ now: () => 0 });
    const t = store.issue("c");
    store.revoke(t.token);
    expect(store.check(t.token)).toBe("invalid");
  });
});
