import type { Resource } from "@baton/sdk";
import { drain } from "@baton/testing";
import { describe, expect, it } from "vitest";
import { org } from "../src/resources/org.js";
import { teamMember } from "../src/resources/team-member.js";
import { type Harness, harness } from "./harness.js";
import { useNetwork } from "./msw/network.js";
import { ORG_BASE } from "./msw/tenant.js";

useNetwork();

const ACME = ORG_BASE; // every user is in it (five pages), admins included
const listOrgs = async (h: Harness) => (await drain((cursor) => org.list({ ...h.ctx, cursor }))).items;
const grantsOf = async (h: Harness, resource: Resource) =>
  (await drain((cursor) => org.grants!({ ...h.ctx, resource, cursor }))).items;

describe("org", () => {
  it("Go bug: emits each organization exactly once, whether it has admins or not", async () => {
    const h = await harness();
    const orgs = await listOrgs(h);
    const ids = orgs.map((r) => r.id?.resource);
    expect(ids).toHaveLength(h.tenant.organizations.length);
    expect(new Set(ids).size).toBe(ids.length);
    const adminIds = new Set(h.tenant.users.filter((u) => u.role === "admin").map((u) => u.id));
    const withAdmins = new Set(
      h.tenant.organizationMemberships.filter((m) => adminIds.has(m.user_id)).map((m) => m.organization_id),
    );
    expect(withAdmins).toEqual(new Set([ACME])); // 21 admins in Acme Corp, none anywhere else
  });

  it("--orgs limits the sync to the named organizations", async () => {
    const h = await harness({ config: { orgs: ["Globex", "Customer 042", "No such org"] } });
    expect((await listOrgs(h)).map((r) => r.displayName)).toEqual(["Globex", "Customer 042"]);
  });

  it("has the Go connector's three entitlements per organization", async () => {
    const h = await harness();
    const acme = (await listOrgs(h))[0]!;
    const entitlements = await org.entitlements!({ ...h.ctx, resource: acme });
    expect(Array.isArray(entitlements) && entitlements.map((e) => [e.id, e.displayName])).toEqual([
      [`org:${ACME}:end-user`, "Acme Corp Organization End-User"],
      [`org:${ACME}:admin`, "Acme Corp Organization Admin"],
      [`org:${ACME}:agent`, "Acme Corp Organization Agent"],
    ]);
  });

  it("Go bug: pages through organization users past the first page", async () => {
    const h = await harness();
    const acme = (await listOrgs(h))[0]!;
    const grants = await grantsOf(h, acme);
    const team = h.tenant.users.filter((u) => u.role !== "end-user");
    expect(grants.map((g) => g.id).sort()).toEqual(
      team.map((u) => `org:${ACME}:${u.role}:team_member:${u.id}`).sort(),
    );
  });

  it("Go bug: org grants only name principals present in the sync (no end-users)", async () => {
    const h = await harness();
    const synced = new Set(
      (await drain((cursor) => teamMember.list({ ...h.ctx, cursor }))).items.map((r) => r.id?.resource),
    );
    const orgs = await listOrgs(h);
    const grants = (await Promise.all(orgs.slice(0, 8).map((o) => grantsOf(h, o)))).flat();
    expect(grants.length).toBeGreaterThan(200);
    for (const g of grants) expect(synced.has(g.principal?.id?.resource), g.id).toBe(true);
    expect(grants.some((g) => g.entitlement?.id.endsWith(":end-user"))).toBe(false);
  });
});
