import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  capabilities,
  defineConnector,
  entitlement,
  grant,
  groupResource,
  ref,
  resourceType,
  userResource,
} from "../../src/connector/index.js";
import { BatonError, Code } from "../../src/errors.js";
import { Capability } from "../../src/proto.js";
import { grantEntitlement, revokeGrant } from "../../src/provision/index.js";
import { sync } from "../../src/sync/index.js";

// Departments that an HR system manages: synced with their members, never provisioned.
const hr = defineConnector({
  name: "hr",
  displayName: "HR",
  version: "1.0.0",
  config: z.object({}),
  client: () => ({}),
  resourceTypes: [
    resourceType<unknown>({
      id: "user",
      displayName: "User",
      traits: ["user"],
      list: async () => [
        userResource("user", "u1", { displayName: "Ana" }),
        userResource("user", "u2", { displayName: "Bo" }),
      ],
    }),
    resourceType<unknown>({
      id: "department",
      displayName: "Department",
      traits: ["group"],
      syncOnly: { reason: "departments follow the HR system", hint: "change it in the HR system" },
      list: async () => [groupResource("department", "d1", { displayName: "Legal" })],
      entitlements: async ({ resource }) => [entitlement(resource, "member", { grantableTo: ["user"] })],
      grants: async ({ resource }) => [grant(resource, "member", ref("user", "u1"))],
    }),
  ],
});

let dir: string;
let file: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sync-only-"));
  file = join(dir, "sync.c1z");
  await sync(hr, {}, { file });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as BatonError,
  );

describe("syncOnly resource types", () => {
  it("refuse grants with FailedPrecondition, the reason and the hint", async () => {
    const err = await refusal(
      grantEntitlement(
        hr,
        {},
        { file, entitlementId: "department:d1:member", principalType: "user", principalId: "u2" },
      ),
    );
    expect(err).toBeInstanceOf(BatonError);
    expect(err?.code).toBe(Code.FailedPrecondition);
    expect(err?.message).toBe("HR cannot grant entitlements of department: departments follow the HR system");
    expect(err?.hint).toBe("change it in the HR system");
  });

  it("refuse revokes the same way", async () => {
    const err = await refusal(revokeGrant(hr, {}, { file, grantId: "department:d1:member:user:u1" }));
    expect(err?.code).toBe(Code.FailedPrecondition);
    expect(err?.message).toBe(
      "HR cannot revoke entitlements of department: departments follow the HR system",
    );
  });

  it("show no provisioning capability, even with grant and revoke handlers", () => {
    const caps = capabilities(hr).resourceTypeCapabilities.find((c) => c.resourceType?.id === "department");
    expect(caps?.capabilities).toEqual([Capability.SYNC]);
  });

  it("refuse before any handler runs", async () => {
    let called = false;
    const types = hr.resourceTypes.map((t) =>
      t.id === "department"
        ? {
            ...t,
            grant: async () => {
              called = true;
              return "granted" as const;
            },
          }
        : t,
    );
    const withHandler = { ...hr, resourceTypes: types };
    const req = { file, entitlementId: "department:d1:member", principalType: "user", principalId: "u2" };
    expect((await refusal(grantEntitlement(withHandler, {}, req)))?.code).toBe(Code.FailedPrecondition);
    expect(called).toBe(false);
    expect(
      capabilities(withHandler).resourceTypeCapabilities.find((c) => c.resourceType?.id === "department")
        ?.capabilities,
    ).toEqual([Capability.SYNC]);
  });
});
