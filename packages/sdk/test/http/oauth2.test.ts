import { delay, HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { setupMswNetwork, useMswNetwork } from "../../../testing/src/msw.ts";
import { Code } from "../../src/errors.js";
import { type OAuth2ClientCredentialsOptions, oauth2ClientCredentials } from "../../src/http/index.js";
import { createRuntime } from "../../src/sync/runtime.js";
import { BASE, harness, rejection } from "./harness.js";

const network = setupMswNetwork();
useMswNetwork(network);

const TOKEN_URL = "https://auth.example.test/env-1/as/token";
const CLIENT_ID = "worker:app 1";
const CLIENT_SECRET = "s3cr3t/+= value%";
const ok = z.object({ ok: z.boolean() });

interface TokenRequest {
  authorization: string | null;
  contentType: string | null;
  form: Record<string, string>;
  apiKey: string | null;
}

/** A token endpoint accepting the given client authentication methods; answers in turn with `faults` first. */
function tokenEndpoint(
  o: {
    accept?: Array<"basic" | "post">;
    expiresIn?: number | string;
    tokenType?: string;
    faults?: Array<() => Response>;
    refusal?: () => Response;
    body?: () => Response;
  } = {},
) {
  const requests: TokenRequest[] = [];
  let issued = 0;
  const accept = o.accept ?? ["basic", "post"];
  const expected = `Basic ${Buffer.from(`${encodeURIComponent("worker:app 1").replace(/%20/g, "+")}:${"s3cr3t%2F%2B%3D+value%25"}`).toString("base64")}`;
  network.use(
    http.post(TOKEN_URL, async ({ request }) => {
      const form = Object.fromEntries(new URLSearchParams(await request.text()));
      requests.push({
        authorization: request.headers.get("authorization"),
        contentType: request.headers.get("content-type"),
        form,
        apiKey: request.headers.get("x-api-key"),
      });
      const fault = o.faults?.[requests.length - 1];
      if (fault) return fault();
      if (o.body) return o.body();
      const viaBasic = accept.includes("basic") && request.headers.get("authorization") === expected;
      const viaPost =
        accept.includes("post") && form.client_id === CLIENT_ID && form.client_secret === CLIENT_SECRET;
      if (form.grant_type !== "client_credentials" || !(viaBasic || viaPost)) {
        return (
          o.refusal?.() ??
          HttpResponse.json(
            { error: "invalid_client", error_description: `Unknown client or bad secret ${CLIENT_SECRET}` },
            { status: 401 },
          )
        );
      }
      issued++;
      return HttpResponse.json({
        access_token: `access-token-${issued}-xyz`,
        token_type: o.tokenType ?? "Bearer",
        expires_in: o.expiresIn ?? 3600,
      });
    }),
  );
  return { requests, issued: () => issued };
}

/** The API: accepts the tokens the endpoint issued, unless `revoked`; records the Authorization it saw. */
function apiEndpoint(o: { revoked?: Set<string> } = {}) {
  const seen: string[] = [];
  network.use(
    http.all(`${BASE}/api/*`, ({ request }) => {
      const auth = request.headers.get("authorization") ?? "";
      seen.push(auth);
      const token = auth.replace(/^Bearer /, "");
      if (!/^access-token-\d+-xyz$/.test(token) || o.revoked?.has(token)) {
        return HttpResponse.json({ message: `token ${token} rejected` }, { status: 401 });
      }
      return HttpResponse.json({ ok: true });
    }),
  );
  return seen;
}

function setup(
  opts: Partial<OAuth2ClientCredentialsOptions> = {},
  client: Parameters<typeof harness>[0] = {},
) {
  let now = 0;
  const auth = oauth2ClientCredentials({
    tokenUrl: TOKEN_URL,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    clientAuth: "basic",
    now: () => now,
    ...opts,
  });
  const h = harness({ auth, ...client });
  const advance = (ms: number) => {
    now += ms;
  };
  return { ...h, auth, advance };
}

describe("oauth2ClientCredentials", () => {
  it("authenticates with client_secret_basic, form-encoding id and secret before base64", async () => {
    const token = tokenEndpoint({ accept: ["basic"] });
    const seen = apiEndpoint();
    const { client } = setup({ scope: ["p1:read:user", "p1:read:group"], params: { audience: "api" } });
    await client.get("/api/users", ok);
    expect(token.requests).toEqual([
      {
        authorization: `Basic ${Buffer.from("worker%3Aapp+1:s3cr3t%2F%2B%3D+value%25").toString("base64")}`,
        contentType: "application/x-www-form-urlencoded",
        form: { grant_type: "client_credentials", scope: "p1:read:user p1:read:group", audience: "api" },
        apiKey: null,
      },
    ]);
    expect(seen).toEqual(["Bearer access-token-1-xyz"]);
  });

  it("authenticates with client_secret_post", async () => {
    const token = tokenEndpoint({ accept: ["post"] });
    apiEndpoint();
    const { client } = setup({ clientAuth: "post" });
    await client.get("/api/users", ok);
    expect(token.requests[0]?.authorization).toBeNull();
    expect(token.requests[0]?.form).toEqual({
      grant_type: "client_credentials",
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    });
  });

  it("caches the token until shortly before expires_in (a string of digits too), then refreshes", async () => {
    const token = tokenEndpoint({ expiresIn: "3600" });
    const seen = apiEndpoint();
    const { client, advance } = setup();
    await client.get("/api/a", ok);
    await client.get("/api/b", ok);
    advance(3_600_000 - 60_001);
    await client.get("/api/c", ok);
    expect(token.issued()).toBe(1);
    advance(1);
    await client.get("/api/d", ok);
    expect(token.issued()).toBe(2);
    expect(seen).toEqual([
      "Bearer access-token-1-xyz",
      "Bearer access-token-1-xyz",
      "Bearer access-token-1-xyz",
      "Bearer access-token-2-xyz",
    ]);
  });

  it("without `now`, lets the token expire on the clock of the client it authenticates", async () => {
    const token = tokenEndpoint({ expiresIn: 3600 });
    apiEndpoint();
    const { client, state } = setup({ now: undefined });
    await client.get("/api/a", ok);
    state.clock.advance(3_600_000 - 60_001);
    await client.get("/api/b", ok);
    expect(token.issued()).toBe(1);
    state.clock.advance(1);
    await client.get("/api/c", ok);
    expect(token.issued()).toBe(2);
  });

  it("asks for one token however many requests need it at once", async () => {
    const token = tokenEndpoint();
    network.use(
      http.post(TOKEN_URL, async () => {
        await delay(30);
        return undefined;
      }),
    );
    apiEndpoint();
    const { client } = setup();
    await Promise.all(Array.from({ length: 20 }, (_, i) => client.get(`/api/u${i}`, ok)));
    expect(token.requests).toHaveLength(1);
  });

  it("gets a new token and retries once when the API rejects a revoked one", async () => {
    const token = tokenEndpoint();
    const revoked = new Set<string>();
    const seen = apiEndpoint({ revoked });
    const { client } = setup();
    await client.get("/api/a", ok);
    revoked.add("access-token-1-xyz");
    await expect(client.post("/api/b", { x: 1 }, ok)).resolves.toEqual({ ok: true });
    expect(token.issued()).toBe(2);
    expect(seen).toEqual([
      "Bearer access-token-1-xyz",
      "Bearer access-token-1-xyz",
      "Bearer access-token-2-xyz",
    ]);
  });

  it("retries the token request after 503, 429 and a dropped connection", async () => {
    const token = tokenEndpoint({
      faults: [
        () => new HttpResponse(null, { status: 503 }),
        () => new HttpResponse(null, { status: 429, headers: { "retry-after": "2" } }),
        () => HttpResponse.error(),
      ],
    });
    apiEndpoint();
    const { client, state } = setup();
    await client.get("/api/a", ok);
    expect(token.requests).toHaveLength(4);
    expect(state.sleeps).toContain(2100);
  });

  it("times out a slow token endpoint with an error naming its origin", async () => {
    network.use(
      http.post(TOKEN_URL, async () => {
        await delay(500);
        return HttpResponse.json({ access_token: "late" });
      }),
    );
    const { client } = setup({}, { timeoutMs: 50 });
    const err = await rejection(client.get("/api/a", ok));
    expect(err.code).toBe(Code.DeadlineExceeded);
    expect(err.message).toBe("POST https://auth.example.test/env-1/as/token timed out after 50 ms");
  });

  it("turns invalid_client into one Unauthenticated line naming the URL and the OAuth error, not the secret", async () => {
    tokenEndpoint({ accept: ["post"] });
    const { client } = setup({ clientAuth: "basic" });
    const err = await rejection(client.get("/api/a", ok));
    expect(err.code).toBe(Code.Unauthenticated);
    expect(err.message).toBe(
      "OAuth token request POST https://auth.example.test/env-1/as/token returned 401 Unauthorized: " +
        "invalid_client (Unknown client or bad secret [REDACTED])",
    );
    expect(err.hint).toBe("check the client id and client secret (and how the client authenticates)");
    expect(JSON.stringify({ m: err.message, h: err.hint })).not.toContain("s3cr3t");
  });

  it("names unauthorized_client in a 400 with its own hint", async () => {
    tokenEndpoint({
      refusal: () => HttpResponse.json({ error: "unauthorized_client" }, { status: 400 }),
      accept: [],
    });
    const err = await rejection(setup().client.get("/api/a", ok));
    expect(err.code).toBe(Code.Unauthenticated);
    expect(err.message).toBe(
      "OAuth token request POST https://auth.example.test/env-1/as/token returned 400 Bad Request: unauthorized_client",
    );
    expect(err.hint).toMatch(/client credentials grant/);
  });

  it("auto: falls back to client_secret_post after invalid_client, and keeps using it", async () => {
    const token = tokenEndpoint({ accept: ["post"], expiresIn: 120 });
    const seen = apiEndpoint();
    const { client, advance } = setup({ clientAuth: "auto" });
    await client.get("/api/a", ok);
    advance(120_000);
    await client.get("/api/b", ok);
    expect(token.requests.map((r) => (r.authorization ? "basic" : "post"))).toEqual([
      "basic",
      "post",
      "post",
    ]);
    expect(seen).toEqual(["Bearer access-token-1-xyz", "Bearer access-token-2-xyz"]);
  });

  it("auto: says both methods were tried when both are refused", async () => {
    const token = tokenEndpoint({ accept: [] });
    const err = await rejection(setup({ clientAuth: "auto" }).client.get("/api/a", ok));
    expect(err.message).toMatch(
      /: invalid_client \(.*\) \(tried client_secret_basic, then client_secret_post\)$/,
    );
    expect(token.requests).toHaveLength(2);
  });

  it("auto: does not fall back on other refusals", async () => {
    const token = tokenEndpoint({
      refusal: () => HttpResponse.json({ error: "invalid_scope" }, { status: 400 }),
      accept: [],
    });
    const err = await rejection(setup({ clientAuth: "auto" }).client.get("/api/a", ok));
    expect(err.hint).toBe("check the requested scope");
    expect(token.requests).toHaveLength(1);
  });

  it("names the URL and field of a token response without access_token", async () => {
    tokenEndpoint({ body: () => HttpResponse.json({ token_type: "Bearer" }) });
    const err = await rejection(setup().client.get("/api/a", ok));
    expect(err.message).toBe(
      "POST https://auth.example.test/env-1/as/token: unexpected response: access_token: expected string, received undefined",
    );
  });

  it("refuses a token that is not a bearer token", async () => {
    tokenEndpoint({ tokenType: "mac" });
    const err = await rejection(setup().client.get("/api/a", ok));
    expect(err.code).toBe(Code.Unauthenticated);
    expect(err.message).toBe(
      'OAuth token request POST https://auth.example.test/env-1/as/token issued a "mac" token, not a Bearer token',
    );
  });

  it("sends none of the API client's default headers to the token endpoint", async () => {
    const token = tokenEndpoint();
    apiEndpoint();
    await setup({}, { headers: { "x-api-key": "api-key-1" } }).client.get("/api/a", ok);
    expect(token.requests[0]?.apiKey).toBeNull();
  });

  it("registers every token in the run's secrets through ctx.http", async () => {
    tokenEndpoint();
    network.use(
      http.get(`${BASE}/api/echo`, ({ request }) =>
        HttpResponse.json({ message: `bad ${request.headers.get("authorization")}` }, { status: 400 }),
      ),
    );
    const rt = await createRuntime(
      {
        name: "t",
        displayName: "T",
        version: "0",
        config: {} as never,
        client: (_c, ctx) =>
          ctx.http({
            baseUrl: BASE,
            auth: oauth2ClientCredentials({
              tokenUrl: TOKEN_URL,
              clientId: CLIENT_ID,
              clientSecret: CLIENT_SECRET,
              clientAuth: "basic",
            }),
          }),
        resourceTypes: [],
      },
      {},
      { sleep: async () => {} },
    );
    const client = rt.ctx.client as import("../../src/http/index.js").HttpClient;
    const err = await rejection(client.get("/api/echo", ok));
    expect(err.message).toBe("GET /api/echo returned 400 Bad Request: bad [REDACTED]");
    expect(rt.secrets.has("access-token-1-xyz")).toBe(true);
    expect(rt.secrets.has(CLIENT_SECRET)).toBe(true);
    expect(rt.secrets.redact("x access-token-1-xyz")).toBe("x [REDACTED]");
    await rt.close();
  });

  it("refuses a token URL that is not a URL", () => {
    expect(() =>
      oauth2ClientCredentials({
        tokenUrl: "auth/token",
        clientId: "a",
        clientSecret: "b",
        clientAuth: "basic",
      }),
    ).toThrow('OAuth token URL "auth/token" is not a URL');
  });
});
