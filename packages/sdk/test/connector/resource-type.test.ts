import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openC1z } from "../../src/exports/c1z.js";
import {
  CapabilityPermissionsSchema,
  DeprecatedSchema,
  OptInRequiredSchema,
  SkipEntitlementsSchema,
  SkipSyncAnomalyDetectionSchema,
  V1IdentifierSchema,
} from "../../src/exports/proto.js";
import {
  annotation,
  capabilities,
  capabilitiesJson,
  defineConnector,
  entitlement,
  resource,
  resourceType,
  sync,
  z,
} from "../../src/index.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

let entitlementCalls = 0;
const vault = resourceType<null>({
  id: "vault",
  displayName: "Vault",
  annotations: [
    annotation(V1IdentifierSchema, { id: "legacy-vault" }),
    annotation(CapabilityPermissionsSchema, { permissions: [{ permission: "vaults:read" }] }),
    annotation(OptInRequiredSchema),
    annotation(DeprecatedSchema),
    annotation(SkipSyncAnomalyDetectionSchema),
  ],
  list: async () => [resource("vault", "v1", { displayName: "One" })],
});
const invite = resourceType<null>({
  id: "invite",
  displayName: "Invitation",
  // The annotation skips the phase just like the skip flags do.
  annotations: [annotation(SkipEntitlementsSchema)],
  list: async () => [resource("invite", "i1", { displayName: "Pending" })],
  entitlements: async ({ resource: r }) => {
    entitlementCalls++;
    return [entitlement(r, "accept")];
  },
});
const connector = defineConnector({
  name: "annotated",
  displayName: "Annotated",
  version: "0.0.0",
  config: z.object({}),
  client: () => null,
  resourceTypes: [vault, invite],
});

describe("resource type annotations", () => {
  it("reach the capabilities: permissions, opt-in, deprecated, anomaly detection", () => {
    const caps = capabilities(connector).resourceTypeCapabilities;
    const v = caps.find((c) => c.resourceType?.id === "vault")!;
    expect(v.permissions?.permissions.map((p) => p.permission)).toEqual(["vaults:read"]);
    expect([v.optInRequired, v.deprecated, v.skipSyncAnomalyDetection]).toEqual([true, true, true]);
    const i = caps.find((c) => c.resourceType?.id === "invite")!;
    expect(i.permissions?.permissions).toEqual([]);
    expect([i.optInRequired, i.deprecated, i.skipSyncAnomalyDetection]).toEqual([false, false, false]);
    const json = JSON.parse(capabilitiesJson(connector));
    const vaultJson = json.resourceTypeCapabilities.find(
      (c: { resourceType: { id: string } }) => c.resourceType.id === "vault",
    );
    expect(vaultJson.resourceType.annotations[0]).toEqual({
      "@type": "type.googleapis.com/c1.connector.v2.V1Identifier",
      id: "legacy-vault",
    });
    expect(vaultJson.permissions).toEqual({ permissions: [{ permission: "vaults:read" }] });
    expect(vaultJson.optInRequired).toBe(true);
  });

  it("are stored on the ResourceType, and Skip* annotations skip the phases", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rt-annotations-"));
    dirs.push(dir);
    const file = join(dir, "sync.c1z");
    entitlementCalls = 0;
    const summary = await sync(connector, {}, { file });
    expect(entitlementCalls).toBe(0);
    expect(summary.totals.entitlements).toBe(0);
    const store = await openC1z(file);
    try {
      const stored = store.getResourceType(summary.syncId, "vault")!;
      expect(stored.annotations.map((a) => a.typeUrl.split(".").pop())).toEqual([
        "V1Identifier",
        "CapabilityPermissions",
        "OptInRequired",
        "Deprecated",
        "SkipSyncAnomalyDetection",
      ]);
    } finally {
      store.close();
    }
  });
});
