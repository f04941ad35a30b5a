import type { Grant } from "@baton/sdk";
import { UserTrait_AccountType, UserTrait_Status_Status, UserTraitSchema } from "@baton/sdk/proto";
import { drain } from "@baton/testing";
import { anyUnpack } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { user, userAsResource } from "../src/resources/user.js";
import { type Harness, harness } from "./harness.js";
import { useNetwork } from "./msw/network.js";
import { GROUPS, membershipsOf, POPULATIONS, ROLES, userId } from "./msw/tenant.js";

useNetwork();

const trait = (r: ReturnType<typeof userAsResource>) => {
  const a = r.annotations.find((x) => x.typeUrl.endsWith("UserTrait"))!;
  return anyUnpack(a, UserTraitSchema)!;
};

async function grantsOf(h: Harness, i: number): Promise<{ grants: Grant[]; pages: number }> {
  const resource = userAsResource(h.tenant.users[i]!);
  const { items, pages } = await drain((cursor) => user.grants!({ ...h.ctx, resource, cursor }));
  return { grants: items, pages };
}
const ids = (grants: Grant[]) => grants.map((g) => g.id).sort();

describe("user", () => {
  it("lists every user across pages: PingOne serves fewer than the 200 asked, the last page has no next link", async () => {
    const h = await harness();
    const { items, pages } = await drain((cursor) => user.list({ ...h.ctx, cursor }));
    expect(pages).toBe(3);
    expect(items.map((r) => r.id?.resource)).toEqual(h.tenant.users.map((u) => u.id));
  });

  it("maps login, email, display name, status, account type and profile", async () => {
    const h = await harness();
    const [u0, , , , , u5, , u7, u8, u9] = h.tenant.users;
    const r0 = userAsResource(u0!);
    expect(r0.displayName).toBe("Ada Okafor");
    expect(trait(r0)).toMatchObject({
      login: "ada.0",
      emails: [{ address: "ada.0@example.com", isPrimary: true }],
      accountType: UserTrait_AccountType.HUMAN,
      status: { status: UserTrait_Status_Status.ENABLED },
      structuredName: { givenName: "Ada", familyName: "Okafor" },
    });
    expect(r0.profile).toEqual({
      username: "ada.0",
      email: "ada.0@example.com",
      given_name: "Ada",
      family_name: "Okafor",
      population_id: POPULATIONS.employees,
      lifecycle_status: "ACCOUNT_OK",
      account_status: "OK",
      identity_provider_type: "PING_ONE",
      created_at: "2022-01-01T00:00:00.000Z",
      last_sign_on_at: "2023-02-05T00:00:00.000Z",
    });
    expect(trait(userAsResource(u5!)).status?.status).toBe(UserTrait_Status_Status.DISABLED);
    // Display name: name.formatted, else given + family, else the username.
    expect(userAsResource(u8!).displayName).toBe("Dr. Ines Brennan");
    expect(userAsResource(u7!).displayName).toBe(u7!.username);
    expect(trait(userAsResource(u9!)).emails).toEqual([]);
    expect(userAsResource({ ...u0!, name: { given: "Solo" } }).displayName).toBe("Solo");
  });

  it("reports a locked account and the identity provider", async () => {
    const h = await harness();
    const locked = userAsResource(h.tenant.users[7]!);
    expect(locked.profile?.account_status).toBe("LOCKED");
    expect(userAsResource(h.tenant.users[4]!).profile?.identity_provider_type).toBe("SAML");
  });

  it("gets one user by id, and nothing for an unknown one", async () => {
    const h = await harness();
    const found = await user.get!({ ...h.ctx, id: userAsResource(h.tenant.users[3]!).id! });
    expect(found?.displayName).toBe("Dara Novak");
    const missing = await user.get!({ ...h.ctx, id: { ...found!.id!, resource: userId(9999) } });
    expect(missing).toBeUndefined();
  });
});

