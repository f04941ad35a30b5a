// Roles, user groups and departments: paged lists, one entitlement each, empty ones included.
import type { Entitlement } from "@baton/sdk";
import { drain } from "@baton/testing";
import { describe, expect, it } from "vitest";
import { department } from "../src/resources/department.js";
import { group } from "../src/resources/group.js";
import { role } from "../src/resources/role.js";
import { harness } from "./harness.js";
import { traffic, useNetwork } from "./msw/network.js";
import { DEPARTMENTS, departmentId, ROLES, roleId, USER_GROUPS, userGroupId } from "./msw/tenant.js";

useNetwork();

const cases = [
  {
    type: role,
    path: "/roles",
    records: "roles",
    slug: "assigned",
    title: "Role",
    empty: roleId(ROLES.auditor),
  },
  {
    type: group,
    path: "/user_groups",
    records: "userGroups",
    slug: "member",
    title: "Group Member",
    empty: userGroupId(USER_GROUPS.empty),
  },
  {
    type: department,
    path: "/departments",
    records: "departments",
    slug: "member",
    title: "Department Member",
    empty: departmentId(DEPARTMENTS.dormant),
  },
] as const;

describe.each(cases)("$type.id", ({ type, path, records, slug, title, empty }) => {
  it(`lists every record of ${path} over two pages, the ones nobody holds included`, async () => {
    const h = await harness();
    const { items, pages } = await drain((cursor) => type.list({ ...h.ctx, cursor }));
    expect(pages).toBe(2);
    expect(traffic.count("GET", path)).toBe(2);
    expect(items.map((r) => r.id?.resource)).toEqual(h.tenant[records].map((r) => r.id));
    expect(items.map((r) => r.id?.resource)).toContain(empty);
    expect(new Set(items.map((r) => r.id?.resourceType))).toEqual(new Set([type.id]));
  });

  it(`has one entitlement, ${slug}, grantable to users, and costs no request`, async () => {
    const h = await harness();
    const { items } = await drain((cursor) => type.list({ ...h.ctx, cursor }));
    const resource = items[3]!;
    traffic.clear();
    const entitlements = (await type.entitlements!({ ...h.ctx, resource })) as Entitlement[];
    expect(traffic.requests).toEqual([]);
    expect(entitlements[0]!.description).toContain(resource.displayName);
    expect(entitlements.map((e) => [e.id, e.slug, e.displayName, e.grantableTo.map((t) => t.id)])).toEqual([
      [`${type.id}:${resource.id?.resource}:${slug}`, slug, `${resource.displayName} ${title}`, ["user"]],
    ]);
  });
});

describe("records", () => {
  it("carry the name, the description when Zip gives one, and the id and name in the profile", async () => {
    const h = await harness();
    const { items } = await drain((cursor) => role.list({ ...h.ctx, cursor }));
    const admin = items.find((r) => r.id?.resource === roleId(ROLES.admin))!;
    expect(admin.displayName).toBe("Admin");
    expect(admin.description).toBe("Admin in Acme's Zip");
    expect(admin.profile).toEqual({ role_id: roleId(ROLES.admin), role_name: "Admin" });
    expect(items.find((r) => r.id?.resource === roleId(ROLES.requester))!.description).toBe("");
  });

  it("only roles and groups are provisioned; departments are sync only", () => {
    expect(role.grant && role.revoke && group.grant && group.revoke).toBeTruthy();
    expect(department.grant ?? department.revoke).toBeUndefined();
    expect(department.syncOnly?.reason).toBe("departments are managed by Zip's HR sync");
  });
});
