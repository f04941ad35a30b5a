import { readFileSync } from "node:fs";
import { BatonError, Code, resource, sync } from "@baton/sdk";
import { openC1z, openC1zForWrite, validateSync } from "@baton/sdk/c1z";
import { recordingLogger } from "@baton/testing";
import { describe, expect, it } from "vitest";
import { acme } from "../connector.ts";
import { ACME_API_KEY, acmeHandlers } from "../mock.ts";
import { type AcmeTenant, makeTenant } from "../tenant.ts";
import { testbed } from "./testbed.ts";

const { network, path } = testbed("engine-");

const config = { baseUrl: "https://acme.test/api", apiKey: ACME_API_KEY, pageSize: 25 };
/** The example connector talking to a mock of `tenant`. */
function acmeConnector(tenant: AcmeTenant = makeTenant()) {
  network.use(...acmeHandlers(tenant));
  return acme;
}

/** The scope in the checkpoint of a sync of `tenant` with `config`, interrupted at its first grants page. */
async function checkpointScope(tenant: AcmeTenant, file: string): Promise<unknown> {
  const ac = new AbortController();
  const connector = acmeConnector(tenant);
  const interrupting = {
    ...connector,
    resourceTypes: connector.resourceTypes.map((t) =>
      t.grants
        ? {
            ...t,
            grants: async () => {
              ac.abort();
              return [];
            },
          }
        : t,
    ),
  };
  await sync(interrupting, config, { file, signal: ac.signal }).catch(() => {});
  const store = await openC1z(file);
  const token = store.latestUnfinishedSync("full")!.syncToken;
  store.close();
  return JSON.parse(token).scope;
}

