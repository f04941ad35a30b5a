import { drain } from "@baton/testing";
import { describe, expect, it } from "vitest";
import { role } from "../src/resources/role.js";
import { type Harness, harness } from "./harness.js";
import { useNetwork } from "./msw/network.js";
import { ROLE_IDS } from "./msw/tenant.js";

useNetwork();

const roleResource = async (h: Harness, id: number) => {
  const { items } = await drain((cursor) => role.list({ ...h.ctx, cursor }));
  return items.find((r) => r.id?.resource === String(id))!;
};

describe("role", () => {
  it("lists every custom role, with one entitlement each (slug assigned)", async () => {
    const h = await harness();
    const { items } = await drain((cursor) => role.list({ ...h.ctx, cursor }));
    expect(items.map((r) => r.displayName)).toEqual(h.tenant.customRoles.map((r) => r.name));
    const staff = items.find((r) => r.displayName === "Staff")!;
    const entitlements = await role.entitlements!({ ...h.ctx, resource: staff });
    expect(Array.isArray(entitlements) && entitlements.map((e) => [e.id, e.slug, e.displayName])).toEqual([
      [`role:${ROLE_IDS.staff}:assigned`, "assigned", "Staff Role"],
    ]);
  });

  it("Go bug: grants go to the team members whose custom_role_id is the role, across pages", async () => {
    const h = await harness();
    const staff = await roleResource(h, ROLE_IDS.staff);
    const { items, pages } = await drain((cursor) => role.grants!({ ...h.ctx, resource: staff, cursor }));
    const holders = h.tenant.users.filter((u) => u.custom_role_id === ROLE_IDS.staff);
    expect(holders.length).toBeGreaterThan(100);
    expect(pages).toBe(2);
    expect(items.map((g) => g.id).sort()).toEqual(
      holders.map((u) => `role:${ROLE_IDS.staff}:assigned:team_member:${u.id}`).sort(),
    );
  });

  it("a role nobody holds has no grants", async () => {
    const h = await harness();
    const auditor = await roleResource(h, ROLE_IDS.auditor);
    expect((await drain((cursor) => role.grants!({ ...h.ctx, resource: auditor, cursor }))).items).toEqual(
      [],
    );
  });
});
