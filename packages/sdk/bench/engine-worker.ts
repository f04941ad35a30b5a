// One engine benchmark run in a fresh process: `engine` syncs a synthetic connector (100,000 users,
// 1,000 groups, N grants) through sync(); `engine-type` syncs as many grants read from the users'
// side by a typeGrants handler (groups have no grants handler); `store` and `store-type` write the
// objects of `engine` and `engine-type` with C1zWriter directly, in the order the engine gets them
// (the store-only floors). Prints one JSON line with timings and peak RSS. Runs on the built package.
import { rmSync, statSync } from "node:fs";
import {
  defineConnector,
  entitlement,
  grant,
  groupResource,
  type Resource,
  ref,
  resourceType,
  resourceTypeMessage,
  sync,
  userResource,
} from "@baton/sdk";
import { openC1zForWrite } from "@baton/sdk/c1z";
import { z } from "zod";

const [mode, grantsArg, out] = process.argv.slice(2) as [string, string, string];
const GRANTS = Number(grantsArg);
const USERS = 100_000;
const GROUPS = 1_000;
const PAGE = 100;
const perGroup = GRANTS / GROUPS;

const userAt = (i: number) =>
  userResource("user", `user-${i}`, {
    displayName: `User Number ${i}`,
    emails: [`user-${i}@example.com`],
    login: `user-${i}@example.com`,
  });
const groupAt = (i: number) => groupResource("group", `group-${i}`, { displayName: `Group ${i}` });
/** Member j of group g: a unique user per (group, j). */
const memberOf = (g: number, j: number) => `user-${(g * 7 + j * 101) % USERS}`;
const grantsPage = (g: Resource, gi: number, from: number) =>
  Array.from({ length: Math.min(PAGE, perGroup - from) }, (_, k) =>
    grant(g, "member", ref("user", memberOf(gi, from + k))),
  );

const users = resourceType<null, number>({
  id: "user",
  displayName: "User",
  traits: ["user"],
  skipEntitlementsAndGrants: true,
  async list({ cursor = 0 }) {
    const items = Array.from({ length: Math.min(PAGE, USERS - cursor) }, (_, k) => userAt(cursor + k));
    return { items, next: cursor + PAGE < USERS ? cursor + PAGE : undefined };
  },
});
const groups = resourceType<null, number>({
  id: "group",
  displayName: "Group",
  traits: ["group"],
  async list({ cursor = 0 }) {
    const items = Array.from({ length: Math.min(PAGE, GROUPS - cursor) }, (_, k) => groupAt(cursor + k));
    return { items, next: cursor + PAGE < GROUPS ? cursor + PAGE : undefined };
  },
  async entitlements({ resource }) {
    return [entitlement(resource, "member", { grantableTo: ["user"] })];
  },
  async grants({ resource, cursor = 0 }) {
    const gi = Number(resource.id!.resource.slice("group-".length));
    return {
      items: grantsPage(resource, gi, cursor),
      next: cursor + PAGE < perGroup ? cursor + PAGE : undefined,
    };
  },
});
const connector = defineConnector({
  name: "bench",
  displayName: "Benchmark",
  version: "0.0.0",
  config: z.object({}),
  client: () => null,
  resourceTypes: [users, groups],
});

/** The same number of memberships, listed on the users: user u is in GRANTS / USERS groups. */
const perUser = GRANTS / USERS;
const groupsOf = (u: number) => Array.from({ length: perUser }, (_, k) => (u * 13 + k * 97) % GROUPS);
const typeScoped = defineConnector({
  ...connector,
  resourceTypes: [
    {
      ...users,
      async typeGrants({ cursor = 0 }) {
        const items = Array.from({ length: Math.min(PAGE, USERS - cursor) }, (_, k) => cursor + k).flatMap(
          (u) =>
            groupsOf(u).map((g) => grant(ref("group", `group-${g}`), "member", ref("user", `user-${u}`))),
        );
        return { items, next: cursor + PAGE < USERS ? cursor + PAGE : undefined };
      },
    },
    { ...groups, grants: undefined },
  ],
});

async function viaStore() {
  const w = await openC1zForWrite(out);
  const id = w.startSync("full");
  w.putResourceTypes(id, [resourceTypeMessage(users), resourceTypeMessage(groups)]);
  for (let i = 0; i < USERS; i += PAGE)
    w.putResources(
      id,
      Array.from({ length: PAGE }, (_, k) => userAt(i + k)),
    );
  const gs = Array.from({ length: GROUPS }, (_, i) => groupAt(i));
  w.putResources(id, gs);
  w.putEntitlements(
    id,
    gs.map((g) => entitlement(g, "member", { grantableTo: ["user"] })),
  );
  if (mode === "store-type") {
    // typeGrants' grants, in the order it returns them (by user), with their full group.
    for (let u = 0; u < USERS; u += PAGE) {
      const page = Array.from({ length: Math.min(PAGE, USERS - u) }, (_, k) => u + k).flatMap((x) =>
        groupsOf(x).map((g) => grant(gs[g]!, "member", ref("user", `user-${x}`))),
      );
      w.putGrants(id, page);
    }
  } else
    gs.forEach((g, gi) => {
      for (let from = 0; from < perGroup; from += PAGE) w.putGrants(id, grantsPage(g, gi, from));
    });
  w.endSync(id);
  await w.save();
  w.close({ discardWork: true });
}

rmSync(out, { force: true });
const t0 = performance.now();
if (mode === "engine") await sync(connector, {}, { file: out });
else if (mode === "engine-type") await sync(typeScoped, {}, { file: out });
else await viaStore();
const totalMs = performance.now() - t0;
const bytes = statSync(out).size;
console.log(JSON.stringify({ totalMs, bytes, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
