import { BatonError, Code, entitlement, grant, type Resource } from "@baton/sdk";
import { describe, expect, it } from "vitest";
import { group } from "../src/resources/group.js";
import { vault } from "../src/resources/vault.js";
import { syncedTenant } from "./helpers.js";

type Synced = Awaited<ReturnType<typeof syncedTenant>>;

const writes = (s: Synced) =>
  s.fake
    .calls()
    .filter((c) => ["grant", "revoke"].includes(c.argv[2] ?? ""))
    .map((c) => c.argv.join(" "));
const permissionsArg = (s: Synced) => new Set(s.fake.calls().at(-1)!.argv.at(-2)!.split(","));

function groupGrant(s: Synced, groupId: string, slug: string, principal: Resource) {
  const g = s.groups.get(groupId)!;
  return group.grant!({ ...s.ctx, entitlement: entitlement(g, slug), principal });
}
function groupRevoke(s: Synced, groupId: string, slug: string, userId: string) {
  return group.revoke!({
    ...s.ctx,
    grant: grant(s.groups.get(groupId)!, slug, { type: "user", id: userId }),
  });
}
function vaultGrant(s: Synced, vaultId: string, slug: string, principal: Resource) {
  return vault.grant!({ ...s.ctx, entitlement: entitlement(s.vaults.get(vaultId)!, slug), principal });
}
function vaultRevoke(s: Synced, vaultId: string, slug: string, principal: { type: string; id: string }) {
  return vault.revoke!({ ...s.ctx, grant: grant(s.vaults.get(vaultId)!, slug, principal) });
}
const membersOf = (s: Synced, groupId: string) =>
  s.fake.state().groups.find((g: { id: string }) => g.id === groupId).members;
const accessOf = (s: Synced, vaultId: string, kind: "users" | "groups", id: string) =>
  s.fake
    .state()
    .vaults.find((v: { id: string }) => v.id === vaultId)
    [kind].find((a: { id: string }) => a.id === id)?.permissions;

describe("group provisioning", () => {
  it("adds a member, once", async () => {
    const s = await syncedTenant("business");
    expect(await groupGrant(s, "GENG", "member", s.users.get("UDAN")!)).toBe("granted");
    expect(await groupGrant(s, "GENG", "member", s.users.get("UDAN")!)).toBe("already-exists");
    expect(writes(s)).toEqual(["group user grant --group GENG --role member --user UDAN --format=json"]);
    expect(membersOf(s, "GENG")).toContainEqual({ id: "UDAN", role: "MEMBER" });
  });

  it("makes a non-member a member first, then a manager", async () => {
    const s = await syncedTenant("business");
    expect(await groupGrant(s, "GENG", "manager", s.users.get("UEVE")!)).toBe("granted");
    expect(writes(s)).toEqual([
      "group user grant --group GENG --role member --user UEVE --format=json",
      "group user grant --group GENG --role manager --user UEVE --format=json",
    ]);
    expect(membersOf(s, "GENG")).toContainEqual({ id: "UEVE", role: "MANAGER" });
  });

  it("promotes a member with one command; a manager already is one", async () => {
    const s = await syncedTenant("business");
    expect(await groupGrant(s, "GENG", "manager", s.users.get("UBOB")!)).toBe("granted");
    expect(await groupGrant(s, "GENG", "manager", s.users.get("UANN")!)).toBe("already-exists");
    expect(await groupGrant(s, "GENG", "member", s.users.get("UANN")!)).toBe("already-exists");
    expect(writes(s)).toEqual(["group user grant --group GENG --role manager --user UBOB --format=json"]);
  });

  it("removes a member, once", async () => {
    const s = await syncedTenant("business");
    expect(await groupRevoke(s, "GENG", "member", "UBOB")).toBe("revoked");
    expect(await groupRevoke(s, "GENG", "member", "UBOB")).toBe("already-revoked");
    expect(await groupRevoke(s, "GENG", "manager", "UCARA")).toBe("already-revoked");
    expect(writes(s)).toEqual(["group user revoke --group GENG --user UBOB --format=json"]);
  });

  it("accepts only user principals", async () => {
    const s = await syncedTenant("business");
    const e = await groupGrant(s, "GENG", "member", s.groups.get("GOPS")!).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(BatonError);
    expect((e as BatonError).code).toBe(Code.InvalidArgument);
    expect((e as BatonError).message).toBe(
      "only user principals can be granted group membership (got group)",
    );
    expect(writes(s)).toEqual([]);
  });
});

