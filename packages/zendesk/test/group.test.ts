import type { Grant } from "@baton/sdk";
import { drain } from "@baton/testing";
import { describe, expect, it } from "vitest";
import { group } from "../src/resources/group.js";
import { teamMember } from "../src/resources/team-member.js";
import { type Harness, harness } from "./harness.js";
import { useNetwork } from "./msw/network.js";
import { GROUP_BASE } from "./msw/tenant.js";

useNetwork();

const SUPPORT = GROUP_BASE; // every team member is in it: three pages of memberships
const ARCHIVE = GROUP_BASE + 120; // no members

async function groupResource(h: Harness, id: number) {
  const { items } = await drain((cursor) => group.list({ ...h.ctx, cursor }));
  const found = items.find((r) => r.id?.resource === String(id));
  if (!found) throw new Error(`group ${id} not listed`);
  return found;
}

const grantsOf = async (h: Harness, id: number) => {
  const resource = await groupResource(h, id);
  return (await drain((cursor) => group.grants!({ ...h.ctx, resource, cursor }))).items;
};
const principals = (grants: Grant[], slug: string) =>
  grants.filter((g) => g.entitlement?.id.endsWith(`:${slug}`)).map((g) => Number(g.principal?.id?.resource));

describe("group", () => {
  it("lists every group across pages, with the Go connector's entitlement ids", async () => {
    const h = await harness();
    const { items, pages } = await drain((cursor) => group.list({ ...h.ctx, cursor }));
    expect(pages).toBe(2);
    expect(items).toHaveLength(h.tenant.groups.length);
    const support = items.find((r) => r.id?.resource === String(SUPPORT))!;
    const entitlements = await group.entitlements!({ ...h.ctx, resource: support });
    expect(Array.isArray(entitlements) && entitlements.map((e) => [e.id, e.displayName])).toEqual([
      [`group:${SUPPORT}:member`, "Support Group Member"],
      [`group:${SUPPORT}:admin`, "Support Group Admin"],
    ]);
  });

  it("Go bug: memberships past the first page are read (the Go connector re-read page 1 forever)", async () => {
    const h = await harness();
    const grants = await grantsOf(h, SUPPORT);
    const team = h.tenant.users.filter((u) => u.role !== "end-user").map((u) => u.id);
    expect(team.length).toBeGreaterThan(200);
    expect(principals(grants, "member").sort()).toEqual(team.sort());
    expect(new Set(grants.map((g) => g.id)).size).toBe(grants.length);
  });

  it("Go bug: every principal is a synced team member, never team_member:0", async () => {
    const h = await harness();
    // A membership whose user Zendesk no longer returns (the Go connector made it team_member:0).
    h.tenant.groupMemberships.push({ id: 1, user_id: 424_242, group_id: SUPPORT });
    const synced = new Set(
      (await drain((cursor) => teamMember.list({ ...h.ctx, cursor }))).items.map((r) => r.id?.resource),
    );
    const grants = await grantsOf(h, SUPPORT);
    for (const g of grants) {
      expect(g.principal?.id?.resourceType).toBe("team_member");
      expect(synced.has(g.principal?.id?.resource), g.id).toBe(true);
    }
    expect(grants.some((g) => g.principal?.id?.resource === "0")).toBe(false);
  });

  it("Go bug: admin is granted to the members who are Zendesk admins, and only to them", async () => {
    const h = await harness();
    const grants = await grantsOf(h, SUPPORT);
    const admins = h.tenant.users.filter((u) => u.role === "admin").map((u) => u.id);
    expect(principals(grants, "admin").sort()).toEqual(admins.sort());
    expect(grants.find((g) => g.entitlement?.id === `group:${SUPPORT}:admin`)?.id).toBe(
      `group:${SUPPORT}:admin:team_member:${admins[0]}`,
    );
  });

  it("a group without members has no grants", async () => {
    const h = await harness();
    expect(await grantsOf(h, ARCHIVE)).toEqual([]);
  });
});
