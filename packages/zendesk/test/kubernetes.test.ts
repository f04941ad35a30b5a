import { readFileSync } from "node:fs";
import { describeFields, standardConfig } from "@baton/sdk";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import pkg from "../package.json" with { type: "json" };
import { zendeskConfig } from "../src/index.js";

const manifest = (name: string) =>
  parse(readFileSync(new URL(`../deploy/kubernetes/${name}`, import.meta.url), "utf8"));
const secret = manifest("secret.yaml");
const deployment = manifest("deployment.yaml");
const container = deployment.spec.template.spec.containers[0];

const connectorEnv = describeFields(zendeskConfig);
const accepted = new Set([...connectorEnv, ...describeFields(standardConfig)].map((f) => f.env));

describe("Kubernetes manifests", () => {
  it("set only BATON_* variables the connector accepts", () => {
    const keys = [...Object.keys(secret.stringData), ...container.env.map((e: { name: string }) => e.name)];
    expect(keys.length).toBeGreaterThan(5);
    for (const key of keys) expect(accepted.has(key), `${key} is not a setting of baton-zendesk`).toBe(true);
  });

  it("put ConductorOne's credentials and every required Zendesk setting in the Secret", () => {
    const required = connectorEnv.filter((f) => f.required).map((f) => f.env);
    expect(Object.keys(secret.stringData).sort()).toEqual(
      ["BATON_CLIENT_ID", "BATON_CLIENT_SECRET", ...required].sort(),
    );
  });

  it("load the Secret into the container, enable provisioning and run the package's version unprivileged", () => {
    expect(container.envFrom).toEqual([{ secretRef: { name: secret.metadata.name } }]);
    expect(container.env).toContainEqual({ name: "BATON_PROVISIONING", value: "true" });
    expect(container.image).toBe(`baton-zendesk:${pkg.version}`);
    expect(deployment.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    const mounts = container.volumeMounts.map((m: { mountPath: string }) => m.mountPath);
    expect(mounts).toContain("/data");
  });
});
