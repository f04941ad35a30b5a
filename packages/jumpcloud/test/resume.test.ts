// A rerun with the same --file resumes an interrupted sync only against the same JumpCloud organization.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code, sync } from "@baton/sdk";
import { abortAtGrantsPage, recordingLogger } from "@baton/testing";
import { afterAll, describe, expect, it } from "vitest";
import { jumpcloud, jumpcloudConfig } from "../src/index.js";
import { jumpcloudHandlers } from "./msw/handlers.js";
import { network, useNetwork } from "./msw/network.js";
import { generateTenant, oid } from "./msw/tenant.js";

useNetwork();
const dir = mkdtempSync(join(tmpdir(), "jumpcloud-resume-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fast = async () => {};

describe("resuming an interrupted sync", () => {
  const first = generateTenant();
  const config = jumpcloudConfig.parse({ apiKey: first.apiKey, baseUrl: "http://127.0.0.1:8443" });

  /** A sync into `file` stopped at its third page of group grants. */
  async function interruptedSync(file: string) {
    const controller = new AbortController();
    const stopped = abortAtGrantsPage(jumpcloud, { type: "group", page: 3, controller });
    const err = await sync(stopped, config, { file, signal: controller.signal, sleep: fast }).catch(
      (e: unknown) => e,
    );
    expect((err as { code?: Code }).code).toBe(Code.Canceled);
  }

  it("carries on against the same organization", async () => {
    network.use(...jumpcloudHandlers(first));
    const file = join(dir, "same.c1z");
    await interruptedSync(file);
    const s = await sync(jumpcloud, config, { file, sleep: fast });
    expect(s.resumed).toBe(true);
    expect(s.byType.group?.resources).toBe(first.groups.length);
  });

  it("starts fresh when the same key and URL reach another organization (a proxy behind --base-url moved)", async () => {
    network.use(...jumpcloudHandlers(first));
    const file = join(dir, "other.c1z");
    await interruptedSync(file);

    // Another organization behind the same URL that takes the same key, with fewer users.
    const second = generateTenant();
    second.orgId = oid(0x5a000000, 7);
    second.systemUsers = second.systemUsers.slice(0, 100);
    network.resetHandlers(...jumpcloudHandlers(second));
    const log = recordingLogger();
    const s = await sync(jumpcloud, config, { file, logger: log, sleep: fast });
    expect(s.resumed).toBe(false);
    expect(log.find(/not resuming/)?.msg).toBe(
      `not resuming the interrupted sync: it was started for another account (${first.orgId}, now ${second.orgId}); starting a fresh sync`,
    );
    expect(s.byType.user?.resources).toBeLessThan(first.systemUsers.length);
  });
});
