import { Code, type Entitlement, type Grant, groupResource, userResource } from "@baton/sdk";
import { actedThen, drain, failNext, lostResponse, rejection, serverError } from "@baton/testing";
import { describe, expect, it } from "vitest";
import { ADMIN_APP_ID, app } from "../src/resources/app.js";
import { keptGrant } from "../src/resources/common.js";
import { group, memberEntitlement } from "../src/resources/group.js";
import { role } from "../src/resources/role.js";
import { type Harness, harness } from "./harness.js";
import { jumpcloudHandlers } from "./msw/handlers.js";
import { network, traffic, useNetwork } from "./msw/network.js";
import { ADMINS, APPS, adminId, appId, GROUPS, groupId, userId } from "./msw/tenant.js";

useNetwork();

const person = (id: string, displayName = id) => userResource("user", id, { displayName });
const team = (index: number) => groupResource("group", groupId(index), { displayName: `Team ${index}` });
const members = (h: Harness, gid: string) =>
  h.tenant.memberships.filter((m) => m.groupId === gid).map((m) => m.id);
const assigned = (h: Harness, aid: string) =>
  h.tenant.associations.filter((a) => a.appId === aid).map((a) => `${a.type}:${a.id}`);
const writes = () => traffic.requests.filter((r) => r.method === "POST");

async function appEntitlement(h: Harness, aid: string): Promise<Entitlement> {
  const { items } = await drain((cursor) => app.list({ ...h.ctx, cursor }));
  const resource = items.find((r) => r.id!.resource === aid)!;
  return ((await app.entitlements!({ ...h.ctx, resource })) as Entitlement[])[0]!;
}

async function appGrant(h: Harness, aid: string, principalId: string): Promise<Grant> {
  const entitlement = await appEntitlement(h, aid);
  const { items } = await drain((cursor) =>
    app.grants!({ ...h.ctx, resource: entitlement.resource!, cursor }),
  );
  return items.find((g) => g.principal!.id!.resource === principalId)!;
}

