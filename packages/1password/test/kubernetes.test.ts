import { readFileSync } from "node:fs";
import { describeFields, standardConfig } from "@baton/sdk";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import pkg from "../package.json" with { type: "json" };
import { onePasswordConfig } from "../src/index.js";

const manifest = (name: string) =>
  parse(readFileSync(new URL(`../deploy/kubernetes/${name}`, import.meta.url), "utf8"));
const secret = manifest("secret.yaml");
const deployment = manifest("deployment.yaml");
const container = deployment.spec.template.spec.containers[0];
const accepted = new Set(
  [...describeFields(onePasswordConfig), ...describeFields(standardConfig)].map((f) => f.env),
);

describe("Kubernetes manifests", () => {
  it("set only variables the connector accepts", () => {
    const keys = [...Object.keys(secret.stringData), ...container.env.map((e: { name: string }) => e.name)];
    expect(keys).toHaveLength(5);
    for (const key of keys)
      expect(accepted.has(key), `${key} is not a setting of baton-1password`).toBe(true);
  });

  it("sign in as a service account from the Secret, next to ConductorOne's credentials", () => {
    expect(Object.keys(secret.stringData).sort()).toEqual([
      "BATON_CLIENT_ID",
      "BATON_CLIENT_SECRET",
      "OP_SERVICE_ACCOUNT_TOKEN",
    ]);
    expect(container.env).toContainEqual({ name: "BATON_AUTH_TYPE", value: "service" });
    expect(container.envFrom).toEqual([{ secretRef: { name: secret.metadata.name } }]);
  });

  it("enable provisioning and run the package's version unprivileged, with /data and /tmp writable", () => {
    expect(container.env).toContainEqual({ name: "BATON_PROVISIONING", value: "true" });
    expect(container.image).toBe(`baton-1password:${pkg.version}`);
    expect(deployment.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    const mounts = container.volumeMounts.map((m: { mountPath: string }) => m.mountPath);
    expect(mounts.sort()).toEqual(["/data", "/tmp"]);
  });
});
