// The engine's typeGrants handler, on Acme's roles: Acme reports role membership on each user, so
// the user type's typeGrants pages through the users once and returns every role grant.
import {
  type AnyConnector,
  annotation,
  type Grant,
  grant,
  type PageResult,
  type Resource,
  ref,
  type SyncOptions,
  sync,
} from "@baton/sdk";
import { openC1z, validateSync } from "@baton/sdk/c1z";
import { SkipEntitlementsSchema, SkipGrantsSchema } from "@baton/sdk/proto";
import { describe, expect, it } from "vitest";
import { acme } from "../connector.ts";
import { ACME_API_KEY, acmeHandlers } from "../mock.ts";
import { type AcmeTenant, makeTenant } from "../tenant.ts";
import { testbed } from "./testbed.ts";

const { network, path } = testbed("type-grants-");

const config = { baseUrl: "https://acme.test/api", apiKey: ACME_API_KEY, pageSize: 5 };
type Cursor = number | undefined;
type TypeGrantsCtx = Parameters<NonNullable<(typeof acme.resourceTypes)[number]["typeGrants"]>>[0];

/** `tenant`'s user-role pairs as grant ids. */
const roleGrantIds = (tenant: AcmeTenant) =>
  tenant.users.flatMap((u) => u.roles.map((r) => `role:${r}:assigned:user:${u.id}`)).sort();

/** Acme with the handlers of some types replaced, recording the cursor of every typeGrants call. */
function variant(tenant: AcmeTenant, change: Record<string, object> = {}) {
  network.use(...acmeHandlers(tenant));
  const cursors: Cursor[] = [];
  const user = acme.resourceTypes.find((t) => t.id === "user")!;
  const connector: AnyConnector = {
    ...acme,
    resourceTypes: acme.resourceTypes.map((t) => {
      const changed = { ...t, ...change[t.id] };
      if (t.id !== "user") return changed;
      return {
        ...changed,
        typeGrants: async (ctx: TypeGrantsCtx) => {
          cursors.push(ctx.cursor);
          return ((changed as typeof user).typeGrants ?? user.typeGrants)!(ctx);
        },
      };
    }),
  };
  return { connector, cursors };
}

async function run(connector: AnyConnector, o: Partial<SyncOptions> = {}) {
  const file = path("sync.c1z");
  const summary = await sync(connector, config, { file, ...o });
  const store = await openC1z(file);
  try {
    const id = summary.syncId;
    const roleGrants = [...store.grants(id, { resourceTypeId: "role" })];
    return {
      summary,
      roleGrants,
      ids: roleGrants.map((g) => g.id).sort(),
      problems: validateSync(store, id),
    };
  } finally {
    store.close();
  }
}

