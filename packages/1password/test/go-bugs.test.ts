// One test per behaviour of the Go connector baton-1password that this connector fixes
// (the README lists them).
import { entitlement, grant } from "@baton/sdk";
import { recordingLogger } from "@baton/testing";
import { describe, expect, it } from "vitest";
import { group } from "../src/resources/group.js";
import { vault } from "../src/resources/vault.js";
import { clientFor, FakeOp, items, syncedTenant } from "./helpers.js";

const lastWrite = (s: Awaited<ReturnType<typeof syncedTenant>>) =>
  s.fake
    .calls()
    .filter((c) => ["grant", "revoke"].includes(c.argv[2] ?? ""))
    .at(-1)?.argv;

describe("fixed: behaviour of the Go connector", () => {
  it("grants vault access to a group with `op vault group grant` and the group id, not `vault user grant` and its name", async () => {
    const s = await syncedTenant("business");
    const ops = s.groups.get("GOPS")!;
    expect(ops.displayName).toBe("Operations");
    await vault.grant!({
      ...s.ctx,
      entitlement: entitlement(s.vaults.get("VENG")!, "view items"),
      principal: ops,
    });
    const argv = lastWrite(s)!;
    expect(argv.slice(0, 7)).toEqual(["vault", "group", "grant", "--vault", "VENG", "--group", "GOPS"]);
    expect(argv).not.toContain("Operations");
  });

  it("passes user principals to vault commands by id, not display name", async () => {
    const s = await syncedTenant("business");
    const ann = s.users.get("UANN")!;
    expect(ann.displayName).toBe("Ann Lee");
    expect(
      await vault.grant!({
        ...s.ctx,
        entitlement: entitlement(s.vaults.get("VENG")!, "member"),
        principal: ann,
      }),
    ).toBe("granted");
    expect(lastWrite(s)!.slice(0, 7)).toEqual([
      "vault",
      "user",
      "grant",
      "--vault",
      "VENG",
      "--user",
      "UANN",
    ]);
    await vault.revoke!({ ...s.ctx, grant: grant(s.vaults.get("VENG")!, "member", ann) });
    expect(lastWrite(s)!.slice(0, 7)).toEqual([
      "vault",
      "user",
      "revoke",
      "--vault",
      "VENG",
      "--user",
      "UANN",
    ]);
  });

  it("demotes a manager to member on revoking manager, instead of removing them from the group", async () => {
    const s = await syncedTenant("business");
    const r = await group.revoke!({
      ...s.ctx,
      grant: grant(s.groups.get("GENG")!, "manager", s.users.get("UANN")!),
    });
    expect(r).toBe("revoked");
    expect(lastWrite(s)).toEqual([
      "group",
      "user",
      "grant",
      "--group",
      "GENG",
      "--role",
      "member",
      "--user",
      "UANN",
      "--format=json",
    ]);
    const eng = s.fake.state().groups.find((g: { id: string }) => g.id === "GENG");
    expect(eng.members).toContainEqual({ id: "UANN", role: "MEMBER" });
  });

  it("names a permission missing from the table in a warning and leaves it out, instead of an entitlement id ending in ':'", async () => {
    const s = await syncedTenant("business");
    const t = s.fake.state();
    t.vaults.find((v: { id: string }) => v.id === "VENG").users[0].permissions.push("teleport_items");
    s.fake.write(t);
    const grants = items(await vault.grants!({ ...s.ctx, resource: s.vaults.get("VENG")! }));
    expect(grants.length).toBeGreaterThan(0);
    expect(grants.filter((g) => g.entitlement?.id.endsWith(":"))).toEqual([]);
    expect(s.log.warnings().map((l) => l.msg)).toEqual([
      'unknown 1Password vault permission "teleport_items": its grants are left out',
    ]);
  });

  it("reads the account type once per sync, not once per vault", async () => {
    const s = await syncedTenant("business");
    for (const v of s.vaults.values()) {
      items(await vault.entitlements!({ ...s.ctx, resource: v }));
      items(await vault.grants!({ ...s.ctx, resource: v }));
    }
    expect(s.vaults.size).toBe(4);
    expect(s.fake.callsOf("account", "get")).toHaveLength(1);
  });

  it("trims the session token op signin prints", async () => {
    const fake = new FakeOp("teams");
    const { client } = clientFor(fake);
    await client.users();
    const env = fake.callsOf("user", "list")[0]!.env;
    expect(Object.values(env).filter((v) => v.startsWith("SMALL-SESSION"))).toEqual([
      "SMALL-SESSION-1",
      "SMALL-SESSION-1",
    ]);
  });

  it("signs in again once when the session expires, then retries the command", async () => {
    const fake = new FakeOp("teams");
    const { client } = clientFor(fake, fake.userConfig(), { env: { FAKE_OP_SESSION_TTL: "1" } });
    await client.users();
    expect(await client.groups()).toHaveLength(1);
    expect(fake.calls().map((c) => c.argv[0])).toEqual([
      "--version",
      "accounts",
      "signin",
      "user",
      "group",
      "accounts",
      "signin",
      "group",
    ]);
  });

  it("answers already-exists and already-revoked instead of running op", async () => {
    const s = await syncedTenant("business");
    const bob = s.users.get("UBOB")!;
    const eng = s.groups.get("GENG")!;
    expect(await group.grant!({ ...s.ctx, entitlement: entitlement(eng, "member"), principal: bob })).toBe(
      "already-exists",
    );
    expect(await group.revoke!({ ...s.ctx, grant: grant(eng, "manager", bob) })).toBe("already-revoked");
    const veng = s.vaults.get("VENG")!;
    expect(
      await vault.grant!({ ...s.ctx, entitlement: entitlement(veng, "view items"), principal: bob }),
    ).toBe("already-exists");
    expect(await vault.revoke!({ ...s.ctx, grant: grant(veng, "manage vault", bob) })).toBe(
      "already-revoked",
    );
    expect(lastWrite(s)).toBeUndefined();
  });

  it("never logs the session token or credentials, even when op fails", async () => {
    const fake = new FakeOp("teams");
    const log = recordingLogger();
    const { client } = clientFor(fake, fake.userConfig(), { env: { FAKE_OP_FAIL: "user list" }, log });
    const e = (await client.users().catch((err: unknown) => err)) as Error;
    const printed = [log.text(), e.message, String(e.stack)].join("\n");
    expect(log.lines.length).toBeGreaterThan(0);
    for (const s of fake.secrets()) expect(printed).not.toContain(s);
  });
});
