import {
  Code,
  type Entitlement,
  grant as grantOf,
  type Resource,
  type ResourceTypeDefinition,
  ref,
} from "@baton/sdk";
import { AccountInfoSchema } from "@baton/sdk/proto";
import { actedThen, drain, failNext, lostResponse, rejection, serverError } from "@baton/testing";
import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import type { ZendeskClient } from "../src/client.js";
import type { ZendeskConfig } from "../src/config.js";
import { group } from "../src/resources/group.js";
import { org } from "../src/resources/org.js";
import { role } from "../src/resources/role.js";
import { teamMember, teamMemberResource } from "../src/resources/team-member.js";
import { user } from "../src/schemas.js";
import { type Harness, harness } from "./harness.js";
import { zendeskHandlers } from "./msw/handlers.js";
import { network, traffic, useNetwork } from "./msw/network.js";
import { GROUP_BASE, ORG_BASE, ROLE_IDS, USER_BASE } from "./msw/tenant.js";

useNetwork();

const AGENT = USER_BASE + 21; // in Support and group 21 + 1; in Acme Corp and org 22
const ADMIN = USER_BASE + 40;
const END_USER = USER_BASE + 15;
const BILLING = GROUP_BASE + 1;
const GLOBEX = ORG_BASE + 1;

const person = (h: Harness, id: number) =>
  teamMemberResource(user.parse(h.tenant.users.find((u) => u.id === id)));

/** The entitlement `slug` of the resource `id`, as a sync writes it. */
async function entitlementOf(
  h: Harness,
  type: ResourceTypeDefinition<ZendeskClient, string, ZendeskConfig>,
  id: number,
  slug: string,
): Promise<Entitlement> {
  const { items } = await drain((cursor) => type.list({ ...h.ctx, cursor }));
  const resource = items.find((r) => r.id?.resource === String(id))!;
  const entitlements = (await type.entitlements!({ ...h.ctx, resource })) as Entitlement[];
  return entitlements.find((e) => e.slug === slug)!;
}

const grantFor = (e: Entitlement, principal: Resource) => grantOf(e.resource!, e.slug, principal);
const memberships = (h: Harness, userId: number) =>
  h.tenant.groupMemberships.filter((m) => m.user_id === userId).map((m) => m.group_id);
const orgMemberships = (h: Harness, userId: number) =>
  h.tenant.organizationMemberships.filter((m) => m.user_id === userId).map((m) => m.organization_id);

describe("group membership provisioning", () => {
  it("grants, reports already-exists, revokes and reports already-revoked", async () => {
    const h = await harness();
    const member = await entitlementOf(h, group, BILLING, "member");
    const principal = person(h, AGENT);
    expect(memberships(h, AGENT)).not.toContain(BILLING);
    expect(await group.grant!({ ...h.ctx, principal, entitlement: member })).toBe("granted");
    expect(memberships(h, AGENT)).toContain(BILLING);
    expect(await group.grant!({ ...h.ctx, principal, entitlement: member })).toBe("already-exists");
    const g = grantFor(member, principal);
    expect(await group.revoke!({ ...h.ctx, grant: g })).toBe("revoked");
    expect(memberships(h, AGENT)).not.toContain(BILLING);
    expect(await group.revoke!({ ...h.ctx, grant: g })).toBe("already-revoked");
  });

  it("Go bug: revoke removes the membership matching both the user and the group", async () => {
    const h = await harness();
    const before = memberships(h, AGENT);
    expect(before.length).toBe(2); // Support and one team group
    const teamGroup = before.find((id) => id !== GROUP_BASE)!;
    const member = await entitlementOf(h, group, teamGroup, "member");
    const othersBefore = h.tenant.groupMemberships.filter(
      (m) => m.group_id === teamGroup && m.user_id !== AGENT,
    );
    expect(await group.revoke!({ ...h.ctx, grant: grantFor(member, person(h, AGENT)) })).toBe("revoked");
    expect(memberships(h, AGENT)).toEqual([GROUP_BASE]);
    expect(h.tenant.groupMemberships.filter((m) => m.group_id === teamGroup)).toEqual(othersBefore);
  });

  it("grants admin on a group to Zendesk admins only", async () => {
    const h = await harness();
    const admin = await entitlementOf(h, group, BILLING, "admin");
    expect(await group.grant!({ ...h.ctx, principal: person(h, ADMIN), entitlement: admin })).toBe("granted");
    const err = await rejection(group.grant!({ ...h.ctx, principal: person(h, AGENT), entitlement: admin }));
    expect(err?.code).toBe(Code.FailedPrecondition);
    expect(err?.hint).toMatch(/member entitlement/);
    expect(memberships(h, AGENT)).not.toContain(BILLING);
  });

  it("refuses end-users (customers)", async () => {
    const h = await harness();
    const member = await entitlementOf(h, group, BILLING, "member");
    const customer = teamMemberResource(user.parse(h.tenant.users.find((u) => u.id === END_USER)));
    const err = await rejection(group.grant!({ ...h.ctx, principal: customer, entitlement: member }));
    expect(err?.message).toMatch(/end-user, not a team member/);
  });

  it("needs an admin's token: an agent's is refused by Zendesk with 403", async () => {
    const h = await harness();
    h.tenant.users[0]!.role = "agent";
    const member = await entitlementOf(h, group, BILLING, "member");
    const err = await rejection(group.grant!({ ...h.ctx, principal: person(h, AGENT), entitlement: member }));
    expect(err?.code).toBe(Code.PermissionDenied);
  });
});

