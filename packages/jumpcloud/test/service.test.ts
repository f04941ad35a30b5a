// Service mode end to end: baton-jumpcloud (in this process) against a fake ConductorOne and the mock
// JumpCloud, both on 127.0.0.1, with a multi-tenant key so that x-org-id must go with every request.
import { runCli } from "@baton/sdk";
import { validateSync } from "@baton/sdk/c1z";
import { startFakeConductorOne } from "@baton/testing";
import { describe, expect, it } from "vitest";
import { startMock } from "../mock/server.js";
import { jumpcloud } from "../src/index.js";

describe("baton-jumpcloud in service mode", { timeout: 60_000 }, () => {
  it("says hello, syncs and uploads a valid .c1z, and stops with 0", async () => {
    const mock = await startMock({ msp: true });
    const c1 = await startFakeConductorOne({ nextPollMs: 100 });
    const stop = new AbortController();
    let stderr = "";
    const done = runCli(jumpcloud, {
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
      expect(store.counts(sync.id).resourcesByType).toMatchObject({ role: 7, group: 120 });
      store.close();
      expect(stderr).not.toContain(mock.env.BATON_API_KEY);
    } finally {
      stop.abort();
      expect(await done).toBe(0);
      await c1.close();
      await mock.close();
    }
  });
});
