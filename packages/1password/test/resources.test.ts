import { annotation, ref } from "@baton/sdk";
import {
  ChildResourceTypeSchema,
  Entitlement_PurposeValue,
  GrantExpandableSchema,
  Status_ResourceStatus,
  UserTraitSchema,
} from "@baton/sdk/proto";
import { describe, expect, it } from "vitest";
import { onePassword } from "../src/index.js";
import { account } from "../src/resources/account.js";
import { group } from "../src/resources/group.js";
import { user } from "../src/resources/user.js";
import { vault } from "../src/resources/vault.js";
import { FakeOp, harnessFor, items, type TenantName } from "./helpers.js";

async function setup(name: TenantName, extra: Record<string, unknown> = {}) {
  const fake = new FakeOp(name);
  const { ctx } = await harnessFor(fake, { ...fake.userConfig(), ...extra });
  return { fake, ctx };
}

async function listed(ctx: Awaited<ReturnType<typeof setup>>["ctx"]) {
  const [acct] = items(await account.list({ ...ctx }));
  const parent = acct!.id!;
  const all = async (t: typeof user) => items(await t.list({ ...ctx, parent }));
  return { account: acct!, users: await all(user), groups: await all(group), vaults: await all(vault) };
}

const ids = (xs: { id: string }[]) => xs.map((x) => x.id).sort();
const expandable = (groupId: string) =>
  annotation(GrantExpandableSchema, {
    entitlementIds: [`group:${groupId}:member`],
    shallow: true,
    resourceTypeIds: ["user"],
  });

describe("validate", () => {
  it("proves the sign-in works and names the account, for the SDK's resume checks", async () => {
    const { ctx, fake } = await setup("business");
    await expect(onePassword.validate!(ctx)).resolves.toEqual({ accountId: "ACCACME000000000000000000A" });
    expect(fake.callsOf("whoami")).toHaveLength(1);
  });
});

describe("resource types, on the BUSINESS tenant", () => {
  it("declares the Go connector's types in its sync order", () => {
    expect(onePassword.resourceTypes.map((t) => t.id)).toEqual(["user", "group", "account", "vault"]);
    expect(user.skipEntitlementsAndGrants).toBe(true);
    expect(onePassword.name).toBe("1password");
  });

  it("lists one account, parent of groups, users and vaults; children list nothing without it", async () => {
    const { ctx } = await setup("business");
    const { account: a } = await listed(ctx);
    expect(a.id).toMatchObject({ resourceType: "account", resource: "ACCACME000000000000000000A" });
    expect(a.displayName).toBe("Acme");
    expect(a.annotations).toEqual(
      ["group", "user", "vault"].map((id) => annotation(ChildResourceTypeSchema, { resourceTypeId: id })),
    );
    expect(await user.list({ ...ctx })).toEqual([]);
    expect(await vault.list({ ...ctx })).toEqual([]);
    expect(await account.list({ ...ctx, parent: a.id! })).toEqual([]);
  });

  it("maps users: ids, names, emails, status from state, service accounts", async () => {
    const { ctx } = await setup("business");
    const { users, account: a } = await listed(ctx);
    expect(users).toHaveLength(10);
    const byId = new Map(users.map((u) => [u.id!.resource, u]));
    const status = (id: string) => [byId.get(id)!.status?.status, byId.get(id)!.status?.details];
    expect(status("UANN")).toEqual([Status_ResourceStatus.ENABLED, "ACTIVE"]);
    expect(status("UCARA")).toEqual([Status_ResourceStatus.ENABLED, "RECOVERY_STARTED"]);
    for (const id of ["UDAN", "UEVE", "UFAY"]) expect(status(id)[0]).toBe(Status_ResourceStatus.DISABLED);
    expect(status("UGUS")).toEqual([Status_ResourceStatus.DISABLED, "TRANSFER_PENDING"]);
    expect(status("UHAL")).toEqual([Status_ResourceStatus.DISABLED, "PENDING"]);

    const bob = byId.get("UBOB")!;
    expect(bob.parentResourceId).toEqual(a.id);
    expect(bob.displayName).toBe("Bob van Stone");
    expect(bob.profile).toEqual({
      first_name: "Bob",
      last_name: "van Stone",
      login: "bob@acme.test",
      user_id: "UBOB",
    });
    expect(byId.get("UHAL")!.displayName).toBe("hal@acme.test");

    const bot = byId.get("UBOT")!;
    const trait = (active: "service" | "human") =>
      annotation(UserTraitSchema, {
        emails: [{ address: "bot@acme.test", isPrimary: true }],
        status: { status: 1, details: "ACTIVE" },
        profile: { first_name: "Sync", last_name: "Bot", login: "bot@acme.test", user_id: "UBOT" },
        accountType: active === "service" ? 2 : 1,
        login: "bot@acme.test",
        structuredName: { givenName: "Sync", familyName: "Bot" },
      });
    expect(bot.annotations[0]).toEqual(trait("service"));
    expect(bot.annotations[0]).not.toEqual(trait("human"));
  });

  it("maps groups, with member and manager grants from the role", async () => {
    const { ctx } = await setup("business");
    const { groups } = await listed(ctx);
    expect(ids(groups.map((g) => ({ id: g.id!.resource })))).toEqual(["GEMPTY", "GENG", "GOPS", "GOWN"]);
    const eng = groups.find((g) => g.id!.resource === "GENG")!;
    expect(eng.profile).toEqual({ group_name: "Engineering", group_id: "GENG" });

    const ents = items(await group.entitlements!({ ...ctx, resource: eng }));
    expect(ents.map((e) => [e.id, e.purpose, e.displayName, e.description])).toEqual([
      [
        "group:GENG:member",
        Entitlement_PurposeValue.ASSIGNMENT,
        "Engineering group member",
        "1Password Engineering group",
      ],
      [
        "group:GENG:manager",
        Entitlement_PurposeValue.PERMISSION,
        "Engineering group manager",
        "1Password Engineering group",
      ],
    ]);
    const grants = items(await group.grants!({ ...ctx, resource: eng }));
    expect(ids(grants)).toEqual([
      "group:GENG:manager:user:UANN",
      "group:GENG:member:user:UANN",
      "group:GENG:member:user:UBOB",
      "group:GENG:member:user:UCARA",
    ]);
  });

  it("gives every user the account member entitlement", async () => {
    const { ctx } = await setup("business");
    const { account: a } = await listed(ctx);
    const grants = items(await account.grants!({ ...ctx, resource: a }));
    expect(grants).toHaveLength(10);
    expect(grants[0]!.id).toBe("account:ACCACME000000000000000000A:member:user:UADMIN");
  });

  it("gives vaults member plus the 12 business permissions, slugs with spaces", async () => {
    const { ctx } = await setup("business");
    const { vaults } = await listed(ctx);
    expect(vaults.map((v) => v.displayName)).toEqual([
      "Private",
      "Engineering Secrets",
      "Ops Runbooks",
      "Archive",
    ]);
    const ents = items(await vault.entitlements!({ ...ctx, resource: vaults[1]! }));
    expect(ents).toHaveLength(13);
    expect(ents.filter((e) => e.purpose === Entitlement_PurposeValue.PERMISSION)).toHaveLength(12);
    expect(ents.map((e) => e.id)).toContain("vault:VENG:view and copy passwords");
    expect(ents[0]).toMatchObject({ id: "vault:VENG:member", purpose: Entitlement_PurposeValue.ASSIGNMENT });
  });

  it("grants vault access to groups (expandable to their members) and to users", async () => {
    const { ctx } = await setup("business");
    const { vaults } = await listed(ctx);
    const grants = items(await vault.grants!({ ...ctx, resource: vaults[1]! }));
    expect(ids(grants)).toEqual([
      "vault:VENG:create items:group:GENG",
      "vault:VENG:member:group:GENG",
      "vault:VENG:member:user:UBOB",
      "vault:VENG:member:user:UEVE",
      "vault:VENG:view and copy passwords:group:GENG",
      "vault:VENG:view items:group:GENG",
      "vault:VENG:view items:user:UBOB",
    ]);
    for (const g of grants) {
      if (g.principal?.id?.resourceType === "group") expect(g.annotations).toEqual([expandable("GENG")]);
      else expect(g.annotations).toEqual([]);
    }
    expect(grants.find((g) => g.id === "vault:VENG:view items:user:UBOB")!.principal!.id).toEqual(
      ref("user", "UBOB"),
    );
  });
});