describe("sync engine", () => {
  it("syncs every phase into a consistent file", async () => {
    const tenant = makeTenant();
    const file = path("sync.c1z");
    const summary = await sync(acmeConnector(tenant), config, { file, workers: 4 });
    expect(summary.syncType).toBe("full");
    expect(summary.totals.resourceTypes).toBe(4);
    expect(summary.byType.user?.resources).toBe(60);
    expect(summary.byType.team?.resources).toBe(12);
    expect(summary.byType.project?.resources).toBe(24);
    const members = tenant.teams.reduce((n, t) => n + t.members.size, 0);
    const store = await openC1z(file);
    try {
      const run = store.selectSync();
      expect(run.id).toBe(summary.syncId);
      expect(run.endedAt).not.toBeNull();
      expect(validateSync(store, run.id)).toEqual([]);
      const teamGrants = [...store.grants(run.id, { resourceTypeId: "team" })];
      expect(teamGrants).toHaveLength(members);
      expect(teamGrants[0]?.id).toMatch(/^team:\d+:member:user:\d+$/);
      // Project children are listed under their team with the parent recorded.
      const p = store.getResource(run.id, "project", "p-3-1");
      expect(p?.parentResourceId?.resource).toBe("3");
      // Expansion: members of the granted team inherit project contributor.
      const granted = [...tenant.projectTeams.get("p-3-1")!][0]!;
      const memberIds = [...tenant.teams.find((t) => t.id === granted)!.members];
      const expanded = [...store.grants(run.id, { entitlementId: "project:p-3-1:contributor" })].filter(
        (g) => g.principal?.id?.resourceType === "user",
      );
      expect(expanded.map((g) => Number(g.principal?.id?.resource)).sort((a, b) => a - b)).toEqual(
        memberIds.sort((a, b) => a - b),
      );
      expect(expanded[0]?.sources?.sources[`team:${granted}:member`]?.isDirect).toBe(true);
      // grantable_to is filled with the full resource type.
      expect(store.getEntitlement(run.id, "team:1:member")?.grantableTo[0]?.displayName).toBe("User");
    } finally {
      store.close();
    }
  });

  it("runs at most the connector's maxWorkers handler calls at once, saying so when --workers asks for more", async () => {
    const connector = acmeConnector();
    let inFlight = 0;
    let most = 0;
    const counted = {
      ...connector,
      maxWorkers: 2,
      resourceTypes: connector.resourceTypes.map((t) => ({
        ...t,
        list: async (ctx: Parameters<typeof t.list>[0]) => {
          most = Math.max(most, ++inFlight);
          try {
            await new Promise((r) => setTimeout(r, 5));
            return await t.list(ctx);
          } finally {
            inFlight--;
          }
        },
      })),
    };
    const log = recordingLogger();
    await sync(counted, config, { file: path("sync.c1z"), workers: 16, logger: log });
    expect(most).toBe(2);
    expect(log.find(/--workers/)?.msg).toBe("--workers 16 is more than Acme (example) allows: using 2");
  });

  it("pages every list until the cursor is empty", async () => {
    const tenant = makeTenant({ users: 101, teams: 3 });
    const connector = acmeConnector(tenant);
    const file = path("sync.c1z");
    const s = await sync(connector, { ...config, pageSize: 10 }, { file });
    expect(s.byType.user?.resources).toBe(101);
  });

  it("refuses a cursor that repeats instead of looping forever", async () => {
    const connector = acmeConnector();
    const users = connector.resourceTypes.find((t) => t.id === "user")!;
    const stuck = { ...connector, resourceTypes: [{ ...users, list: async () => ({ items: [], next: 5 }) }] };
    const err = await sync(stuck, config, { file: path("x.c1z") }).catch((e) => e);
    expect(err).toBeInstanceOf(BatonError);
    expect(err.message).toMatch(/resource type "user": list returned the same cursor again on page 2/);
  });

  it("fails fast on bad credentials and leaves an existing file untouched", async () => {
    const file = path("sync.c1z");
    await sync(acmeConnector(), config, { file });
    const before = readFileSync(file);
    const err = await sync(acmeConnector(), { ...config, apiKey: "wrong" }, { file }).catch((e) => e);
    expect(err.code).toBe(Code.Unauthenticated);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it("rejects resources of a trait type without the trait annotation", async () => {
    const connector = acmeConnector();
    const teams = connector.resourceTypes.find((t) => t.id === "team")!;
    const bad = {
      ...connector,
      resourceTypes: [{ ...teams, list: async () => [resource("team", 1, { displayName: "no trait" })] }],
    };
    const err = await sync(bad, config, { file: path("x.c1z") }).catch((e) => e);
    expect(err.message).toMatch(/team:1 lacks the GroupTrait its type "team" declares/);
  });

  it("resumes an interrupted sync with the same sync id and no duplicate rows", async () => {
    const tenant = makeTenant({ users: 200, teams: 20 });
    const file = path("sync.c1z");
    const ac = new AbortController();
    const connector = acmeConnector(tenant);
    const teams = connector.resourceTypes.find((t) => t.id === "team")!;
    let grantPages = 0;
    const interrupting = {
      ...connector,
      resourceTypes: connector.resourceTypes.map((t) =>
        t.id !== "team"
          ? t
          : {
              ...teams,
              grants: async (ctx: Parameters<NonNullable<typeof teams.grants>>[0]) => {
                if (++grantPages === 5) ac.abort();
                return teams.grants!(ctx);
              },
            },
      ),
    };
    const err = await sync(
      interrupting,
      { ...config, pageSize: 5 },
      { file, signal: ac.signal, workers: 2 },
    ).catch((e) => e);
    expect(err.code).toBe(Code.Canceled);
    const partial = await openC1z(file);
    const unfinished = partial.latestUnfinishedSync("full");
    partial.close();
    expect(unfinished).toBeDefined();

    let calls = 0;
    const counting = {
      ...connector,
      resourceTypes: connector.resourceTypes.map((t) =>
        t.id !== "user"
          ? t
          : {
              ...t,
              list: async (ctx: never) => {
                calls++;
                return t.list(ctx);
              },
            },
      ),
    };
    const s = await sync(counting, { ...config, pageSize: 5 }, { file });
    expect(s.resumed).toBe(true);
    expect(s.syncId).toBe(unfinished!.id);
    expect(calls).toBe(0); // users were listed before the interruption: not redone
    const members = tenant.teams.reduce((n, t) => n + t.members.size, 0);
    const store = await openC1z(file);
    try {
      expect([...store.grants(s.syncId, { resourceTypeId: "team" })]).toHaveLength(members);
      expect(validateSync(store, s.syncId)).toEqual([]);
    } finally {
      store.close();
    }
  });

  it("runs grant expansion again when a sync stopped during it", async () => {
    const tenant = makeTenant();
    const file = path("sync.c1z");
    await sync(acmeConnector(tenant), config, { file, skipExpandGrants: true });
    // Turn that finished, unexpanded sync into one interrupted at the start of its expansion phase.
    const w = await openC1zForWrite(file);
    const id = w.latestFinishedSync("full")!.id;
    w.db.prepare("update v1_sync_runs set ended_at = null where sync_id = ?").run(id);
    // A checkpoint of this connector and config (its scope), moved to the start of the expansion phase.
    const scope = await checkpointScope(tenant, path("other.c1z"));
    const token = {
      engine: "baton-ts",
      version: 2,
      scope,
      phase: "expansion",
      queue: [],
      pages: 0,
      warnings: [],
    };
    w.setSyncToken(id, JSON.stringify(token));
    await w.save();
    w.close({ discardWork: true });

    const s = await sync(acmeConnector(tenant), config, { file });
    expect(s.resumed).toBe(true);
    expect(s.syncId).toBe(id);
    const granted = [...tenant.projectTeams.get("p-3-1")!][0]!;
    const members = tenant.teams.find((t) => t.id === granted)!.members.size;
    const store = await openC1z(file);
    try {
      const users = [...store.grants(s.syncId, { entitlementId: "project:p-3-1:contributor" })].filter(
        (g) => g.principal?.id?.resourceType === "user",
      );
      expect(users).toHaveLength(members);
    } finally {
      store.close();
    }
  });

  it("records partial and resources-only syncs with their sync type", async () => {
    const file = path("sync.c1z");
    await sync(acmeConnector(), config, { file });
    const ro = await sync(acmeConnector(), config, { file, skipEntitlementsAndGrants: true });
    expect(ro.syncType).toBe("resources_only");
    expect(ro.totals.grants).toBe(0);
    const partial = await sync(acmeConnector(), config, { file, resources: ["bid:r:user/3"] });
    expect(partial.syncType).toBe("partial");
    expect(partial.totals.resources).toBe(1);
    const only = await sync(acmeConnector(), config, { file, resourceTypes: ["team"] });
    expect(Object.keys(only.byType)).toEqual(["team"]);
  });
});
