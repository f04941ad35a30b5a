import type { Entitlement, Grant, Resource } from "@baton/sdk";
import { AppTraitSchema, GrantExpandableSchema } from "@baton/sdk/proto";
import { drain } from "@baton/testing";
import { anyUnpack } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { ADMIN_APP_ID, app } from "../src/resources/app.js";
import { type Harness, harness } from "./harness.js";
import { traffic, useNetwork } from "./msw/network.js";
import { ADMINS, APPS, adminId, appId, GROUPS, groupId, userId } from "./msw/tenant.js";

useNetwork();

async function apps(h: Harness) {
  const { items, pages } = await drain((cursor) => app.list({ ...h.ctx, cursor }));
  return { items, pages, get: (id: string) => items.find((r) => r.id!.resource === id)! };
}

async function grantsOf(h: Harness, resource: Resource) {
  const { items, pages } = await drain((cursor) => app.grants!({ ...h.ctx, resource, cursor }));
  return { items, pages, byId: new Map<string, Grant>(items.map((g) => [g.id, g])) };
}

const keptId = (aid: string, type: string, id: string) => `app-grant:${aid}:${type}:${id}:${aid}`;
const sources = (g: Grant | undefined) => Object.keys(g?.sources?.sources ?? {}).sort();

describe("apps", () => {
  it("are the synthetic JumpCloud Administration app, then every SSO application", async () => {
    const h = await harness();
    const { items, pages } = await apps(h);
    expect(pages).toBe(2);
    expect(items).toHaveLength(1 + h.tenant.applications.length);
    expect(items[0]!.id!.resource).toBe("2UjI0eIRo77RGFwi2GKpAa0Til0");
    expect(items[0]!.displayName).toBe("JumpCloud Administration");
    expect(items.filter((r) => r.id!.resource === ADMIN_APP_ID)).toHaveLength(1);
    const slack = items[1]!;
    expect([slack.displayName, slack.description]).toEqual(["Slack", "Slack single sign-on"]);
    const t = anyUnpack(slack.annotations[0]!, AppTraitSchema)!;
    expect([t.helpUrl, t.logo?.id]).toEqual([
      "https://support.acme.test/apps/0",
      "https://cdn.acme.test/logos/0.png",
    ]);
    expect(
      traffic.matching("GET", "/api/applications").every((r) => r.url.searchParams.get("sort") === "_id"),
    ).toBe(true);
  });

  it("have one entitlement, access, with id app:{id}", async () => {
    const h = await harness();
    const { get } = await apps(h);
    const [access] = (await app.entitlements!({
      ...h.ctx,
      resource: get(appId(APPS.github)),
    })) as Entitlement[];
    expect(access).toMatchObject({
      id: `app:${appId(APPS.github)}`,
      slug: "access",
      displayName: "GitHub app access",
      description: "Assigned to GitHub app",
      purpose: 1,
    });
    expect(access!.grantableTo.map((t) => t.id)).toEqual(["user", "group"]);
    const [admin] = (await app.entitlements!({ ...h.ctx, resource: get(ADMIN_APP_ID) })) as Entitlement[];
    expect(admin!.id).toBe(`app:${ADMIN_APP_ID}`);
    expect(admin!.grantableTo.map((t) => t.id)).toEqual(["user"]);
  });
});

describe("app grants", () => {
  it("JumpCloud Administration: every administrator, as the system user standing for them", async () => {
    const h = await harness();
    const { get } = await apps(h);
    const { items, pages, byId } = await grantsOf(h, get(ADMIN_APP_ID));
    expect(pages).toBe(2);
    expect(items).toHaveLength(h.tenant.admins.length);
    expect(byId.has(keptId(ADMIN_APP_ID, "user", userId(0)))).toBe(true);
    expect(byId.has(keptId(ADMIN_APP_ID, "user", adminId(0)))).toBe(false);
    for (const a of [ADMINS.adminOnly, ADMINS.noEmail, ADMINS.ambiguous, ADMINS.unknownRole])
      expect(byId.has(keptId(ADMIN_APP_ID, "user", adminId(a))), String(a)).toBe(true);
  });

  it("one grant per user reached directly and through a group, naming both sources", async () => {
    const h = await harness();
    const { get } = await apps(h);
    const aid = appId(APPS.slack);
    const { items, byId } = await grantsOf(h, get(aid));
    const users = items.filter((g) => g.principal!.id!.resourceType === "user");
    expect(users).toHaveLength(h.tenant.systemUsers.length);
    expect(new Set(items.map((g) => g.id)).size).toBe(items.length);
    const both = byId.get(keptId(aid, "user", userId(3)));
    expect(sources(both)).toEqual([`app:${aid}`, `group:${groupId(GROUPS.everyone)}`].sort());
    expect(sources(byId.get(keptId(aid, "user", userId(200))))).toEqual([
      `group:${groupId(GROUPS.everyone)}`,
    ]);
  });

  it("grant the group itself, expandable from the group's member entitlement", async () => {
    const h = await harness();
    const { get } = await apps(h);
    const aid = appId(APPS.github);
    const { items, byId } = await grantsOf(h, get(aid));
    const g1 = byId.get(keptId(aid, "group", groupId(1)))!;
    const expandable = anyUnpack(g1.annotations[0]!, GrantExpandableSchema)!;
    expect(expandable.entitlementIds).toEqual([`group:${groupId(1)}`]);
    expect(expandable.resourceTypeIds).toEqual(["user"]);
    expect(
      items.filter((g) => g.principal!.id!.resourceType === "group").map((g) => g.principal!.id!.resource),
    ).toEqual([groupId(1), groupId(2)]);
    // User 1 is assigned directly and is in group 2; user 118 only through group 2.
    expect(sources(byId.get(keptId(aid, "user", userId(1))))).toEqual(
      [`app:${aid}`, `group:${groupId(2)}`].sort(),
    );
    expect(sources(byId.get(keptId(aid, "user", userId(118))))).toEqual([`group:${groupId(2)}`]);
  });

  it("a directly assigned user's grant has no sources, as the Go connector's", async () => {
    const h = await harness();
    const { get } = await apps(h);
    const aid = appId(APPS.zoom);
    const { items } = await grantsOf(h, get(aid));
    expect(items.map((g) => [g.id, g.sources])).toEqual(
      [5, 6, 7].map((i) => [keptId(aid, "user", userId(i)), undefined]),
    );
  });

  it("page through group associations and users: 110 groups, then the users they reach", async () => {
    const h = await harness();
    const { get } = await apps(h);
    const aid = appId(APPS.confluence);
    const { items, pages } = await grantsOf(h, get(aid));
    expect(items.filter((g) => g.principal!.id!.resourceType === "group")).toHaveLength(110);
    expect(traffic.count("GET", `/api/v2/applications/${aid}/associations`)).toBe(2);
    expect(traffic.count("GET", `/api/v2/applications/${aid}/users`)).toBe(3);
    expect(pages).toBe(5);
    const groupsRead = traffic.matching("GET", `/api/v2/applications/${aid}/associations`);
    expect(groupsRead.every((r) => r.url.searchParams.get("targets") === "user_group")).toBe(true);
  });

  it("an app assigned only to an empty group has the group's grant and no user's", async () => {
    const h = await harness();
    const { get } = await apps(h);
    const aid = appId(APPS.archiveTool);
    const { items } = await grantsOf(h, get(aid));
    expect(items.map((g) => g.id)).toEqual([keptId(aid, "group", groupId(GROUPS.empty))]);
  });
});
