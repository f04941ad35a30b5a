import { join } from "node:path";
import { equals } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { openC1z, openC1zForWrite } from "../../src/c1z/index.js";
import { GrantSchema, ResourceSchema, ResourceTypeSchema } from "../../src/proto.js";
import { grant, group, groupType, member, user, userType } from "./fakes.js";
import { tempDir } from "./helpers.js";

describe("write → save → openC1z", () => {
  it("returns equal objects", async () => {
    const path = join(tempDir(), "sync.c1z");
    const w = await openC1zForWrite(path);
    expect(w.recovered).toBe(false);
    const id = w.startSync("full");
    const types = [userType(), groupType()];
    const alice = user("alice");
    const eng = group("eng");
    const sub = group("sub", eng);
    const ent = member(eng);
    const g1 = grant(ent, alice);
    w.putResourceTypes(id, types);
    w.putResources(id, [alice, eng, sub]);
    w.putEntitlements(id, [ent]);
    w.putGrants(id, [g1]);
    w.endSync(id);
    await w.save();
    w.close({ discardWork: true });

    const r = await openC1z(path);
    try {
      expect(r.selectSync().id).toBe(id);
      const rts = [...r.resourceTypes(id)];
      expect(rts.length).toBe(2);
      for (const [i, rt] of rts.entries()) expect(equals(ResourceTypeSchema, rt, types[i]!)).toBe(true);
      const rs = [...r.resources(id)];
      for (const [i, x] of [alice, eng, sub].entries()) expect(equals(ResourceSchema, rs[i]!, x)).toBe(true);
      expect(equals(GrantSchema, r.getGrant(id, g1.id)!, g1)).toBe(true);
      expect(r.counts(id)).toEqual({
        resourceTypes: 2,
        resources: 3,
        entitlements: 1,
        grants: 1,
        resourcesByType: { user: 1, group: 2 },
        entitlementsByType: { user: 0, group: 1 },
        grantsByType: { user: 0, group: 1 },
      });
    } finally {
      r.close();
    }
  });
});
