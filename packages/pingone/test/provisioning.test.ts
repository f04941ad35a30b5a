import { Code, type Entitlement, grant as grantOf, type Resource, ref } from "@baton/sdk";
import { AccountInfoSchema, create, LocalCredentialOptionsSchema } from "@baton/sdk/proto";
import { actedThen, failNext, lostResponse, rejection, serverError } from "@baton/testing";
import { describe, expect, it } from "vitest";
import { group, groupAsResource } from "../src/resources/group.js";
import { role, roleAsResource } from "../src/resources/role.js";
import { user, userAsResource } from "../src/resources/user.js";
import { type Harness, harness } from "./harness.js";
import { invalidData, pingoneHandlers } from "./msw/handlers.js";
import { network, traffic, useNetwork } from "./msw/network.js";
import { GROUPS, POPULATIONS, ROLES, userId } from "./msw/tenant.js";

useNetwork();

/** The mock's handlers for the harness's tenant, to answer a request behind a fault's back. */
const mockOf = (h: Harness) => pingoneHandlers(h.tenant, { now: h.clock.now, tokens: h.tokens });
/** PingOne acts on the request, then answers 500: the client cannot tell it from a failure. */
const actedThen500 = (h: Harness) => actedThen(mockOf(h), serverError({ status: 500 }));

const person = (h: Harness, i: number): Resource => userAsResource(h.tenant.users[i]!);
const groupEntitlement = async (h: Harness, gid: string): Promise<Entitlement> => {
  const resource = groupAsResource(h.tenant.groups.find((g) => g.id === gid)!);
  return ((await group.entitlements!({ ...h.ctx, resource })) as Entitlement[])[0]!;
};
const roleEntitlement = async (h: Harness, rid: string): Promise<Entitlement> => {
  const resource = roleAsResource(h.tenant.roles.find((r) => r.id === rid)!);
  return ((await role.entitlements!({ ...h.ctx, resource })) as Entitlement[])[0]!;
};
const grantFor = (e: Entitlement, principal: Resource) => grantOf(e.resource!, e.slug, principal);
const directGroups = (h: Harness, i: number) =>
  h.tenant.memberships.filter((m) => m.userId === userId(i)).map((m) => m.groupId);
const envAssignments = (h: Harness, i: number) =>
  h.tenant.roleAssignments.filter(
    (a) => a.userId === userId(i) && a.scope.type === "ENVIRONMENT" && a.scope.id === h.tenant.environmentId,
  );

