import { fileURLToPath } from "node:url";
import { kubernetesProblems, readKubernetesManifests } from "@baton/testing";
import { describe, expect, it } from "vitest";
import pkg from "../package.json" with { type: "json" };
import { zendesk } from "../src/index.js";

const m = readKubernetesManifests(fileURLToPath(new URL("../deploy/kubernetes/", import.meta.url)));

describe("Kubernetes manifests", () => {
  it("fit the connector: Secret, production Deployment and CronJob", () => {
    expect(kubernetesProblems(m, zendesk, `baton-zendesk:${pkg.version}`)).toEqual([]);
  });

  it("put ConductorOne's credentials and the Zendesk settings in the Secret, with provisioning on", () => {
    expect(Object.keys(m.secret.stringData).sort()).toEqual([
      "BATON_API_TOKEN",
      "BATON_CLIENT_ID",
      "BATON_CLIENT_SECRET",
      "BATON_EMAIL",
      "BATON_SUBDOMAIN",
    ]);
    expect(m.deployment.spec.template.spec.containers[0].env).toContainEqual({
      name: "BATON_PROVISIONING",
      value: "true",
    });
  });

  it("give the CronJob the Zendesk keys only", () => {
    const env = m.cronJob.spec.jobTemplate.spec.template.spec.containers[0].env;
    expect(env.map((e: { name: string }) => e.name).sort()).toEqual([
      "BATON_API_TOKEN",
      "BATON_EMAIL",
      "BATON_SUBDOMAIN",
    ]);
  });
});
