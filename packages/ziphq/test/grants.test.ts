// Role, group and department grants come from the users' records: one paged pass over /users.
import { drain } from "@baton/testing";
import { describe, expect, it } from "vitest";
import { user } from "../src/resources/user.js";
import { harness } from "./harness.js";
import { traffic, useNetwork } from "./msw/network.js";
import {
  DEPARTMENTS,
  departmentId,
  LATE_JOINERS_FROM,
  ROLES,
  roleId,
  USER_GROUPS,
  userGroupId,
  userId,
} from "./msw/tenant.js";

useNetwork();

/** The grant ids the tenant's users should have, from the mock's own records. */
function expectedGrants(h: Awaited<ReturnType<typeof harness>>) {
  return h.tenant.users.flatMap((u) => [
    ...u.role_ids.map((r) => `role:${r}:assigned:user:${u.id}`),
    ...u.user_group_ids.map((g) => `group:${g}:member:user:${u.id}`),
    ...(u.department_id ? [`department:${u.department_id}:member:user:${u.id}`] : []),
  ]);
}

describe("typeGrants on users", () => {
  it("returns every role, group and department grant from one paged pass over /users", async () => {
    const h = await harness();
    const { items, pages } = await drain((cursor) => user.typeGrants!({ ...h.ctx, cursor }));
    expect(pages).toBe(4);
    expect(traffic.endpoints()).toEqual({ "GET /users": 4 });
    expect(items.map((g) => g.id).sort()).toEqual(expectedGrants(h).sort());
  });

  it("gives a group whose members all come on later pages its grants", async () => {
    const h = await harness();
    const { items } = await drain((cursor) => user.typeGrants!({ ...h.ctx, cursor }));
    const late = items.filter(
      (g) => g.entitlement?.id === `group:${userGroupId(USER_GROUPS.lateJoiners)}:member`,
    );
    const members = h.tenant.users.filter((u) =>
      u.user_group_ids.includes(userGroupId(USER_GROUPS.lateJoiners)),
    );
    expect(members.every((u) => h.tenant.users.indexOf(u) >= LATE_JOINERS_FROM)).toBe(true);
    expect(late.map((g) => g.principal?.id?.resource).sort()).toEqual(members.map((u) => u.id).sort());
    expect(late.length).toBeGreaterThan(80);
  });

  it("names users with several roles, none, or no department as the records say", async () => {
    const h = await harness();
    const { items } = await drain((cursor) => user.typeGrants!({ ...h.ctx, cursor }));
    const of = (i: number) => items.filter((g) => g.principal?.id?.resource === userId(i)).map((g) => g.id);
    // User 3: four roles, two groups, a department.
    expect(of(3).filter((id) => id.startsWith("role:"))).toHaveLength(4);
    // User 6: no role; user 7: no user group; user 4: no department.
    expect(of(6).some((id) => id.startsWith("role:"))).toBe(false);
    expect(of(7).some((id) => id.startsWith("group:"))).toBe(false);
    expect(of(4).some((id) => id.startsWith("department:"))).toBe(false);
    expect(of(4)).toContain(`role:${roleId(ROLES.admin)}:assigned:user:${userId(4)}`);
    // Nobody holds Auditor, is in Empty or in Dormant.
    const entitlements = new Set(items.map((g) => g.entitlement?.id));
    expect(entitlements.has(`role:${roleId(ROLES.auditor)}:assigned`)).toBe(false);
    expect(entitlements.has(`group:${userGroupId(USER_GROUPS.empty)}:member`)).toBe(false);
    expect(entitlements.has(`department:${departmentId(DEPARTMENTS.dormant)}:member`)).toBe(false);
  });

  it("includes the grants of deactivated users", async () => {
    const h = await harness();
    const { items } = await drain((cursor) => user.typeGrants!({ ...h.ctx, cursor }));
    expect(h.tenant.users[24]!.is_active).toBe(false);
    expect(items.some((g) => g.principal?.id?.resource === userId(24))).toBe(true);
  });

  it("states each grant once when a record lists a role twice", async () => {
    const h = await harness();
    const u = h.tenant.users[1]!;
    u.role_ids = [u.role_ids[0]!, u.role_ids[0]!];
    const { items } = await drain((cursor) => user.typeGrants!({ ...h.ctx, cursor }));
    const ids = items.filter((g) => g.principal?.id?.resource === u.id).map((g) => g.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