describe("group membership", () => {
  it("grants, reports already-exists, revokes and reports already-revoked", async () => {
    const h = await harness();
    const member = await groupEntitlement(h, GROUPS.engineering);
    const principal = person(h, 10);
    expect(directGroups(h, 10)).not.toContain(GROUPS.engineering);
    expect(await group.grant!({ ...h.ctx, principal, entitlement: member })).toBe("granted");
    expect(directGroups(h, 10)).toContain(GROUPS.engineering);
    expect(await group.grant!({ ...h.ctx, principal, entitlement: member })).toBe("already-exists");
    const g = grantFor(member, principal);
    expect(await group.revoke!({ ...h.ctx, grant: g })).toBe("revoked");
    expect(directGroups(h, 10)).not.toContain(GROUPS.engineering);
    expect(await group.revoke!({ ...h.ctx, grant: g })).toBe("already-revoked");
    expect(traffic.count("POST", "*/memberOfGroups")).toBe(1);
    expect(traffic.count("DELETE", "*/memberOfGroups/:gid")).toBe(1);
  });

  it("checks the one membership before acting, not the user's every group", async () => {
    const h = await harness();
    const member = await groupEntitlement(h, GROUPS.engineering);
    await group.grant!({ ...h.ctx, principal: person(h, 0), entitlement: member }); // user 0 is in 58 groups
    expect(traffic.count("GET", "*/users/:id/memberOfGroups")).toBe(0);
    expect(traffic.count("GET", "*/users/:id/memberOfGroups/:gid")).toBe(1);
  });

  it("makes an indirect member a direct one; revoking an indirect membership leaves it, with a warning", async () => {
    const h = await harness();
    const lead = person(h, 9); // in Engineering through Engineering Leads
    const engineering = await groupEntitlement(h, GROUPS.engineering);
    expect(await group.revoke!({ ...h.ctx, grant: grantFor(engineering, lead) })).toBe("already-revoked");
    expect(h.log.warnings().map((l) => l.msg)).toContain(
      "the user is still a member through a nested group or the group's user filter",
    );
    expect(await group.grant!({ ...h.ctx, principal: lead, entitlement: engineering })).toBe("granted");
    expect(directGroups(h, 9)).toContain(GROUPS.engineering);
  });

  it("passes on PingOne's refusal of a user from another population for a population's group", async () => {
    const h = await harness();
    const portal = await groupEntitlement(h, GROUPS.partnerPortal);
    const err = await rejection(group.grant!({ ...h.ctx, principal: person(h, 10), entitlement: portal }));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.message).toMatch(/INVALID_DATA: id: The group belongs to another population than the user/);
  });

  it("refuses a principal that is not a user, or a user that is gone", async () => {
    const h = await harness();
    const member = await groupEntitlement(h, GROUPS.engineering);
    const notUser = groupAsResource(h.tenant.groups[5]!);
    expect(
      (await rejection(group.grant!({ ...h.ctx, principal: notUser, entitlement: member }))).message,
    ).toBe('only users can be granted this, not "group"');
    const gone = userAsResource({ ...h.tenant.users[10]!, id: userId(99_999) });
    const err = await rejection(group.grant!({ ...h.ctx, principal: gone, entitlement: member }));
    expect(err.code).toBe(Code.NotFound);
  });

  it("refuses ids that are not PingOne ids before they reach a URL", async () => {
    const h = await harness();
    const member = await groupEntitlement(h, GROUPS.engineering);
    const odd = userAsResource({ ...h.tenant.users[10]!, id: "../../roles" });
    const err = await rejection(group.grant!({ ...h.ctx, principal: odd, entitlement: member }));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.message).toBe('"../../roles" is not a PingOne user id');
    expect(traffic.requests).toHaveLength(0);
  });
});

