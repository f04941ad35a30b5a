// The file our writer produced (test/sample.ts): placeholders, sync selection, access, compare,
// diff and the CSV, with exact expected output.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { baton, batonJson, type Json, tableRows, tempDir } from "./helpers.js";
import { writeSample } from "./sample.js";

const sample = await writeSample(tempDir());
const f = ["-f", sample.file];
const ids = (list: Json[] | undefined, pick: (o: Json) => Json) =>
  (list ?? []).map((o) => `${pick(o).id.resourceType}:${pick(o).id.resource}`);

describe("sync selection", () => {
  test("lists show the latest finished full sync; --sync-id shows another", async () => {
    expect(ids((await batonJson(["resources", ...f, "-t", "user"])).resources, (o) => o.resource)).toEqual([
      "user:alice",
      "user:bob",
      "user:dave",
    ]);
    const first = await batonJson(["resources", ...f, "-t", "user", "--sync-id", sample.syncs.first]);
    expect(ids(first.resources, (o) => o.resource)).toEqual(["user:alice", "user:bob", "user:carol"]);
  });

  test("stats shows the latest finished sync of any type, or the one given", async () => {
    const latest = await batonJson(["stats", ...f]);
    expect(latest.sync).toMatchObject({
      id: sample.syncs.partial,
      syncType: "partial",
      parentSyncId: sample.syncs.second,
    });
    expect(latest.totals).toEqual({ resourceTypes: 3, resources: 1, entitlements: 0, grants: 0 });
    const second = await batonJson(["stats", ...f, "--sync-id", sample.syncs.second]);
    expect(second.totals).toEqual({ resourceTypes: 3, resources: 6, entitlements: 2, grants: 7 });
    expect(second.byResourceType).toEqual({
      device: { resources: 1, entitlements: 0, grants: 0 },
      group: { resources: 1, entitlements: 1, grants: 5 },
      repo: { resources: 1, entitlements: 1, grants: 2 },
      user: { resources: 3, entitlements: 0, grants: 0 },
    });
  });

  test("syncs lists all three runs", async () => {
    const rows = tableRows((await baton(["syncs", ...f])).stdout);
    expect(rows.map((r) => [r[0], r[3], r[4]])).toEqual([
      [sample.syncs.first, "full", "-"],
      [sample.syncs.second, "full", "-"],
      [sample.syncs.partial, "partial", sample.syncs.second],
    ]);
  });
});

describe("placeholders for objects the sync does not contain", () => {
  test("console", async () => {
    const resources = tableRows((await baton(["resources", ...f])).stdout);
    expect(resources).toContainEqual(["laptop-1", "Laptop 1", "MISSING RESOURCE TYPE (device)", "-"]);
    expect(resources).toContainEqual(["api", 'API "core"', "Repository", "Engineering (group)"]);
    const grants = tableRows((await baton(["grants", ...f])).stdout);
    expect(grants).toContainEqual([
      "group:eng:member:user:ghost",
      "Group",
      "Engineering",
      "member",
      "MISSING RESOURCE (user:ghost)",
    ]);
    expect(grants).toContainEqual([
      "group:eng:owner:user:alice",
      "Group",
      "Engineering",
      "MISSING ENTITLEMENT (group:eng:owner)",
      "Alice L.",
    ]);
  });

  test("json", async () => {
    const { grants } = await batonJson(["grants", ...f, "-e", "group:eng:owner"]);
    expect(grants[0].entitlement).toEqual({
      id: "group:eng:owner",
      displayName: "MISSING ENTITLEMENT (group:eng:owner)",
    });
    const ghost = await batonJson(["grants", ...f, "-t", "group", "-r", "eng"]);
    const principal = ghost.grants.find((g: Json) => g.grant.id === "group:eng:member:user:ghost").principal;
    expect(principal).toEqual({
      id: { resourceType: "user", resource: "ghost" },
      displayName: "MISSING RESOURCE (user:ghost)",
    });
  });
});

test("JSON leaves out annotations of unknown types and renders known ones with @type", async () => {
  const { resourceTypes } = await batonJson(["resource-types", ...f]);
  expect(resourceTypes.find((o: Json) => o.resourceType.id === "repo").resourceType).toEqual({
    id: "repo",
    displayName: "Repository",
  });
  const raw = (await baton(["resources", ...f, "-t", "user", "-o", "json"])).stdout;
  expect(raw).toContain('"annotations":[{"@type":"type.googleapis.com/c1.connector.v2.UserTrait","emails":');
  const { resources } = JSON.parse(raw);
  expect(resources[0].resource.annotations[0]).toMatchObject({
    "@type": "type.googleapis.com/c1.connector.v2.UserTrait",
    emails: [{ address: "alice@example.com", isPrimary: true }],
    status: { status: "STATUS_ENABLED" },
  });
});

test("access: a tree of resources and the entitlements held on them", async () => {
  expect((await baton(["access", ...f, "-t", "user", "-r", "alice"])).stdout).toBe(
    [
      "Effective Access for Alice L. (user)",
      "├── Engineering (Group)",
      "│   ├── member",
      "│   └── MISSING ENTITLEMENT (group:eng:owner)",
      '└── API "core" (Repository)',
      "    └── admin",
      "",
    ].join("\n"),
  );
  const json = await batonJson(["access", ...f, "-t", "user", "-r", "alice"]);
  expect(
    json.access.map((a: Json) => [
      a.resourceType.id,
      a.resource.id.resource,
      a.entitlements.map((e: Json) => e.id),
    ]),
  ).toEqual([
    ["group", "eng", ["group:eng:member", "group:eng:owner"]],
    ["repo", "api", ["repo:api:admin"]],
  ]);
});

