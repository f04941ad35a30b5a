import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Code,
  type Entitlement,
  grantEntitlement,
  grant as grantOf,
  type Resource,
  type ResourceTypeDefinition,
  ref,
  revokeGrant,
  sync,
} from "@baton/sdk";
import { AccountInfoSchema } from "@baton/sdk/proto";
import { drain, rejection } from "@baton/testing";
import { create } from "@bufbuild/protobuf";
import { HttpResponse, http } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ZipClient } from "../src/client.js";
import type { ZiphqConfig } from "../src/config.js";
import { ziphq, ziphqConfig } from "../src/index.js";
import { group } from "../src/resources/group.js";
import { role } from "../src/resources/role.js";
import { user } from "../src/resources/user.js";
import { BASE_URL, type Harness, harness } from "./harness.js";
import { zipHandlers } from "./msw/handlers.js";
import { network, traffic, useNetwork } from "./msw/network.js";
import { generateTenant, ROLES, roleId, USER_GROUPS, userGroupId, userId } from "./msw/tenant.js";

useNetwork();

type Type = ResourceTypeDefinition<ZipClient, string, ZiphqConfig>;

/** The entitlement of the resource `id`, as a sync writes it. */
async function entitlementOf(h: Harness, type: Type, id: string): Promise<Entitlement> {
  const { items } = await drain((cursor) => type.list({ ...h.ctx, cursor }));
  const resource = items.find((r) => r.id?.resource === id)!;
  return ((await type.entitlements!({ ...h.ctx, resource })) as Entitlement[])[0]!;
}

const person = async (h: Harness, i: number) => (await user.get!({ ...h.ctx, id: ref("user", userId(i)) }))!;
const grantFor = (e: Entitlement, principal: Resource) => grantOf(e, principal);
const rolesOf = (h: Harness, i: number) => h.tenant.users.find((u) => u.id === userId(i))!.role_ids;
const groupsOf = (h: Harness, i: number) => h.tenant.users.find((u) => u.id === userId(i))!.user_group_ids;

describe("role provisioning (read-modify-write of the user's role_ids)", () => {
  it("adds the role to the user's full list, then reports already-exists without writing", async () => {
    const h = await harness();
    const finance = await entitlementOf(h, role, roleId(ROLES.finance));
    const principal = await person(h, 2); // Requester and Approver
    traffic.clear();
    expect(await role.grant!({ ...h.ctx, principal, entitlement: finance })).toBe("granted");
    expect(rolesOf(h, 2)).toEqual([roleId(ROLES.requester), roleId(ROLES.approver), roleId(ROLES.finance)]);
    expect(traffic.endpoints()).toEqual({ [`GET /users/${userId(2)}`]: 1, [`PATCH /users/${userId(2)}`]: 1 });
    traffic.clear();
    expect(await role.grant!({ ...h.ctx, principal, entitlement: finance })).toBe("already-exists");
    expect(traffic.endpoints()).toEqual({ [`GET /users/${userId(2)}`]: 1 });
  });

  it("revokes one role and keeps the user's other three; then already-revoked without writing", async () => {
    const h = await harness();
    const before = rolesOf(h, 3);
    expect(before).toHaveLength(4);
    const approver = await entitlementOf(h, role, roleId(ROLES.approver));
    const g = grantFor(approver, await person(h, 3));
    expect(await role.revoke!({ ...h.ctx, grant: g })).toBe("revoked");
    expect(rolesOf(h, 3)).toEqual(before.filter((id) => id !== roleId(ROLES.approver)));
    traffic.clear();
    expect(await role.revoke!({ ...h.ctx, grant: g })).toBe("already-revoked");
    expect(traffic.count("PATCH", "/users/:id")).toBe(0);
  });

  it("re-reads the user right before writing: a role added in Zip since the sync is kept", async () => {
    const h = await harness();
    const finance = await entitlementOf(h, role, roleId(ROLES.finance));
    const principal = await person(h, 1); // Requester, as synced
    rolesOf(h, 1).push(roleId(ROLES.procurement)); // someone adds a role in Zip meanwhile
    expect(await role.grant!({ ...h.ctx, principal, entitlement: finance })).toBe("granted");
    expect(rolesOf(h, 1)).toEqual([
      roleId(ROLES.requester),
      roleId(ROLES.procurement),
      roleId(ROLES.finance),
    ]);
  });

  it("sends the whole new list wrapped in data", async () => {
    const h = await harness();
    const bodies: unknown[] = [];
    network.use(
      http.patch("*/users/:id", async ({ request }) => {
        bodies.push(await request.clone().json());
        return undefined;
      }),
    );
    const finance = await entitlementOf(h, role, roleId(ROLES.finance));
    await role.grant!({ ...h.ctx, principal: await person(h, 1), entitlement: finance });
    expect(bodies).toEqual([{ data: { role_ids: [roleId(ROLES.requester), roleId(ROLES.finance)] } }]);
  });

  it("two grants to one user at once keep both roles (writes to a user run one after the other)", async () => {
    const h = await harness();
    const [finance, procurement] = await Promise.all([
      entitlementOf(h, role, roleId(ROLES.finance)),
      entitlementOf(h, role, roleId(ROLES.procurement)),
    ]);
    const principal = await person(h, 1);
    const outcomes = await Promise.all([
      role.grant!({ ...h.ctx, principal, entitlement: finance }),
      role.grant!({ ...h.ctx, principal, entitlement: procurement }),
    ]);
    expect(outcomes).toEqual(["granted", "granted"]);
    expect([...rolesOf(h, 1)].sort()).toEqual(
      [roleId(ROLES.requester), roleId(ROLES.finance), roleId(ROLES.procurement)].sort(),
    );
  });

  it("a grant whose PATCH Zip applied but answered with 503 is retried from the read: no second write", async () => {
    const h = await harness();
    const finance = await entitlementOf(h, role, roleId(ROLES.finance));
    const principal = await person(h, 1);
    let applied = 0;
    network.use(
      http.patch(
        "*/users/:id",
        async ({ request }) => {
          const { data } = (await request.json()) as { data: { role_ids: string[] } };
          h.tenant.users[1]!.role_ids = data.role_ids;
          applied++;
          return HttpResponse.json({ message: "Service Unavailable" }, { status: 503 });
        },
        { once: true },
      ),
    );
    // As a sync's runtime runs provisioning handlers: retried after Unavailable.
    const outcome = await h.runtime.call(
      "grant",
      () => role.grant!({ ...h.ctx, principal, entitlement: finance }),
      3,
    );
    expect(outcome).toBe("already-exists");
    expect(applied).toBe(1);
    expect(traffic.count("PATCH", "/users/:id")).toBe(1);
    expect(rolesOf(h, 1)).toEqual([roleId(ROLES.requester), roleId(ROLES.finance)]);
  });

  it("refuses a principal that is not a user, and reports a user gone from Zip", async () => {
    const h = await harness();
    const finance = await entitlementOf(h, role, roleId(ROLES.finance));
    const notUser = (await drain((cursor) => group.list({ ...h.ctx, cursor }))).items[0]!;
    const err = await rejection(role.grant!({ ...h.ctx, principal: notUser, entitlement: finance }));
    expect(err?.code).toBe(Code.InvalidArgument);
    expect(err?.message).toBe('only Zip users can hold this, not "group" resources');

    const gone = await person(h, 5);
    h.tenant.users = h.tenant.users.filter((u) => u.id !== userId(5));
    const missing = await rejection(role.grant!({ ...h.ctx, principal: gone, entitlement: finance }));
    expect(missing?.code).toBe(Code.NotFound);
    expect(await role.revoke!({ ...h.ctx, grant: grantFor(finance, gone) })).toBe("already-revoked");
  });
});

