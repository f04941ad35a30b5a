import { Code } from "@baton/sdk";
import { connectionReset, drain, failNext, rejection, serverError, tooManyRequests } from "@baton/testing";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { pingone } from "../src/index.js";
import { group } from "../src/resources/group.js";
import { user } from "../src/resources/user.js";
import { harness } from "./harness.js";
import { invalidData, pingError, requestLimited } from "./msw/handlers.js";
import { network, traffic, useNetwork } from "./msw/network.js";
import { userId } from "./msw/tenant.js";

useNetwork();

const USERS = "*/v1/environments/:env/users";
const notFoundBody = () =>
  pingError(404, "NOT_FOUND", "The request could not be completed. The requested resource was not found.");
const TOKEN = "*/:env/as/token";

describe("validate", () => {
  it("gets a token with the worker app's secret by Basic auth and reads the environment", async () => {
    const h = await harness();
    await expect(pingone.validate!(h.ctx)).resolves.toEqual({ accountId: h.tenant.environmentId });
    expect(traffic.endpoints()).toEqual({
      [`POST /${h.tenant.environmentId}/as/token`]: 1,
      [`GET /v1/environments/${h.tenant.environmentId}`]: 1,
    });
    expect(traffic.requests[0]!.headers.get("authorization")).toMatch(/^Basic /);
    expect(h.log.find(/connected to PingOne/)?.fields).toMatchObject({ environment: "Acme Production" });
  });

  it("names the client id and secret settings when PingOne refuses the credentials, never the secret", async () => {
    const h = await harness({ config: { pingoneClientSecret: "not-the-secret" } });
    const err = await rejection(pingone.validate!(h.ctx));
    expect(err.code).toBe(Code.Unauthenticated);
    expect(err.message).toMatch(/as\/token returned 401 Unauthorized: invalid_client/);
    expect(err.hint).toMatch(/--pingone-client-id\/BATON_PINGONE_CLIENT_ID and --pingone-client-secret/);
    expect(`${err.message} ${err.hint} ${h.log.text()}`).not.toContain("not-the-secret");
  });

  it("names the environment id and the region when the region's hosts do not know the environment", async () => {
    const h = await harness({ config: { pingoneRegion: "EU" } });
    // The environment lives in North America: the EU auth host answers 404 NOT_FOUND.
    network.use(
      http.post("https://auth.pingone.eu/:env/as/token", () =>
        pingError(
          404,
          "NOT_FOUND",
          "The request could not be completed. The requested resource was not found.",
        ),
      ),
    );
    const err = await rejection(pingone.validate!(h.ctx));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.message).toBe(`PingOne (auth.pingone.eu) has no environment ${h.tenant.environmentId}`);
    expect(err.hint).toMatch(/--pingone-environment-id\/BATON_PINGONE_ENVIRONMENT_ID and --pingone-region/);
  });

  it("names the environment id for an environment PingOne does not have", async () => {
    const h = await harness({ config: { pingoneEnvironmentId: "0a0a0a0a-0000-4000-8000-000000000000" } });
    const err = await rejection(pingone.validate!(h.ctx));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.message).toBe(
      "PingOne (auth.pingone.com) has no environment 0a0a0a0a-0000-4000-8000-000000000000",
    );
  });

  it("names --pingone-api-url, which must end in /v1, when the API URL it gives has no such environment", async () => {
    // The mock serves the API under /v1 only: a base URL without it gets 404 on /environments/{id}.
    const h = await harness({ config: { pingoneApiUrl: "https://api.pingone.com" } });
    network.use(http.get("https://api.pingone.com/environments/:env", () => notFoundBody()));
    const err = await rejection(pingone.validate!(h.ctx));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.message).toBe(`PingOne's API (api.pingone.com) has no environment ${h.tenant.environmentId}`);
    expect(err.hint).toMatch(
      /--pingone-api-url\/BATON_PINGONE_API_URL: it must be the Platform API base, ending in \/v1/,
    );
    expect(err.hint).not.toMatch(/--pingone-region|--pingone-auth-url/);
  });

  it("says which roles the worker app needs when it has none on the environment", async () => {
    const h = await harness({ mock: { workerRoles: [] } });
    const err = await rejection(pingone.validate!(h.ctx));
    expect(err.code).toBe(Code.PermissionDenied);
    expect(err.message).toBe(
      `the PingOne worker application may not read environment ${h.tenant.environmentId}`,
    );
    expect(err.hint).toMatch(
      /Identity Data Admin for users, groups and populations, Environment Admin for roles/,
    );
  });

  it("says the application must be a worker app with client credentials when PingOne refuses the grant", async () => {
    const h = await harness();
    network.use(
      http.post(TOKEN, () =>
        HttpResponse.json(
          { error: "unauthorized_client", error_description: "grant type not allowed" },
          { status: 400 },
        ),
      ),
    );
    const err = await rejection(pingone.validate!(h.ctx));
    expect(err.code).toBe(Code.Unauthenticated);
    expect(err.hint).toMatch(/Worker application with the Client Credentials grant/);
  });

  it("names the region when the API host refuses a token the auth host issued", async () => {
    const h = await harness();
    network.use(
      http.get("*/v1/environments/:env", () =>
        pingError(401, "INVALID_TOKEN", "The access token is invalid"),
      ),
    );
    const err = await rejection(pingone.validate!(h.ctx));
    expect(err.code).toBe(Code.Unauthenticated);
    expect(err.message).toBe("PingOne's API (api.pingone.com) refused the worker application's token");
    expect(err.hint).toMatch(/--pingone-region/);
  });
});

