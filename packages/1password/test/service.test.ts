// Service mode end to end: baton-1password (in this process) with a service account, against a fake
// ConductorOne on 127.0.0.1 and the fake op.
import { Code, runCli } from "@baton/sdk";
import { validateSync } from "@baton/sdk/c1z";
import { startFakeConductorOne } from "@baton/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { onePassword } from "../src/index.js";
import { FAKE_OP, FakeOp } from "./helpers.js";

afterEach(() => vi.unstubAllEnvs());

describe("baton-1password in service mode", { timeout: 60_000 }, () => {
  it("says hello, syncs and uploads a valid .c1z, refuses grants without provisioning, and stops with 0", async () => {
    const fake = new FakeOp("business");
    for (const [k, v] of Object.entries(fake.env())) vi.stubEnv(k, v);
    const c1 = await startFakeConductorOne({ nextPollMs: 100 });
    const stop = new AbortController();
    let stderr = "";
    const done = runCli(onePassword, {
      argv: [],
      env: {
        BATON_AUTH_TYPE: "service",
        OP_SERVICE_ACCOUNT_TOKEN: fake.tenant.auth.serviceToken,
        BATON_OP_PATH: FAKE_OP,
        ...c1.env,
      },
      cwd: fake.dir,
      signal: stop.signal,
      stdout: { write: () => true },
      stderr: { write: (s: string) => (stderr += s), isTTY: false },
    });
    try {
      await c1.waitFor("hello", () => c1.hellos.length > 0);
      expect(c1.hellos[0]!.connectorMetadata?.displayName).toBe("1Password");
      const id = c1.addTask({ taskType: { case: "syncFull", value: {} } });
      const fin = await c1.waitForFinish(id);
      expect(fin.finalState.case, stderr).toBe("success");
      const store = await c1.openAsset(c1.assets(id)[0]!);
      const sync = store.latestFinishedSync()!;
      expect(validateSync(store, sync.id)).toEqual([]);
      const types = new Set([...store.resources(sync.id)].map((r) => r.id!.resourceType));
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
      for (const s of fake.secrets()) expect(stderr).not.toContain(s);
    } finally {
      stop.abort();
      expect(await done).toBe(0);
      await c1.close();
    }
  });
});
