// Every command in both output formats, on the Go-written fixtures and on a file our writer
// produced, checked against what sqlite3 reads from the decompressed database.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  baton,
  batonJson,
  column,
  decompress,
  GO_FIXTURES,
  type Json,
  sha256,
  sqlite3,
  tableRows,
  tempDir,
} from "./helpers.js";
import { writeSample } from "./sample.js";

const sample = await writeSample(tempDir());

const FILES = [
  { name: "go-expanded.c1z", file: GO_FIXTURES.expanded.file },
  { name: "go-unexpanded.c1z", file: GO_FIXTURES.unexpanded.file },
  { name: "go-sync-in-progress.c1z", file: GO_FIXTURES.inProgress.file },
  { name: "sample.c1z (our writer)", file: sample.file },
];

/** A c1z time as protobuf JSON prints a Timestamp: fraction padded to 3, 6 or 9 digits. */
function rfc3339Nano(goTime: string): string {
  const [date, time] = goTime.split(" ") as [string, string];
  const [seconds, fraction = ""] = time.split(".");
  const digits = fraction === "" ? 0 : fraction.length <= 3 ? 3 : fraction.length <= 6 ? 6 : 9;
  return `${date}T${seconds}${digits ? `.${fraction.padEnd(digits, "0")}` : ""}Z`;
}
const key = (id: Json | undefined) => `${id?.resourceType}:${id?.resource}`;

