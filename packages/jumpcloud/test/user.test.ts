import type { Resource } from "@baton/sdk";
import { UserTrait_Status_Status, UserTraitSchema } from "@baton/sdk/proto";
import { drain } from "@baton/testing";
import { anyUnpack } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { user } from "../src/resources/user.js";
import { type Harness, harness } from "./harness.js";
import { traffic, useNetwork } from "./msw/network.js";
import { ADMINS, adminId, MISSING_MANAGER, USERS, userId } from "./msw/tenant.js";

useNetwork();

const trait = (r: Resource) => anyUnpack(r.annotations[0]!, UserTraitSchema)!;
const status = (r: Resource) => {
  const s = trait(r).status!;
  return [UserTrait_Status_Status[s.status], s.details];
};

async function users(h: Harness) {
  const { items, pages } = await drain((cursor) => user.list({ ...h.ctx, cursor }));
  const byId = new Map(items.map((r) => [r.id!.resource, r]));
  return { items, pages, get: (id: string) => byId.get(id)! };
}

describe("system users", () => {
  it("are listed 100 at a time, each once, followed by the admin-only administrators", async () => {
    const h = await harness();
    const { items, pages } = await users(h);
    const adminOnly = [
      ADMINS.adminOnly,
      ADMINS.noEmail,
      ADMINS.ambiguous,
      ADMINS.suspended,
      ADMINS.unknownRole,
    ];
    expect(items.map((r) => r.id!.resource)).toEqual([
      ...h.tenant.systemUsers.map((u) => u._id),
      ...adminOnly.map(adminId),
    ]);
    expect(pages).toBe(3 + 2); // three pages of system users, two of administrators
  });

  it("carry the Go connector's display name, emails and profile", async () => {
    const h = await harness();
    const { get } = await users(h);
    const ada = get(userId(12)); // i % 4 == 0, % 6 == 0: job title, employee id; i % 3 == 0: alternate email
    expect(ada.displayName).toBe("Ada Novak");
    expect(trait(ada).emails.map((e) => [e.address, e.isPrimary])).toEqual([
      ["ada.12@acme.test", true],
      ["ada.12@personal.test", false],
    ]);
    expect(trait(ada).login).toBe("ada12");
    expect(trait(ada).profile).toEqual({
      id: userId(12),
      job_title: "",
      username: "ada12",
      employee_id: "E1012",
      employee_type: "full-time",
      manager_id: userId(USERS.manager),
      manager: "bo.1@acme.test",
    });
    // No display name: first and last name; none of those: the username.
    expect(get(userId(14)).displayName).toBe("Chen Larsen");
    expect(get(userId(USERS.nameless)).displayName).toBe("bo13");
    expect(trait(get(userId(USERS.emailless))).emails).toEqual([]);
  });

  it("copy profile fields JumpCloud sends as null or empty as the Go connector does (empty kept, null left out)", async () => {
    const h = await harness();
    const { get } = await users(h);
    const p = trait(get(userId(5))).profile!; // organization "Acme", department null, job title absent
    expect(p.organization).toBe("Acme");
    expect("department" in p).toBe(false);
    expect("job_title" in p).toBe(false);
    expect(trait(get(userId(10))).profile!.department).toBe("R&D");
    expect(trait(get(userId(8))).profile!.job_title).toBe("Engineer");
    expect(trait(get(userId(4))).profile!.job_title).toBe("");
  });

  it("get their status from state, then account_locked, then suspended", async () => {
    const h = await harness();
    const { get } = await users(h);
    expect(status(get(userId(0)))).toEqual(["ENABLED", ""]); // ACTIVATED
    expect(status(get(userId(11)))).toEqual(["DISABLED", "staged"]);
    expect(status(get(userId(12)))).toEqual(["DISABLED", "suspended"]); // state SUSPENDED
    expect(status(get(userId(33)))).toEqual(["ENABLED", ""]); // state ""
    expect(status(get(userId(14)))).toEqual(["ENABLED", ""]); // no state
    expect(status(get(userId(7)))).toEqual(["DISABLED", "locked"]); // account_locked
    expect(status(get(userId(9)))).toEqual(["DISABLED", "suspended"]); // suspended, over ACTIVATED
    expect(status(get(userId(32)))).toEqual(["DISABLED", "locked"]); // locked over SUSPENDED
  });

  it("leave a state JumpCloud added since unspecified, warning once", async () => {
    const h = await harness();
    const { get } = await users(h);
    expect(status(get(userId(15)))).toEqual(["UNSPECIFIED", ""]);
    expect(status(get(userId(25)))).toEqual(["UNSPECIFIED", ""]);
    const warned = h.log.warnings().filter((l) => l.msg.startsWith("unknown JumpCloud user state"));
    expect(warned.map((l) => l.msg)).toEqual([
      'unknown JumpCloud user state "PENDING_REVIEW": those users\' status is left unspecified',
    ]);
  });
});

describe("managers", () => {
  it("are looked up once each per sync, however many reports they have", async () => {
    const h = await harness();
    const { get } = await users(h);
    expect(traffic.count("GET", "/api/systemusers/:id")).toBe(3); // 1, 160 and the missing one
    expect(trait(get(userId(61))).profile!.manager).toBe("eli.160@acme.test");
    expect(trait(get(userId(90))).profile!.manager_id).toBe(userId(USERS.lateManager));
  });

  it("who do not exist leave the manager's email out, with a warning, and the list goes on", async () => {
    const h = await harness();
    const { get } = await users(h);
    const p = trait(get(userId(USERS.orphan))).profile!;
    expect(p.manager_id).toBe(MISSING_MANAGER);
    expect("manager" in p).toBe(false);
    expect(h.log.find(/manager not found/)?.fields).toEqual({ managerId: MISSING_MANAGER });
  });
});

describe("administrators", () => {
  it("matching one system user by email are that user, not listed again", async () => {
    const h = await harness();
    const { get } = await users(h);
    expect(get(adminId(0))).toBeUndefined();
    expect(get(userId(0))).toBeDefined();
  });

  it("matching none, two, or without an email are users under their administrator id", async () => {
    const h = await harness();
    const { get } = await users(h);
    const only = get(adminId(ADMINS.adminOnly));
    expect(only.displayName).toBe("IT Admin 100");
    expect(trait(only).emails.map((e) => e.address)).toEqual(["it-admin.100@acme.test"]);
    expect(trait(only).profile).toEqual({ id: adminId(ADMINS.adminOnly), organization: h.tenant.orgId });
    expect(status(only)).toEqual(["ENABLED", ""]);
    expect(status(get(adminId(ADMINS.suspended)))).toEqual(["DISABLED", ""]);
    expect(trait(get(adminId(ADMINS.noEmail))).emails).toEqual([]);
    expect(get(adminId(ADMINS.ambiguous))).toBeDefined();
    expect(h.log.warnings().map((l) => [l.msg, l.fields.admin])).toEqual(
      expect.arrayContaining([
        ["administrator without an email: listed as a user of its own", adminId(ADMINS.noEmail)],
        [
          "administrator's email belongs to several system users: listed as a user of its own",
          adminId(ADMINS.ambiguous),
        ],
      ]),
    );
  });

  it("are looked up by email once each", async () => {
    const h = await harness();
    await users(h);
    await users(h);
    const lookups = traffic
      .matching("GET", "/api/systemusers")
      .filter((r) => r.url.searchParams.has("filter"));
    expect(lookups).toHaveLength(h.tenant.admins.length - 1); // all but the one without an email
    expect(lookups[0]!.url.searchParams.get("filter")).toBe(`email:$eq:${h.tenant.admins[0]!.email}`);
  });
});