describe("resource types, on the TEAMS tenant", () => {
  it("gives vaults member plus the 3 basic permissions", async () => {
    const { ctx } = await setup("teams");
    const { vaults } = await listed(ctx);
    const ents = items(await vault.entitlements!({ ...ctx, resource: vaults[0]! }));
    expect(ents.map((e) => e.id)).toEqual([
      "vault:TVSHARED:member",
      "vault:TVSHARED:allow viewing",
      "vault:TVSHARED:allow editing",
      "vault:TVSHARED:allow managing",
    ]);
    const grants = items(await vault.grants!({ ...ctx, resource: vaults[0]! }));
    expect(ids(grants)).toEqual([
      "vault:TVSHARED:allow editing:group:TGSTAFF",
      "vault:TVSHARED:allow editing:user:TOWNER",
      "vault:TVSHARED:allow managing:user:TOWNER",
      "vault:TVSHARED:allow viewing:group:TGSTAFF",
      "vault:TVSHARED:allow viewing:user:TOWNER",
      "vault:TVSHARED:allow viewing:user:TQUI",
      "vault:TVSHARED:member:group:TGSTAFF",
      "vault:TVSHARED:member:user:TOWNER",
      "vault:TVSHARED:member:user:TQUI",
    ]);
  });
});

describe("--limit-vault-permissions", () => {
  it("keeps only the listed vault entitlements and grants", async () => {
    const { ctx } = await setup("business", { limitVaultPermissions: ["member,view_items"] });
    const { vaults } = await listed(ctx);
    const ents = items(await vault.entitlements!({ ...ctx, resource: vaults[2]! }));
    expect(ids(ents)).toEqual(["vault:VOPS:member", "vault:VOPS:view items"]);
    const grants = items(await vault.grants!({ ...ctx, resource: vaults[2]! }));
    expect(ids(grants)).toEqual([
      "vault:VOPS:member:group:GOPS",
      "vault:VOPS:member:group:GOWN",
      "vault:VOPS:member:user:UDAN",
      "vault:VOPS:view items:group:GOPS",
      "vault:VOPS:view items:user:UDAN",
    ]);
  });

  it("drops member too when it is not listed (space-separated, as from the env var)", async () => {
    const { ctx } = await setup("business", { limitVaultPermissions: ["manage_vault view_items"] });
    const { vaults } = await listed(ctx);
    const ents = items(await vault.entitlements!({ ...ctx, resource: vaults[2]! }));
    expect(ids(ents)).toEqual(["vault:VOPS:manage vault", "vault:VOPS:view items"]);
    const grants = items(await vault.grants!({ ...ctx, resource: vaults[2]! }));
    expect(ids(grants)).toEqual([
      "vault:VOPS:manage vault:group:GOPS",
      "vault:VOPS:manage vault:group:GOWN",
      "vault:VOPS:manage vault:user:UDAN",
      "vault:VOPS:view items:group:GOPS",
      "vault:VOPS:view items:user:UDAN",
    ]);
  });
});