describe("tokens", () => {
  it("falls back to client_secret_post when the app is set up for it, and keeps using it", async () => {
    const h = await harness({ mock: { tokenAuthMethod: "client_secret_post" } });
    await pingone.validate!(h.ctx);
    await drain((cursor) => group.list({ ...h.ctx, cursor }));
    expect(traffic.statuses().slice(0, 2)).toEqual([401, 200]); // Basic refused, then the form post
    expect(traffic.count("POST", TOKEN)).toBe(2);
    expect(h.tokens.issued).toHaveLength(1);
  });

  it("uses one token for the whole run and refreshes it before it expires", async () => {
    const h = await harness();
    await drain((cursor) => user.list({ ...h.ctx, cursor }));
    expect(h.tokens.issued).toHaveLength(1);
    h.clock.advance(3_600_000 - 30_000); // within a minute of expiry
    await drain((cursor) => group.list({ ...h.ctx, cursor }));
    expect(h.tokens.issued).toHaveLength(2);
    expect(traffic.statuses().every((s) => s === 200)).toBe(true);
  });

  it("gets a new token once when PingOne rejects the current one", async () => {
    const h = await harness();
    await drain((cursor) => group.list({ ...h.ctx, cursor }));
    h.tokens.revoke(h.tokens.issued[0]!.token);
    const { items } = await drain((cursor) => group.list({ ...h.ctx, cursor }));
    expect(items).toHaveLength(h.tenant.groups.length);
    expect(h.tokens.issued).toHaveLength(2);
    expect(h.log.text()).not.toContain(h.tokens.issued[1]!.token);
    expect(h.log.text()).not.toContain(h.tenant.clientSecret);
  });
});

describe("transient failures", () => {
  it("waits out 429 REQUEST_LIMITED for as long as Retry-After says", async () => {
    const h = await harness();
    network.use(
      failNext("GET", USERS, tooManyRequests({ retryAfterSeconds: 3, body: requestLimited }), { times: 2 }),
    );
    const { items } = await drain((cursor) => user.list({ ...h.ctx, cursor }));
    expect(items).toHaveLength(h.tenant.users.length);
    // Retry-After plus jitter (a tenth of the wait, half of it with the harness's fixed random).
    expect(h.sleeps).toEqual([3_150, 3_150]);
  });

  it("stays under the environment's requests-per-second limit by waiting for the next second", async () => {
    const h = await harness({ mock: { requestsPerSecond: 2 } });
    const { items } = await drain((cursor) => group.list({ ...h.ctx, cursor }));
    expect(items).toHaveLength(h.tenant.groups.length);
    expect(traffic.statuses()).toContain(429);
    expect(h.sleeps.length).toBeGreaterThan(0);
  });

  it.each([500, 502, 503, 504])("retries a read that got %i, as PingOne's own SDK does", async (status) => {
    const h = await harness();
    network.use(
      failNext(
        "GET",
        USERS,
        serverError({ status, body: () => pingError(status, "UNEXPECTED_ERROR", "oops") }),
      ),
    );
    const { items } = await drain((cursor) => user.list({ ...h.ctx, cursor }));
    expect(items).toHaveLength(h.tenant.users.length);
    expect(h.sleeps).toHaveLength(1);
  });

  it("retries a read whose connection was reset", async () => {
    const h = await harness();
    network.use(failNext("GET", USERS, connectionReset()));
    const { items } = await drain((cursor) => user.list({ ...h.ctx, cursor }));
    expect(items).toHaveLength(h.tenant.users.length);
  });

  it("never sends a write twice after a 500: PingOne may have acted", async () => {
    const h = await harness();
    network.use(
      failNext("POST", "*/v1/environments/:env/users/:id/memberOfGroups", serverError({ status: 500 })),
    );
    const err = await rejection(h.client.addMembership(userId(10), h.tenant.groups[9]!.id));
    expect(err.code).toBe(Code.Unavailable);
    expect(traffic.count("POST", "*/v1/environments/:env/users/:id/memberOfGroups")).toBe(1);
  });
});

