import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { openC1zForWrite } from "../../src/c1z/index.js";
import {
  appResource,
  entitlement,
  grant,
  groupResource,
  userResource,
} from "../../src/connector/builders.js";
import { silentLogger } from "../../src/log.js";
import { expandGrants } from "../../src/sync/expand.js";
import { groupType, userType } from "../c1z/fakes.js";
import { startTsChild, tempDir } from "../c1z/helpers.js";

const CHILD = fileURLToPath(new URL("./order-child.ts", import.meta.url));

/** Runs order-child.ts with N; kills it after `deadlineMs`. */
async function orderInChild(n: number, deadlineMs: number): Promise<{ out: string; killed: boolean }> {
  const { child, output, exited } = startTsChild(CHILD, [String(n)]);
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill("SIGKILL");
  }, deadlineMs);
  await exited;
  clearTimeout(timer);
  return { out: output(), killed };
}

describe("grant expansion", () => {
  it("one group granted many apps: every member inherits every app, with the group as source", async () => {
    const w = await openC1zForWrite(join(tempDir(), "sync.c1z"));
    const sync = w.startSync("full");
    const g = groupResource("group", "eng", { displayName: "Engineering" });
    const members = [
      userResource("user", "ada", { displayName: "Ada" }),
      userResource("user", "bo", { displayName: "Bo" }),
    ];
    const apps = Array.from({ length: 300 }, (_, i) =>
      appResource("app", `a${i}`, { displayName: `App ${i}` }),
    );
    w.putResourceTypes(sync, [userType(), groupType()]);
    w.putResources(sync, [g, ...members, ...apps]);
    w.putEntitlements(sync, [entitlement(g, "member"), ...apps.map((a) => entitlement(a, "access"))]);
    w.putGrants(sync, [
      ...members.map((m) => grant(g, "member", m)),
      ...apps.map((a) => grant(a, "access", g, { expandFrom: [[g, "member"]] })),
      // Bo also holds app 7 directly: the existing grant gets both sources.
      grant(apps[7]!, "access", members[1]!),
    ]);
    expect(expandGrants(w, sync, silentLogger)).toBe(600);
    const ada = [...w.grants(sync, { principalTypeId: "user", principalId: "ada" })];
    expect(ada).toHaveLength(301);
    expect(ada.filter((x) => x.entitlement?.id.startsWith("app:")).map((x) => x.sources?.sources)).toEqual(
      apps.map(() => ({
        "group:eng:member": { $typeName: "c1.connector.v2.GrantSources.GrantSource", isDirect: true },
      })),
    );
    const bo7 = w.getGrant(sync, "app:a7:access:user:bo")!;
    expect(Object.keys(bo7.sources!.sources).sort()).toEqual(["app:a7:access", "group:eng:member"]);
    w.close({ discardWork: true });
  });

  it("orders 100,000 edges out of one entitlement and a 100,000-long chain in linear time", async () => {
    // Ordering is linear: well under a second here. Copying an adjacency list per edge (quadratic,
    // 5·10⁹ element copies at this size) took minutes; the deadline leaves a wide margin.
    const { out, killed } = await orderInChild(100_000, 30_000);
    expect(killed).toBe(false);
    expect(JSON.parse(out)).toEqual({ ordered: 200_000, cyclic: 2 });
  }, 60_000);
});