describe("organization membership provisioning", () => {
  it("grants the entitlement of the user's role, then revokes it", async () => {
    const h = await harness();
    const agent = await entitlementOf(h, org, GLOBEX, "agent");
    const principal = person(h, ADMIN + 2); // an agent in Acme Corp only
    expect(orgMemberships(h, ADMIN + 2)).toEqual([ORG_BASE]);
    expect(await org.grant!({ ...h.ctx, principal, entitlement: agent })).toBe("granted");
    expect(await org.grant!({ ...h.ctx, principal, entitlement: agent })).toBe("already-exists");
    expect(orgMemberships(h, ADMIN + 2)).toEqual([ORG_BASE, GLOBEX]);
    const g = grantFor(agent, principal);
    expect(await org.revoke!({ ...h.ctx, grant: g })).toBe("revoked");
    expect(orgMemberships(h, ADMIN + 2)).toEqual([ORG_BASE]);
    expect(await org.revoke!({ ...h.ctx, grant: g })).toBe("already-revoked");
  });

  it("refuses an entitlement that does not match the user's Zendesk role", async () => {
    const h = await harness();
    const admin = await entitlementOf(h, org, GLOBEX, "admin");
    const err = await rejection(org.grant!({ ...h.ctx, principal: person(h, AGENT), entitlement: admin }));
    expect(err?.code).toBe(Code.FailedPrecondition);
    expect(err?.hint).toBe("grant the organization's agent entitlement instead");
  });

  it("Go bug: revoke only removes the membership of that organization", async () => {
    const h = await harness();
    expect(orgMemberships(h, AGENT)).toEqual([ORG_BASE, ORG_BASE + 22]);
    const acmeAgent = await entitlementOf(h, org, ORG_BASE, "agent");
    expect(await org.revoke!({ ...h.ctx, grant: grantFor(acmeAgent, person(h, AGENT)) })).toBe("revoked");
    expect(orgMemberships(h, AGENT)).toEqual([ORG_BASE + 22]);
  });
});

describe("role provisioning", () => {
  it("granting a role sets the agent's custom_role_id", async () => {
    const h = await harness();
    const advisor = await entitlementOf(h, role, ROLE_IDS.advisor, "assigned");
    const user = () => h.tenant.users.find((u) => u.id === AGENT)!;
    expect(user().custom_role_id).toBe(ROLE_IDS.staff);
    expect(await role.grant!({ ...h.ctx, principal: person(h, AGENT), entitlement: advisor })).toBe(
      "granted",
    );
    expect(user().custom_role_id).toBe(ROLE_IDS.advisor);
    expect(await role.grant!({ ...h.ctx, principal: person(h, AGENT), entitlement: advisor })).toBe(
      "already-exists",
    );
    expect(h.tenant.customRoles).toHaveLength(6); // the Go connector created a role instead
  });

  it("revoking a role is refused: assign another role instead", async () => {
    const h = await harness();
    const staff = await entitlementOf(h, role, ROLE_IDS.staff, "assigned");
    const err = await rejection(role.revoke!({ ...h.ctx, grant: grantFor(staff, person(h, AGENT)) }));
    expect(err?.code).toBe(Code.FailedPrecondition);
    expect(err?.message).toBe("cannot revoke Staff: a Zendesk agent always holds exactly one role");
    expect(err?.hint).toMatch(/assign another role instead/);
    expect(h.tenant.users.find((u) => u.id === AGENT)!.custom_role_id).toBe(ROLE_IDS.staff);
  });
});