describe("a user's grants", () => {
  it("are its population, its direct groups and its roles at this environment's scope", async () => {
    const h = await harness();
    const i = 10; // an employee with Identity Data Admin at environment scope
    const { grants } = await grantsOf(h, i);
    const uid = userId(i);
    const direct = h.tenant.memberships.filter((m) => m.userId === uid).map((m) => m.groupId);
    expect(ids(grants)).toEqual(
      [
        `population:${POPULATIONS.employees}:member:user:${uid}`,
        `role:${ROLES.identityDataAdmin}:assigned:user:${uid}`,
        ...direct.map((g) => `group:${g}:member:user:${uid}`),
      ].sort(),
    );
    expect(grants.every((g) => g.principal?.id?.resource === uid)).toBe(true);
  });

  it("leave out indirect memberships: through a nested group or a dynamic group's user filter", async () => {
    const h = await harness();
    const lead = 9; // i % 8 == 1: in Engineering Leads (nested in Engineering), not in Engineering itself
    const memberships = membershipsOf(h.tenant, userId(lead));
    expect(memberships.find((m) => m.group.id === GROUPS.engineering)?.type).toBe("INDIRECT");
    const contractor = 3; // a contractor: an indirect member of the dynamic group
    expect(
      membershipsOf(h.tenant, userId(contractor)).find((m) => m.group.id === GROUPS.contractorsDynamic)?.type,
    ).toBe("INDIRECT");
    const leadGrants = ids((await grantsOf(h, lead)).grants);
    expect(leadGrants).toContain(`group:${GROUPS.engineeringLeads}:member:user:${userId(lead)}`);
    expect(leadGrants).not.toContain(`group:${GROUPS.engineering}:member:user:${userId(lead)}`);
    const contractorGrants = ids((await grantsOf(h, contractor)).grants);
    expect(contractorGrants).not.toContain(
      `group:${GROUPS.contractorsDynamic}:member:user:${userId(contractor)}`,
    );
  });

  it("leave out role assignments at organization, population, application or another environment's scope", async () => {
    const h = await harness();
    // 2: Organization Admin at organization scope; 3: Help Desk Admin at population scope;
    // 4: Application Owner at application scope; 5: Identity Data Read Only in another environment.
    for (const i of [2, 3, 4, 5]) {
      const assigned = h.tenant.roleAssignments.filter((a) => a.userId === userId(i));
      expect(assigned.length, `user ${i}`).toBeGreaterThan(0);
      expect(
        (await grantsOf(h, i)).grants.filter((g) => g.id.startsWith("role:")),
        `user ${i}`,
      ).toEqual([]);
    }
    // 1: Environment Admin at this environment's scope.
    expect(ids((await grantsOf(h, 1)).grants).filter((g) => g.startsWith("role:"))).toEqual([
      `role:${ROLES.environmentAdmin}:assigned:user:${userId(1)}`,
    ]);
  });

  it("page through a user's many memberships; the roles and the population come with the first page", async () => {
    const h = await harness();
    const { grants, pages } = await grantsOf(h, 0); // user 0 is in 58 groups, 25 a page
    expect(pages).toBe(3);
    expect(grants.filter((g) => g.id.startsWith("group:"))).toHaveLength(58);
    expect(grants.filter((g) => g.id.startsWith("population:"))).toHaveLength(1);
    expect(new Set(grants.map((g) => g.id)).size).toBe(grants.length);
  });

  it("skip a custom role's assignment, with one warning per run", async () => {
    const h = await harness();
    h.tenant.roleAssignments.push({
      id: "66666666-0000-4000-8000-00000000beef",
      userId: userId(12),
      role: { id: ROLES.custom },
      scope: { id: h.tenant.environmentId, type: "ENVIRONMENT" },
    });
    const six = (await grantsOf(h, 6)).grants;
    const twelve = (await grantsOf(h, 12)).grants;
    expect([...six, ...twelve].some((g) => g.id.includes(ROLES.custom))).toBe(false);
    expect(h.log.warnings().filter((l) => /custom admin roles/.test(l.msg))).toHaveLength(1);
  });

  it("skip a scope or membership type PingOne adds later, with a warning, instead of failing", async () => {
    const h = await harness();
    h.tenant.roleAssignments.push({
      id: "66666666-0000-4000-8000-00000000cafe",
      userId: userId(11),
      role: { id: ROLES.identityDataAdmin },
      scope: { id: GROUPS.engineering, type: "GROUP" },
    });
    const { grants } = await grantsOf(h, 11);
    expect(grants.some((g) => g.id.startsWith("role:"))).toBe(false);
    expect(h.log.warnings().map((l) => l.msg)).toContain(
      'unknown PingOne role assignment scope type "GROUP": the assignment is left out',
    );
  });

  it("leave out roles, with a warning, for a worker app that may not read role assignments", async () => {
    const h = await harness({ mock: { workerRoles: ["Identity Data Read Only"] } });
    const { grants } = await grantsOf(h, 10);
    expect(grants.map((g) => g.id.split(":")[0]).sort()).toEqual(["group", "group", "population"]);
    expect(h.log.warnings().map((l) => l.msg)).toEqual([
      "role grants skipped: the worker application may not read roles or role assignments",
    ]);
  });

  it("ask for roles once in a run without Environment Admin: the first 403 stands for every later user", async () => {
    const h = await harness({ mock: { workerRoles: ["Identity Data Read Only"] } });
    const { traffic } = await import("./msw/network.js");
    for (const i of [10, 11, 12]) await grantsOf(h, i);
    await Promise.all([13, 14, 15, 16].map((i) => grantsOf(h, i)));
    expect(traffic.count("GET", "/v1/roles")).toBe(1);
    expect(traffic.count("GET", "/v1/environments/:env/users/:id/roleAssignments")).toBe(0);
    expect(traffic.statuses().filter((s) => s === 403)).toHaveLength(1);
    expect(h.log.warnings()).toHaveLength(1);
  });

  it("are read with one role-assignment request and one membership request per user, whatever the roles and groups", async () => {
    const h = await harness();
    const { traffic } = await import("./msw/network.js");
    await grantsOf(h, 10);
    expect(traffic.count("GET", "/v1/environments/:env/users/:id/roleAssignments")).toBe(1);
    expect(traffic.count("GET", "/v1/environments/:env/users/:id/memberOfGroups")).toBe(1);
    expect(traffic.count("GET", "/v1/roles")).toBe(1);
    await grantsOf(h, 20);
    expect(traffic.count("GET", "/v1/roles")).toBe(1); // read once per run
  });
});
