// Service mode end to end: baton-ziphq (in this process) against a fake ConductorOne and the mock Zip
// tenant, both on 127.0.0.1: a sync task's upload, then a grant task that changes the tenant.
import { runAsService } from "@baton/testing";
import { describe, expect, it } from "vitest";
import { startMockZip } from "../mock/server.js";
import { ziphq } from "../src/index.js";
import { ROLES, roleId, SIZES, userId } from "./msw/tenant.js";

describe("baton-ziphq in service mode", { timeout: 60_000 }, () => {
  it("syncs and uploads a valid .c1z, grants a role when BATON_PROVISIONING is true, and stops with 0", async () => {
    const mock = await startMockZip();
    const service = await runAsService(ziphq, {
      env: {
        BATON_BATON_ZIPHQ_API_KEY: mock.apiKey,
        BATON_BATON_ZIPHQ_BASE_URL: mock.url,
        BATON_PROVISIONING: "true",
      },
    });
    const { c1 } = service;
    try {
      const { store, syncId } = await service.sync();
      expect(store.counts(syncId).resourcesByType).toMatchObject({ user: SIZES.users, role: SIZES.roles });
      store.close();

      const role = roleId(ROLES.finance);
      const user = mock.tenant.users.find((u) => u.id === userId(1))!;
      expect(user.role_ids).not.toContain(role);
      const task = c1.addTask({
        taskType: {
          case: "grant",
          value: {
            entitlement: {
              id: `role:${role}:assigned`,
              slug: "assigned",
              resource: { id: { resourceType: "role", resource: role } },
            },
            principal: { id: { resourceType: "user", resource: userId(1) } },
          },
        },
      });
      const fin = await c1.waitForFinish(task);
      expect(fin.finalState.case, service.stderr).toBe("success");
      expect(mock.tenant.users.find((u) => u.id === userId(1))!.role_ids).toContain(role);
      expect(service.stderr).not.toContain(mock.apiKey);
    } finally {
      expect(await service.stop()).toBe(0);
      await mock.close();
    }
  });
});
