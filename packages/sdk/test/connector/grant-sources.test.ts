// Grants whose sources the vendor reports (JumpCloud names the groups a user reaches an app
// through), app logos and an unknown status.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { anyUnpack } from "@bufbuild/protobuf/wkt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openC1z, validateSync } from "../../src/c1z/index.js";
import { AppTraitSchema, UserTrait_Status_Status, UserTraitSchema } from "../../src/exports/proto.js";
import {
  appResource,
  defineConnector,
  type Entitlement,
  entitlement,
  type GrantOptions,
  grant,
  groupResource,
  type ResourceRef,
  ref,
  resource,
  resourceType,
  sync,
  toResourceId,
  userResource,
  z,
} from "../../src/index.js";

const member = (g: ResourceRef) => entitlement(g, "member", { id: `group:${toResourceId(g).resource}` });
const access = (a: ResourceRef) => entitlement(a, "access", { id: `app:${toResourceId(a).resource}` });
const kept = (e: Entitlement, type: string, id: string, o: GrantOptions = {}) =>
  grant(e, ref(type, id), { ...o, id: `${e.id}-grant:${type}:${id}` });

describe("grant sources", () => {
  it("are recorded as given, each marked direct", () => {
    const app = resource("app", "a1", { displayName: "A1" });
    const g = grant(access(app), ref("user", "u1"), { sources: [access(app), "group:g1"] });
    expect(Object.keys(g.sources!.sources)).toEqual(["app:a1", "group:g1"]);
    expect(g.sources!.sources["group:g1"]!.isDirect).toBe(true);
    expect(grant(access(app), ref("user", "u1")).sources).toBeUndefined();
  });

  describe("in a sync", () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), "grant-sources-"));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    // u1 and u2 are in g1; the app is assigned to g1 and to u1 directly. The vendor names every
    // user once with how they get the app, so the connector emits their grants itself.
    const connector = defineConnector({
      name: "sources",
      displayName: "Sources",
      version: "0.0.0",
      config: z.object({}),
      client: () => ({}),
      resourceTypes: [
        resourceType<object>({
          id: "user",
          displayName: "User",
          traits: ["user"],
          list: async () => ["u1", "u2"].map((u) => userResource("user", u, { displayName: u })),
        }),
        resourceType<object>({
          id: "group",
          displayName: "Group",
          traits: ["group"],
          list: async () => [groupResource("group", "g1", { displayName: "G1" })],
          entitlements: async ({ resource: g }) => [member(g)],
          grants: async ({ resource: g }) => ["u1", "u2"].map((u) => kept(member(g), "user", u)),
        }),
        resourceType<object>({
          id: "app",
          displayName: "App",
          traits: ["app"],
          list: async () => [appResource("app", "a1", { displayName: "A1" })],
          entitlements: async ({ resource: a }) => [access(a)],
          grants: async ({ resource: a }) => [
            kept(access(a), "group", "g1", { expandFrom: [member(ref("group", "g1"))], expandTo: ["user"] }),
            kept(access(a), "user", "u1", { sources: [access(a), member(ref("group", "g1"))] }),
            kept(access(a), "user", "u2", { sources: [member(ref("group", "g1"))] }),
          ],
        }),
      ],
    });

    it("keep the connector's ids, and expansion neither duplicates them nor calls them direct", async () => {
      const file = join(dir, "sync.c1z");
      const summary = await sync(connector, {}, { file });
      const store = await openC1z(file);
      try {
        expect(validateSync(store, summary.syncId)).toEqual([]);
        const grants = [...store.grants(summary.syncId, { entitlementId: "app:a1" })];
        expect(grants.map((g) => g.id).sort()).toEqual([
          "app:a1-grant:group:g1",
          "app:a1-grant:user:u1",
          "app:a1-grant:user:u2",
        ]);
        const sources = (id: string) => Object.keys(grants.find((g) => g.id === id)!.sources!.sources).sort();
        expect(sources("app:a1-grant:user:u1")).toEqual(["app:a1", "group:g1"]);
        // Expansion marks a grant that had no sources as direct; u2's said where it comes from.
        expect(sources("app:a1-grant:user:u2")).toEqual(["group:g1"]);
      } finally {
        store.close();
      }
    });
  });
});

describe("builders", () => {
  it("put an app's logo on its trait", () => {
    const a = appResource("app", "a1", { displayName: "A1", logo: "https://cdn.example/a1.png" });
    const trait = anyUnpack(a.annotations[0]!, AppTraitSchema)!;
    expect(trait.logo?.id).toBe("https://cdn.example/a1.png");
    const plain = anyUnpack(appResource("app", "a2", { displayName: "A2" }).annotations[0]!, AppTraitSchema)!;
    expect(plain.logo).toBeUndefined();
  });

  it("leave a status the vendor does not explain unspecified", () => {
    const u = userResource("user", "u1", { displayName: "u1", status: "unspecified" });
    const trait = anyUnpack(u.annotations[0]!, UserTraitSchema)!;
    expect(trait.status?.status).toBe(UserTrait_Status_Status.UNSPECIFIED);
    expect(u.status?.status).toBe(0);
  });
});
