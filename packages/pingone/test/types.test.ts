import { type Entitlement, ref } from "@baton/sdk";
import { GroupTraitSchema, RoleTraitSchema } from "@baton/sdk/proto";
import { drain } from "@baton/testing";
import { describe, expect, it } from "vitest";
import { group } from "../src/resources/group.js";
import { population } from "../src/resources/population.js";
import { role } from "../src/resources/role.js";
import { harness } from "./harness.js";
import { useNetwork } from "./msw/network.js";
import { GROUPS, POPULATIONS, ROLES } from "./msw/tenant.js";

useNetwork();

const hasTrait = (r: { annotations: { typeUrl: string }[] }, name: string) =>
  r.annotations.some((a) => a.typeUrl.endsWith(name));

describe("group", () => {
  it("lists every group across pages, with a member entitlement grantable to users", async () => {
    const h = await harness();
    const { items, pages } = await drain((cursor) => group.list({ ...h.ctx, cursor }));
    expect(pages).toBe(3);
    expect(items).toHaveLength(h.tenant.groups.length);
    const portal = items.find((r) => r.id?.resource === GROUPS.partnerPortal)!;
    expect(hasTrait(portal, GroupTraitSchema.typeName.split(".").at(-1)!)).toBe(true);
    expect(portal.profile).toMatchObject({
      group_name: "Partner Portal",
      population_id: POPULATIONS.partners,
    });
    const [member] = (await group.entitlements!({ ...h.ctx, resource: portal })) as Entitlement[];
    expect(member).toMatchObject({
      id: `group:${GROUPS.partnerPortal}:member`,
      displayName: "Partner Portal Group Member",
      slug: "member",
    });
    expect(member!.grantableTo.map((t) => t.id)).toEqual(["user"]);
  });

  it("gets one group by id", async () => {
    const h = await harness();
    const r = await group.get!({ ...h.ctx, id: ref("group", GROUPS.engineering) });
    expect(r?.displayName).toBe("Engineering");
  });
});

describe("population", () => {
  it("lists the three populations across pages; member is held by their users, sync only", async () => {
    const h = await harness();
    const { items, pages } = await drain((cursor) => population.list({ ...h.ctx, cursor }));
    expect(pages).toBe(2);
    expect(items.map((r) => [r.displayName, r.profile?.default])).toEqual([
      ["Employees", true],
      ["Contractors", false],
      ["Partners", false],
    ]);
    const [member] = (await population.entitlements!({ ...h.ctx, resource: items[0]! })) as Entitlement[];
    expect(member?.id).toBe(`population:${POPULATIONS.employees}:member`);
    expect(population.grant).toBeUndefined();
    expect(population.revoke).toBeUndefined();
  });
});

describe("role", () => {
  it("lists PingOne's built-in roles in one response", async () => {
    const h = await harness();
    const { items, pages } = await drain((cursor) => role.list({ ...h.ctx, cursor }));
    expect(pages).toBe(1);
    expect(items.map((r) => r.displayName)).toEqual(h.tenant.roles.map((r) => r.name));
    expect(items.every((r) => hasTrait(r, RoleTraitSchema.typeName.split(".").at(-1)!))).toBe(true);
  });

  it("makes assigned grantable only for roles PingOne allows at environment scope, without a request per role", async () => {
    const h = await harness();
    const { items } = await drain((cursor) => role.list({ ...h.ctx, cursor }));
    const { traffic } = await import("./msw/network.js");
    const entitlements = new Map<string, Entitlement>();
    for (const r of items) {
      const [e] = (await role.entitlements!({ ...h.ctx, resource: r })) as Entitlement[];
      entitlements.set(r.id!.resource, e!);
    }
    expect(traffic.count("GET", "/v1/roles")).toBe(1);
    expect(traffic.count("GET", "/v1/roles/:id")).toBe(0);
    const ida = entitlements.get(ROLES.identityDataAdmin)!;
    expect(ida).toMatchObject({
      id: `role:${ROLES.identityDataAdmin}:assigned`,
      displayName: "Identity Data Admin Role",
    });
    expect(ida.grantableTo.map((t) => t.id)).toEqual(["user"]);
    const orgAdmin = entitlements.get(ROLES.organizationAdmin)!;
    expect(orgAdmin.grantableTo).toEqual([]);
    expect(orgAdmin.description).toMatch(/organization scope only, so it cannot be granted here/);
  });
});
