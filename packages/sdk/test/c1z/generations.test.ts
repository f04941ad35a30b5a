import { createHash } from "node:crypto";
import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openC1z, openC1zForWrite } from "../../src/c1z/index.js";
import { user, userType } from "./fakes.js";
import { fixture, tempDir } from "./helpers.js";

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

describe("appending to a Go-written file", () => {
  it("adds current-shape syncs next to the old one and cleans up to two finished full syncs", async () => {
    const path = join(tempDir(), "go.c1z");
    copyFileSync(fixture("go-expanded.c1z"), path);
    const goSync = "36zfOAoWMxQdISbixanQCRBiX7E";
    const append = async () => {
      const w = await openC1zForWrite(path);
      const id = w.startSync("full");
      w.putResourceTypes(id, [userType()]);
      w.putResources(id, [user("alice")]);
      w.cleanup();
      w.endSync(id);
      await w.save();
      w.close({ discardWork: true });
      return id;
    };
    const first = await append();
    let r = await openC1z(path);
    try {
      expect(r.syncs().map((s) => s.id)).toEqual([goSync, first]);
      expect(r.counts(goSync).grants).toBe(14981);
      expect(r.selectSync().id).toBe(first);
      const flags = r.db
        .prepare("select sync_id, grants_backfilled, supports_diff from v1_sync_runs order by id")
        .all() as { sync_id: string; grants_backfilled: number; supports_diff: number }[];
      expect(flags).toEqual([
        { sync_id: goSync, grants_backfilled: 0, supports_diff: 0 },
        { sync_id: first, grants_backfilled: 1, supports_diff: 1 },
      ]);
    } finally {
      r.close();
    }
    const second = await append();
    r = await openC1z(path);
    try {
      expect(r.syncs().map((s) => s.id)).toEqual([first, second]);
      expect(r.counts(goSync).grants).toBe(0);
    } finally {
      r.close();
    }
  });
});
