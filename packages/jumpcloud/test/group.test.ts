import type { Entitlement } from "@baton/sdk";
import { GroupTraitSchema } from "@baton/sdk/proto";
import { drain } from "@baton/testing";
import { anyUnpack } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { group } from "../src/resources/group.js";
import { type Harness, harness } from "./harness.js";
import { useNetwork } from "./msw/network.js";
import { GROUPS, groupId, userId } from "./msw/tenant.js";

useNetwork();

async function groupNamed(h: Harness, index: number) {
  const { items } = await drain((cursor) => group.list({ ...h.ctx, cursor }));
  return items.find((r) => r.id!.resource === groupId(index))!;
}

describe("groups", () => {
  it("are every user group, with the Go connector's name, description and profile", async () => {
    const h = await harness();
    const { items, pages } = await drain((cursor) => group.list({ ...h.ctx, cursor }));
    expect(items).toHaveLength(h.tenant.groups.length);
    expect(pages).toBe(2);
    const engineering = items[1]!;
    expect(engineering.displayName).toBe("Engineering");
    expect(engineering.description).toBe("");
    expect(anyUnpack(engineering.annotations[0]!, GroupTraitSchema)!.profile).toEqual({
      type: "user_group",
      email: "engineering@acme.test",
    });
    expect(anyUnpack(items[2]!.annotations[0]!, GroupTraitSchema)!.profile!.email).toBe("");
    expect(items[2]!.description).toBe("Design group");
  });

  it("have one entitlement, member, under the Go connector's id group:{id}", async () => {
    const h = await harness();
    const resource = await groupNamed(h, 1);
    const [member, ...more] = (await group.entitlements!({ ...h.ctx, resource })) as Entitlement[];
    expect(more).toEqual([]);
    expect(member).toMatchObject({
      id: `group:${groupId(1)}`,
      slug: "member",
      displayName: "Engineering Group Member",
      description: "Member of Engineering group",
      purpose: 1, // assignment
    });
    expect(member!.grantableTo.map((t) => t.id)).toEqual(["user"]);
  });

  it("grant member to each member under the Go connector's grant id", async () => {
    const h = await harness();
    const resource = await groupNamed(h, GROUPS.everyone);
    const { items } = await drain((cursor) => group.grants!({ ...h.ctx, resource, cursor }));
    const gid = groupId(GROUPS.everyone);
    expect(items).toHaveLength(h.tenant.systemUsers.length);
    expect(items[0]!.id).toBe(`group-grant:${gid}:user:${userId(0)}:${gid}`);
    expect(items[0]!.entitlement!.id).toBe(`group:${gid}`);
    expect(new Set(items.map((g) => g.id)).size).toBe(items.length);
  });

  it("name a group among the members as a group principal, and an empty group has no grants", async () => {
    const h = await harness();
    const nested = await groupNamed(h, GROUPS.nested);
    const { items } = await drain((cursor) => group.grants!({ ...h.ctx, resource: nested, cursor }));
    expect(items.map((g) => g.id)).toEqual([
      `group-grant:${groupId(GROUPS.nested)}:group:${groupId(1)}:${groupId(GROUPS.nested)}`,
    ]);
    const empty = await groupNamed(h, GROUPS.empty);
    expect((await drain((cursor) => group.grants!({ ...h.ctx, resource: empty, cursor }))).items).toEqual([]);
  });

  it("leave out a member of a type JumpCloud added since, with one warning naming the type", async () => {
    const h = await harness();
    const gid = groupId(GROUPS.nested);
    h.tenant.memberships.push(
      { groupId: gid, type: "device", id: "5a0000090000000000000001" },
      { groupId: gid, type: "device", id: "5a0000090000000000000002" },
    );
    const nested = await groupNamed(h, GROUPS.nested);
    const { items } = await drain((cursor) => group.grants!({ ...h.ctx, resource: nested, cursor }));
    expect(items.map((g) => g.principal!.id!.resource)).toEqual([groupId(1)]);
    expect(h.log.warnings().map((l) => l.msg)).toEqual([
      'unknown JumpCloud group member type "device": members of that type are left out',
    ]);
  });
});
