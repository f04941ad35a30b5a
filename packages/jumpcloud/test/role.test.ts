import { type Entitlement, type Grant, toPage } from "@baton/sdk";
import { drain } from "@baton/testing";
import { describe, expect, it } from "vitest";
import { role } from "../src/resources/role.js";
import { harness } from "./harness.js";
import { traffic, useNetwork } from "./msw/network.js";
import { ADMINS, adminId, userId } from "./msw/tenant.js";

useNetwork();

describe("roles", () => {
  it("are JumpCloud's seven administrator roles, under the Go connector's ids", async () => {
    const h = await harness();
    const roles = toPage(await role.list({ ...h.ctx })).items;
    expect(roles.map((r) => [r.id!.resource, r.displayName])).toEqual([
      ["role_administrator_with_billing", "Administrator with Billing"],
      ["role_administrator", "Administrator"],
      ["role_manager", "Manager"],
      ["role_command_runner_with_billing", "Command Runner with Billing"],
      ["role_command_runner", "Command Runner"],
      ["role_help_desk", "Help Desk"],
      ["role_read_only", "Read Only"],
    ]);
    expect(traffic.requests).toEqual([]);
  });

  it("have one permission entitlement, member, with id role:{id}", async () => {
    const h = await harness();
    const [resource] = toPage(await role.list({ ...h.ctx })).items;
    const [member] = (await role.entitlements!({ ...h.ctx, resource: resource! })) as Entitlement[];
    expect(member).toMatchObject({
      id: "role:role_administrator_with_billing",
      slug: "member",
      displayName: "Administrator with Billing Role Member",
      description: "Member of Administrator with Billing role",
      purpose: 2, // permission
    });
  });

  it("are granted from one pass over the administrators, to the system user standing for each", async () => {
    const h = await harness();
    const { items } = await drain((cursor) => role.typeGrants!({ ...h.ctx, cursor }));
    expect(traffic.count("GET", "/api/users")).toBe(2);
    const byPrincipal = new Map<string, Grant>(items.map((g) => [g.principal!.id!.resource, g]));
    // Administrator 0 is system user 0; roles go round the seven names.
    expect(byPrincipal.get(userId(0))!.id).toBe(
      `role-grant:role_administrator_with_billing:user:${userId(0)}:role_administrator_with_billing`,
    );
    expect(byPrincipal.get(userId(2))!.entitlement!.id).toBe("role:role_administrator");
    expect(byPrincipal.get(adminId(ADMINS.adminOnly))!.entitlement!.id).toBe("role:role_manager"); // 100 % 7 == 2
    expect(byPrincipal.has(adminId(ADMINS.unknownRole))).toBe(false);
    expect(items).toHaveLength(h.tenant.admins.length - 1);
    expect(h.log.warnings().map((l) => l.msg)).toEqual([
      'unknown JumpCloud administrator role "Custom Auditor": its administrators get no role grant',
    ]);
  });
});
