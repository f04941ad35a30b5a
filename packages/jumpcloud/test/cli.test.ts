// End to end: the built binary (dist/cli.js) against the mock JumpCloud served on 127.0.0.1.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cliRunner, syncCounts } from "@baton/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockJumpCloud, startMockJumpCloud } from "../mock/server.js";
import pkg from "../package.json" with { type: "json" };
import { ADMIN_APP_ID } from "../src/index.js";
import { APPS, appId, generateTenant, groupId, userId } from "./msw/tenant.js";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
let mock: MockJumpCloud;
let msp: MockJumpCloud;
let dir: string;

/** Runs baton-jumpcloud with only these environment variables (none of the caller's BATON_*). */
const run = cliRunner(cli, { cwd: () => dir });

const login = (m = mock) => ["--api-key", m.apiKey, "--base-url", m.url];

beforeAll(async () => {
  if (!existsSync(cli))
    throw new Error(`${cli} is missing: build first (pnpm --filter @baton/jumpcloud build)`);
  mock = await startMockJumpCloud();
  msp = await startMockJumpCloud({ msp: true });
  dir = mkdtempSync(join(tmpdir(), "baton-jumpcloud-cli-"));
});
afterAll(async () => {
  await mock?.close();
  await msp?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("baton-jumpcloud", { timeout: 120_000 }, () => {
  it("prints its version, help and capabilities", async () => {
    expect((await run(["--version"])).stdout).toBe(`baton-jumpcloud version ${pkg.version}\n`);
    const help = await run(["--help"]);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/--api-key string +required: JumpCloud API key/);
    expect(help.stdout).toMatch(/--org-id string +Organization ID, sent as x-org-id/);
    expect(help.stdout).toMatch(/--base-url string +JumpCloud console URL/);
    const caps = JSON.parse((await run(["capabilities"])).stdout);
    const byType = Object.fromEntries(
      caps.resourceTypeCapabilities.map((c: { resourceType: { id: string }; capabilities: string[] }) => [
        c.resourceType.id,
        c.capabilities,
      ]),
    );
    // The Go connector's: provisioning on groups; ours adds apps.
    expect(byType).toEqual({
      app: ["CAPABILITY_SYNC", "CAPABILITY_PROVISION"],
      group: ["CAPABILITY_SYNC", "CAPABILITY_PROVISION"],
      role: ["CAPABILITY_SYNC"],
      user: ["CAPABILITY_SYNC"],
    });
  });

  it("syncs the whole organization into --file, without the key in its output", async () => {
    const r = await run([...login(), "--file", "sync.c1z"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain(mock.apiKey);
    const tenant = generateTenant();
    const c = await syncCounts(join(dir, "sync.c1z"));
    expect(c.resourcesByType).toEqual({
      user: tenant.systemUsers.length + 5,
      group: tenant.groups.length,
      role: 7,
      app: tenant.applications.length + 1,
    });
  });

  it("grants and revokes group membership by the Go connector's ids, only with --provisioning", async () => {
    const grant = ["--grant-entitlement", `group:${groupId(3)}`, "--grant-principal-type", "user"];
    const principal = ["--grant-principal", userId(5)];
    const refused = await run([...login(), ...grant, ...principal]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/add --provisioning to confirm/);

    const granted = await run([...login(), "-p", ...grant, ...principal]);
    expect(granted.stdout).toBe(`granted group:${groupId(3)} to user ${userId(5)}\n`);
    expect((await run([...login(), "-p", ...grant, ...principal])).stdout).toMatch(/^already existed/);

    expect((await run([...login(), "--file", "sync.c1z"])).code).toBe(0);
    const grantId = `group-grant:${groupId(3)}:user:${userId(5)}:${groupId(3)}`;
    expect((await run([...login(), "-p", "--revoke-grant", grantId])).stdout).toBe(`revoked ${grantId}\n`);
    expect((await run([...login(), "-p", "--revoke-grant", grantId])).stdout).toBe(
      `already revoked: ${grantId}\n`,
    );
  });

  it("grants app access, and refuses roles and JumpCloud Administration with a pointer to the console", async () => {
    const zoom = appId(APPS.zoom);
    const granted = await run([
      ...login(),
      "-p",
      "--grant-entitlement",
      `app:${zoom}`,
      "--grant-principal-type",
      "group",
      "--grant-principal",
      groupId(9),
    ]);
    expect(granted.stdout).toBe(`granted app:${zoom} to group ${groupId(9)}\n`);

    const asUser = (entitlement: string) => [
      ...login(),
      "-p",
      "--grant-entitlement",
      entitlement,
      "--grant-principal-type",
      "user",
      "--grant-principal",
      userId(3),
    ];
    const role = await run(asUser("role:role_help_desk"));
    expect(role.code).toBe(9);
    expect(role.stderr).toMatch(
      /JumpCloud cannot grant entitlements of role: JumpCloud's API does not change administrator roles.*JumpCloud console \(Settings > Administrators\)/,
    );
    const admin = await run(asUser(`app:${ADMIN_APP_ID}`));
    expect(admin.code).toBe(9);
    expect(admin.stderr).toMatch(/cannot grant JumpCloud Administration.*JumpCloud console/);
  });

  it("reads its settings from BATON_* variables, the organization included", async () => {
    const r = await run([], {
      BATON_API_KEY: msp.apiKey,
      BATON_BASE_URL: msp.url,
      BATON_ORG_ID: msp.orgId,
      BATON_FILE: "msp.c1z",
    });
    expect(r.code, r.stderr).toBe(0);
    expect((await syncCounts(join(dir, "msp.c1z"))).resourcesByType.role).toBe(7);
  });

  it("exits with Unauthenticated (16) naming the setting to check, and never prints the key", async () => {
    const wrong = await run(["--api-key", "jca_not0the0key", "--base-url", mock.url, "--file", "bad.c1z"]);
    expect(wrong.code).toBe(16);
    expect(wrong.stderr).toContain("JumpCloud rejected the API key");
    expect(wrong.stderr).toContain("--api-key/BATON_API_KEY");
    expect(wrong.stderr).not.toContain("jca_not0the0key");
    const noOrg = await run([...login(msp), "--file", "bad.c1z"]);
    expect(noOrg.code).toBe(16);
    expect(noOrg.stderr).toContain("--org-id/BATON_ORG_ID");
    expect(existsSync(join(dir, "bad.c1z"))).toBe(false);
  });

  it("refuses a bad setting before any request, in one line", async () => {
    const r = await run(["--api-key", mock.apiKey, "--org-id", "acme", "--base-url", mock.url]);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/org-id.*24 hexadecimal characters/);
  });
});