describe("typeGrants", () => {
  it("reads every role grant in one paged pass over the users and stores each on its role", async () => {
    const tenant = makeTenant();
    const { connector, cursors } = variant(tenant);
    const { summary, roleGrants, ids, problems } = await run(connector);
    expect(cursors).toEqual([undefined, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55]);
    expect(ids).toEqual(roleGrantIds(tenant));
    expect(summary.byType.role).toEqual({ resources: 8, entitlements: 8, grants: ids.length });
    expect(summary.byType.user?.grants).toBe(0);
    expect(summary.warnings).toEqual([]);
    expect(problems).toEqual([]);
    // The grant names the stored entitlement with its full resource, not the bare reference.
    const g = roleGrants.find((x) => x.id === "role:3:assigned:user:3")!;
    expect(g.entitlement?.resource?.displayName).toBe("Role 3");
    expect(g.entitlement?.resource?.annotations.map((a) => a.typeUrl)).toEqual([
      "type.googleapis.com/c1.connector.v2.RoleTrait",
    ]);
  });

  it("skips, with one warning per page, grants of a role Acme does not list", async () => {
    const tenant = makeTenant();
    tenant.users[0]!.roles.push(99);
    tenant.users[1]!.roles.push(99);
    const { ids, summary, problems } = await run(variant(tenant).connector);
    expect(summary.warnings).toEqual([
      "user.typeGrants page 1: skipped 2 grants whose entitlement is not in the sync (first: role:99:assigned)",
    ]);
    expect(ids).toEqual(roleGrantIds(tenant).filter((id) => !id.startsWith("role:99:")));
    expect(problems).toEqual([]);
  });

  it("skips, with a warning, grants to a user who appeared after the users were listed", async () => {
    const tenant = makeTenant();
    const user = acme.resourceTypes.find((t) => t.id === "user")!;
    const late = {
      typeGrants: async (ctx: TypeGrantsCtx) => {
        if (ctx.cursor === undefined)
          tenant.users.splice(2, 0, {
            id: 99,
            name: "Late",
            email: "late@acme.test",
            active: true,
            roles: [1],
          });
        return user.typeGrants!(ctx);
      },
    };
    const { ids, summary, problems } = await run(variant(tenant, { user: late }).connector);
    expect(summary.warnings).toEqual([
      "user.typeGrants page 1: skipped 1 grant whose principal is not in the sync (first: user:99)",
    ]);
    expect(ids).not.toContain("role:1:assigned:user:99");
    expect(problems).toEqual([]);
  });

  it("runs only when its own type is synced, and keeps only grants of synced types", async () => {
    const tenant = makeTenant();
    const onlyRoles = variant(tenant);
    const r = await run(onlyRoles.connector, { resourceTypes: ["role"] });
    expect(onlyRoles.cursors).toEqual([]);
    expect(r.summary.totals.grants).toBe(0);

    const onlyUsers = variant(tenant);
    const u = await run(onlyUsers.connector, { resourceTypes: ["user"] });
    expect(onlyUsers.cursors).toHaveLength(12);
    expect(u.summary.totals.grants).toBe(0);
    expect(u.summary.warnings).toEqual([]);

    const both = variant(tenant);
    const b = await run(both.connector, { resourceTypes: ["user", "role"] });
    expect(b.ids).toEqual(roleGrantIds(tenant));
    expect(b.problems).toEqual([]);
  });

  it("does not run with --skip-grants or --skip-entitlements-and-grants", async () => {
    const tenant = makeTenant();
    for (const o of [{ skipGrants: true }, { skipEntitlementsAndGrants: true }]) {
      const { connector, cursors } = variant(tenant);
      const { summary } = await run(connector, o);
      expect(cursors).toEqual([]);
      expect(summary.totals.grants).toBe(0);
    }
  });

  it("leaves out grants of a role that skips grants or entitlements, without warnings", async () => {
    const tenant = makeTenant();
    const role = acme.resourceTypes.find((t) => t.id === "role")!;
    const skipping = {
      list: async (ctx: Parameters<typeof role.list>[0]) => {
        const page = (await role.list(ctx)) as { items: Resource[]; next?: number };
        for (const r of page.items) {
          if (r.id?.resource === "2") r.annotations.push(annotation(SkipGrantsSchema));
          if (r.id?.resource === "4") r.annotations.push(annotation(SkipEntitlementsSchema));
        }
        return page;
      },
    };
    const { ids, summary, problems } = await run(variant(tenant, { role: skipping }).connector);
    expect(summary.warnings).toEqual([]);
    expect(ids).toEqual(roleGrantIds(tenant).filter((id) => !/^role:[24]:/.test(id)));
    expect(problems).toEqual([]);
  });

  it("keeps, in a targeted sync, only the grants of the targeted resources", async () => {
    const tenant = makeTenant();
    const targeted = variant(tenant);
    const t = await run(targeted.connector, { resources: ["bid:r:role/3"] });
    expect(t.summary.syncType).toBe("partial");
    expect(t.ids).toEqual(roleGrantIds(tenant).filter((id) => id.startsWith("role:3:")));
    expect(t.summary.warnings).toEqual([]);
    // A targeted sync without entitlements has nothing to grant: the users are not read again.
    const users = variant(tenant);
    await run(users.connector, { resources: ["bid:r:user/3"] });
    expect(users.cursors).toEqual([]);
  });

  it("stores a grant that a per-resource handler also returns once", async () => {
    const tenant = makeTenant();
    const alsoPerResource = {
      grants: async ({ resource }: { resource: Resource }): Promise<PageResult<Grant, number>> =>
        tenant.users
          .filter((u) => u.roles.includes(Number(resource.id!.resource)))
          .map((u) => grant(resource, "assigned", ref("user", u.id))),
    };
    const { ids, problems } = await run(variant(tenant, { role: alsoPerResource }).connector);
    expect(ids).toEqual(roleGrantIds(tenant));
    expect(problems).toEqual([]);
  });

  it("stores the grants a user's own grants handler returns on the roles, each with its role's full resource", async () => {
    // As PingOne's connector reads a user's memberships from the user: a per-resource handler on the
    // member that names each role by a bare reference.
    const tenant = makeTenant();
    const fromTheUser = {
      typeGrants: undefined,
      grants: async ({ resource }: { resource: Resource }): Promise<PageResult<Grant, number>> => {
        const u = tenant.users.find((x) => String(x.id) === resource.id!.resource)!;
        return u.roles.map((r) => grant(ref("role", r), "assigned", resource));
      },
    };
    const file = path("sync.c1z");
    const summary = await sync(variant(tenant, { user: fromTheUser }).connector, config, { file });
    const store = await openC1z(file);
    try {
      const grants = [...store.grants(summary.syncId, { resourceTypeId: "role" })];
      expect(grants.map((g) => g.id).sort()).toEqual(roleGrantIds(tenant));
      expect(new Set(grants.map((g) => g.entitlement?.resource?.displayName))).toEqual(
        new Set(
          tenant.roles.filter((r) => grants.some((g) => g.id.startsWith(`role:${r.id}:`))).map((r) => r.name),
        ),
      );
      expect(validateSync(store, summary.syncId)).toEqual([]);
    } finally {
      store.close();
    }
    expect(summary.byType.role?.grants).toBe(roleGrantIds(tenant).length);
  });

  it("resumes an interrupted pass from its checkpointed cursor", async () => {
    const tenant = makeTenant();
    const ac = new AbortController();
    const user = acme.resourceTypes.find((t) => t.id === "user")!;
    let calls = 0;
    const interrupting = {
      typeGrants: async (ctx: TypeGrantsCtx) => {
        if (++calls === 4) ac.abort();
        return user.typeGrants!(ctx);
      },
    };
    const file = path("sync.c1z");
    const first = variant(tenant, { user: interrupting });
    const err = await sync(first.connector, config, { file, signal: ac.signal, workers: 1 }).catch((e) => e);
    expect(err.message).toMatch(/sync interrupted/);

    const again = variant(tenant);
    const { summary, ids, problems } = await run(again.connector);
    expect(summary.resumed).toBe(true);
    // The pages read before the interruption are not read again.
    expect(again.cursors[0]).toBeGreaterThanOrEqual(15);
    expect(again.cursors.at(-1)).toBe(55);
    expect(ids).toEqual(roleGrantIds(tenant));
    expect(problems).toEqual([]);
  });
});
