// End to end: the built binary (dist/cli.js) against the mock PingOne served on 127.0.0.1.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cliRunner, syncCounts } from "@baton/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockPingOne, startMockPingOne } from "../mock/server.js";
import pkg from "../package.json" with { type: "json" };
import { GROUPS, generateTenant, ROLES, SIZES, userId } from "./msw/tenant.js";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
let mock: MockPingOne;
let dir: string;

/** Runs baton-pingone with only these environment variables (none of the caller's BATON_*). */
const run = cliRunner(cli, { cwd: () => dir });

/** The settings as ConductorOne passes them: the secret in the environment, URLs of the mock as flags. */
const env = () => ({
  BATON_PINGONE_CLIENT_ID: mock.clientId,
  BATON_PINGONE_CLIENT_SECRET: mock.clientSecret,
  BATON_PINGONE_ENVIRONMENT_ID: mock.environmentId,
});
const urls = () => ["--pingone-api-url", mock.apiUrl, "--pingone-auth-url", mock.authUrl];

beforeAll(async () => {
  if (!existsSync(cli))
    throw new Error(`${cli} is missing: build first (pnpm --filter @baton/pingone build)`);
  mock = await startMockPingOne();
  dir = mkdtempSync(join(tmpdir(), "baton-pingone-cli-"));
});
afterAll(async () => {
  await mock?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("baton-pingone", { timeout: 120_000 }, () => {
  it("is also installed as baton-ping-one, ConductorOne's name for it", () => {
    expect(pkg.bin).toEqual({ "baton-pingone": "./dist/cli.js", "baton-ping-one": "./dist/cli.js" });
  });

  it("prints its version, help and capabilities", async () => {
    expect((await run(["--version"])).stdout).toBe(`baton-pingone version ${pkg.version}\n`);
    const help = await run(["--help"]);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(
      /--pingone-client-id string +required: Client ID of the PingOne worker application/,
    );
    expect(help.stdout).toMatch(/--pingone-region string/);
    const caps = JSON.parse((await run(["capabilities"])).stdout);
    const byType = Object.fromEntries(
      caps.resourceTypeCapabilities.map((c: { resourceType: { id: string }; capabilities: string[] }) => [
        c.resourceType.id,
        c.capabilities,
      ]),
    );
    expect(Object.keys(byType).sort()).toEqual(["group", "population", "role", "user"]);
    expect(byType.group).toContain("CAPABILITY_PROVISION");
    expect(byType.role).toContain("CAPABILITY_PROVISION");
    expect(byType.population).not.toContain("CAPABILITY_PROVISION");
    expect(byType.user).toEqual(
      expect.arrayContaining(["CAPABILITY_ACCOUNT_PROVISIONING", "CAPABILITY_RESOURCE_DELETE"]),
    );
  });

  it("syncs the environment into --file from BATON_* variables", async () => {
    const r = await run([...urls(), "--file", "sync.c1z"], env());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain(mock.clientSecret);
    const tenant = generateTenant();
    const c = await syncCounts(join(dir, "sync.c1z"));
    expect(c.resourcesByType).toEqual({
      user: SIZES.users,
      group: SIZES.groups,
      population: tenant.populations.length,
      role: tenant.roles.length,
    });
    expect(c.grantsByType.population).toBe(SIZES.users);
  });

  it("grants and revokes a group membership and a role, only with --provisioning", async () => {
    const member = [
      "--grant-entitlement",
      `group:${GROUPS.engineering}:member`,
      "--grant-principal-type",
      "user",
    ];
    const principal = ["--grant-principal", userId(10)];
    const refused = await run([...urls(), ...member, ...principal], env());
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/add --provisioning to confirm/);

    const granted = await run([...urls(), "-p", ...member, ...principal], env());
    expect(granted.stdout, granted.stderr).toBe(
      `granted group:${GROUPS.engineering}:member to user ${userId(10)}\n`,
    );
    expect((await run([...urls(), "-p", ...member, ...principal], env())).stdout).toMatch(/^already existed/);

    const role = [
      "--grant-entitlement",
      `role:${ROLES.helpDeskAdmin}:assigned`,
      "--grant-principal-type",
      "user",
    ];
    expect((await run([...urls(), "-p", ...role, ...principal], env())).code).toBe(0);

    // Revoking looks the grant up in the file: sync again first, as ConductorOne would.
    expect((await run([...urls(), "--file", "sync.c1z"], env())).code).toBe(0);
    for (const grantId of [
      `group:${GROUPS.engineering}:member:user:${userId(10)}`,
      `role:${ROLES.helpDeskAdmin}:assigned:user:${userId(10)}`,
    ]) {
      expect((await run([...urls(), "-p", "--revoke-grant", grantId], env())).stdout).toBe(
        `revoked ${grantId}\n`,
      );
      expect((await run([...urls(), "-p", "--revoke-grant", grantId], env())).stdout).toBe(
        `already revoked: ${grantId}\n`,
      );
    }
  });

  it("refuses to grant a population, which is sync only", async () => {
    const tenant = generateTenant();
    const r = await run(
      [
        ...urls(),
        "-p",
        "--grant-entitlement",
        `population:${tenant.populations[1]!.id}:member`,
        "--grant-principal-type",
        "user",
        "--grant-principal",
        userId(10),
      ],
      env(),
    );
    expect(r.code).toBe(9);
    expect(r.stderr).toMatch(
      /PingOne cannot grant entitlements of population: a PingOne user belongs to exactly one population and is moved between populations, not granted one/,
    );
    expect(r.stderr).toMatch(/move the user to another population in the PingOne admin console/);
  });

  it("creates and deletes a user", async () => {
    const created = await run(
      [
        ...urls(),
        "-p",
        "--create-account-login",
        "new.hire",
        "--create-account-email",
        "new.hire@example.com",
        "--create-account-profile",
        JSON.stringify({ given_name: "New", family_name: "Hire" }),
      ],
      env(),
    );
    expect(created.code, created.stderr).toBe(0);
    const id = /^created user ([0-9a-f-]{36})$/m.exec(created.stdout)?.[1];
    expect(id, created.stdout).toBeDefined();
    const again = await run(
      [
        ...urls(),
        "-p",
        "--create-account-login",
        "new.hire",
        "--create-account-email",
        "new.hire@example.com",
      ],
      env(),
    );
    expect(again.stdout).toMatch(/^already existed/);
    const del = ["--delete-resource", id!, "--delete-resource-type", "user"];
    expect((await run([...urls(), "-p", ...del], env())).stdout).toBe(`deleted user ${id}\n`);
    expect((await run([...urls(), "-p", ...del], env())).stdout).toBe(`already gone: user ${id}\n`);
  });

  it("exits Unauthenticated (16) with the settings to check, and never prints the secret", async () => {
    const r = await run([...urls(), "--file", "bad.c1z"], {
      ...env(),
      BATON_PINGONE_CLIENT_SECRET: "not-the-secret",
    });
    expect(r.code).toBe(16);
    expect(r.stderr).toContain("--pingone-client-secret/BATON_PINGONE_CLIENT_SECRET");
    expect(r.stderr).not.toContain("not-the-secret");
    expect(existsSync(join(dir, "bad.c1z"))).toBe(false);
  });

  it("refuses an environment id that is not a UUID, and plain http to another host", async () => {
    const bad = await run([...urls()], { ...env(), BATON_PINGONE_ENVIRONMENT_ID: "acme-prod" });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/must be a PingOne environment ID/);
    const http = await run(["--pingone-api-url", "http://pingone-proxy.example/v1"], env());
    expect(http.code).toBe(3);
    expect(http.stderr).toMatch(/must use https/);
  });
});
