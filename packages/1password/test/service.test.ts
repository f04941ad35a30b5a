// Service mode end to end: baton-1password (in this process) with a service account, against a fake
// ConductorOne on 127.0.0.1 and the fake op.
import { Code } from "@baton/sdk";
import { runAsService } from "@baton/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { onePassword } from "../src/index.js";
import { FAKE_OP, FakeOp } from "./helpers.js";

afterEach(() => vi.unstubAllEnvs());

describe("baton-1password in service mode", { timeout: 60_000 }, () => {
  it("says hello, syncs and uploads a valid .c1z, refuses grants without provisioning, and stops with 0", async () => {
    const fake = new FakeOp("business");
    for (const [k, v] of Object.entries(fake.env())) vi.stubEnv(k, v);
    const service = await runAsService(onePassword, {
      env: {
        BATON_AUTH_TYPE: "service",
        OP_SERVICE_ACCOUNT_TOKEN: fake.tenant.auth.serviceToken,
        BATON_OP_PATH: FAKE_OP,
      },
      cwd: fake.dir,
    });
    const { c1 } = service;
    try {
      expect(c1.hellos[0]!.connectorMetadata?.displayName).toBe("1Password");
      const { store, syncId } = await service.sync();
      const types = new Set([...store.resources(syncId)].map((r) => r.id!.resourceType));
      expect(types.size).toBe(4);
      store.close();

      const grant = c1.addTask({
        taskType: {
          case: "grant",
          value: {
            entitlement: {
              id: "vault:VENG:view items",
              resource: { id: { resourceType: "vault", resource: "VENG" } },
            },
            principal: { id: { resourceType: "group", resource: "GOPS" } },
          },
        },
      });
      const refused = await c1.waitForFinish(grant);
      expect(refused.status?.code).toBe(Code.FailedPrecondition);
      for (const s of fake.secrets()) expect(service.stderr).not.toContain(s);
    } finally {
      expect(await service.stop()).toBe(0);
    }
  });
});
