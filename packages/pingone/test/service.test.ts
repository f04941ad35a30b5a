// Service mode end to end: baton-pingone (in this process) against a fake ConductorOne and the mock
// PingOne, both on 127.0.0.1.
import { runCli } from "@baton/sdk";
import { validateSync } from "@baton/sdk/c1z";
import { startFakeConductorOne } from "@baton/testing";
import { describe, expect, it } from "vitest";
import { startMock } from "../mock/server.js";
import { pingone } from "../src/index.js";

describe("baton-pingone in service mode", { timeout: 60_000 }, () => {
  it("says hello, syncs and uploads a valid .c1z, and stops with 0", async () => {
    const mock = await startMock();
    const c1 = await startFakeConductorOne({ nextPollMs: 100 });
    const stop = new AbortController();
    let stderr = "";
    const done = runCli(pingone, {
      argv: [],
      env: { ...mock.env, ...c1.env },
      signal: stop.signal,
      stdout: { write: () => true },
      stderr: { write: (s: string) => (stderr += s), isTTY: false },
    });
    try {
      await c1.waitFor("hello", () => c1.hellos.length > 0);
      const id = c1.addTask({ taskType: { case: "syncFull", value: {} } });
      const fin = await c1.waitForFinish(id);
      expect(fin.finalState.case, stderr).toBe("success");
      const store = await c1.openAsset(c1.assets(id)[0]!);
      const sync = store.latestFinishedSync()!;
      expect(validateSync(store, sync.id)).toEqual([]);
      expect(store.counts(sync.id).resources).toBeGreaterThan(300);
      store.close();
      expect(stderr).not.toContain(mock.env.BATON_PINGONE_CLIENT_SECRET);
    } finally {
      stop.abort();
      expect(await done).toBe(0);
      await c1.close();
      await mock.close();
    }
  });
});
