import { UserTrait_AccountType, UserTrait_Status_Status, UserTraitSchema } from "@baton/sdk/proto";
import { drain } from "@baton/testing";
import { anyUnpack, timestampDate } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { user } from "../src/resources/user.js";
import { harness } from "./harness.js";
import { traffic, useNetwork } from "./msw/network.js";
import { departmentId, userId } from "./msw/tenant.js";

useNetwork();

const traitOf = (r: { annotations: Parameters<typeof anyUnpack>[0][] }) => {
  const trait = r.annotations.map((a) => anyUnpack(a, UserTraitSchema)).find(Boolean);
  if (!trait) throw new Error("no user trait");
  return trait;
};

describe("user list", () => {
  it("pages through every user, 100 at a time, sending only page_size and page_token", async () => {
    const h = await harness();
    const { items, pages } = await drain((cursor) => user.list({ ...h.ctx, cursor }));
    expect(pages).toBe(4);
    expect(items.map((r) => r.id?.resource)).toEqual(h.tenant.users.map((u) => u.id));
    const queries = traffic.requests.map((r) => [...r.url.searchParams.keys()].join(","));
    expect(queries).toEqual([
      "page_size",
      "page_size,page_token",
      "page_size,page_token",
      "page_size,page_token",
    ]);
    expect(traffic.requests.every((r) => r.url.searchParams.get("page_size") === "100")).toBe(true);
  });

  it("carries email, login, names, status, creation time and the department", async () => {
    const h = await harness();
    const { items } = await drain((cursor) => user.list({ ...h.ctx, cursor }));
    const source = h.tenant.users[21]!;
    const r = items.find((i) => i.id?.resource === source.id)!;
    const trait = traitOf(r);
    expect(r.displayName).toBe(`${source.first_name} ${source.last_name}`);
    expect(trait.emails).toEqual([expect.objectContaining({ address: source.email, isPrimary: true })]);
    expect(trait.login).toBe(source.email);
    expect(trait.structuredName).toMatchObject({
      givenName: source.first_name,
      familyName: source.last_name,
    });
    expect(trait.status?.status).toBe(UserTrait_Status_Status.ENABLED);
    expect(trait.accountType).toBe(UserTrait_AccountType.HUMAN);
    expect(timestampDate(trait.createdAt!).getTime()).toBe(source.created_at * 1000);
    expect(r.profile).toEqual({
      email: source.email,
      first_name: source.first_name,
      last_name: source.last_name,
      department_id: departmentId(21 % 102),
      department_name: "Cost center 021",
    });
  });

  it("gives deactivated users the disabled status, and a user with no name their email", async () => {
    const h = await harness();
    const { items } = await drain((cursor) => user.list({ ...h.ctx, cursor }));
    const byId = (i: number) => items.find((r) => r.id?.resource === userId(i))!;
    expect(traitOf(byId(24)).status).toMatchObject({
      status: UserTrait_Status_Status.DISABLED,
      details: "deactivated",
    });
    expect(byId(13).displayName).toBe(h.tenant.users[13]!.email);
    expect(traitOf(byId(13)).structuredName).toBeUndefined();
  });

  it("reads one user by id for targeted syncs, and nothing for an unknown one", async () => {
    const h = await harness();
    const found = await user.get!({ ...h.ctx, id: { resourceType: "user", resource: userId(5) } as never });
    expect(found?.id?.resource).toBe(userId(5));
    const missing = await user.get!({
      ...h.ctx,
      id: { resourceType: "user", resource: "no-such-user" } as never,
    });
    expect(missing).toBeUndefined();
  });
});
