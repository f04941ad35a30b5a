// Service mode end to end: baton-pingone (in this process) against a fake ConductorOne and the mock
// PingOne, both on 127.0.0.1.
import { runAsService } from "@baton/testing";
import { describe, expect, it } from "vitest";
import { startMock } from "../mock/server.js";
import { pingone } from "../src/index.js";

describe("baton-pingone in service mode", { timeout: 60_000 }, () => {
  it("says hello, syncs and uploads a valid .c1z, and stops with 0", async () => {
    const mock = await startMock();
    const service = await runAsService(pingone, { env: mock.env });
    try {
      const { store, syncId } = await service.sync();
      expect(store.counts(syncId).resources).toBeGreaterThan(300);
      store.close();
      expect(service.stderr).not.toContain(mock.env.BATON_PINGONE_CLIENT_SECRET);
    } finally {
      expect(await service.stop()).toBe(0);
      await mock.close();
    }
  });
});
