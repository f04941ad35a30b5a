import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describeFields, standardConfig } from "@baton/sdk";
import { kubernetesProblems, readKubernetesManifests } from "@baton/testing";
import { describe, expect, it } from "vitest";
import pkg from "../package.json" with { type: "json" };
import { jumpcloud, jumpcloudConfig } from "../src/index.js";

const dir = fileURLToPath(new URL("../deploy/kubernetes/", import.meta.url));
const m = readKubernetesManifests(dir);

const accepted = new Set(
  [...describeFields(jumpcloudConfig), ...describeFields(standardConfig)].map((f) => f.env),
);

describe("Kubernetes manifests", () => {
  it("fit the connector: Secret, production Deployment and CronJob", () => {
    expect(kubernetesProblems(m, jumpcloud, `baton-jumpcloud:${pkg.version}`)).toEqual([]);
  });

  it("hold exactly the keys of ConductorOne's JumpCloud Secret", () => {
    expect(Object.keys(m.secret.stringData).sort()).toEqual([
      "BATON_API_KEY",
      "BATON_CLIENT_ID",
      "BATON_CLIENT_SECRET",
      "BATON_PROVISIONING",
    ]);
    expect(m.secret.stringData.BATON_PROVISIONING).toBe("true");
  });

  it("give the CronJob the JumpCloud key only", () => {
    const env = m.cronJob.spec.jobTemplate.spec.template.spec.containers[0].env;
    expect(env.map((e: { name: string }) => e.name)).toEqual(["BATON_API_KEY"]);
  });

  it("document the organization and the EU console, settings the connector accepts", () => {
    const deployment = readFileSync(`${dir}deployment.yaml`, "utf8");
    const documented = [...deployment.matchAll(/^\s*# +- name: (BATON_[A-Z_]+)$/gm)].map((x) => x[1]!);
    // Beside the health-check settings every Deployment documents.
    expect(documented).toEqual(expect.arrayContaining(["BATON_ORG_ID", "BATON_BASE_URL"]));
    for (const key of documented) expect(accepted.has(key), key).toBe(true);
  });
});
