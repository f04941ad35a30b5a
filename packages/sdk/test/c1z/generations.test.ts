import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openC1z } from "../../src/c1z/index.js";
import { fixture } from "./helpers.js";

const EXPANDABLE_URL = "type.googleapis.com/c1.connector.v2.GrantExpandable";
const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

describe("older Go generations", () => {
  it("go-unexpanded (no expansion columns): grantsWithExpansion reads GrantExpandable from the blobs", async () => {
    const before = sha(fixture("go-unexpanded.c1z"));
    const store = await openC1z(fixture("go-unexpanded.c1z"));
    try {
      const sync = store.selectSync();
      expect(sync).toMatchObject({ id: "36zfOAoWMxQdISbixanQCRBiX7E", endedAt: null, syncType: "full" });
      const inBlobs = [...store.grants(sync.id)].filter((g) =>
        g.annotations.some((a) => a.typeUrl === EXPANDABLE_URL),
      );
      expect(inBlobs.length).toBeGreaterThan(0);
      const all = [...store.grantsWithExpansion(sync.id)];
      expect(all.length).toBe(2909);
      const expandable = all.filter((x) => x.expansion !== undefined);
      expect(expandable.length).toBe(inBlobs.length);
      for (const x of expandable) {
        expect(x.needsExpansion).toBe(true);
        expect(x.expansion!.entitlementIds.length).toBeGreaterThan(0);
        expect(x.grant.annotations.some((a) => a.typeUrl === EXPANDABLE_URL)).toBe(false);
      }
      expect([...store.grantsWithExpansion(sync.id, { expandable: true })].length).toBe(inBlobs.length);
    } finally {
      store.close();
    }
    expect(sha(fixture("go-unexpanded.c1z"))).toBe(before);
  });

  it("go-expanded: the default view is the finished full sync", async () => {
    const store = await openC1z(fixture("go-expanded.c1z"));
    try {
      expect(store.latestFinishedSync("full")?.id).toBe("36zfOAoWMxQdISbixanQCRBiX7E");
      expect(store.selectSync().endedAt).toBe("2025-12-17 16:33:36.381422");
      const c = store.counts("36zfOAoWMxQdISbixanQCRBiX7E");
      expect(c.grants).toBe(14981);
      expect(Object.values(c.grantsByType).reduce((a, b) => a + b, 0)).toBe(14981);
    } finally {
      store.close();
    }
  });

  it("go-sync-in-progress (~v0.7.30, WAL header): unfinished sync with its v0 token", async () => {
    const store = await openC1z(fixture("go-sync-in-progress.c1z"));
    try {
      const s = store.latestUnfinishedSync("full");
      expect(s?.id).toBe("3ARefY5G8eOytquwYgm41Nq07IZ");
      expect(JSON.parse(s!.syncToken).completed_actions_count).toBe(45);
      const rt = store.getResourceType(s!.id, "user");
      expect(rt?.displayName).toBe("User");
      expect(store.getResource(s!.id, "project", "project-0000000")?.displayName).toBe("Project 0000000");
      expect(store.getResource(s!.id, "project", "missing")).toBeUndefined();
    } finally {
      store.close();
    }
  });
});