describe("role assignment", () => {
  it("assigns at this environment's scope, reports already-exists, then finds the assignment to revoke", async () => {
    const h = await harness();
    const helpDesk = await roleEntitlement(h, ROLES.helpDeskAdmin);
    const principal = person(h, 12);
    expect(envAssignments(h, 12)).toEqual([]);
    expect(await role.grant!({ ...h.ctx, principal, entitlement: helpDesk })).toBe("granted");
    expect(envAssignments(h, 12).map((a) => a.role.id)).toEqual([ROLES.helpDeskAdmin]);
    expect(await role.grant!({ ...h.ctx, principal, entitlement: helpDesk })).toBe("already-exists");
    const g = grantFor(helpDesk, principal);
    expect(await role.revoke!({ ...h.ctx, grant: g })).toBe("revoked");
    expect(envAssignments(h, 12)).toEqual([]);
    expect(await role.revoke!({ ...h.ctx, grant: g })).toBe("already-revoked");
  });

  it("leaves the user's assignments at other scopes alone", async () => {
    const h = await harness();
    const helpDesk = await roleEntitlement(h, ROLES.helpDeskAdmin);
    const principal = person(h, 3); // Help Desk Admin at the contractors population's scope
    const before = h.tenant.roleAssignments.filter((a) => a.userId === userId(3));
    expect(await role.revoke!({ ...h.ctx, grant: grantFor(helpDesk, principal) })).toBe("already-revoked");
    expect(await role.grant!({ ...h.ctx, principal, entitlement: helpDesk })).toBe("granted");
    const after = h.tenant.roleAssignments.filter((a) => a.userId === userId(3));
    expect(after).toEqual(expect.arrayContaining(before));
    expect(after).toHaveLength(before.length + 1);
  });

  it("refuses a role PingOne does not allow at environment scope, naming it", async () => {
    const h = await harness();
    const orgAdmin = await roleEntitlement(h, ROLES.organizationAdmin);
    const err = await rejection(role.grant!({ ...h.ctx, principal: person(h, 12), entitlement: orgAdmin }));
    expect(err.code).toBe(Code.FailedPrecondition);
    expect(err.message).toBe(
      "the PingOne role Organization Admin cannot be assigned at environment scope (PingOne allows ORGANIZATION)",
    );
    expect(traffic.count("POST", "*/roleAssignments")).toBe(0);
  });

  it("refuses to revoke an assignment that is read only for the worker app", async () => {
    const h = await harness();
    const ida = await roleEntitlement(h, ROLES.identityDataAdmin);
    const err = await rejection(role.revoke!({ ...h.ctx, grant: grantFor(ida, person(h, 50)) }));
    expect(err.code).toBe(Code.FailedPrecondition);
    expect(err.message).toBe(
      `the Identity Data Admin role assignment of PingOne user ${userId(50)} is read only for the worker application`,
    );
    expect(envAssignments(h, 50)).toHaveLength(1);
    expect(traffic.count("DELETE", "*/roleAssignments/:aid")).toBe(0);
  });

  it("tries again shortly when PingOne still calls a new assignment read only", async () => {
    const h = await harness({ mock: { assignmentSettleMs: 1_000 } });
    const helpDesk = await roleEntitlement(h, ROLES.helpDeskAdmin);
    const principal = person(h, 12);
    await role.grant!({ ...h.ctx, principal, entitlement: helpDesk });
    const g = grantFor(helpDesk, principal);
    // As the SDK's revoke runs it: tried again only after a failure PingOne did not act on.
    const policy = { attempts: 3, retryIf: (e: { notProcessed: boolean }) => e.notProcessed };
    const outcome = await h.runtime.call("revoke", () => role.revoke!({ ...h.ctx, grant: g }), policy);
    expect(outcome).toBe("revoked");
    // 2 s plus the runtime's jitter (a tenth of the wait, half of it with the harness's fixed random).
    expect(h.sleeps).toEqual([2_100]);
    expect(traffic.count("DELETE", "*/roleAssignments/:aid")).toBe(2);
  });
});

describe("deletes after PingOne may have acted", () => {
  // A repeated DELETE would get 404 and report "already revoked" / "already gone" for a change the
  // first one made: each is sent once, and the failure says so.
  const faults = [
    ["a 500", actedThen500],
    ["a dropped connection", (h: Harness) => lostResponse(mockOf(h))],
  ] as const;

  it.each(faults)("removes a group membership once after %s", async (_, fault) => {
    const h = await harness();
    const member = await groupEntitlement(h, GROUPS.engineering);
    const principal = person(h, 10);
    await group.grant!({ ...h.ctx, principal, entitlement: member });
    network.use(failNext("DELETE", "*/v1/environments/:env/users/:id/memberOfGroups/:gid", fault(h)));
    const err = await rejection(group.revoke!({ ...h.ctx, grant: grantFor(member, principal) }));
    expect(err.code).toBe(Code.Unavailable);
    expect(err.notProcessed).toBe(false);
    expect(directGroups(h, 10)).not.toContain(GROUPS.engineering);
    expect(traffic.count("DELETE", "*/memberOfGroups/:gid")).toBe(1);
  });

  it.each(faults)("removes a role assignment once after %s", async (_, fault) => {
    const h = await harness();
    const helpDesk = await roleEntitlement(h, ROLES.helpDeskAdmin);
    const principal = person(h, 12);
    await role.grant!({ ...h.ctx, principal, entitlement: helpDesk });
    network.use(failNext("DELETE", "*/v1/environments/:env/users/:id/roleAssignments/:aid", fault(h)));
    const err = await rejection(role.revoke!({ ...h.ctx, grant: grantFor(helpDesk, principal) }));
    expect(err.code).toBe(Code.Unavailable);
    expect(envAssignments(h, 12)).toEqual([]);
    expect(traffic.count("DELETE", "*/roleAssignments/:aid")).toBe(1);
  });

  it.each(faults)("deletes a user once after %s", async (_, fault) => {
    const h = await harness();
    network.use(failNext("DELETE", "*/v1/environments/:env/users/:id", fault(h)));
    const err = await rejection(user.deleteResource!({ ...h.ctx, id: ref("user", userId(20)) }));
    expect(err.code).toBe(Code.Unavailable);
    expect(h.tenant.users.some((u) => u.id === userId(20))).toBe(false);
    expect(traffic.count("DELETE", "*/v1/environments/:env/users/:id")).toBe(1);
  });
});