describe("vault provisioning", () => {
  it("grants a permission with what it requires", async () => {
    const s = await syncedTenant("business");
    expect(await vaultGrant(s, "VENG", "edit items", s.users.get("UBOB")!)).toBe("granted");
    expect(writes(s)).toEqual([
      "vault user grant --vault VENG --user UBOB --permissions view_items,view_and_copy_passwords,edit_items --format=json",
    ]);
    expect(new Set(accessOf(s, "VENG", "users", "UBOB"))).toEqual(
      new Set(["view_items", "view_and_copy_passwords", "edit_items"]),
    );
  });

  it("grants member to a group as every permission but manage vault", async () => {
    const s = await syncedTenant("business");
    expect(await vaultGrant(s, "VENG", "member", s.groups.get("GOPS")!)).toBe("granted");
    expect(writes(s)[0]).toMatch(/^vault group grant --vault VENG --group GOPS --permissions /);
    expect(permissionsArg(s)).toEqual(
      new Set([
        "view_items",
        "create_items",
        "edit_items",
        "archive_items",
        "delete_items",
        "view_and_copy_passwords",
        "view_item_history",
        "import_items",
        "export_items",
        "copy_and_share_items",
        "print_items",
      ]),
    );
  });

  it("answers already-exists for access the principal has", async () => {
    const s = await syncedTenant("business");
    expect(await vaultGrant(s, "VENG", "view items", s.users.get("UBOB")!)).toBe("already-exists");
    expect(await vaultGrant(s, "VENG", "member", s.users.get("UEVE")!)).toBe("already-exists");
    expect(await vaultGrant(s, "VENG", "create items", s.groups.get("GENG")!)).toBe("already-exists");
    expect(writes(s)).toEqual([]);
  });

  it("revokes a permission with everything that requires it", async () => {
    const s = await syncedTenant("business");
    expect(await vaultRevoke(s, "VENG", "create items", { type: "group", id: "GENG" })).toBe("revoked");
    expect(writes(s)[0]).toMatch(/^vault group revoke --vault VENG --group GENG --permissions /);
    expect(permissionsArg(s)).toEqual(new Set(["create_items", "import_items"]));
    expect(accessOf(s, "VENG", "groups", "GENG")).toEqual(["view_items", "view_and_copy_passwords"]);
  });

  it("revokes member as every permission, and answers already-revoked afterwards", async () => {
    const s = await syncedTenant("business");
    expect(await vaultRevoke(s, "VOPS", "member", { type: "user", id: "UDAN" })).toBe("revoked");
    expect(permissionsArg(s).size).toBe(12);
    expect(accessOf(s, "VOPS", "users", "UDAN")).toBeUndefined();
    expect(await vaultRevoke(s, "VOPS", "member", { type: "user", id: "UDAN" })).toBe("already-revoked");
    expect(await vaultRevoke(s, "VOPS", "view items", { type: "user", id: "UDAN" })).toBe("already-revoked");
    expect(await vaultRevoke(s, "VENG", "edit items", { type: "user", id: "UBOB" })).toBe("already-revoked");
    expect(writes(s)).toHaveLength(1);
  });

  it("uses the basic permissions on a TEAMS account and refuses business ones", async () => {
    const s = await syncedTenant("teams");
    expect(await vaultGrant(s, "TVSHARED", "allow editing", s.users.get("TPAT")!)).toBe("granted");
    expect(writes(s)).toEqual([
      "vault user grant --vault TVSHARED --user TPAT --permissions allow_viewing,allow_editing --format=json",
    ]);
    const e = await vaultGrant(s, "TVSHARED", "view items", s.users.get("TPAT")!).catch(
      (err: unknown) => err,
    );
    expect((e as BatonError).message).toBe('unknown vault permission "view_items" for a TEAM account');
    expect(await vaultRevoke(s, "TVSHARED", "allow viewing", { type: "user", id: "TQUI" })).toBe("revoked");
    expect(permissionsArg(s)).toEqual(new Set(["allow_viewing", "allow_editing"]));
  });

  it("accepts only user and group principals", async () => {
    const s = await syncedTenant("business");
    const e = await vaultRevoke(s, "VENG", "member", { type: "vault", id: "VOPS" }).catch(
      (err: unknown) => err,
    );
    expect((e as BatonError).message).toBe(
      "only user or group principals can have vault access revoked (got vault)",
    );
  });
});
