import { Code, toPage } from "@baton/sdk";
import { drain, failNext, malformedJson, rejection } from "@baton/testing";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { jumpcloud } from "../src/index.js";
import { group } from "../src/resources/group.js";
import { user } from "../src/resources/user.js";
import { harness } from "./harness.js";
import { network, traffic, useNetwork } from "./msw/network.js";
import { api, rateLimitedOnce, serverErrorOnce } from "./msw/scenarios.js";
import { generateTenant, groupId, oid, userId } from "./msw/tenant.js";

useNetwork();

describe("validate", () => {
  it("checks the API key with one cheap call, then names the key's organization as the account", async () => {
    const h = await harness();
    await expect(jumpcloud.validate!(h.ctx)).resolves.toEqual({ accountId: h.tenant.orgId });
    expect(traffic.requests.map((r) => `${r.url.pathname}${r.url.search}`)).toEqual([
      "/api/v2/directories?limit=1",
      "/api/organizations?limit=2",
    ]);
    for (const req of traffic.requests) {
      expect(req.headers.get("x-api-key")).toBe(h.tenant.apiKey);
      expect(req.headers.get("x-org-id")).toBeNull();
      expect(req.headers.get("user-agent")).toMatch(/^baton-jumpcloud\/\d+\.\d+\.\d+ /);
    }
    expect(h.log.find(/connected to JumpCloud/)?.fields).toEqual({
      organization: "Acme",
      orgId: h.tenant.orgId,
    });
  });

  it("names --org-id as the account without asking JumpCloud for it", async () => {
    const tenant = generateTenant({ msp: true });
    const h = await harness({ tenant, config: { orgId: tenant.orgId } });
    await expect(jumpcloud.validate!(h.ctx)).resolves.toEqual({ accountId: tenant.orgId });
    expect(traffic.requests.map((r) => r.url.pathname)).toEqual(["/api/v2/directories"]);
  });

  it("names no account when JumpCloud does not list the key's organization", async () => {
    const h = await harness();
    network.use(
      http.get(api("/organizations"), () => HttpResponse.json({ message: "Forbidden" }, { status: 403 })),
    );
    await expect(jumpcloud.validate!(h.ctx)).resolves.toEqual({});
  });

  it("explains a rejected key in terms of --api-key, without the key", async () => {
    const h = await harness({ config: { apiKey: "jca_not0the0key" } });
    const err = await rejection(jumpcloud.validate!(h.ctx));
    expect(err?.code).toBe(Code.Unauthenticated);
    expect(err?.message).toBe("JumpCloud rejected the API key: Unauthorized: api key user not found");
    expect(err?.hint).toMatch(/^check --api-key\/BATON_API_KEY/);
    expect(`${err?.message} ${err?.hint}`).not.toContain("jca_not0the0key");
  });

  it("asks for --org-id when a multi-tenant administrator's key is used without one", async () => {
    const h = await harness({ tenant: generateTenant({ msp: true }) });
    const err = await rejection(jumpcloud.validate!(h.ctx));
    expect(err?.code).toBe(Code.Unauthenticated);
    expect(err?.message).toBe(
      "JumpCloud needs an organization for this API key: Unauthorized: no organization selected",
    );
    expect(err?.hint).toMatch(/needs --org-id\/BATON_ORG_ID/);
  });

  it("names the organization JumpCloud refused (it is not a secret)", async () => {
    const other = oid(0x5a000000, 9);
    const h = await harness({ tenant: generateTenant({ msp: true }), config: { orgId: other } });
    const err = await rejection(jumpcloud.validate!(h.ctx));
    expect(err?.message).toMatch(new RegExp(`^JumpCloud refused organization ${other} for this API key: `));
    expect(err?.hint).toMatch(/check --org-id\/BATON_ORG_ID/);
  });

  it("explains 403 as missing API access", async () => {
    const h = await harness();
    network.use(
      http.get(api("/v2/directories"), () => HttpResponse.json({ message: "Forbidden" }, { status: 403 })),
    );
    const err = await rejection(jumpcloud.validate!(h.ctx));
    expect(err?.code).toBe(Code.PermissionDenied);
    expect(err?.hint).toMatch(/needs API access/);
  });
});

describe("x-org-id", () => {
  it("goes with every request when configured, and shows in the debug log", async () => {
    const tenant = generateTenant({ msp: true });
    const h = await harness({ tenant, config: { orgId: tenant.orgId } });
    await jumpcloud.validate!(h.ctx);
    await drain((cursor) => group.list({ ...h.ctx, cursor }));
    await group.grants!({ ...h.ctx, resource: toPage(await group.list({ ...h.ctx })).items[0]! });
    expect(traffic.requests.length).toBeGreaterThan(3);
    for (const r of traffic.requests) expect(r.headers.get("x-org-id"), r.url.pathname).toBe(tenant.orgId);
    expect(traffic.statuses().every((s) => s === 200)).toBe(true);
    expect(h.log.text()).toContain(tenant.orgId);
  });
});