describe("group membership", () => {
  it("grants, reports already-exists (409), revokes, and reports already-revoked (404)", async () => {
    const h = await harness();
    const gid = groupId(3);
    const entitlement = memberEntitlement(team(3));
    const principal = person(userId(5));
    expect(members(h, gid)).not.toContain(userId(5));
    expect(await group.grant!({ ...h.ctx, principal, entitlement })).toBe("granted");
    expect(members(h, gid)).toContain(userId(5));
    expect(await group.grant!({ ...h.ctx, principal, entitlement })).toBe("already-exists");
    const grant = keptGrant(entitlement, principal);
    expect(await group.revoke!({ ...h.ctx, grant })).toBe("revoked");
    expect(members(h, gid)).not.toContain(userId(5));
    expect(await group.revoke!({ ...h.ctx, grant })).toBe("already-revoked");
    // The mock answers 400 to anything but JSON { op: add|remove, type: user, id }.
    expect(writes().map((r) => r.status)).toEqual([204, 409, 204, 404]);
    expect(writes()[0]!.url.pathname).toBe(`/api/v2/usergroups/${gid}/members`);
  });

  it("refuses a group as a member, before writing anything", async () => {
    const h = await harness();
    const err = await rejection(
      group.grant!({ ...h.ctx, principal: team(4), entitlement: memberEntitlement(team(3)) }),
    );
    expect(err?.code).toBe(Code.FailedPrecondition);
    expect(err?.message).toBe("membership of Team 3 is held by JumpCloud users only, not by group Team 4");
    const revoke = await rejection(
      group.revoke!({ ...h.ctx, grant: keptGrant(memberEntitlement(team(GROUPS.nested)), team(1)) }),
    );
    expect(revoke?.code).toBe(Code.FailedPrecondition);
    expect(revoke?.hint).toMatch(/JumpCloud console/);
    expect(writes()).toEqual([]);
  });

  it("refuses an administrator without a system user account, saying what to do", async () => {
    const h = await harness();
    const principal = person(adminId(ADMINS.adminOnly), "IT Admin 100");
    const err = await rejection(
      group.grant!({ ...h.ctx, principal, entitlement: memberEntitlement(team(3)) }),
    );
    expect(err?.code).toBe(Code.FailedPrecondition);
    expect(err?.message).toBe(
      `IT Admin 100 is a JumpCloud administrator without a system user account (${adminId(ADMINS.adminOnly)}): membership of Team 3 is held by system users only`,
    );
    expect(err?.hint).toMatch(/create a system user with the administrator's email/);
    expect(writes()).toEqual([]);
  });
});

describe("ids", () => {
  it("are checked before they reach a URL: a malformed one is refused, never read as already revoked", async () => {
    const h = await harness();
    const bogus = person("5d7e0a1b/../../users");
    const grant = keptGrant(memberEntitlement(team(3)), bogus);
    const err = await rejection(group.revoke!({ ...h.ctx, grant }));
    expect(err?.code).toBe(Code.InvalidArgument);
    expect(err?.message).toBe(
      'user "5d7e0a1b/../../users" is not a JumpCloud id (24 hexadecimal characters)',
    );
    expect(err?.hint).toMatch(/ids of the latest sync/);
    const entitlement = await appEntitlement(h, appId(APPS.zoom));
    const refused = await rejection(app.grant!({ ...h.ctx, principal: person("not-an-id"), entitlement }));
    expect(refused?.code).toBe(Code.InvalidArgument);
    expect(writes()).toEqual([]);
  });
});

describe("app access", () => {
  it("associates a user with an application and removes the association, idempotently", async () => {
    const h = await harness();
    const aid = appId(APPS.zoom);
    const entitlement = await appEntitlement(h, aid);
    const principal = person(userId(9));
    expect(await app.grant!({ ...h.ctx, principal, entitlement })).toBe("granted");
    expect(assigned(h, aid)).toContain(`user:${userId(9)}`);
    expect(await app.grant!({ ...h.ctx, principal, entitlement })).toBe("already-exists");
    const grant = await appGrant(h, aid, userId(9));
    expect(await app.revoke!({ ...h.ctx, grant })).toBe("revoked");
    expect(assigned(h, aid)).not.toContain(`user:${userId(9)}`);
    expect(await app.revoke!({ ...h.ctx, grant })).toBe("already-revoked");
    expect(writes().map((r) => [r.url.pathname, r.status])).toEqual(
      [204, 409, 204, 404].map((s) => [`/api/v2/applications/${aid}/associations`, s]),
    );
  });

  it("associates a user group with an application, and removes it", async () => {
    const h = await harness();
    const aid = appId(APPS.zoom);
    const entitlement = await appEntitlement(h, aid);
    expect(await app.grant!({ ...h.ctx, principal: team(7), entitlement })).toBe("granted");
    expect(assigned(h, aid)).toContain(`user_group:${groupId(7)}`);
    const grant = await appGrant(h, aid, groupId(7));
    expect(await app.revoke!({ ...h.ctx, grant })).toBe("revoked");
    expect(assigned(h, aid)).not.toContain(`user_group:${groupId(7)}`);
  });

  it("refuses an administrator without a system user account", async () => {
    const h = await harness();
    const entitlement = await appEntitlement(h, appId(APPS.zoom));
    const err = await rejection(
      app.grant!({ ...h.ctx, principal: person(adminId(ADMINS.adminOnly)), entitlement }),
    );
    expect(err?.code).toBe(Code.FailedPrecondition);
    expect(writes()).toEqual([]);
  });

  it("revoking a user's access that also comes through groups removes the direct assignment and says what remains", async () => {
    const h = await harness();
    const aid = appId(APPS.slack);
    const everyone = `user group ${groupId(GROUPS.everyone)}`;
    const both = await appGrant(h, aid, userId(3));
    const err = await rejection(app.revoke!({ ...h.ctx, grant: both }));
    expect(err?.code).toBe(Code.FailedPrecondition);
    expect(err?.message).toBe(
      `removed the direct assignment, but user ${userId(3)} keeps access to Slack through ${everyone}`,
    );
    expect(assigned(h, aid)).not.toContain(`user:${userId(3)}`);
    const groupOnly = await appGrant(h, aid, userId(200));
    const again = await rejection(app.revoke!({ ...h.ctx, grant: groupOnly }));
    expect(again?.message).toBe(`user ${userId(200)} keeps access to Slack through ${everyone}`);
    expect(again?.hint).toMatch(/membership of those groups, or those groups' access/);
  });
});

describe("read-only access", () => {
  it("JumpCloud Administration is refused both ways, pointing to the console", async () => {
    const h = await harness();
    const entitlement = await appEntitlement(h, ADMIN_APP_ID);
    const err = await rejection(app.grant!({ ...h.ctx, principal: person(userId(3)), entitlement }));
    expect(err?.code).toBe(Code.FailedPrecondition);
    expect(err?.message).toBe(
      "cannot grant JumpCloud Administration: it stands for being a JumpCloud administrator",
    );
    expect(err?.hint).toMatch(/JumpCloud console \(Settings > Administrators\)/);
    const grant = keptGrant(entitlement, person(userId(0)));
    expect((await rejection(app.revoke!({ ...h.ctx, grant })))?.message).toMatch(/^cannot revoke JumpCloud/);
    expect(writes()).toEqual([]);
  });

  it("roles are sync-only and say where an administrator's role is changed", () => {
    expect(role.grant).toBeUndefined();
    expect(role.revoke).toBeUndefined();
    expect(role.syncOnly?.hint).toMatch(/JumpCloud console \(Settings > Administrators\)/);
  });
});

describe("writes after JumpCloud may have acted", () => {
  // A repeated add would get 409 and a repeated remove 404, reported as "already exists" / "already
  // revoked" for a change the first one made: each is sent once, and the failure says so.
  const faults = [
    ["a 500", (h: Harness) => actedThen(jumpcloudHandlers(h.tenant), serverError({ status: 500 }))],
    ["a dropped connection", (h: Harness) => lostResponse(jumpcloudHandlers(h.tenant))],
  ] as const;

  it.each(faults)("adds a group member once after %s, and a rerun reports it done", async (_, fault) => {
    const h = await harness();
    const entitlement = memberEntitlement(team(3));
    const principal = person(userId(5));
    network.use(failNext("POST", "*/api/v2/usergroups/:id/members", fault(h)));
    const err = await rejection(group.grant!({ ...h.ctx, principal, entitlement }));
    expect(err?.notProcessed).toBe(false);
    expect(err?.hint).toMatch(
      /^JumpCloud may have made the change before the failure: run the same grant again/,
    );
    expect(members(h, groupId(3))).toContain(userId(5));
    expect(traffic.count("POST", "*/api/v2/usergroups/:id/members")).toBe(1);
    expect(await group.grant!({ ...h.ctx, principal, entitlement })).toBe("already-exists");
  });

  it.each(faults)("removes an app assignment once after %s", async (_, fault) => {
    const h = await harness();
    const aid = appId(APPS.zoom);
    const grant = await appGrant(h, aid, userId(5));
    network.use(failNext("POST", "*/api/v2/applications/:id/associations", fault(h)));
    const err = await rejection(app.revoke!({ ...h.ctx, grant }));
    expect(err?.hint).toMatch(
      /run the same revoke again \(a change already made is reported as already revoked\)$/,
    );
    expect(assigned(h, aid)).not.toContain(`user:${userId(5)}`);
    expect(traffic.count("POST", "*/api/v2/applications/:id/associations")).toBe(1);
  });
});
