import { readFileSync } from "node:fs";
import { describeFields, standardConfig } from "@baton/sdk";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import pkg from "../package.json" with { type: "json" };
import { jumpcloudConfig } from "../src/index.js";

const text = (name: string) => readFileSync(new URL(`../deploy/kubernetes/${name}`, import.meta.url), "utf8");
const secret = parse(text("secret.yaml"));
const deployment = parse(text("deployment.yaml"));
const container = deployment.spec.template.spec.containers[0];

const accepted = new Set(
  [...describeFields(jumpcloudConfig), ...describeFields(standardConfig)].map((f) => f.env),
);

describe("Kubernetes manifests", () => {
  it("hold ConductorOne's Secret keys for JumpCloud: its credentials, the API key and provisioning", () => {
    expect(Object.keys(secret.stringData)).toEqual([
      "BATON_CLIENT_ID",
      "BATON_CLIENT_SECRET",
      "BATON_API_KEY",
      "BATON_PROVISIONING",
    ]);
    expect(secret.stringData.BATON_PROVISIONING).toBe("true");
    for (const key of Object.keys(secret.stringData))
      expect(accepted.has(key), `${key} is not a setting of baton-jumpcloud`).toBe(true);
  });

  it("document the organization and the EU console as settings the connector accepts", () => {
    const documented = [...text("secret.yaml").matchAll(/^\s*# (BATON_[A-Z_]+):/gm)].map((m) => m[1]!);
    expect(documented).toEqual(["BATON_ORG_ID", "BATON_BASE_URL"]);
    for (const key of documented) expect(accepted.has(key), key).toBe(true);
  });

  it("load the Secret into the container and run the package's version unprivileged", () => {
    expect(container.envFrom).toEqual([{ secretRef: { name: secret.metadata.name } }]);
    expect(container.env).toBeUndefined();
    expect(container.image).toBe(`baton-jumpcloud:${pkg.version}`);
    expect(deployment.spec.template.metadata.labels).toMatchObject({
      baton: "true",
      "baton-app": "jumpcloud",
    });
    expect(deployment.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(container.volumeMounts.map((m: { mountPath: string }) => m.mountPath)).toContain("/data");
  });
});