describe("mock role assignments", () => {
  it("tell assignments at scopes of different types apart, even with the same scope id", async () => {
    const h = await harness();
    const env = h.tenant.environmentId;
    h.tenant.roleAssignments.push({
      id: "66666666-0000-4000-8000-00000000beef",
      userId: userId(12),
      role: { id: ROLES.helpDeskAdmin },
      scope: { id: env, type: "ORGANIZATION" },
      readOnly: false,
    });
    const a = await h.client.assignEnvironmentRole(userId(12), ROLES.helpDeskAdmin);
    expect(a.scope).toEqual({ id: env, type: "ENVIRONMENT" });
  });
});

describe("accounts", () => {
  const info = (o: { login?: string; email?: string; profile?: Record<string, string> }) =>
    create(AccountInfoSchema, {
      login: o.login ?? "",
      emails: o.email ? [{ address: o.email, isPrimary: true }] : [],
      profile: o.profile ?? {},
    });
  const noPassword = create(LocalCredentialOptionsSchema, { options: { case: "noPassword", value: {} } });
  const randomPassword = create(LocalCredentialOptionsSchema, {
    options: { case: "randomPassword", value: { length: 16n } },
  });

  it("creates a user in the default population, named from the profile", async () => {
    const h = await harness();
    const outcome = await user.createAccount!({
      ...h.ctx,
      info: info({
        login: "nia.osei",
        email: "nia@example.com",
        profile: { given_name: "Nia", family_name: "Osei" },
      }),
      credentials: noPassword,
    });
    expect(outcome.status).toBe("created");
    const created = h.tenant.users.find((u) => u.username === "nia.osei")!;
    expect(created).toMatchObject({
      email: "nia@example.com",
      name: { given: "Nia", family: "Osei" },
      population: { id: POPULATIONS.employees },
    });
    expect(outcome.status === "created" && outcome.resource.id?.resource).toBe(created.id);
    expect(outcome.status === "created" && outcome.secrets).toBeUndefined();
  });

  it("creates a user in the population given as population_id; the username defaults to the email", async () => {
    const h = await harness();
    await user.createAccount!({
      ...h.ctx,
      info: info({ email: "kofi@partner.example", profile: { population_id: POPULATIONS.partners } }),
      credentials: noPassword,
    });
    expect(h.tenant.users.find((u) => u.username === "kofi@partner.example")?.population?.id).toBe(
      POPULATIONS.partners,
    );
  });

  it("returns a generated initial password as a credential, and never logs it", async () => {
    const h = await harness();
    const outcome = await user.createAccount!({
      ...h.ctx,
      info: info({ login: "temp.worker", email: "temp@example.com" }),
      credentials: randomPassword,
    });
    expect(outcome.status).toBe("created");
    const secrets = outcome.status === "created" ? (outcome.secrets ?? []) : [];
    expect(secrets.map((s) => s.name)).toEqual(["password"]);
    const password = new TextDecoder().decode(secrets[0]!.bytes);
    expect(password).toHaveLength(16);
    expect(password).toMatch(/[A-Z]/);
    expect(password).toMatch(/[a-z]/);
    expect(password).toMatch(/\d/);
    expect(password).toMatch(/[^A-Za-z0-9]/);
    expect(h.secrets.has(password)).toBe(true);
    expect(h.log.text()).not.toContain(password);
  });

  it("returns the generated password when PingOne created the user but the answer was lost", async () => {
    const h = await harness();
    let sent: string | undefined;
    const lost = lostResponse(mockOf(h));
    network.use(
      failNext("POST", "*/v1/environments/:env/users", async (request) => {
        sent = ((await request.clone().json()) as { password?: { value?: string } }).password?.value;
        return lost(request);
      }),
    );
    const outcome = await user.createAccount!({
      ...h.ctx,
      info: info({ login: "temp.worker", email: "temp@example.com" }),
      credentials: randomPassword,
    });
    expect(outcome.status).toBe("created");
    const secrets = outcome.status === "created" ? (outcome.secrets ?? []) : [];
    expect(secrets.map((s) => new TextDecoder().decode(s.bytes))).toEqual([sent]);
    expect(traffic.count("POST", "*/v1/environments/:env/users")).toBe(1);
    expect(h.tenant.users.filter((u) => u.username === "temp.worker")).toHaveLength(1);
  });

  it("reports a user another caller created first as existing, without a password", async () => {
    const h = await harness();
    network.use(
      failNext("POST", "*/v1/environments/:env/users", () => {
        h.tenant.users.push({ ...h.tenant.users[0]!, id: userId(999), username: "temp.worker" });
        return invalidData(
          "username",
          "An account with this username already exists",
          "UNIQUENESS_VIOLATION",
        );
      }),
    );
    const outcome = await user.createAccount!({
      ...h.ctx,
      info: info({ login: "temp.worker", email: "temp@example.com" }),
      credentials: randomPassword,
    });
    expect(outcome).toMatchObject({ status: "already-exists" });
    expect(outcome.status === "already-exists" && outcome.resource.id?.resource).toBe(userId(999));
  });

  it("reports an existing username as already existing, without creating anything", async () => {
    const h = await harness();
    const before = h.tenant.users.length;
    const outcome = await user.createAccount!({
      ...h.ctx,
      info: info({ login: "ADA.0", email: "someone@example.com" }),
      credentials: noPassword,
    });
    expect(outcome.status).toBe("already-exists");
    expect(outcome.status === "already-exists" && outcome.resource.id?.resource).toBe(userId(0));
    expect(h.tenant.users).toHaveLength(before);
    expect(traffic.count("POST", "*/v1/environments/:env/users")).toBe(0);
  });

  it("needs an email, and a population_id that is a PingOne id", async () => {
    const h = await harness();
    const noEmail = await rejection(
      user.createAccount!({ ...h.ctx, info: info({ login: "x" }), credentials: noPassword }),
    );
    expect(noEmail.message).toBe("creating a PingOne user needs an email address");
    const badPopulation = await rejection(
      user.createAccount!({
        ...h.ctx,
        info: info({ email: "x@example.com", profile: { population_id: "Partners" } }),
        credentials: noPassword,
      }),
    );
    expect(badPopulation.code).toBe(Code.InvalidArgument);
    expect(badPopulation.message).toBe('population_id "Partners" is not a PingOne population id');
  });

  it("deletes a user, and reports one already gone", async () => {
    const h = await harness();
    const id = ref("user", userId(20));
    expect(await user.deleteResource!({ ...h.ctx, id })).toBe("deleted");
    expect(h.tenant.users.some((u) => u.id === userId(20))).toBe(false);
    expect(await user.deleteResource!({ ...h.ctx, id })).toBe("already-gone");
    expect(traffic.count("DELETE", "*/v1/environments/:env/users/:id")).toBe(1);
  });
});
