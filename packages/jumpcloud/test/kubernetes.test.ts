import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describeFields, standardConfig } from "@baton/sdk";
import { kubernetesProblems, readKubernetesManifests } from "@baton/testing";
import { describe, expect, it } from "vitest";
import pkg from "../package.json" with { type: "json" };
import { jumpcloud, jumpcloudConfig } from "../src/index.js";

const dir = fileURLToPath(new URL("../deploy/kubernetes/", import.meta.url));
const text = (name: string) => readFileSync(`${dir}${name}`, "utf8");
const m = readKubernetesManifests(dir);
const { secret, deployment } = m;
const container = deployment.spec.template.spec.containers[0];

const accepted = new Set(
  [...describeFields(jumpcloudConfig), ...describeFields(standardConfig)].map((f) => f.env),
);

describe("Kubernetes manifests", () => {
  it("fit the connector: Secret, production Deployment and CronJob", () => {
    expect(kubernetesProblems(m, jumpcloud, `baton-jumpcloud:${pkg.version}`)).toEqual([]);
  });

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

  it("load the Secret into the service-mode container and run the package's version unprivileged", () => {
    expect(container.envFrom).toEqual([{ secretRef: { name: secret.metadata.name } }]);
    expect(container.env).toBeUndefined();
    expect(container.image).toBe(`baton-jumpcloud:${pkg.version}`);
    expect(deployment.spec.template.metadata.labels).toMatchObject({
      baton: "true",
      "baton-app": "jumpcloud",
    });
    expect(deployment.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(container.volumeMounts.map((v: { mountPath: string }) => v.mountPath)).toEqual(["/tmp"]);
  });
});