describe("paging", () => {
  it("asks for 100 per page and stops at totalCount on v1 lists (no extra empty request)", async () => {
    const h = await harness();
    h.tenant.systemUsers = h.tenant.systemUsers.slice(0, 200);
    h.tenant.admins = h.tenant.admins.slice(0, 3);
    await drain((cursor) => user.list({ ...h.ctx, cursor }));
    const lists = traffic
      .matching("GET", "/api/systemusers")
      .filter((r) => !r.url.searchParams.has("filter"));
    expect(lists.map((r) => [r.url.searchParams.get("skip"), r.url.searchParams.get("limit")])).toEqual([
      ["0", "100"],
      ["100", "100"],
    ]);
    expect(lists.every((r) => r.url.searchParams.get("sort") === "_id")).toBe(true);
    expect(traffic.count("GET", "/api/users")).toBe(1);
  });

  it("stops on a short page on v2 lists (bare arrays, no total)", async () => {
    const h = await harness();
    await drain((cursor) => group.list({ ...h.ctx, cursor }));
    expect(traffic.matching("GET", "/api/v2/usergroups").map((r) => r.url.search)).toEqual([
      "?skip=0&limit=100",
      "?skip=100&limit=100",
    ]);
  });

  it("reads a group of more than 100 members in pages", async () => {
    const h = await harness();
    const everyone = toPage(await group.list({ ...h.ctx })).items[0]!;
    const { items, pages } = await drain((cursor) => group.grants!({ ...h.ctx, resource: everyone, cursor }));
    expect(items).toHaveLength(h.tenant.systemUsers.length);
    expect(pages).toBe(3);
  });

  it("the mock refuses a limit above 100, as JumpCloud does", async () => {
    const tenant = generateTenant();
    await harness({ tenant });
    const res = await fetch("https://console.jumpcloud.com/api/v2/usergroups?limit=101", {
      headers: { "x-api-key": tenant.apiKey },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe(
      "Bad Request: limit must be an integer from 1 to 100",
    );
  });
});

describe("retries", () => {
  it("waits out a 429's Retry-After, then carries on", async () => {
    const h = await harness();
    network.use(rateLimitedOnce("/v2/usergroups", 7));
    const { items } = await drain((cursor) => group.list({ ...h.ctx, cursor }));
    expect(items).toHaveLength(h.tenant.groups.length);
    // Retry-After plus jitter: up to a tenth more (half of it with the harness's fixed randomness).
    expect(h.sleeps).toContain(7_350);
  });

  it("backs off after a 429 without Retry-After", async () => {
    const h = await harness();
    network.use(rateLimitedOnce("/v2/usergroups"));
    const { items } = await drain((cursor) => group.list({ ...h.ctx, cursor }));
    expect(items).toHaveLength(h.tenant.groups.length);
    expect(h.sleeps).toHaveLength(1);
  });

  it.each([500, 502, 503, 504])("retries a %i on a read", async (status) => {
    const h = await harness();
    network.use(serverErrorOnce("/systemusers", status));
    const { items } = await drain((cursor) => user.list({ ...h.ctx, cursor }));
    expect(items.length).toBeGreaterThan(h.tenant.systemUsers.length);
    expect(traffic.statuses()).toContain(status);
  });

  it("sends a membership change once after a 503 (JumpCloud may have made it), saying the vendor may have acted", async () => {
    const h = await harness();
    network.use(serverErrorOnce("/v2/usergroups/:id/members", 503, "POST"));
    const err = await rejection(h.client.editGroupMembership(groupId(2), "add", userId(5)));
    expect(err?.code).toBe(Code.Unavailable);
    expect(err?.notProcessed).toBe(false);
    expect(err?.message).toBe(
      `POST /api/v2/usergroups/${groupId(2)}/members returned 503 Service Unavailable: Internal Server Error`,
    );
    expect(err?.hint).toBe(
      "JumpCloud may have made the change before the failure: run the same grant again (a change already made is reported as already exists)",
    );
    expect(traffic.statuses()).toEqual([503]);
  });

  it("waits out a 429 on a membership change and sends it again (JumpCloud did not act)", async () => {
    const h = await harness();
    network.use(rateLimitedOnce("/v2/usergroups/:id/members", 2));
    expect(await h.client.editGroupMembership(groupId(2), "add", userId(5))).toBe("changed");
    expect(traffic.statuses()).toEqual([429, 204]);
  });

  it("stays under the organization's request budget by waiting for it", async () => {
    const h = await harness({ mock: { rateLimit: 2 } });
    const { items } = await drain((cursor) => group.list({ ...h.ctx, cursor }));
    const everyone = items[0]!;
    await drain((cursor) => group.grants!({ ...h.ctx, resource: everyone, cursor }));
    expect(traffic.statuses().filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(traffic.statuses().filter((s) => s === 200)).toHaveLength(5);
  });
});

describe("errors", () => {
  it("names the endpoint of a malformed answer or an unexpected shape, without the body", async () => {
    const h = await harness();
    // A cut-off body is asked for again once: twice in a row fails.
    network.use(failNext("GET", api("/v2/usergroups"), malformedJson(), { times: 2 }));
    expect((await rejection(group.list({ ...h.ctx })))?.message).toMatch(
      /^GET \/api\/v2\/usergroups returned malformed JSON \(application\/json, \d+ bytes\)$/,
    );
    network.use(http.get(api("/v2/usergroups"), () => HttpResponse.json({ results: [] })));
    expect((await rejection(group.list({ ...h.ctx })))?.message).toMatch(
      /^GET \/api\/v2\/usergroups: unexpected response: /,
    );
  });

  it("reports 401 on a list as Unauthenticated with JumpCloud's message", async () => {
    const h = await harness({ config: { apiKey: "jca_wrong" } });
    const err = await rejection(user.list({ ...h.ctx }));
    expect(err?.code).toBe(Code.Unauthenticated);
    expect(err?.message).toBe(
      "GET /api/systemusers returned 401 Unauthorized: Unauthorized: api key user not found",
    );
  });
});