test("principals compare across two files: matches by id, then by email, then by display name", async () => {
  const args = ["principals", "compare", ...f, "-e", "group:eng:member", "--compare-file", sample.other];
  const json = await batonJson(args);
  expect(ids(json.missing, (o) => o.resource)).toEqual(["user:dave", "user:ghost"]);
  expect(ids(json.extra, (o) => o.resource)).toEqual(["user:erin"]);
  expect(ids(json.base, (o) => o.resource)).toEqual(["user:alice", "user:bob", "user:dave", "user:ghost"]);
  expect(ids(json.compared, (o) => o.resource)).toEqual(["user:alice", "user:robert", "user:erin"]);
  const console = (await baton(args)).stdout;
  expect(console).toMatch(
    /^Missing Principals\nID +\| Display Name +\| Resource Type +\| Parent Resource\ndave +\| Dave /,
  );
  expect(console).toContain("\n\nExtra Principals\nID ");
  expect(console).toMatch(/^erin +\| Erin +\| User +\| -$/m);
});

test("diff: created, deleted and modified objects between the two latest full syncs", async () => {
  const r = await baton(["diff", ...f]);
  expect(r.stdout.endsWith("}")).toBe(true);
  const diff = JSON.parse(r.stdout) as Json;
  const keys = (list?: Json[]) =>
    (list ?? []).map((o) => (o.id.resourceType ? `${o.id.resourceType}:${o.id.resource}` : o.id));
  expect(keys(diff.resources.created)).toEqual(["user:dave"]);
  expect(keys(diff.resources.deleted)).toEqual(["user:carol"]);
  expect(keys(diff.resources.modified)).toEqual(["user:alice"]);
  expect(diff.entitlements).toEqual({});
  expect(keys(diff.grants.created)).toEqual(["group:eng:member:user:dave", "group:eng:member:user:ghost"]);
  expect(keys(diff.grants.deleted)).toEqual(["group:eng:member:user:carol"]);
  expect(keys(diff.grants.modified)).toEqual(["group:eng:member:user:alice"]);
});

test("export csv: the Go CLI's columns, quoted like encoding/csv", async () => {
  const out = join(tempDir(), "review.csv");
  const r = await baton(["export", "csv", ...f, "--out", out]);
  expect(r.stderr).toBe(`wrote 10 rows of sync ${sample.syncs.second} to ${out}\n`);
  expect(readFileSync(out, "utf8")).toBe(
    [
      "Type,Last Name,First Name,User ID,User Status,Email Address,Entitlement Display Name,Entitlement,Resource Type,Resource Name,Entitlement Description,Entitlement Slug",
      "Identity,Liddell,Alice,u-alice,Enabled,alice@example.com,,,,,,",
      'Identity,"Builder, Jr.",Bob,u-bob,Disabled,bob@example.com,,,,,,',
      "Identity,Bowman,Dave,u-dave,Enabled,dave@example.com,,,,,,",
      "Entitlement,,,,,,member,group:eng:member,group,Engineering,Member of Engineering,member",
      'Entitlement,,,,,,admin,repo:api:admin,repo,"API ""core""",Administers the API repo,admin',
      "Grant,Liddell,Alice,u-alice,,alice@example.com,member,group:eng:member,group,Engineering,Member of Engineering,member",
      'Grant,"Builder, Jr.",Bob,u-bob,,bob@example.com,member,group:eng:member,group,Engineering,Member of Engineering,member',
      "Grant,Bowman,Dave,u-dave,,dave@example.com,member,group:eng:member,group,Engineering,Member of Engineering,member",
      'Grant,Liddell,Alice,u-alice,,alice@example.com,admin,repo:api:admin,repo,"API ""core""",Administers the API repo,admin',
      "Grant,Liddell,Alice,u-alice,,alice@example.com,,group:eng:owner,group,Engineering,,",
      "",
    ].join("\n"),
  );
});

test("export c1z --sync-id copies that sync only", async () => {
  const out = join(tempDir(), "first.c1z");
  const r = await baton(["export", "c1z", ...f, "--sync-id", sample.syncs.first, "--out", out]);
  expect(r.stderr).toBe(`exported sync ${sample.syncs.first} to ${out}\n`);
  expect((await batonJson(["syncs", "-f", out])).syncs.map((s: Json) => s.id)).toEqual([sample.syncs.first]);
  expect(ids((await batonJson(["principals", "-f", out])).resources, (o) => o.resource)).toEqual([
    "user:alice",
    "user:bob",
    "user:carol",
    "group:eng",
  ]);
});

test("console tables fit the terminal width, cutting long cells with …", async () => {
  const r = await baton(["grants", ...f], { columns: 60 });
  const lines = r.stdout.trimEnd().split("\n");
  expect(lines.length).toBe(8);
  for (const line of lines) expect([...line].length).toBeLessThanOrEqual(60);
  expect(r.stdout).toContain("…");
  const wide = await baton(["grants", ...f]);
  expect(wide.stdout).not.toContain("…");
});