describe("accounts", () => {
  const info = (email: string, profile: Record<string, string> = {}) =>
    create(AccountInfoSchema, { emails: [{ address: email, isPrimary: true }], login: email, profile });
  const credentials = {} as Parameters<NonNullable<typeof teamMember.createAccount>>[0]["credentials"];

  it("creates an agent named from the profile", async () => {
    const h = await harness();
    const outcome = await teamMember.createAccount!({
      ...h.ctx,
      info: info("new.agent@acme.test", { first_name: "Nia", last_name: "Osei" }),
      credentials,
    });
    expect(outcome.status).toBe("created");
    const created = h.tenant.users.find((u) => u.email === "new.agent@acme.test")!;
    expect(created).toMatchObject({ name: "Nia Osei", role: "agent" });
    expect(outcome.status === "created" && outcome.resource.id?.resource).toBe(String(created.id));
  });

  it("reports an existing team member as already existing, and refuses a customer's email", async () => {
    const h = await harness();
    const agent = h.tenant.users.find((u) => u.id === AGENT)!;
    const again = await teamMember.createAccount!({
      ...h.ctx,
      info: info(agent.email!.toUpperCase()),
      credentials,
    });
    expect(again.status).toBe("already-exists");
    const customer = h.tenant.users.find((u) => u.id === END_USER)!;
    const err = await rejection(
      teamMember.createAccount!({ ...h.ctx, info: info(customer.email!), credentials }),
    );
    expect(err?.code).toBe(Code.AlreadyExists);
    expect(h.tenant.users.find((u) => u.id === END_USER)?.role).toBe("end-user");
  });

  it("deletes a team member, and reports one already gone", async () => {
    const h = await harness();
    const id = person(h, AGENT).id!;
    expect(await teamMember.deleteResource!({ ...h.ctx, id })).toBe("deleted");
    expect(h.tenant.users.some((u) => u.id === AGENT)).toBe(false);
    expect(memberships(h, AGENT)).toEqual([]);
    expect(await teamMember.deleteResource!({ ...h.ctx, id })).toBe("already-gone");
  });

  it("refuses an id that is not a Zendesk id", async () => {
    const h = await harness();
    const err = await rejection(
      teamMember.deleteResource!({ ...h.ctx, id: ref("team_member", "ada@acme.test") }),
    );
    expect(err?.code).toBe(Code.InvalidArgument);
    expect(err?.message).toBe('"ada@acme.test" is not a Zendesk id');
  });

  it("never deletes an end-user through the team_member type", async () => {
    const h = await harness();
    const id = teamMemberResource(user.parse(h.tenant.users.find((u) => u.id === END_USER))).id!;
    const err = await rejection(teamMember.deleteResource!({ ...h.ctx, id }));
    expect(err?.code).toBe(Code.FailedPrecondition);
    expect(h.tenant.users.some((u) => u.id === END_USER)).toBe(true);
  });
});

describe("deletes after Zendesk may have acted", () => {
  // A repeated DELETE would get 404 and report "already revoked" / "already gone" for a change the
  // first one made: each is sent once, and the failure says so.
  const mock = (h: Harness) => zendeskHandlers(h.tenant, { now: h.clock.now });
  const faults = [
    ["a 500", (h: Harness) => actedThen(mock(h), serverError({ status: 500 }))],
    ["a dropped connection", (h: Harness) => lostResponse(mock(h))],
  ] as const;

  it.each(faults)("removes a group membership once after %s", async (_, fault) => {
    const h = await harness();
    const member = await entitlementOf(h, group, BILLING, "member");
    const principal = person(h, AGENT);
    await group.grant!({ ...h.ctx, principal, entitlement: member });
    network.use(failNext("DELETE", "*/api/v2/group_memberships/:id", fault(h)));
    const err = await rejection(group.revoke!({ ...h.ctx, grant: grantFor(member, principal) }));
    expect(err.code).toBe(Code.Unavailable);
    expect(memberships(h, AGENT)).not.toContain(BILLING);
    expect(traffic.count("DELETE", "*/api/v2/group_memberships/:id")).toBe(1);
  });

  it.each(faults)("deletes a team member once after %s", async (_, fault) => {
    const h = await harness();
    const id = person(h, AGENT).id!;
    network.use(failNext("DELETE", "*/api/v2/users/:id", fault(h)));
    const err = await rejection(teamMember.deleteResource!({ ...h.ctx, id }));
    expect(err.code).toBe(Code.Unavailable);
    expect(h.tenant.users.some((u) => u.id === AGENT)).toBe(false);
    expect(traffic.count("DELETE", "*/api/v2/users/:id")).toBe(1);
  });
});
