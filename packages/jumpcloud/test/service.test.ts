// Service mode end to end: baton-jumpcloud (in this process) against a fake ConductorOne and the mock
// JumpCloud, both on 127.0.0.1, with a multi-tenant key so that x-org-id must go with every request.
import { runAsService } from "@baton/testing";
import { describe, expect, it } from "vitest";
import { startMock } from "../mock/server.js";
import { jumpcloud } from "../src/index.js";

describe("baton-jumpcloud in service mode", { timeout: 60_000 }, () => {
  it("says hello, syncs and uploads a valid .c1z, and stops with 0", async () => {
    const mock = await startMock({ msp: true });
    const service = await runAsService(jumpcloud, { env: mock.env });
    try {
      const { store, syncId } = await service.sync();
      expect(store.counts(syncId).resourcesByType).toMatchObject({ role: 7, group: 120 });
      store.close();
      expect(service.stderr).not.toContain(mock.env.BATON_API_KEY);
    } finally {
      expect(await service.stop()).toBe(0);
      await mock.close();
    }
  });
});
