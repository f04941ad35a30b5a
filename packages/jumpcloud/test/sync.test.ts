// A full sync of the mock organization into a .c1z: the four types, the Go connector's ids, every
// grant, and the number of requests the README states.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type SyncSummary, sync } from "@baton/sdk";
import { type C1zStore, openC1z, validateSync } from "@baton/sdk/c1z";
import { recordingLogger } from "@baton/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jumpcloud, jumpcloudConfig } from "../src/index.js";
import { jumpcloudHandlers } from "./msw/handlers.js";
import { network, traffic, useNetwork } from "./msw/network.js";
import { APPS, appId, GROUPS, generateTenant, groupId, type Tenant, USERS, userId } from "./msw/tenant.js";

useNetwork();

const fast = async () => {};

/** The requests of one full sync (README "Requests"): v1 lists end at totalCount, v2 lists on a short page. */
function expectedRequests(t: Tenant): number {
  const v1 = (n: number) => Math.max(1, Math.ceil(n / 100));
  const v2 = (n: number) => Math.floor(n / 100) + 1;
  const managers = new Set(t.systemUsers.flatMap((u) => (u.manager ? [u.manager] : []))).size;
  const emails = new Set(t.admins.flatMap((a) => (a.email ? [a.email] : []))).size;
  const members = t.groups.map((g) => t.memberships.filter((m) => m.groupId === g.id).length);
  const apps = t.applications.map((a) => {
    const assoc = t.associations.filter((x) => x.appId === a._id);
    const groups = assoc.filter((x) => x.type === "user_group");
    const users = new Set([
      ...assoc.filter((x) => x.type === "user").map((x) => x.id),
      ...t.memberships
        .filter((m) => m.type === "user" && groups.some((g) => g.id === m.groupId))
        .map((m) => m.id),
    ]);
    return v2(groups.length) + v2(users.size);
  });
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return (
    2 + // validate: the credential check and the key's organization (none with --org-id)
    v1(t.systemUsers.length) +
    managers +
    3 * v1(t.admins.length) + // users, role grants, JumpCloud Administration grants
    emails +
    v2(t.groups.length) +
    sum(members.map(v2)) +
    v1(t.applications.length) +
    sum(apps)
  );
}

describe("a full sync", () => {
  let dir: string;
  let tenant: Tenant;
  let summary: SyncSummary;
  let store: C1zStore;
  let requests: number;
  let statuses: (number | undefined)[];
  const log = recordingLogger();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "jumpcloud-sync-"));
    tenant = generateTenant();
    network.use(...jumpcloudHandlers(tenant));
    const config = jumpcloudConfig.parse({ apiKey: tenant.apiKey });
    summary = await sync(jumpcloud, config, { file: join(dir, "sync.c1z"), sleep: fast, logger: log });
    requests = traffic.requests.length;
    statuses = traffic.statuses();
    store = await openC1z(join(dir, "sync.c1z"));
  });
  afterAll(() => {
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ids = (what: "grants" | "entitlements") =>
    what === "grants"
      ? [...store.grants(summary.syncId)].map((g) => g.id)
      : [...store.entitlements(summary.syncId)].map((e) => e.id);

  it("writes the four types, in the Go connector's order, and passes the store's validation", () => {
    expect(validateSync(store, summary.syncId)).toEqual([]);
    expect([...store.resourceTypes(summary.syncId)].map((t) => t.id)).toEqual([
      "user",
      "group",
      "role",
      "app",
    ]);
    const c = store.counts(summary.syncId);
    expect(c.resourcesByType).toEqual({
      user: tenant.systemUsers.length + 5,
      group: tenant.groups.length,
      role: 7,
      app: tenant.applications.length + 1,
    });
  });

  it("keeps the Go connector's entitlement and grant ids, and expansion adds none of its own", () => {
    for (const id of ids("entitlements")) expect(id).toMatch(/^(group|role|app):[^:]+$/);
    const grants = ids("grants");
    for (const id of grants) expect(id).toMatch(/^(group|role|app)-grant:([^:]+):(user|group):[^:]+:\2$/);
    expect(new Set(grants).size).toBe(grants.length);
    const c = store.counts(summary.syncId);
    expect(c.grantsByType.group).toBe(tenant.memberships.length);
    expect(c.grantsByType.role).toBe(tenant.admins.length - 1); // one holds a role unknown to us
  });

  it("stores app access with where it comes from: direct, a group, or both", () => {
    const slack = appId(APPS.slack);
    const everyone = `group:${groupId(GROUPS.everyone)}`;
    const grant = (uid: string) => store.getGrant(summary.syncId, `app-grant:${slack}:user:${uid}:${slack}`);
    expect(Object.keys(grant(userId(3))!.sources!.sources).sort()).toEqual([`app:${slack}`, everyone].sort());
    expect(Object.keys(grant(userId(200))!.sources!.sources)).toEqual([everyone]);
    const zoom = appId(APPS.zoom);
    expect(store.getGrant(summary.syncId, `app-grant:${zoom}:user:${userId(5)}:${zoom}`)).toBeDefined();
  });

  it("warns about what it could not settle, and goes on", () => {
    // Vendor values this connector does not know are also listed in the summary.
    expect(summary.warnings).toEqual([
      'unknown JumpCloud user state "PENDING_REVIEW": those users\' status is left unspecified',
      'unknown JumpCloud administrator role "Custom Auditor": its administrators get no role grant',
    ]);
    const warnings = log.warnings().map((l) => l.msg);
    expect(warnings).toEqual(
      expect.arrayContaining([
        'unknown JumpCloud user state "PENDING_REVIEW": those users\' status is left unspecified',
        "manager not found: user listed without the manager's email",
        "administrator without an email: listed as a user of its own",
        "administrator's email belongs to several system users: listed as a user of its own",
        'unknown JumpCloud administrator role "Custom Auditor": its administrators get no role grant',
      ]),
    );
    expect(log.find(/manager not found/)?.fields.managerId).toBe(tenant.systemUsers[USERS.orphan]!.manager);
  });

  it("makes exactly the requests the README's formula counts", () => {
    expect(requests).toBe(expectedRequests(tenant));
    expect(requests).toBe(459); // the figure the README gives for this organization
    // The one manager who does not exist answers 404; everything else 200.
    expect(statuses.filter((s) => s !== 200)).toEqual([404]);
  });
});
