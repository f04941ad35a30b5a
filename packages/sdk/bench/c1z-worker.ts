// One benchmark run in a fresh process (spawned by run.mjs after compiling it with tsc): `writer`,
// `floor` or `read`, with N grants. Prints one JSON line: phase timings in ms and peak RSS.
import { rmSync, statSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { getHeapSpaceStatistics } from "node:v8";
import { create, toBinary } from "@bufbuild/protobuf";
import { anyPack } from "@bufbuild/protobuf/wkt";
import { compressToC1z } from "../src/c1z/envelope.js";
import { openC1z, openC1zForWrite } from "../src/c1z/index.js";
import { ensureSchema } from "../src/c1z/schema.js";
import { formatGoTime } from "../src/c1z/time.js";
import { WORK_DB_PRAGMAS } from "../src/c1z/writer.js";
import {
  type Entitlement,
  EntitlementSchema,
  type Grant,
  GrantSchema,
  type Resource,
  ResourceSchema,
  ResourceType_Trait,
  ResourceTypeSchema,
  UserTraitSchema,
} from "../src/proto.js";

const [mode, grantsArg, out] = process.argv.slice(2) as [string, string, string];
const GRANTS = Number(grantsArg);
const USERS = 100_000;
const GROUPS = 1_000;
// Objects per put call, like one connector page (most vendor APIs page by 100); BENCH_BATCH overrides.
const BATCH = Number(process.env.BENCH_BATCH ?? 100);

const user = (i: number): Resource =>
  create(ResourceSchema, {
    id: { resourceType: "user", resource: `user-${i}` },
    displayName: `User Number ${i}`,
    annotations: [
      anyPack(
        UserTraitSchema,
        create(UserTraitSchema, {
          emails: [{ address: `user-${i}@example.com`, isPrimary: true }],
          login: `user-${i}@example.com`,
          status: { status: 1 },
          accountType: 1,
        }),
      ),
    ],
  });
const groupOf = (i: number): Resource =>
  create(ResourceSchema, {
    id: { resourceType: "group", resource: `group-${i}` },
    displayName: `Group ${i}`,
  });
const groups = Array.from({ length: GROUPS }, (_, i) => groupOf(i));
const entitlements: Entitlement[] = groups.map((g) =>
  create(EntitlementSchema, {
    resource: g,
    id: `group:${g.id!.resource}:member`,
    displayName: "member",
    slug: "member",
    purpose: 1,
  }),
);
// Grant i: user (i mod USERS) in group (i div USERS × 7 + i) mod GROUPS — unique (group, user) pairs
// for up to USERS × GROUPS grants, spread over all groups; principal is `{id}` as Go's NewGrant makes it.
const grantOf = (i: number): Grant => {
  const e = entitlements[(Math.floor(i / USERS) * 7 + i) % GROUPS]!;
  const u = `user-${i % USERS}`;
  return create(GrantSchema, {
    entitlement: { id: e.id, resource: e.resource },
    principal: { id: { resourceType: "user", resource: u } },
    id: `${e.id}:user:${u}`,
  });
};
const resourceTypes = [
  create(ResourceTypeSchema, { id: "user", displayName: "User", traits: [ResourceType_Trait.USER] }),
  create(ResourceTypeSchema, { id: "group", displayName: "Group", traits: [ResourceType_Trait.GROUP] }),
];

function* batches<T>(n: number, make: (i: number) => T): Generator<T[]> {
  for (let i = 0; i < n; i += BATCH)
    yield Array.from({ length: Math.min(BATCH, n - i) }, (_, j) => make(i + j));
}

/** BENCH_TRACE=1 prints memory at each phase to stderr; BENCH_TRACE=spaces adds V8's heap spaces. */
const trace = (label: string) => {
  if (!process.env.BENCH_TRACE) return;
  const m = process.memoryUsage();
  const mb = (n: number) => Math.round(n / 2 ** 20);
  if (process.env.BENCH_TRACE === "spaces")
    console.error(
      getHeapSpaceStatistics()
        .map((sp) => `${sp.space_name}=${mb(sp.space_size)}/${mb(sp.space_used_size)}`)
        .join(" "),
    );
  console.error(
    label,
    `rss ${mb(m.rss)} heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} external ${mb(m.external)} max ${mb(process.resourceUsage().maxRSS * 1024)}`,
  );
};

/** Wall and CPU time spent inside `f` only, so generating the input objects is not counted. */
let timed = 0;
let timedCpu = 0;
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
function time<T>(f: () => T): T {
  const t = performance.now();
  const c = cpuMs();
  const r = f();
  timed += performance.now() - t;
  timedCpu += cpuMs() - c;
  return r;
}
async function timeAsync(f: () => Promise<void>): Promise<{ ms: number; cpuMs: number }> {
  const t = performance.now();
  const c = cpuMs();
  await f();
  return { ms: performance.now() - t, cpuMs: cpuMs() - c };
}

const result = (save: { ms: number; cpuMs: number }, bytes: number) => ({
  insertMs: timed,
  saveMs: save.ms,
  totalMs: timed + save.ms,
  insertCpuMs: timedCpu,
  saveCpuMs: save.cpuMs,
  totalCpuMs: timedCpu + save.cpuMs,
  bytes,
});

async function writer(): Promise<Record<string, number>> {
  trace("start");
  rmSync(out, { force: true });
  rmSync(`${out}.work`, { recursive: true, force: true });
  const w = await openC1zForWrite(out);
  const sync = time(() => w.startSync("full"));
  time(() => w.putResourceTypes(sync, resourceTypes));
  time(() => w.putResources(sync, groups));
  for (const b of batches(USERS, user)) time(() => w.putResources(sync, b));
  trace("resources");
  time(() => w.putEntitlements(sync, entitlements));
  for (const b of batches(GRANTS, grantOf)) time(() => w.putGrants(sync, b));
  trace("grants");
  time(() => w.endSync(sync));
  const save = await timeAsync(() => w.save());
  trace("saved");
  w.close({ discardWork: true });
  return result(save, statSync(out).size);
}

async function floor(): Promise<Record<string, number>> {
  const dbFile = `${out}.floor.db`;
  rmSync(dbFile, { force: true });
  const db = new DatabaseSync(dbFile);
  db.exec(WORK_DB_PRAGMAS);
  ensureSchema(db, { indexes: true });
  const now = formatGoTime(new Date());
  const sync = "floor0000000000000000000000";
  const rt = db.prepare(
    "insert into v1_resource_types (external_id, data, sync_id, discovered_at) values (?, ?, ?, ?)",
  );
  const res = db.prepare(
    "insert into v1_resources (resource_type_id, external_id, parent_resource_type_id, parent_resource_id, data, sync_id, discovered_at) values (?, ?, ?, ?, ?, ?, ?)",
  );
  const ent = db.prepare(
    "insert into v1_entitlements (resource_type_id, resource_id, external_id, data, sync_id, discovered_at) values (?, ?, ?, ?, ?, ?)",
  );
  const gr = db.prepare(
    "insert into v1_grants (resource_type_id, resource_id, entitlement_id, principal_resource_type_id, principal_resource_id, external_id, expansion, needs_expansion, data, sync_id, discovered_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  // Rows are prepared (blobs encoded) outside the timed sections: the floor is storage cost only.
  const resRows = (rs: Resource[]) =>
    rs.map(
      (r) =>
        [r.id!.resourceType, `${r.id!.resourceType}:${r.id!.resource}`, toBinary(ResourceSchema, r)] as const,
    );
  time(() => db.exec("begin"));
  for (const t of resourceTypes) {
    const data = toBinary(ResourceTypeSchema, t);
    time(() => rt.run(t.id, data, sync, now));
  }
  for (const rs of [groups, ...batches(USERS, user)]) {
    const rows = resRows(rs);
    time(() => {
      for (const [type, ext, data] of rows) res.run(type, ext, null, null, data, sync, now);
    });
  }
  const entRows = entitlements.map(
    (e) => [e.resource!.id!.resource, e.id, toBinary(EntitlementSchema, e)] as const,
  );
  time(() => {
    for (const [rid, id, data] of entRows) ent.run("group", rid, id, data, sync, now);
  });
  for (const b of batches(GRANTS, grantOf)) {
    const rows = b.map(
      (g) =>
        [
          g.entitlement!.resource!.id!.resource,
          g.entitlement!.id,
          g.principal!.id!.resource,
          g.id,
          toBinary(GrantSchema, g),
        ] as const,
    );
    time(() => {
      for (const [rid, eid, pid, id, data] of rows)
        gr.run("group", rid, eid, "user", pid, id, null, 0, data, sync, now);
    });
  }
  time(() => db.exec("commit"));
  time(() => db.close());
  trace("inserted");
  const save = await timeAsync(() => compressToC1z(dbFile, `${out}.floor.c1z`));
  trace("compressed");
  const bytes = statSync(`${out}.floor.c1z`).size;
  rmSync(dbFile, { force: true });
  rmSync(`${out}.floor.c1z`, { force: true });
  return result(save, bytes);
}

async function read(): Promise<Record<string, number>> {
  const t = performance.now();
  const store = await openC1z(out);
  const openMs = performance.now() - t;
  const sync = store.selectSync().id;
  let n = 0;
  for (const g of store.grants(sync)) if (g.id) n++;
  store.close();
  if (n !== GRANTS) throw new Error(`read ${n} grants, expected ${GRANTS}`);
  return { openMs, totalMs: performance.now() - t };
}

const run = { writer, floor, read }[mode];
if (!run) throw new Error(`unknown mode ${mode}`);
const figures = await run();
console.log(
  JSON.stringify({ mode, grants: GRANTS, ...figures, maxRssMB: process.resourceUsage().maxRSS / 1024 }),
);
