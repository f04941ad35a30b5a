// End to end: the built binary (dist/cli.js) against the mock Zendesk served on 127.0.0.1.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cliRunner, syncCounts } from "@baton/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockZendesk, startMockZendesk } from "../mock/server.js";
import pkg from "../package.json" with { type: "json" };
import { GROUP_BASE, generateTenant, ROLE_IDS, USER_BASE } from "./msw/tenant.js";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
let mock: MockZendesk;
let dir: string;

/** Runs baton-zendesk with only these environment variables (none of the caller's BATON_*). */
const run = cliRunner(cli, { cwd: () => dir });

const login = () => [
  "--subdomain",
  mock.subdomain,
  "--email",
  mock.email,
  "--api-token",
  mock.apiToken,
  "--base-url",
  mock.url,
];

beforeAll(async () => {
  if (!existsSync(cli))
    throw new Error(`${cli} is missing: build first (pnpm --filter @baton/zendesk build)`);
  mock = await startMockZendesk();
  dir = mkdtempSync(join(tmpdir(), "baton-zendesk-cli-"));
});
afterAll(async () => {
  await mock?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("baton-zendesk", { timeout: 120_000 }, () => {
  it("prints its version, help and capabilities", async () => {
    expect((await run(["--version"])).stdout).toBe(`baton-zendesk version ${pkg.version}\n`);
    const help = await run(["--help"]);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/--subdomain string +required: Zendesk subdomain/);
    expect(help.stdout).toMatch(/--base-url string +API base URL/);
    const caps = JSON.parse((await run(["capabilities"])).stdout);
    const byType = Object.fromEntries(
      caps.resourceTypeCapabilities.map((c: { resourceType: { id: string }; capabilities: string[] }) => [
        c.resourceType.id,
        c.capabilities,
      ]),
    );
    expect(Object.keys(byType)).toEqual(["group", "org", "role", "team_member"]);
    expect(byType.group).toContain("CAPABILITY_PROVISION");
    expect(byType.team_member).toEqual(
      expect.arrayContaining(["CAPABILITY_ACCOUNT_PROVISIONING", "CAPABILITY_RESOURCE_DELETE"]),
    );
  });

  it("syncs the whole account into --file", async () => {
    const r = await run([...login(), "--file", "sync.c1z"]);
    expect(r.stderr).not.toContain(mock.apiToken);
    expect(r.code, r.stderr).toBe(0);
    const tenant = generateTenant();
    const team = tenant.users.filter((u) => u.role !== "end-user");
    const c = await syncCounts(join(dir, "sync.c1z"));
    expect(c.resourcesByType).toEqual({
      group: tenant.groups.length,
      org: tenant.organizations.length,
      role: tenant.customRoles.length,
      team_member: team.length,
    });
    expect(c.grantsByType.role).toBe(team.length); // every team member holds one role
  });

  it("grants and revokes against the synced file, only with --provisioning", async () => {
    const grant = [
      "--grant-entitlement",
      `group:${GROUP_BASE + 1}:member`,
      "--grant-principal-type",
      "team_member",
    ];
    const principal = ["--grant-principal", String(USER_BASE + 21)];
    const refused = await run([...login(), ...grant, ...principal]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/add --provisioning to confirm/);

    const granted = await run([...login(), "-p", ...grant, ...principal]);
    expect(granted.stdout).toBe(`granted group:${GROUP_BASE + 1}:member to team_member ${USER_BASE + 21}\n`);
    expect((await run([...login(), "-p", ...grant, ...principal])).stdout).toMatch(/^already existed/);

    // Revoking looks the grant up in the file: sync again first, as ConductorOne would.
    expect((await run([...login(), "--file", "sync.c1z"])).code).toBe(0);
    const grantId = `group:${GROUP_BASE + 1}:member:team_member:${USER_BASE + 21}`;
    expect((await run([...login(), "-p", "--revoke-grant", grantId])).stdout).toBe(`revoked ${grantId}\n`);
    expect((await run([...login(), "-p", "--revoke-grant", grantId])).stdout).toBe(
      `already revoked: ${grantId}\n`,
    );

    const role = await run([
      ...login(),
      "-p",
      "--revoke-grant",
      `role:${ROLE_IDS.staff}:assigned:team_member:${USER_BASE + 21}`,
    ]);
    expect(role.code).toBe(9);
    expect(role.stderr).toMatch(/a Zendesk agent always holds exactly one role.*assign another role instead/);
  });

  it("reads its settings from BATON_* variables, lists comma-separated", async () => {
    const r = await run([], {
      BATON_SUBDOMAIN: mock.subdomain,
      BATON_EMAIL: mock.email,
      BATON_API_TOKEN: mock.apiToken,
      BATON_BASE_URL: mock.url,
      BATON_ORGS: "Acme Corp,Globex",
      BATON_FILE: "orgs.c1z",
    });
    expect(r.code, r.stderr).toBe(0);
    expect((await syncCounts(join(dir, "orgs.c1z"))).resourcesByType.org).toBe(2);
  });

  it("exits with Unauthenticated (16) and says which credentials to check", async () => {
    const r = await run([
      ...login().slice(0, 5),
      "not-the-token",
      "--base-url",
      mock.url,
      "--file",
      "bad.c1z",
    ]);
    expect(r.code).toBe(16);
    expect(r.stderr).toContain(`Zendesk rejected the API token of ${mock.email}`);
    expect(r.stderr).toContain("--api-token/BATON_API_TOKEN");
    expect(r.stderr).not.toContain("not-the-token");
  });
});
