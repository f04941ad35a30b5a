// Full syncs through the SDK engine into a .c1z, and provisioning one-shots from it, on both tenants
// (conformance.test.ts runs the SDK's suite itself).
import { join } from "node:path";
import { grantEntitlement, parseConfig, revokeGrant, SecretSet, sync } from "@baton/sdk";
import { openC1z, validateSync } from "@baton/sdk/c1z";
import { recordingLogger } from "@baton/testing";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { onePassword, onePasswordConfig } from "../src/index.js";
import { FakeOp, type TenantName } from "./helpers.js";

let fake: FakeOp;
const useTenant = (name: TenantName, env: Record<string, string> = {}) => {
  fake = new FakeOp(name);
  for (const [k, v] of Object.entries({ ...fake.env(), ...env })) vi.stubEnv(k, v);
  return parseConfig(onePasswordConfig, fake.userConfig());
};
const fastSleep = async () => {};
beforeEach(() => vi.unstubAllEnvs());
afterEach(() => vi.unstubAllEnvs());

async function stored(file: string) {
  const store = await openC1z(file);
  try {
    const run = store.selectSync();
    return {
      problems: validateSync(store, run.id),
      resources: [...store.resources(run.id)].map((r) => `${r.id!.resourceType}:${r.id!.resource}`),
      entitlements: [...store.entitlements(run.id)].map((e) => e.id),
      grants: [...store.grants(run.id)].map((g) => g.id),
    };
  } finally {
    store.close();
  }
}

