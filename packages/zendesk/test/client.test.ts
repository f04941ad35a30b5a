import { Code } from "@baton/sdk";
import { drain, rejection } from "@baton/testing";
import { describe, expect, it } from "vitest";
import { zendesk } from "../src/index.js";
import { group } from "../src/resources/group.js";
import { teamMember } from "../src/resources/team-member.js";
import { harness } from "./harness.js";
import { network, traffic, useNetwork } from "./msw/network.js";
import {
  forbidden,
  malformed,
  rateLimitedOnce,
  schemaMismatch,
  serverErrorOnce,
  unauthorized,
} from "./msw/scenarios.js";
import { generateTenant } from "./msw/tenant.js";

useNetwork();

describe("validate", () => {
  it("succeeds with the admin's email and API token (Basic auth, checked by the mock), naming the account", async () => {
    const h = await harness();
    await expect(zendesk.validate!(h.ctx)).resolves.toEqual({ accountId: "acme" });
  });

  it("names the account from the user's own URL, also through --base-url", async () => {
    const tenant = generateTenant("globex");
    const h = await harness({ tenant, config: { subdomain: "globex", baseUrl: "http://127.0.0.1:9999" } });
    for (const u of tenant.users) u.url = u.url?.replace("globex.zendesk.com", "globex-eu.zendesk.com");
    await expect(zendesk.validate!(h.ctx)).resolves.toEqual({ accountId: "globex-eu" });
  });

  it("turns 401 into a message that names the credentials to check, without the token", async () => {
    const h = await harness({ config: { apiToken: "wrong-token" } });
    const err = await rejection(zendesk.validate!(h.ctx));
    expect(err?.code).toBe(Code.Unauthenticated);
    expect(err?.message).toBe("Zendesk rejected the API token of admin@acme.test");
    expect(err?.hint).toMatch(/--email\/BATON_EMAIL and --api-token\/BATON_API_TOKEN/);
    expect(`${err?.message} ${err?.hint}`).not.toContain("wrong-token");
  });

  it("turns 403 into a message that asks for an admin's credentials", async () => {
    const h = await harness();
    network.use(forbidden());
    const err = await rejection(zendesk.validate!(h.ctx));
    expect(err?.code).toBe(Code.PermissionDenied);
    expect(err?.hint).toMatch(/must be a Zendesk admin's/);
  });

  it("refuses an end-user's token", async () => {
    const h = await harness();
    h.tenant.users[0]!.role = "end-user";
    expect((await rejection(zendesk.validate!(h.ctx)))?.message).toMatch(
      /is a Zendesk end-user, not an admin/,
    );
  });
});

describe("HTTP behaviour", () => {
  it("asks for cursor pages of 100 on every list", async () => {
    const h = await harness();
    await drain((cursor) => teamMember.list({ ...h.ctx, cursor }));
    const urls = traffic.requests.map((r) => r.url);
    expect(urls.map((u) => u.searchParams.get("page[size]"))).toEqual(["100", "100", "100"]);
    expect(urls.slice(1).every((u) => u.searchParams.get("page[after]"))).toBe(true);
  });

  it("stays under Zendesk's per-minute limit from the rate-limit headers instead of hitting 429", async () => {
    const h = await harness({ mock: { rateLimit: 20 } });
    const groups = (await drain((cursor) => group.list({ ...h.ctx, cursor }))).items;
    for (const resource of groups.slice(0, 45))
      await drain((cursor) => group.grants!({ ...h.ctx, resource, cursor }));
    expect(traffic.statuses().length).toBeGreaterThan(45);
    expect(traffic.statuses().filter((s) => s !== 200)).toEqual([]);
    // 49 requests at 20 a minute: the client waited for two window resets.
    expect(h.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2 * 55_000);
  });

  it("waits as long as a 429's Retry-After says, then carries on", async () => {
    const h = await harness();
    network.use(rateLimitedOnce("/groups", 7));
    const { items } = await drain((cursor) => group.list({ ...h.ctx, cursor }));
    expect(items).toHaveLength(h.tenant.groups.length);
    // Retry-After plus jitter: up to a tenth more (half of it with the harness's fixed randomness).
    expect(h.sleeps).toContain(7_350);
  });

  it("retries a 503 on a read", async () => {
    const h = await harness();
    network.use(serverErrorOnce("/groups"));
    const { items } = await drain((cursor) => group.list({ ...h.ctx, cursor }));
    expect(items).toHaveLength(h.tenant.groups.length);
    expect(h.sleeps).toHaveLength(1);
  });

  it("reports 401 on a list as Unauthenticated", async () => {
    const h = await harness();
    network.use(unauthorized());
    expect((await rejection(teamMember.list({ ...h.ctx })))?.code).toBe(Code.Unauthenticated);
  });

  it("reports a non-JSON answer and an unexpected shape by endpoint, without dumping the body", async () => {
    const h = await harness();
    network.use(malformed("/users"));
    const bad = await rejection(teamMember.list({ ...h.ctx }));
    expect(bad?.message).toBe("GET /api/v2/users returned malformed JSON (text/html, 33 bytes)");
    network.resetHandlers(schemaMismatch("/users"));
    const mismatch = await rejection(teamMember.list({ ...h.ctx }));
    expect(mismatch?.message).toMatch(/^GET \/api\/v2\/users: unexpected response: users\[0\]\.role: /);
  });
});
