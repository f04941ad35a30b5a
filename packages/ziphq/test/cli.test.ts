// End to end: the built binary (dist/cli.js) against the mock Zip served on 127.0.0.1.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openC1z } from "@baton/sdk/c1z";
import { cliRunner, syncCounts } from "@baton/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockZip, startMockZip } from "../mock/server.js";
import pkg from "../package.json" with { type: "json" };
import { generateTenant, ROLES, roleId, USER_GROUPS, userGroupId, userId } from "./msw/tenant.js";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
let mock: MockZip;
let dir: string;

/** baton-ziphq with the mock's key and URL in the environment, as ConductorOne passes them. */
const run = cliRunner(cli, {
  cwd: () => dir,
  env: () => ({ BATON_BATON_ZIPHQ_API_KEY: mock.apiKey, BATON_BATON_ZIPHQ_BASE_URL: mock.url }),
});

beforeAll(async () => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build first (pnpm --filter @baton/ziphq build)`);
  mock = await startMockZip();
  dir = mkdtempSync(join(tmpdir(), "baton-ziphq-cli-"));
});
afterAll(async () => {
  await mock?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("baton-ziphq", { timeout: 120_000 }, () => {
  it("prints its version, help and capabilities", async () => {
    expect((await run(["--version"])).stdout).toBe(`baton-ziphq version ${pkg.version}\n`);
    const help = await run(["--help"]);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(
      /--baton-ziphq-api-key string +required: Zip API key.*\(\$BATON_BATON_ZIPHQ_API_KEY, or a file named by \$BATON_BATON_ZIPHQ_API_KEY_FILE\)/,
    );
    expect(help.stdout).toMatch(/--baton-ziphq-base-url string .*\(default "https:\/\/api\.ziphq\.com"\)/);
    const caps = JSON.parse((await run(["capabilities"])).stdout);
    const byType = Object.fromEntries(
      caps.resourceTypeCapabilities.map((c: { resourceType: { id: string }; capabilities: string[] }) => [
        c.resourceType.id,
        c.capabilities,
      ]),
    );
    expect(Object.keys(byType)).toEqual(["department", "group", "role", "user"]);
    expect(byType.role).toContain("CAPABILITY_PROVISION");
    expect(byType.group).toContain("CAPABILITY_PROVISION");
    expect(byType.department).toEqual(["CAPABILITY_SYNC"]);
    expect(byType.user).toEqual(
      expect.arrayContaining(["CAPABILITY_ACCOUNT_PROVISIONING", "CAPABILITY_RESOURCE_DELETE"]),
    );
  });

  it("syncs the four types and every grant into --file, from BATON_BATON_ZIPHQ_* variables", async () => {
    const r = await run(["--file", "sync.c1z"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain(mock.apiKey);
    const t = generateTenant();
    const c = await syncCounts(join(dir, "sync.c1z"));
    expect(c.resourcesByType).toEqual({
      user: t.users.length,
      role: t.roles.length,
      group: t.userGroups.length,
      department: t.departments.length,
    });
    expect(c.grantsByType).toEqual({
      user: 0,
      role: t.users.reduce((n, u) => n + u.role_ids.length, 0),
      group: t.users.reduce((n, u) => n + u.user_group_ids.length, 0),
      department: t.users.filter((u) => u.department_id).length,
    });
  });

  it("grants and revokes a role with --provisioning, keeping the user's other roles", async () => {
    const entitlement = `role:${roleId(ROLES.finance)}:assigned`;
    const grant = [
      "--grant-entitlement",
      entitlement,
      "--grant-principal-type",
      "user",
      "--grant-principal",
      userId(1),
    ];
    const refused = await run(grant);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/add --provisioning to confirm/);

    expect((await run(["-p", ...grant])).stdout).toBe(`granted ${entitlement} to user ${userId(1)}\n`);
    expect((await run(["-p", ...grant])).stdout).toMatch(/^already existed/);

    expect((await run(["--file", "sync.c1z"])).code).toBe(0);
    const grantId = `${entitlement}:user:${userId(1)}`;
    expect((await run(["-p", "--revoke-grant", grantId])).stdout).toBe(`revoked ${grantId}\n`);
    expect((await run(["-p", "--revoke-grant", grantId])).stdout).toBe(`already revoked: ${grantId}\n`);
    // User 1's Requester role is still there.
    expect((await run(["--file", "after.c1z"])).code).toBe(0);
    const store = await openC1z(join(dir, "after.c1z"));
    const kept = store.getGrant(
      store.selectSync().id,
      `role:${roleId(ROLES.requester)}:assigned:user:${userId(1)}`,
    );
    store.close();
    expect(kept).toBeDefined();
  });

  it("refuses department grants with exit 9 and says why", async () => {
    const t = generateTenant();
    const r = await run([
      "-p",
      "--grant-entitlement",
      `department:${t.users[0]!.department_id}:member`,
      "--grant-principal-type",
      "user",
      "--grant-principal",
      userId(4),
    ]);
    expect(r.code).toBe(9);
    expect(r.stderr).toMatch(/departments are managed by Zip's HR sync/);
  });

  it("adds a group member, creates a user and deletes one", async () => {
    const entitlement = `group:${userGroupId(USER_GROUPS.contractors)}:member`;
    const granted = await run([
      "-p",
      "--grant-entitlement",
      entitlement,
      "--grant-principal-type",
      "user",
      "--grant-principal",
      userId(2),
    ]);
    expect(granted.stdout, granted.stderr).toMatch(/^granted /);

    const create = [
      "-p",
      "--create-account-email",
      "nia.osei@acme.test",
      "--create-account-profile",
      '{"first_name":"Nia","last_name":"Osei"}',
    ];
    const created = await run(create);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^created user /);
    expect((await run(create)).stdout).toMatch(/^already existed/);

    const del = ["-p", "--delete-resource", userId(300), "--delete-resource-type", "user"];
    expect((await run(del)).stdout).toMatch(/^deleted/);
    expect((await run(del)).stdout).toMatch(/^already gone/);
  });

  it("exits with Unauthenticated (16), names the setting and key types, and never prints the key", async () => {
    const r = await run(["--file", "bad.c1z"], { BATON_BATON_ZIPHQ_API_KEY: "not-the-key" });
    expect(r.code).toBe(16);
    expect(r.stderr).toContain("Zip rejected the API key");
    expect(r.stderr).toContain("--baton-ziphq-api-key");
    expect(r.stderr).toMatch(/Standard key, or a Restricted key/);
    expect(r.stderr).not.toContain("not-the-key");
    expect(existsSync(join(dir, "bad.c1z"))).toBe(false);
  });

  it("reads the key from the file BATON_BATON_ZIPHQ_API_KEY_FILE names", async () => {
    const keyFile = join(dir, "zip-api-key");
    writeFileSync(keyFile, `${mock.apiKey}\n`, { mode: 0o600 });
    const env = { BATON_BATON_ZIPHQ_API_KEY: "", BATON_BATON_ZIPHQ_API_KEY_FILE: keyFile };
    const r = await run(["--file", "from-file.c1z", "--sync-resource-types", "department"], env);
    expect(r.code, r.stderr).toBe(0);
    expect((await syncCounts(join(dir, "from-file.c1z"))).resourcesByType).toEqual({ department: 103 });
  });

  it("refuses a plain-http base URL that is not this machine", async () => {
    const r = await run([], { BATON_BATON_ZIPHQ_BASE_URL: "http://api.ziphq.com" });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/must use https/);
  });
});
