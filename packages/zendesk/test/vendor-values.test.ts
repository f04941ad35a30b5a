// Zendesk data this connector does not know is a warning naming the value, never a failed sync.
import { drain } from "@baton/testing";
import { describe, expect, it } from "vitest";
import { group } from "../src/resources/group.js";
import { org } from "../src/resources/org.js";
import { harness } from "./harness.js";
import { useNetwork } from "./msw/network.js";
import { GROUP_BASE, generateTenant, ORG_BASE, USER_BASE } from "./msw/tenant.js";

useNetwork();

/** A tenant in which user USER_BASE + 1 (an agent in Acme Corp and the Support group) has a role Zendesk just added. */
function tenantWithNewRole() {
  const tenant = generateTenant();
  const u = tenant.users.find((x) => x.id === USER_BASE + 1)!;
  u.role = "contributor";
  return tenant;
}

describe("a user role Zendesk adds", () => {
  it("skips the user's organization grant with one warning naming the role, and keeps the rest", async () => {
    const h = await harness({ tenant: tenantWithNewRole() });
    const acme = (await drain((cursor) => org.list({ ...h.ctx, cursor }))).items[0]!;
    expect(acme.id?.resource).toBe(String(ORG_BASE));
    const { items } = await drain((cursor) => org.grants!({ ...h.ctx, resource: acme, cursor }));
    const principals = items.map((g) => g.principal?.id?.resource);
    expect(principals).not.toContain(String(USER_BASE + 1));
    expect(principals).toContain(String(USER_BASE + 2));
    const warnings = h.log.warnings().map((l) => l.msg);
    expect(warnings).toEqual(['unknown Zendesk user role "contributor": users with it are left out']);
  });

  it("warns once per role, however many lists show it", async () => {
    const h = await harness({ tenant: tenantWithNewRole() });
    const support = (await drain((cursor) => group.list({ ...h.ctx, cursor }))).items.find(
      (r) => r.id?.resource === String(GROUP_BASE),
    )!;
    await drain((cursor) => group.grants!({ ...h.ctx, resource: support, cursor }));
    const acme = (await drain((cursor) => org.list({ ...h.ctx, cursor }))).items[0]!;
    await drain((cursor) => org.grants!({ ...h.ctx, resource: acme, cursor }));
    expect(h.log.warnings().filter((l) => l.msg.includes('"contributor"'))).toHaveLength(1);
  });
});
