// A full sync of the mock environment: what the file holds, and how many requests it took.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type SyncSummary, sync } from "@baton/sdk";
import { openC1z, validateSync } from "@baton/sdk/c1z";
import { fakeClock, recordingLogger, tokenStore } from "@baton/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pingone } from "../src/index.js";
import { settings } from "./harness.js";
import { type MockOptions, pingoneHandlers, SERVES_AT_MOST } from "./msw/handlers.js";
import { network, traffic, useNetwork } from "./msw/network.js";
import { generateTenant, membershipsOf, SIZES, type Tenant, uuid } from "./msw/tenant.js";

useNetwork();

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pingone-sync-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function syncTenant(
  tenant: Tenant,
  name: string,
  mock: MockOptions = {},
  resourceTypes?: string[],
): Promise<SyncSummary> {
  const clock = fakeClock();
  network.use(
    ...pingoneHandlers(tenant, { now: clock.now, tokens: tokenStore({ now: clock.now }), ...mock }),
  );
  return sync(pingone, settings(tenant), {
    file: join(dir, name),
    sleep: clock.sleep,
    now: clock.now,
    logger: recordingLogger(),
    ...(resourceTypes && { resourceTypes }),
  });
}

/** The grant ids the sync must write, from the tenant's own records. */
function expectedGrants(t: Tenant): string[] {
  const builtIn = new Set(t.roles.map((r) => r.id));
  return [
    ...t.users.map((u) => `population:${u.population!.id}:member:user:${u.id}`),
    ...t.memberships.map((m) => `group:${m.groupId}:member:user:${m.userId}`),
    ...t.roleAssignments
      .filter(
        (a) => a.scope.type === "ENVIRONMENT" && a.scope.id === t.environmentId && builtIn.has(a.role.id),
      )
      .map((a) => `role:${a.role.id}:assigned:user:${a.userId}`),
  ].sort();
}

const pages = (n: number, perPage: number) => Math.max(1, Math.ceil(n / perPage));

/**
 * The README's request count for a sync of N users, G groups and P populations: one token, one
 * environment read, the pages of users, groups and populations, the built-in roles once, and per user
 * its role assignments and the pages of its group memberships. Nothing grows with groups × users or
 * roles × users. `perPage` is what PingOne serves per page (at most the 200 the connector asks for).
 */
export function syncRequests(t: Tenant, perPage: typeof SERVES_AT_MOST): number {
  const membershipPages = t.users.reduce(
    (n, u) => n + pages(membershipsOf(t, u.id).length, perPage.groupMemberships),
    0,
  );
  return (
    1 + // POST /{envId}/as/token
    1 + // GET /environments/{envId}
    pages(t.users.length, perPage.users) +
    pages(t.groups.length, perPage.groups) +
    pages(t.populations.length, perPage.populations) +
    1 + // GET /roles
    t.users.length + // GET /users/{id}/roleAssignments
    membershipPages // GET /users/{id}/memberOfGroups
  );
}

