import { UserTrait_AccountType, UserTrait_Status_Status, UserTraitSchema } from "@baton/sdk/proto";
import { drain } from "@baton/testing";
import { anyUnpack, timestampDate } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { teamMember } from "../src/resources/team-member.js";
import { harness } from "./harness.js";
import { useNetwork } from "./msw/network.js";
import { USER_BASE } from "./msw/tenant.js";

useNetwork();

const traitOf = (r: Parameters<typeof anyUnpack>[0][]) => {
  const trait = r.map((a) => anyUnpack(a, UserTraitSchema)).find(Boolean);
  if (!trait) throw new Error("no user trait");
  return trait;
};

describe("team_member list", () => {
  it("pages through every agent and admin and leaves end-users out", async () => {
    const h = await harness();
    const { items, pages } = await drain((cursor) => teamMember.list({ ...h.ctx, cursor }));
    const team = h.tenant.users.filter((u) => u.role !== "end-user");
    expect(pages).toBe(3);
    expect(items.map((r) => r.id?.resource).sort()).toEqual(team.map((u) => String(u.id)).sort());
    expect(new Set(items.map((r) => r.id?.resourceType))).toEqual(new Set(["team_member"]));
  });

  it("carries email, login, names, status, times and account type", async () => {
    const h = await harness();
    const { items } = await drain((cursor) => teamMember.list({ ...h.ctx, cursor }));
    const source = h.tenant.users.find((u) => u.id === USER_BASE + 21)!;
    const r = items.find((i) => i.id?.resource === String(source.id))!;
    const trait = traitOf(r.annotations);
    expect(r.displayName).toBe(source.name);
    expect(trait.emails).toEqual([expect.objectContaining({ address: source.email, isPrimary: true })]);
    expect(trait.login).toBe(source.email);
    expect(trait.structuredName).toMatchObject({
      givenName: source.name.split(" ")[0],
      familyName: source.name.split(" ").slice(1).join(" "),
    });
    expect(trait.status?.status).toBe(UserTrait_Status_Status.ENABLED);
    expect(trait.accountType).toBe(UserTrait_AccountType.HUMAN);
    expect(timestampDate(trait.createdAt!).toISOString()).toBe(new Date(source.created_at).toISOString());
    expect(timestampDate(trait.lastLogin!).toISOString()).toBe(new Date(source.last_login_at!).toISOString());
  });

  it("includes suspended and deleted team members as disabled", async () => {
    const h = await harness();
    const { items } = await drain((cursor) => teamMember.list({ ...h.ctx, cursor }));
    const status = (id: number) =>
      traitOf(items.find((i) => i.id?.resource === String(id))!.annotations).status;
    const suspendedAgent = USER_BASE + 101;
    const suspendedAdmin = USER_BASE + 380;
    const deletedAgent = USER_BASE + 103;
    expect(status(suspendedAgent)).toMatchObject({
      status: UserTrait_Status_Status.DISABLED,
      details: "suspended",
    });
    expect(status(suspendedAdmin)).toMatchObject({
      status: UserTrait_Status_Status.DISABLED,
      details: "suspended",
    });
    expect(status(deletedAgent)).toMatchObject({
      status: UserTrait_Status_Status.DISABLED,
      details: "deleted",
    });
  });

  it("gives a one-word name as the given name only, and no last login when there was none", async () => {
    const h = await harness();
    const { items } = await drain((cursor) => teamMember.list({ ...h.ctx, cursor }));
    const cher = traitOf(items.find((i) => i.id?.resource === String(USER_BASE + 7))!.annotations);
    expect(cher.structuredName).toMatchObject({ givenName: "Cher", familyName: "" });
    const neverLoggedIn = traitOf(items.find((i) => i.id?.resource === String(USER_BASE + 2))!.annotations);
    expect(neverLoggedIn.lastLogin).toBeUndefined();
  });
});
