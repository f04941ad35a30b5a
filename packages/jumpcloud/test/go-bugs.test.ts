// One test per difference from the Go connector baton-jumpcloud that the README lists, each on a
// full sync of the mock organization.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BatonError, sync } from "@baton/sdk";
import { openC1z } from "@baton/sdk/c1z";
import { failNext, serverError, tooManyRequests } from "@baton/testing";
import type { HttpHandler } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jumpcloud, jumpcloudConfig } from "../src/index.js";
import { jumpcloudHandlers, rateLimited } from "./msw/handlers.js";
import { network, traffic, useNetwork } from "./msw/network.js";
import { api } from "./msw/scenarios.js";
import {
  ADMINS,
  APPS,
  adminId,
  appId,
  GROUPS,
  generateTenant,
  groupId,
  type Tenant,
  userId,
} from "./msw/tenant.js";

useNetwork();

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "jumpcloud-go-bugs-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fast = async () => {};
let n = 0;
async function syncOf(tenant: Tenant, config: Record<string, unknown> = {}, faults: HttpHandler[] = []) {
  // The first matching handler answers: the faults go in front of the organization.
  network.use(...faults, ...jumpcloudHandlers(tenant));
  const file = join(dir, `sync-${n++}.c1z`);
  const summary = await sync(jumpcloud, jumpcloudConfig.parse({ apiKey: tenant.apiKey, ...config }), {
    file,
    sleep: fast,
  });
  const store = await openC1z(file);
  return { summary, store, syncId: summary.syncId };
}

describe("differences from the Go connector", () => {
  it("1. x-org-id is sent when --org-id is set (Go never read the setting)", async () => {
    const tenant = generateTenant({ msp: true });
    const { store } = await syncOf(tenant, { orgId: tenant.orgId });
    store.close();
    expect(traffic.requests.every((r) => r.headers.get("x-org-id") === tenant.orgId)).toBe(true);
    const err = await syncOf(tenant).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BatonError);
    expect((err as BatonError).hint).toMatch(/--org-id\/BATON_ORG_ID/);
  });

  it("2. lists ask for 100 a page and end on totalCount or a short page, with no extra empty request", async () => {
    const { store } = await syncOf(generateTenant());
    store.close();
    const lists = traffic.requests.filter((r) => r.url.searchParams.has("skip"));
    expect(lists.length).toBeGreaterThan(200);
    expect(lists.every((r) => r.url.searchParams.get("limit") === "100")).toBe(true);
    // v1 lists report totalCount: 250 system users take 3 requests, not 4.
    const users = lists.filter((r) => r.url.pathname === "/api/systemusers");
    expect(users.map((r) => r.url.searchParams.get("skip"))).toEqual(["0", "100", "200"]);
  });

  it("3. administrators without an email or matching several system users no longer abort the user list", async () => {
    const { store, syncId } = await syncOf(generateTenant());
    try {
      for (const a of [ADMINS.noEmail, ADMINS.ambiguous])
        expect(store.getResource(syncId, "user", adminId(a)), String(a)).toBeDefined();
      const adminApp = "2UjI0eIRo77RGFwi2GKpAa0Til0";
      const id = `app-grant:${adminApp}:user:${adminId(ADMINS.ambiguous)}:${adminApp}`;
      expect(store.getGrant(syncId, id)).toBeDefined();
    } finally {
      store.close();
    }
  });

  it("4. a user assigned to an app directly and through a group has one grant", async () => {
    const { store, syncId } = await syncOf(generateTenant());
    try {
      const slack = appId(APPS.slack);
      const mine = store.grantsOfPrincipal(syncId, `app:${slack}`, {
        resourceType: "user",
        resource: userId(3),
      });
      expect(mine.map((g) => g.id)).toEqual([`app-grant:${slack}:user:${userId(3)}:${slack}`]);
    } finally {
      store.close();
    }
  });

  it("5. group-based access is a group grant expandable from the group's member entitlement, the users' grants keeping their ids", async () => {
    const { store, syncId } = await syncOf(generateTenant());
    try {
      const slack = appId(APPS.slack);
      const everyone = groupId(GROUPS.everyone);
      const groupGrantId = `app-grant:${slack}:group:${everyone}:${slack}`;
      const stored = [
        ...store.grantsWithExpansion(syncId, { entitlementId: `app:${slack}`, expandable: true }),
      ];
      expect(stored.map(({ grant, expansion }) => [grant.id, expansion?.entitlementIds])).toEqual([
        [groupGrantId, [`group:${everyone}`]],
      ]);
      // User 200 has Slack only through the group: the Go id, with the group as its source.
      const viaGroup = store.getGrant(syncId, `app-grant:${slack}:user:${userId(200)}:${slack}`)!;
      expect(Object.keys(viaGroup.sources!.sources)).toEqual([`group:${everyone}`]);
      expect(store.getGrant(syncId, `app:${slack}:user:${userId(200)}`)).toBeUndefined();
    } finally {
      store.close();
    }
  });

  it("6. 429 and 5xx answers are retried with backoff", async () => {
    const { summary, store } = await syncOf(generateTenant(), {}, [
      failNext("GET", api("/systemusers"), tooManyRequests({ retryAfterSeconds: 1, body: rateLimited }), {
        times: 2,
      }),
      failNext("GET", api("/v2/usergroups/:id/members"), serverError({ status: 500 }), { times: 3 }),
      failNext("GET", api("/v2/applications/:id/users"), serverError({ status: 502 })),
    ]);
    store.close();
    expect(traffic.statuses().filter((s) => s === 429 || (s ?? 0) >= 500)).toHaveLength(6);
    expect(summary.totals.resources).toBeGreaterThan(400);
  });

  it("7. each manager and each administrator's email is looked up once per sync", async () => {
    const tenant = generateTenant();
    const { store } = await syncOf(tenant);
    store.close();
    const managers = new Set(tenant.systemUsers.flatMap((u) => (u.manager ? [u.manager] : [])));
    expect(traffic.count("GET", "/api/systemusers/:id")).toBe(managers.size);
    const lookups = traffic.requests.filter((r) => r.url.searchParams.has("filter"));
    const emails = lookups.map((r) => r.url.searchParams.get("filter"));
    expect(new Set(emails).size).toBe(emails.length);
    expect(emails).toHaveLength(tenant.admins.filter((a) => a.email).length);
  });
});