describe("a full sync", () => {
  it("runs at most 4 op commands at once, saying so when --workers asks for more", async () => {
    const config = useTenant("business");
    const log = recordingLogger();
    const summary = await sync(onePassword, config, {
      file: join(fake.dir, "sync.c1z"),
      workers: 16,
      logger: log,
      sleep: fastSleep,
    });
    expect(onePassword.maxWorkers).toBe(4);
    expect(summary.totals.resources).toBe(19);
    expect(log.find(/--workers/)?.msg).toBe("--workers 16 is more than 1Password allows: using 4");
  });

  it("finishes, with every grant, when sessions expire every few commands", async () => {
    const steady = useTenant("business");
    const file = join(fake.dir, "steady.c1z");
    await sync(onePassword, steady, { file, sleep: fastSleep });
    const expected = await stored(file);
    const config = useTenant("business", { FAKE_OP_SESSION_TTL: "5" });
    const again = join(fake.dir, "expiring.c1z");
    await sync(onePassword, config, { file: again, sleep: fastSleep });
    expect(fake.callsOf("signin").length).toBeGreaterThan(2);
    const got = await stored(again);
    expect(got.grants.sort()).toEqual(expected.grants.sort());
    expect(got.resources.sort()).toEqual(expected.resources.sort());
  });

  it("writes a valid .c1z with all four resource types from the BUSINESS tenant", async () => {
    const config = useTenant("business");
    const file = join(fake.dir, "sync.c1z");
    const summary = await sync(onePassword, config, { file, sleep: fastSleep });
    expect(summary.byType).toMatchObject({
      account: { resources: 1, entitlements: 1, grants: 10 },
      user: { resources: 10, entitlements: 0, grants: 0 },
      group: { resources: 4, entitlements: 8, grants: 8 },
      vault: { resources: 4, entitlements: 52 },
    });
    const c1z = await stored(file);
    expect(c1z.problems).toEqual([]);
    expect(new Set(c1z.resources.map((r) => r.split(":")[0]))).toEqual(
      new Set(["account", "user", "group", "vault"]),
    );
    expect(c1z.entitlements).toContain("vault:VENG:view and copy passwords");
    expect(c1z.entitlements.filter((e) => e.endsWith(":"))).toEqual([]);
    expect(fake.callsOf("account", "get")).toHaveLength(1);
  });

  it("expands vault grants to groups into grants to the groups' members", async () => {
    const config = useTenant("business");
    const file = join(fake.dir, "sync.c1z");
    await sync(onePassword, config, { file, sleep: fastSleep });
    const { grants } = await stored(file);
    // Engineering (GENG: UANN, UBOB, UCARA) has view items, create items and view and copy passwords on VENG.
    for (const u of ["UANN", "UBOB", "UCARA"])
      for (const slug of ["member", "view items", "create items", "view and copy passwords"])
        expect(grants).toContain(`vault:VENG:${slug}:user:${u}`);
    // Operations (GOPS: UDAN, UANN) manages VOPS; Owners (GOWN: UADMIN) too.
    expect(grants).toContain("vault:VOPS:manage vault:user:UANN");
    expect(grants).toContain("vault:VOPS:manage vault:user:UADMIN");
    expect(grants).not.toContain("vault:VENG:member:user:UDAN");
  });

  it("syncs the TEAMS tenant with the basic permissions, and with a service account", async () => {
    const config = useTenant("teams");
    const file = join(fake.dir, "sync.c1z");
    const summary = await sync(onePassword, config, { file, sleep: fastSleep });
    expect(summary.byType.vault).toMatchObject({ resources: 1, entitlements: 4 });
    const service = parseConfig(onePasswordConfig, fake.serviceConfig());
    const again = await sync(onePassword, service, { file: join(fake.dir, "service.c1z"), sleep: fastSleep });
    expect(again.totals).toEqual(summary.totals);
    expect(fake.callsOf("signin")).toHaveLength(1);
  });

  it("adds op's session token to the run's secrets, so the caller's redaction knows it", async () => {
    const config = useTenant("business");
    const secrets = new SecretSet();
    const lines: string[] = [];
    const logger = {
      debug: (m: string, f?: object) => void lines.push(`${m} ${JSON.stringify(f)}`),
      info: (m: string, f?: object) => void lines.push(`${m} ${JSON.stringify(f)}`),
      warn: (m: string, f?: object) => void lines.push(`${m} ${JSON.stringify(f)}`),
      error: (m: string, f?: object) => void lines.push(`${m} ${JSON.stringify(f)}`),
      child: () => logger,
    };
    await sync(onePassword, config, { file: join(fake.dir, "sync.c1z"), sleep: fastSleep, secrets, logger });
    const session = `${fake.tenant.auth.tokenPrefix}-1`;
    expect(fake.callsOf("whoami")[0]!.env).toMatchObject({
      [`OP_SESSION_${fake.tenant.auth.userUuid}`]: session,
    });
    expect(secrets.has(session)).toBe(true);
    expect(secrets.has(fake.tenant.auth.password)).toBe(true);
    expect(secrets.redact(`token ${session}`)).toBe("token [REDACTED]");
    expect(lines.join("\n")).not.toContain(session);
  });

  it("fails with op's error, and the next run finishes the sync", async () => {
    const config = useTenant("business");
    const file = join(fake.dir, "sync.c1z");
    vi.stubEnv("FAKE_OP_FAIL", "vault list");
    const e = await sync(onePassword, config, { file, sleep: fastSleep }).catch((err: unknown) => err);
    expect((e as Error).message).toBe(
      "op vault list failed (exit 1): internal error running vault list with session [REDACTED]",
    );
    vi.stubEnv("FAKE_OP_FAIL", "");
    const summary = await sync(onePassword, config, { file, sleep: fastSleep });
    expect(summary.byType.vault).toMatchObject({ resources: 4, entitlements: 52 });
    expect((await stored(file)).problems).toEqual([]);
  });
});

describe("provisioning one-shots from the synced file", () => {
  const cases: [TenantName, string, { type: string; id: string }][] = [
    ["business", "group:GENG:member", { type: "user", id: "UDAN" }],
    ["business", "vault:VPRIV:view items", { type: "group", id: "GOPS" }],
    ["teams", "vault:TVSHARED:allow managing", { type: "group", id: "TGSTAFF" }],
  ];
  it.each(cases)(
    "%s: grant → re-sync → revoke %s to %o",
    async (name, entitlementId, principal) => {
      const config = useTenant(name);
      const file = join(fake.dir, "sync.c1z");
      const o = { file, sleep: fastSleep };
      await sync(onePassword, config, o);
      const req = { ...o, entitlementId, principalType: principal.type, principalId: principal.id };
      expect(await grantEntitlement(onePassword, config, req)).toBe("granted");
      expect(await grantEntitlement(onePassword, config, req)).toBe("already-exists");
      await sync(onePassword, config, o);
      const grantId = `${entitlementId}:${principal.type}:${principal.id}`;
      expect((await stored(file)).grants).toContain(grantId);
      expect(await revokeGrant(onePassword, config, { ...o, grantId })).toBe("revoked");
      expect(await revokeGrant(onePassword, config, { ...o, grantId })).toBe("already-revoked");
      await sync(onePassword, config, o);
      expect((await stored(file)).grants).not.toContain(grantId);
    },
    60_000,
  );
});
