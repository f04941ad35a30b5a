// One grant-expansion run in a fresh process (spawned by expand.mjs after compiling it with tsc):
// writes a sync of the given shape with N, then times expandGrants alone (wall and CPU). Prints one
// JSON line.
//   members: 1 group with N members; 1 role granted to the group, expanded from group membership
//            (1 edge, N grants created).
//   fanout:  1 group with 2 members, granted N apps, each grant expanded from group membership
//            (N edges from one source entitlement, 2N grants created).
//   nested:  N groups of 1 member each, all members of one parent group, expanded from their own
//            membership (N edges into one entitlement, N grants created).
import { rmSync } from "node:fs";
import { create } from "@bufbuild/protobuf";
import { openC1zForWrite } from "../src/c1z/index.js";
import {
  appResource,
  entitlement,
  grant,
  groupResource,
  roleResource,
  userResource,
} from "../src/connector/builders.js";
import { silentLogger } from "../src/log.js";
import { type Grant, type Resource, ResourceType_Trait, ResourceTypeSchema } from "../src/proto.js";
import { expandGrants } from "../src/sync/expand.js";

const [shape, nArg, out] = process.argv.slice(2) as [string, string, string];
const N = Number(nArg);
const BATCH = 1000;

const type = (id: string, trait: ResourceType_Trait) =>
  create(ResourceTypeSchema, { id, displayName: id, traits: [trait] });
const userAt = (i: number) => userResource("user", `user-${i}`, { displayName: `User ${i}` });
const groupAt = (i: number) => groupResource("group", `group-${i}`, { displayName: `Group ${i}` });

rmSync(out, { force: true });
rmSync(`${out}.work`, { recursive: true, force: true });
const w = await openC1zForWrite(out);
const sync = w.startSync("full");
w.putResourceTypes(sync, [
  type("user", ResourceType_Trait.USER),
  type("group", ResourceType_Trait.GROUP),
  type("role", ResourceType_Trait.ROLE),
  type("app", ResourceType_Trait.APP),
]);
const put = (resources: Resource[], grants: Grant[]) => {
  for (let i = 0; i < resources.length; i += BATCH) w.putResources(sync, resources.slice(i, i + BATCH));
  w.putEntitlements(
    sync,
    resources
      .filter((r) => r.id!.resourceType !== "user")
      .map((r) => entitlement(r, r.id!.resourceType === "group" ? "member" : "access")),
  );
  for (let i = 0; i < grants.length; i += BATCH) w.putGrants(sync, grants.slice(i, i + BATCH));
};
const member = (g: Resource, p: Resource, o = {}) => grant(g, "member", p, o);

if (shape === "members") {
  const g = groupAt(0);
  const r = roleResource("role", "admin", { displayName: "Admin" });
  const users = Array.from({ length: N }, (_, i) => userAt(i));
  put(
    [g, r, ...users],
    [...users.map((u) => member(g, u)), grant(r, "access", g, { expandFrom: [[g, "member"]] })],
  );
} else if (shape === "fanout") {
  const g = groupAt(0);
  const users = [userAt(0), userAt(1)];
  const apps = Array.from({ length: N }, (_, i) =>
    appResource("app", `app-${i}`, { displayName: `App ${i}` }),
  );
  put(
    [g, ...users, ...apps],
    [
      ...users.map((u) => member(g, u)),
      ...apps.map((a) => grant(a, "access", g, { expandFrom: [[g, "member"]] })),
    ],
  );
} else if (shape === "nested") {
  const parent = groupResource("group", "parent", { displayName: "Parent" });
  const children = Array.from({ length: N }, (_, i) => groupAt(i));
  const users = Array.from({ length: N }, (_, i) => userAt(i));
  put(
    [parent, ...children, ...users],
    [
      ...children.map((c, i) => member(c, users[i]!)),
      ...children.map((c) => member(parent, c, { expandFrom: [[c, "member"]] })),
    ],
  );
} else throw new Error(`unknown shape ${shape}`);
w.commit();

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const t = performance.now();
const c = cpu();
const changes = expandGrants(w, sync, silentLogger);
const ms = performance.now() - t;
const cpuMs = cpu() - c;
w.close({ discardWork: true });
rmSync(out, { force: true });
console.log(JSON.stringify({ shape, n: N, changes, ms: Math.round(ms), cpuMs: Math.round(cpuMs) }));
