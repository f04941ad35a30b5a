import { fileURLToPath } from "node:url";
import { describeFields, standardConfig } from "@baton/sdk";
import { kubernetesProblems, readKubernetesManifests } from "@baton/testing";
import { describe, expect, it } from "vitest";
import pkg from "../package.json" with { type: "json" };
import { pingone, pingoneConfig } from "../src/index.js";

const m = readKubernetesManifests(fileURLToPath(new URL("../deploy/kubernetes/", import.meta.url)));
const { secret, deployment } = m;
const container = deployment.spec.template.spec.containers[0];

const accepted = new Set(
  [...describeFields(pingoneConfig), ...describeFields(standardConfig)].map((f) => f.env),
);

describe("Kubernetes manifests", () => {
  it("fit the connector: Secret, production Deployment and CronJob", () => {
    expect(kubernetesProblems(m, pingone, `baton-pingone:${pkg.version}`)).toEqual([]);
  });

  it("hold exactly the keys of ConductorOne's PingOne Secret", () => {
    expect(Object.keys(secret.stringData).sort()).toEqual([
      "BATON_CLIENT_ID",
      "BATON_CLIENT_SECRET",
      "BATON_PINGONE_CLIENT_ID",
      "BATON_PINGONE_CLIENT_SECRET",
      "BATON_PINGONE_ENVIRONMENT_ID",
      "BATON_PROVISIONING",
    ]);
    expect(secret.stringData.BATON_PROVISIONING).toBe("true");
  });

  it("set only BATON_* variables the connector accepts, the required ones in the Secret", () => {
    const keys = [
      ...Object.keys(secret.stringData),
      ...(container.env ?? []).map((e: { name: string }) => e.name),
    ];
    for (const key of keys) expect(accepted.has(key), `${key} is not a setting of baton-pingone`).toBe(true);
    const required = describeFields(pingoneConfig)
      .filter((f) => f.required)
      .map((f) => f.env);
    for (const key of required) expect(secret.stringData, key).toHaveProperty(key);
  });

  it("load the Secret into the container and run the package's version unprivileged", () => {
    expect(container.envFrom).toEqual([{ secretRef: { name: secret.metadata.name } }]);
    expect(container.image).toBe(`baton-pingone:${pkg.version}`);
    expect(deployment.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(container.volumeMounts.map((v: { mountPath: string }) => v.mountPath)).toEqual(["/tmp"]);
  });
});