describe("a full sync", { timeout: 60_000 }, () => {
  it("writes the four types and every grant: populations, direct group memberships, environment roles", async () => {
    const tenant = generateTenant();
    const summary = await syncTenant(tenant, "full.c1z");
    const store = await openC1z(summary.file);
    try {
      const { id } = store.selectSync();
      expect(validateSync(store, id)).toEqual([]);
      const counts = store.counts(id);
      expect(counts.resourcesByType).toEqual({
        user: SIZES.users,
        group: SIZES.groups,
        population: tenant.populations.length,
        role: tenant.roles.length,
      });
      const grants = [...store.grants(id)].map((g) => g.id).sort();
      expect(grants).toEqual(expectedGrants(tenant));
      expect(counts.grantsByType).toMatchObject({ population: SIZES.users });
      // Every kind of grant is there, and none of the assignments at other scopes.
      expect(counts.grantsByType.role).toBeGreaterThan(30);
      // Grants read from a user name their group, population or role with its full resource.
      const member = tenant.memberships.find((m) => m.groupId === tenant.groups[1]!.id)!;
      const stored = store.getGrant(id, `group:${member.groupId}:member:user:${member.userId}`);
      expect(stored?.entitlement?.resource?.displayName).toBe("Engineering");
      expect(stored?.principal?.displayName).toBeTruthy();
    } finally {
      store.close();
    }
    // No grant was left out for a missing entitlement or principal.
    expect(summary.warnings).toEqual([]);
  });

  it("makes as many requests as the README's formula says: 2 per user plus the pages of each list", async () => {
    const tenant = generateTenant();
    await syncTenant(tenant, "count.c1z");
    const expected = syncRequests(tenant, SERVES_AT_MOST);
    expect(traffic.requests).toHaveLength(expected);
    expect(expected).toBe(613); // the README's worked example: 300 users, 60 groups, 3 populations
    expect(traffic.endpoints()[`POST /${tenant.environmentId}/as/token`]).toBe(1);
    expect(traffic.count("GET", "/v1/roles")).toBe(1);
    expect(traffic.count("GET", "/v1/environments/:env/users/:id/roleAssignments")).toBe(SIZES.users);
    expect(traffic.statuses().every((s) => s === 200)).toBe(true);
  });

  it("makes no more requests per user for more groups or more roles", async () => {
    const base = generateTenant();
    await syncTenant(base, "base.c1z");
    const before = traffic.requests.length;
    traffic.clear();

    const bigger = generateTenant();
    for (let g = 0; g < 40; g++) bigger.groups.push({ id: uuid(7, g), name: `Extra ${g}` });
    for (let r = 0; r < 10; r++)
      bigger.roles.push({ id: uuid(8, r), name: `Extra role ${r}`, applicableTo: ["ENVIRONMENT"] });
    await syncTenant(bigger, "bigger.c1z");
    // 100 groups instead of 60: one more page of groups (25 a page); the roles come in one response.
    expect(traffic.requests.length - before).toBe(1);
    expect(traffic.requests.length).toBe(syncRequests(bigger, SERVES_AT_MOST));
  });

  it("works with a read-only worker app when the roles are left out of the sync", async () => {
    const tenant = generateTenant();
    const mock: MockOptions = { workerRoles: ["Identity Data Read Only"] };
    const refused = await syncTenant(tenant, "read-only.c1z", mock).catch((e) => e);
    expect(refused.code).toBe(7);
    expect(refused.hint).toMatch(/Environment Admin role/);
    const summary = await syncTenant(tenant, "read-only.c1z", mock, ["user", "group", "population"]);
    expect(summary.byType.group?.grants).toBe(tenant.memberships.length);
    expect(summary.byType.population?.grants).toBe(SIZES.users);
    expect(summary.byType.role).toBeUndefined();
  });

  it("asks a read-only worker app for roles once, not once per user", async () => {
    const tenant = generateTenant();
    const mock: MockOptions = { workerRoles: ["Identity Data Read Only"] };
    await syncTenant(tenant, "read-only-count.c1z", mock, ["user", "group", "population"]);
    // The full sync's requests without the users' role assignments: GET /roles is refused once.
    expect(traffic.requests).toHaveLength(syncRequests(tenant, SERVES_AT_MOST) - SIZES.users);
    expect(traffic.requests).toHaveLength(313);
    expect(traffic.count("GET", "/v1/roles")).toBe(1);
    expect(traffic.count("GET", "/v1/environments/:env/users/:id/roleAssignments")).toBe(0);
    expect(traffic.statuses().filter((s) => s === 403)).toHaveLength(1);
  });

  it("leaves an existing file as it was when the credentials are wrong", async () => {
    const tenant = generateTenant();
    const ok = await syncTenant(tenant, "kept.c1z");
    const before = readFileSync(ok.file);
    const wrong = { ...tenant, clientSecret: "rotated" };
    network.use(...pingoneHandlers(wrong, {}));
    const err = await sync(pingone, settings(tenant), { file: ok.file, logger: recordingLogger() }).catch(
      (e) => e,
    );
    expect(err.code).toBe(16);
    expect(err.hint).toMatch(/--pingone-client-secret/);
    expect(readFileSync(ok.file).equals(before)).toBe(true);
  });
});