describe("user-group provisioning (read-modify-write of the user's user_group_ids)", () => {
  it("grants and revokes membership, keeping the user's other groups", async () => {
    const h = await harness();
    const i = 260; // All employees, a team and Late joiners
    const before = groupsOf(h, i);
    expect(before).toHaveLength(3);
    const contractors = await entitlementOf(h, group, userGroupId(USER_GROUPS.contractors));
    const principal = await person(h, i);
    expect(await group.grant!({ ...h.ctx, principal, entitlement: contractors })).toBe("granted");
    expect(groupsOf(h, i)).toEqual([...before, userGroupId(USER_GROUPS.contractors)]);
    expect(await group.grant!({ ...h.ctx, principal, entitlement: contractors })).toBe("already-exists");

    const late = await entitlementOf(h, group, userGroupId(USER_GROUPS.lateJoiners));
    expect(await group.revoke!({ ...h.ctx, grant: grantFor(late, principal) })).toBe("revoked");
    expect(groupsOf(h, i)).toEqual([
      ...before.filter((id) => id !== userGroupId(USER_GROUPS.lateJoiners)),
      userGroupId(USER_GROUPS.contractors),
    ]);
    expect(await group.revoke!({ ...h.ctx, grant: grantFor(late, principal) })).toBe("already-revoked");
    expect(rolesOf(h, i)).toEqual(generateTenant().users[i]!.role_ids); // roles untouched
  });
});

describe("department grants", () => {
  let dir: string;
  let file: string;
  const tenant = generateTenant();
  const config = ziphqConfig.parse({ batonZiphqApiKey: tenant.apiKey, batonZiphqBaseUrl: BASE_URL });
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "ziphq-departments-"));
    file = join(dir, "sync.c1z");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("are refused with a message: departments are managed by Zip's HR sync", async () => {
    network.use(...zipHandlers(tenant));
    await sync(ziphq, config, { file, sleep: async () => {} });
    const departmentOfUser0 = tenant.users[0]!.department_id!;
    const req = { file, entitlementId: `department:${departmentOfUser0}:member`, principalType: "user" };
    traffic.clear();
    const err = await rejection(grantEntitlement(ziphq, config, { ...req, principalId: userId(4) }));
    expect(err?.code).toBe(Code.FailedPrecondition);
    expect(err?.message).toBe(
      "Zip cannot grant entitlements of department: departments are managed by Zip's HR sync",
    );
    expect(err?.hint).toBe("change the user's department in the HR system Zip syncs with");
    const revoked = await rejection(
      revokeGrant(ziphq, config, { file, grantId: `${req.entitlementId}:user:${userId(0)}` }).catch((e) =>
        Promise.reject(e),
      ),
    );
    expect(revoked?.code).toBe(Code.FailedPrecondition);
    expect(traffic.requests).toEqual([]);
  });
});

