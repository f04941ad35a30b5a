// What op prints that this connector does not know (a new permission key, user state or type) is a
// warning naming the value: the sync goes on, and never fails as if the operator had erred.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig, sync } from "@baton/sdk";
import { openC1z } from "@baton/sdk/c1z";
import { recordingLogger } from "@baton/testing";
import { afterAll, describe, expect, it } from "vitest";
import { onePassword, onePasswordConfig } from "../src/index.js";
import { FakeOp, type Tenant } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "op-vendor-values-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function syncOf(mutate: (t: Tenant) => void) {
  const fake = new FakeOp("business", mutate);
  const log = recordingLogger();
  const file = join(dir, `${Math.random().toString(36).slice(2)}.c1z`);
  const config = parseConfig(onePasswordConfig, { ...fake.userConfig(), opPath: fake.opPath() });
  const summary = await sync(onePassword, config, { file, logger: log });
  const store = await openC1z(file);
  const run = store.selectSync();
  const grants = [...store.grants(run.id)].map((g) => g.id);
  const users = [...store.resources(run.id, { resourceTypeId: "user" })];
  store.close();
  return { summary, log, grants, users };
}

describe("values op prints that this connector does not know", () => {
  it("a new vault permission key: its grants are skipped with one warning, the others are kept", async () => {
    const { summary, grants } = await syncOf((t) => {
      for (const v of t.vaults) for (const u of v.users) u.permissions.push("manage_secrets");
    });
    expect(summary.warnings).toEqual([
      'unknown 1Password vault permission "manage_secrets": its grants are left out',
    ]);
    expect(grants).toContain("vault:VPRIV:view items:user:UADMIN");
    expect(grants.some((g) => g.includes("manage secrets"))).toBe(false);
  });

  it("a new user state is UNSPECIFIED, a new user type an unspecified account type, each with a warning", async () => {
    const { summary, users } = await syncOf((t) => {
      t.users[1].state = "HIBERNATING";
      t.users[2].type = "ROBOT";
    });
    expect(summary.warnings).toEqual([
      'unknown 1Password user state "HIBERNATING": users in it get the status unspecified',
      'unknown 1Password user type "ROBOT": users of it get the account type unspecified',
    ]);
    expect(users).toHaveLength(10);
  });
});
