// A connector that keeps the unusual ids of a Go connector (JumpCloud's: entitlement `group:{gid}`,
// grant `group-grant:{gid}:user:{uid}:{gid}`), run through the conformance suite and grant expansion.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type AnyConnector,
  defineConnector,
  type Entitlement,
  entitlement,
  grant,
  groupResource,
  type Page,
  type Resource,
  type ResourceRef,
  ref,
  resource,
  resourceType,
  sync,
  toResourceId,
  userResource,
  z,
} from "@baton/sdk";
import { openC1z, validateSync } from "@baton/sdk/c1z";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runConformance } from "../src/index.js";

interface Directory {
  users: string[];
  groups: Map<string, Set<string>>;
  /** App id → groups and users assigned to it. */
  apps: Map<string, { groups: string[]; users: string[] }>;
}

const directory = (): Directory => ({
  users: ["u1", "u2", "u3", "u4", "u5"],
  groups: new Map([
    ["g1", new Set(["u1", "u2"])],
    ["g2", new Set(["u3"])],
    ["g3", new Set<string>()],
  ]),
  apps: new Map([
    ["a1", { groups: ["g1"], users: ["u1", "u4"] }],
    ["a2", { groups: [], users: ["u5"] }],
    ["a3", { groups: ["g2"], users: [] }],
  ]),
});

/** Two items per page: every list is paged. */
function paged<T>(items: T[], cursor: number | undefined): Page<T, number> {
  const from = cursor ?? 0;
  return { items: items.slice(from, from + 2), next: from + 2 < items.length ? from + 2 : undefined };
}

// The Go connector's ids, which ConductorOne holds.
const member = (group: ResourceRef): Entitlement =>
  entitlement(group, "member", { id: `group:${idOf(group)}`, grantableTo: ["user"] });
const access = (app: ResourceRef): Entitlement =>
  entitlement(app, "access", { id: `app:${idOf(app)}`, grantableTo: ["user", "group"] });
const idOf = (r: ResourceRef) => toResourceId(r).resource;

function connector(dir: Directory, o: { conventionalGrants?: boolean } = {}): AnyConnector {
  const users = resourceType<Directory, number>({
    id: "user",
    displayName: "User",
    traits: ["user"],
    list: async ({ client, cursor }) => {
      const p = paged(client.users, cursor);
      return { items: p.items.map((u) => userResource("user", u, { displayName: u })), next: p.next };
    },
  });
  const groups = resourceType<Directory, number>({
    id: "group",
    displayName: "Group",
    traits: ["group"],
    list: async ({ client, cursor }) => {
      const p = paged([...client.groups.keys()], cursor);
      return { items: p.items.map((g) => groupResource("group", g, { displayName: g })), next: p.next };
    },
    entitlements: async ({ resource }) => [member(resource)],
    grants: async ({ client, resource }) => {
      const gid = resource.id!.resource;
      return [...client.groups.get(gid)!].map((uid) =>
        o.conventionalGrants
          ? grant(resource, "member", ref("user", uid))
          : grant(member(resource), ref("user", uid), { id: `group-grant:${gid}:user:${uid}:${gid}` }),
      );
    },
    grant: async ({ client, principal, entitlement: e }) => {
      const members = client.groups.get(e.resource!.id!.resource)!;
      if (members.has(principal.id!.resource)) return "already-exists";
      members.add(principal.id!.resource);
      return "granted";
    },
    revoke: async ({ client, grant: g }) =>
      client.groups.get(g.entitlement!.resource!.id!.resource)!.delete(g.principal!.id!.resource)
        ? "revoked"
        : "already-revoked",
  });
  const apps = resourceType<Directory, number>({
    id: "app",
    displayName: "App",
    list: async ({ client, cursor }) => {
      const p = paged([...client.apps.keys()], cursor);
      return {
        items: p.items.map((a): Resource => resource("app", a, { displayName: a })),
        next: p.next,
      };
    },
    entitlements: async ({ resource }) => [access(resource)],
    grants: async ({ client, resource }) => {
      const aid = resource.id!.resource;
      const { groups, users } = client.apps.get(aid)!;
      return [
        // Members of an assigned group get the app through grant expansion.
        ...groups.map((gid) =>
          grant(access(resource), ref("group", gid), {
            id: `app-grant:${aid}:group:${gid}:${aid}`,
            expandFrom: [member(ref("group", gid))],
          }),
        ),
        ...users.map((uid) =>
          grant(access(resource), ref("user", uid), { id: `app-grant:${aid}:user:${uid}:${aid}` }),
        ),
      ];
    },
  });
  return defineConnector({
    name: "kept-ids",
    displayName: "Kept ids",
    version: "0.0.0",
    config: z.object({}),
    client: () => dir,
    resourceTypes: [users, groups, apps],
  });
}

runConformance({
  name: "a connector keeping its Go ids",
  connector: connector(directory()),
  config: {},
  provisioning: [{ entitlementId: "group:g3", principal: { type: "user", id: "u4" } }],
});

describe("kept ids", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "kept-ids-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("are stored as given, and grant expansion adds sources to a kept grant instead of a duplicate", async () => {
    const file = join(dir, "sync.c1z");
    const summary = await sync(connector(directory()), {}, { file });
    expect(summary.warnings).toEqual([]);
    const store = await openC1z(file);
    try {
      const id = summary.syncId;
      expect(validateSync(store, id)).toEqual([]);
      expect(store.getEntitlement(id, "group:g1")?.slug).toBe("member");
      expect(store.getGrant(id, "group-grant:g1:user:u2:g1")?.entitlement?.id).toBe("group:g1");
      const a1 = [...store.grants(id, { entitlementId: "app:a1" })].map((g) => g.id).sort();
      // u1 holds a1 directly and through g1: one grant, its kept id; u2 only through g1.
      expect(a1).toEqual([
        "app-grant:a1:group:g1:a1",
        "app-grant:a1:user:u1:a1",
        "app-grant:a1:user:u4:a1",
        "app:a1:user:u2",
      ]);
      const direct = store.getGrant(id, "app-grant:a1:user:u1:a1")!;
      expect(Object.keys(direct.sources!.sources).sort()).toEqual(["app:a1", "group:g1"]);
      expect(store.getGrant(id, "app:a1:user:u2")?.sources?.sources["group:g1"]?.isDirect).toBe(true);
    } finally {
      store.close();
    }
  });

  it("warn and leave out grants that name an overridden entitlement by its conventional id", async () => {
    const file = join(dir, "mistake.c1z");
    const summary = await sync(connector(directory(), { conventionalGrants: true }), {}, { file });
    expect(summary.warnings).toEqual([
      "group.grants of group:g1: skipped 2 grants whose entitlement is not in the sync (first: group:g1:member)",
      "group.grants of group:g2: skipped 1 grant whose entitlement is not in the sync (first: group:g2:member)",
    ]);
    const store = await openC1z(file);
    try {
      expect(validateSync(store, summary.syncId)).toEqual([]);
    } finally {
      store.close();
    }
  });
});