describe.each(FILES)("$name", ({ file }) => {
  const db = decompress(file);
  const q = (sql: string) => sqlite3(db, sql);
  // As the Go reader picks it: latest finished full sync, else the latest unfinished one.
  const sync =
    q(
      "select sync_id from v1_sync_runs where ended_at is not null and sync_type = 'full' order by ended_at desc, sync_id desc limit 1",
    )[0]?.[0] ??
    q("select sync_id from v1_sync_runs where ended_at is null order by started_at desc limit 1")[0]![0]!;
  const inSync = `sync_id = '${sync}'`;
  const f = ["-f", file];

  test("resource-types", async () => {
    const ids = column(q(`select external_id from v1_resource_types where ${inSync} order by id`));
    const json = await batonJson(["resource-types", ...f]);
    expect(json.resourceTypes.map((o: Json) => o.resourceType.id)).toEqual(ids);
    const console = await baton(["resource-types", ...f]);
    expect(console.code).toBe(0);
    expect(console.stdout.split("\n")[0]).toMatch(/^ID +\| Display Name +\| Traits$/);
    expect(column(tableRows(console.stdout))).toEqual(ids);
  });

  test("resources, with type and parent", async () => {
    const rows = q(`select r.external_id, r.resource_type_id, coalesce(r.parent_resource_type_id, ''),
        coalesce(r.parent_resource_id, ''), p.id is not null, t.id is not null
      from v1_resources r
      left join v1_resources p on p.sync_id = r.sync_id and p.external_id = r.parent_resource_type_id || ':' || r.parent_resource_id
      left join v1_resource_types t on t.sync_id = r.sync_id and t.external_id = r.resource_type_id
      where r.${inSync} order by r.id`);
    const { resources } = await batonJson(["resources", ...f]);
    expect(resources.map((o: Json) => key(o.resource.id))).toEqual(column(rows));
    resources.forEach((o: Json, i: number) => {
      const [, type, parentType, parentId, parentFound, typeFound] = rows[i]!;
      expect(o.resourceType.id).toBe(type);
      if (typeFound === "0") expect(o.resourceType.displayName).toBe(`MISSING RESOURCE TYPE (${type})`);
      if (parentType === "") expect(o.parent).toBeUndefined();
      else if (parentFound === "1") expect(key(o.parent.id)).toBe(`${parentType}:${parentId}`);
      else expect(o.parent.displayName).toBe(`MISSING RESOURCE (${parentType}:${parentId})`);
    });

    const table = tableRows((await baton(["resources", ...f])).stdout);
    expect(table.map((r, i) => `${rows[i]![1]}:${r[0]}`)).toEqual(column(rows));
    expect(table.map((r) => r[3] === "-")).toEqual(rows.map((r) => r[2] === ""));

    const type = rows[0]![1]!;
    const ofType = column(
      q(`select external_id from v1_resources where ${inSync} and resource_type_id = '${type}' order by id`),
    );
    const filtered = await batonJson(["resources", ...f, "-t", type]);
    expect(filtered.resources.map((o: Json) => key(o.resource.id))).toEqual(ofType);
  });

  test("entitlements, with resource and type", async () => {
    const rows = q(
      `select external_id, resource_type_id, resource_id from v1_entitlements where ${inSync} order by id`,
    );
    const json = await batonJson(["entitlements", ...f]);
    expect((json.entitlements ?? []).map((o: Json) => o.entitlement.id)).toEqual(column(rows));
    (json.entitlements ?? []).forEach((o: Json, i: number) => {
      expect(key(o.resource.id)).toBe(`${rows[i]![1]}:${rows[i]![2]}`);
      expect(o.resourceType.id).toBe(rows[i]![1]);
    });
    expect(column(tableRows((await baton(["entitlements", ...f])).stdout))).toEqual(column(rows));
    for (const type of new Set(rows.map((r) => r[1]!))) {
      const { entitlements } = await batonJson(["entitlements", ...f, "-t", type]);
      expect(entitlements.length).toBe(rows.filter((r) => r[1] === type).length);
    }
  });

  test("grants, with entitlement, resource, type and principal (placeholders for missing ones)", async () => {
    const rows = q(`select g.external_id, g.entitlement_id, g.resource_type_id || ':' || g.resource_id,
        g.principal_resource_type_id || ':' || g.principal_resource_id, e.id is not null, p.id is not null
      from v1_grants g
      left join v1_entitlements e on e.sync_id = g.sync_id and e.external_id = g.entitlement_id
      left join v1_resources p on p.sync_id = g.sync_id
        and p.external_id = g.principal_resource_type_id || ':' || g.principal_resource_id
      where g.${inSync} order by g.id`);
    const json = await batonJson(["grants", ...f]);
    const grants: Json[] = json.grants ?? [];
    expect(grants.map((o) => o.grant.id)).toEqual(column(rows));
    grants.forEach((o, i) => {
      const [, entitlementId, resource, principal, entitlementFound, principalFound] = rows[i]!;
      expect(o.entitlement.id).toBe(entitlementId);
      expect(key(o.resource.id)).toBe(resource);
      expect(key(o.principal.id)).toBe(principal);
      expect(o.resourceType.id).toBe(resource!.split(":")[0]);
      if (entitlementFound === "0")
        expect(o.entitlement.displayName).toBe(`MISSING ENTITLEMENT (${entitlementId})`);
      if (principalFound === "0") expect(o.principal.displayName).toBe(`MISSING RESOURCE (${principal})`);
      expect(JSON.stringify(o.grant.annotations ?? [])).not.toContain("GrantExpandable");
    });
    const console = await baton(["grants", ...f]);
    expect(console.stdout.split("\n")[0]).toMatch(
      /^ID +\| Resource Type +\| Resource +\| Entitlement +\| Principal$/,
    );
    expect(column(tableRows(console.stdout))).toEqual(column(rows));

    if (rows.length === 0) return;
    const [type, id] = rows[0]![2]!.split(":");
    const count = (where: string) =>
      Number(q(`select count(*) from v1_grants where ${inSync} and ${where}`)[0]![0]);
    const n = async (...args: string[]) => ((await batonJson(["grants", ...f, ...args])).grants ?? []).length;
    expect(await n("-t", type!)).toBe(count(`resource_type_id = '${type}'`));
    expect(await n("-t", type!, "-r", id!)).toBe(
      count(`resource_type_id = '${type}' and resource_id = '${id}'`),
    );
    expect(await n("-e", rows[0]![1]!)).toBe(count(`entitlement_id = '${rows[0]![1]}'`));
  });

  test("principals: the distinct principals of the selected grants", async () => {
    const principals = (where = "") =>
      column(
        q(`select principal_resource_type_id || ':' || principal_resource_id from v1_grants
          where ${inSync} ${where} group by 1 order by min(id)`),
      );
    const json = await batonJson(["principals", ...f]);
    expect((json.resources ?? []).map((o: Json) => key(o.resource.id))).toEqual(principals());
    const table = tableRows((await baton(["principals", ...f])).stdout);
    expect(table.map((r) => r[0])).toEqual(principals().map((p) => p.slice(p.indexOf(":") + 1)));

    const first = q(
      `select entitlement_id, resource_type_id, resource_id from v1_grants where ${inSync} order by id limit 1`,
    )[0];
    if (!first) return;
    const byEntitlement = await batonJson(["principals", ...f, "-e", first[0]!]);
    expect(byEntitlement.resources.map((o: Json) => key(o.resource.id))).toEqual(
      principals(`and entitlement_id = '${first[0]}'`),
    );
    const byResource = await batonJson(["principals", ...f, "-t", first[1]!, "-r", first[2]!]);
    expect(byResource.resources.map((o: Json) => key(o.resource.id))).toEqual(
      principals(`and resource_type_id = '${first[1]}' and resource_id = '${first[2]}'`),
    );
  });

  test("principals compare: an entitlement against itself matches", async () => {
    const first = q(`select entitlement_id from v1_grants where ${inSync} order by id limit 1`)[0]?.[0];
    if (!first) return;
    const args = ["principals", "compare", ...f, "-e", first, "--compare-file", file];
    expect((await baton(args)).stdout).toBe("The principals between these entitlements appear to match!\n");
    const json = await batonJson(args);
    expect(json.missing).toBeUndefined();
    expect(json.extra).toBeUndefined();
    expect(json.base).toEqual(json.compared);
  });

  test("access: every entitlement the principal holds, grouped by resource", async () => {
    const principal =
      q(`select principal_resource_type_id, principal_resource_id from v1_grants where ${inSync}
      order by id limit 1`)[0];
    if (!principal) return;
    const [type, id] = principal as [string, string];
    const where = `${inSync} and principal_resource_type_id = '${type}' and principal_resource_id = '${id}'`;
    const json = await batonJson(["access", ...f, "-t", type, "-r", id]);
    expect(key(json.principal.id)).toBe(`${type}:${id}`);
    expect(json.access.map((a: Json) => key(a.resource.id)).sort()).toEqual(
      column(
        q(`select distinct resource_type_id || ':' || resource_id from v1_grants where ${where}`),
      ).sort(),
    );
    const held = json.access.flatMap((a: Json) => a.entitlements.map((e: Json) => e.id)).sort();
    expect(held).toEqual(column(q(`select entitlement_id from v1_grants where ${where}`)).sort());

    const tree = (await baton(["access", ...f, "-t", type, "-r", id])).stdout.split("\n");
    expect(tree[0]).toMatch(new RegExp(`^Effective Access for .* \\(${type}\\)$`));
    expect(tree.filter((l) => /^[├└]── /.test(l)).length).toBe(json.access.length);
  });

  test("stats: the latest finished sync (any type), totals and per-type counts", async () => {
    const statsSync =
      q(
        "select sync_id from v1_sync_runs where ended_at is not null order by ended_at desc, sync_id desc limit 1",
      )[0]?.[0] ?? sync;
    const count = (table: string) =>
      Number(q(`select count(*) from ${table} where sync_id = '${statsSync}'`)[0]![0]);
    const json = await batonJson(["stats", ...f]);
    expect(json.engine).toBe("sqlite");
    expect(json.sync.id).toBe(statsSync);
    expect(json.totals).toEqual({
      resourceTypes: count("v1_resource_types"),
      resources: count("v1_resources"),
      entitlements: count("v1_entitlements"),
      grants: count("v1_grants"),
    });
    for (const [type, n] of q(
      `select resource_type_id, count(*) from v1_resources where sync_id = '${statsSync}' group by 1`,
    ))
      expect(json.byResourceType[type!].resources).toBe(Number(n));
    for (const [type, n] of q(
      `select resource_type_id, count(*) from v1_grants where sync_id = '${statsSync}' group by 1`,
    ))
      expect(json.byResourceType[type!].grants).toBe(Number(n));

    const console = (await baton(["stats", ...f])).stdout;
    expect(console).toMatch(new RegExp(`^Sync ID +\\| ${statsSync}$`, "m"));
    expect(console).toMatch(new RegExp(`^Grants +\\| ${count("v1_grants")}$`, "m"));
  });

  test("syncs: every sync run in rowid order", async () => {
    const rows = q(
      "select sync_id, started_at, coalesce(ended_at, ''), sync_type, sync_token from v1_sync_runs order by id",
    );
    const { syncs } = await batonJson(["syncs", ...f]);
    expect(syncs.map((s: Json) => s.id)).toEqual(column(rows));
    syncs.forEach((s: Json, i: number) => {
      const [, started, ended, type, token] = rows[i]!;
      expect(s.startedAt).toBe(rfc3339Nano(started!));
      if (ended === "") expect(s.endedAt).toBeUndefined();
      else expect(s.endedAt).toBe(rfc3339Nano(ended!));
      expect(s.syncType).toBe(type);
      expect(s.syncToken ?? "").toBe(token);
    });
    expect(column(tableRows((await baton(["syncs", ...f])).stdout))).toEqual(column(rows));
  });

  test("export csv: Identity, Entitlement and Grant rows", async () => {
    const out = join(tempDir(), "out.csv");
    const r = await baton(["export", "csv", ...f, "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    const lines = readFileSync(out, "utf8").trimEnd().split("\n");
    expect(lines[0]).toBe(
      "Type,Last Name,First Name,User ID,User Status,Email Address,Entitlement Display Name,Entitlement,Resource Type,Resource Name,Entitlement Description,Entitlement Slug",
    );
    const userTypes = (await batonJson(["resource-types", ...f])).resourceTypes
      .filter((o: Json) => o.resourceType.traits?.includes("TRAIT_USER"))
      .map((o: Json) => `'${o.resourceType.id}'`)
      .join(",");
    const count = (sql: string) => Number(q(sql)[0]![0]);
    const types = (prefix: string) => lines.filter((l) => l.startsWith(`${prefix},`)).length;
    expect(types("Identity")).toBe(
      count(`select count(*) from v1_resources where ${inSync} and resource_type_id in (${userTypes})`),
    );
    expect(types("Entitlement")).toBe(count(`select count(*) from v1_entitlements where ${inSync}`));
    expect(types("Grant")).toBe(
      count(`select count(*) from v1_grants g join v1_resources p on p.sync_id = g.sync_id
        and p.external_id = g.principal_resource_type_id || ':' || g.principal_resource_id
        where g.${inSync} and g.principal_resource_type_id in (${userTypes})`),
    );
  });

  test("export c1z: a new file with exactly the rows of the sync", async () => {
    const out = join(tempDir(), "latest.c1z");
    const before = sha256(file);
    const r = await baton(["export", "c1z", ...f, "--out", out]);
    expect(r.code).toBe(0);
    expect(sha256(file)).toBe(before);
    const copy = decompress(out);
    expect(sqlite3(copy, "select sync_id, started_at, ended_at, sync_token from v1_sync_runs")).toEqual(
      q(`select sync_id, started_at, ended_at, sync_token from v1_sync_runs where ${inSync}`),
    );
    for (const table of ["v1_resource_types", "v1_resources", "v1_entitlements", "v1_grants"])
      expect(sqlite3(copy, `select external_id, hex(data) from ${table} order by id`)).toEqual(
        q(`select external_id, hex(data) from ${table} where ${inSync} order by id`),
      );
    expect((await batonJson(["grants", "-f", out])).grants?.length).toBe(
      (await batonJson(["grants", ...f])).grants?.length,
    );
  });
});