describe("accounts", () => {
  const info = (email: string, profile: Record<string, string> = {}, login = email) =>
    create(AccountInfoSchema, { emails: email ? [{ address: email, isPrimary: true }] : [], login, profile });
  const credentials = {} as Parameters<NonNullable<typeof user.createAccount>>[0]["credentials"];
  const names = { first_name: "Nia", last_name: "Osei" };

  it("creates a user from the email and the profile's first and last name", async () => {
    const h = await harness();
    const outcome = await user.createAccount!({
      ...h.ctx,
      info: info("nia.osei@acme.test", names),
      credentials,
    });
    expect(outcome.status).toBe("created");
    const created = h.tenant.users.find((u) => u.email === "nia.osei@acme.test")!;
    expect(created).toMatchObject({ first_name: "Nia", last_name: "Osei", role_ids: [], is_active: true });
    expect(outcome.status === "created" && outcome.resource.id?.resource).toBe(created.id);
    expect(outcome.status === "created" && outcome.resource.displayName).toBe("Nia Osei");
  });

  it("reports a user with that email (in any case) as already existing, without a POST", async () => {
    const h = await harness();
    const existing = h.tenant.users[21]!;
    traffic.clear();
    const again = await user.createAccount!({
      ...h.ctx,
      info: info(existing.email.toUpperCase(), names),
      credentials,
    });
    expect(again.status).toBe("already-exists");
    expect(again.status === "already-exists" && again.resource.id?.resource).toBe(existing.id);
    expect(traffic.count("POST", "/users")).toBe(0);
  });

  it("needs an email and both names, and says which flag to pass", async () => {
    const h = await harness();
    const noEmail = await rejection(
      user.createAccount!({ ...h.ctx, info: info("", names, "nia"), credentials }),
    );
    expect(noEmail?.code).toBe(Code.InvalidArgument);
    expect(noEmail?.hint).toBe("pass --create-account-email");
    const noNames = await rejection(
      user.createAccount!({ ...h.ctx, info: info("nia.osei@acme.test", { first_name: "Nia" }), credentials }),
    );
    expect(noNames?.message).toBe("creating a Zip user needs a first and a last name");
    expect(noNames?.hint).toMatch(/--create-account-profile/);
    expect(traffic.count("POST", "/users")).toBe(0);
  });

  it("takes the email from --create-account-login when no email is given, and warns about a login it cannot use", async () => {
    const h = await harness();
    const fromLogin = await user.createAccount!({
      ...h.ctx,
      info: info("", names, "nia@acme.test"),
      credentials,
    });
    expect(fromLogin.status).toBe("created");
    await user.createAccount!({ ...h.ctx, info: info("bo@acme.test", names, "bo"), credentials });
    expect(h.log.find(/sign in with their email/)).toBeDefined();
  });

  it("finds the new user by email when Zip's answer to the POST is not a user record", async () => {
    const h = await harness();
    network.use(
      http.post("*/users", async ({ request }) => {
        const { data } = (await request.json()) as {
          data: { email: string; first_name: string; last_name: string };
        };
        h.tenant.users.push({
          ...generateTenant().users[0]!,
          id: "new-user-1",
          email: data.email,
          first_name: data.first_name,
          last_name: data.last_name,
        });
        return HttpResponse.json({ success: true }, { status: 201 });
      }),
    );
    const outcome = await user.createAccount!({ ...h.ctx, info: info("kai@acme.test", names), credentials });
    expect(outcome.status === "created" && outcome.resource.id?.resource).toBe("new-user-1");
  });

  it("deletes a user, and reports one already deleted as gone", async () => {
    const h = await harness();
    const id = ref("user", userId(21));
    expect(await user.deleteResource!({ ...h.ctx, id })).toBe("deleted");
    expect(h.tenant.users.some((u) => u.id === userId(21))).toBe(false);
    expect(await user.deleteResource!({ ...h.ctx, id })).toBe("already-gone");
    expect(traffic.count("DELETE", "/users/:id")).toBe(2);
  });

  it("refuses an id that cannot be a Zip id before any request", async () => {
    const h = await harness();
    const err = await rejection(user.deleteResource!({ ...h.ctx, id: ref("user", "../roles") }));
    expect(err?.code).toBe(Code.InvalidArgument);
    expect(traffic.requests).toEqual([]);
  });
});