describe("collections PingOne documents as unpaged", () => {
  const ROLES_URL = "https://api.pingone.com/v1/roles";
  const rolesPage = (h: Awaited<ReturnType<typeof harness>>, from: number, to: number, next?: string) =>
    HttpResponse.json({
      _links: { self: { href: ROLES_URL }, ...(next && { next: { href: next } }) },
      _embedded: { roles: h.tenant.roles.slice(from, to) },
    });

  it("are read in one request without limit", async () => {
    const h = await harness();
    const roles = await h.client.roles();
    expect(roles).toHaveLength(h.tenant.roles.length);
    expect(traffic.requests.filter((r) => r.url.pathname === "/v1/roles").map((r) => r.url.search)).toEqual([
      "",
    ]);
  });

  it("are read to the end should PingOne send a next link after all", async () => {
    const h = await harness();
    network.use(
      http.get("*/v1/roles", ({ request }) =>
        new URL(request.url).searchParams.get("cursor") === "2"
          ? rolesPage(h, 5, h.tenant.roles.length)
          : rolesPage(h, 0, 5, `${ROLES_URL}?cursor=2`),
      ),
    );
    expect((await h.client.roles()).map((r) => r.id)).toEqual(h.tenant.roles.map((r) => r.id));
  });

  it("fail on a next link that comes back, instead of passing off part of the list as all of it", async () => {
    const h = await harness();
    network.use(
      http.get("*/v1/roles", ({ request }) =>
        new URL(request.url).searchParams.get("cursor") === "2"
          ? rolesPage(h, 5, 10, `${ROLES_URL}?cursor=2`)
          : rolesPage(h, 0, 5, `${ROLES_URL}?cursor=2`),
      ),
    );
    const err = await rejection(h.client.roles());
    expect(err.code).toBe(Code.Internal);
    expect(err.message).toBe(
      `GET /roles: page 2 returned cursor "${ROLES_URL}?cursor=2", which page 2 was read with`,
    );
  });
});

describe("errors", () => {
  it("reads PingOne's error body: the code and the first detail", async () => {
    const h = await harness();
    network.use(http.get(USERS, () => invalidData("filter", 'unsupported filter: nickname co "x"')));
    const err = await rejection(user.list({ ...h.ctx }));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.message).toBe(
      `GET /v1/environments/${h.tenant.environmentId}/users returned 400 Bad Request: INVALID_DATA: filter: unsupported filter: nickname co "x"`,
    );
  });

  it("says which role the worker app lacks when PingOne answers 403 ACCESS_FAILED", async () => {
    const h = await harness({ mock: { workerRoles: ["Identity Data Read Only"] } });
    const roles = await rejection(h.client.roles());
    expect(roles.code).toBe(Code.PermissionDenied);
    expect(roles.message).toMatch(/ACCESS_FAILED/);
    expect(roles.hint).toMatch(/Environment Admin role/);
    const write = await rejection(h.client.addMembership(userId(10), h.tenant.groups[9]!.id));
    expect(write.hint).toMatch(/Identity Data Admin role/);
  });

  it("reports a users page of the wrong shape by endpoint and field", async () => {
    const h = await harness();
    network.use(
      http.get(USERS, () => HttpResponse.json({ _embedded: { users: [{ id: "x", username: 7 }] } })),
    );
    const err = await rejection(user.list({ ...h.ctx }));
    expect(err.message).toMatch(
      /^GET \/v1\/environments\/[^ ]+\/users: unexpected response: _embedded\.users\[0\]/,
    );
  });
});
