import { fileURLToPath } from "node:url";
import { kubernetesProblems, readKubernetesManifests } from "@baton/testing";
import { describe, expect, it } from "vitest";
import pkg from "../package.json" with { type: "json" };
import { ziphq, ziphqConfig } from "../src/index.js";

const m = readKubernetesManifests(fileURLToPath(new URL("../deploy/kubernetes/", import.meta.url)));

describe("Kubernetes manifests", () => {
  it("fit the connector: Secret, production Deployment and CronJob", () => {
    expect(kubernetesProblems(m, ziphq, `baton-ziphq:${pkg.version}`)).toEqual([]);
  });

  it("hold exactly the keys of ConductorOne's ZipHQ Secret, provisioning on, with a base URL the connector takes", () => {
    expect(Object.keys(m.secret.stringData).sort()).toEqual([
      "BATON_BATON_ZIPHQ_API_KEY",
      "BATON_BATON_ZIPHQ_BASE_URL",
      "BATON_CLIENT_ID",
      "BATON_CLIENT_SECRET",
      "BATON_PROVISIONING",
    ]);
    expect(m.secret.stringData.BATON_PROVISIONING).toBe("true");
    expect(m.deployment.spec.template.spec.containers[0].env).toBeUndefined();
    expect(
      ziphqConfig.parse({
        batonZiphqApiKey: "k",
        batonZiphqBaseUrl: m.secret.stringData.BATON_BATON_ZIPHQ_BASE_URL,
      }),
    ).toBeTruthy();
  });

  it("give the CronJob the Zip keys only", () => {
    const env = m.cronJob.spec.jobTemplate.spec.template.spec.containers[0].env;
    expect(env.map((e: { name: string }) => e.name).sort()).toEqual([
      "BATON_BATON_ZIPHQ_API_KEY",
      "BATON_BATON_ZIPHQ_BASE_URL",
    ]);
  });
});
