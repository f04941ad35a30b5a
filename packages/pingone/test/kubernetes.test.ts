import { fileURLToPath } from "node:url";
import { kubernetesProblems, readKubernetesManifests } from "@baton/testing";
import { describe, expect, it } from "vitest";
import pkg from "../package.json" with { type: "json" };
import { pingone } from "../src/index.js";

const m = readKubernetesManifests(fileURLToPath(new URL("../deploy/kubernetes/", import.meta.url)));

describe("Kubernetes manifests", () => {
  it("fit the connector: Secret, production Deployment and CronJob", () => {
    expect(kubernetesProblems(m, pingone, `baton-pingone:${pkg.version}`)).toEqual([]);
  });

  it("hold exactly the keys of ConductorOne's PingOne Secret", () => {
    expect(Object.keys(m.secret.stringData).sort()).toEqual([
      "BATON_CLIENT_ID",
      "BATON_CLIENT_SECRET",
      "BATON_PINGONE_CLIENT_ID",
      "BATON_PINGONE_CLIENT_SECRET",
      "BATON_PINGONE_ENVIRONMENT_ID",
      "BATON_PROVISIONING",
    ]);
    expect(m.secret.stringData.BATON_PROVISIONING).toBe("true");
  });

  it("give the CronJob the PingOne keys only", () => {
    const env = m.cronJob.spec.jobTemplate.spec.template.spec.containers[0].env;
    expect(env.map((e: { name: string }) => e.name).sort()).toEqual([
      "BATON_PINGONE_CLIENT_ID",
      "BATON_PINGONE_CLIENT_SECRET",
      "BATON_PINGONE_ENVIRONMENT_ID",
    ]);
  });
});
