// A rerun with the same --file resumes an interrupted sync only against the same Zendesk account.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code, sync } from "@baton/sdk";
import { abortAtGrantsPage, recordingLogger } from "@baton/testing";
import { afterAll, describe, expect, it } from "vitest";
import { zendesk, zendeskConfig } from "../src/index.js";
import { zendeskHandlers } from "./msw/handlers.js";
import { network, useNetwork } from "./msw/network.js";
import { generateTenant } from "./msw/tenant.js";

useNetwork();
const dir = mkdtempSync(join(tmpdir(), "zendesk-resume-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("resuming against another Zendesk account", () => {
  it("starts fresh when the same settings reach another account (a proxy behind --base-url moved)", async () => {
    const first = generateTenant();
    network.use(...zendeskHandlers(first, { rateLimit: 1_000_000 }));
    const config = zendeskConfig.parse({
      subdomain: first.subdomain,
      email: first.email,
      apiToken: first.apiToken,
      baseUrl: "http://127.0.0.1:8443",
    });
    const file = join(dir, "sync.c1z");
    // Stopped at the third page of group grants.
    const controller = new AbortController();
    const stopped = abortAtGrantsPage(zendesk, { type: "group", page: 3, controller });
    const err = await sync(stopped, config, { file, signal: controller.signal }).catch((e) => e);
    expect(err.code).toBe(Code.Canceled);

    // Another account with the same admin and token: fewer users, on globex.zendesk.com.
    const second = generateTenant();
    second.users = second.users.slice(0, 100);
    for (const u of second.users) u.url = u.url?.replace("acme.zendesk.com", "globex.zendesk.com");
    network.resetHandlers(...zendeskHandlers(second, { rateLimit: 1_000_000 }));
    const log = recordingLogger();
    const s = await sync(zendesk, config, { file, logger: log });
    expect(s.resumed).toBe(false);
    expect(log.find(/not resuming/)?.msg).toBe(
      "not resuming the interrupted sync: it was started for another account (acme, now globex); starting a fresh sync",
    );
    expect(s.byType.team_member?.resources).toBe(second.users.filter((u) => u.role !== "end-user").length);
  });
});
