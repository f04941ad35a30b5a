import { fileURLToPath } from "node:url";
import { kubernetesProblems, readKubernetesManifests } from "@baton/testing";
import { describe, expect, it } from "vitest";
import pkg from "../package.json" with { type: "json" };
import { onePassword } from "../src/index.js";

const m = readKubernetesManifests(fileURLToPath(new URL("../deploy/kubernetes/", import.meta.url)));

describe("Kubernetes manifests", () => {
  it("fit the connector: Secret, production Deployment and CronJob", () => {
    expect(kubernetesProblems(m, onePassword, `baton-1password:${pkg.version}`)).toEqual([]);
  });

  it("sign in as a service account from the Secret, next to ConductorOne's credentials", () => {
    expect(Object.keys(m.secret.stringData).sort()).toEqual([
      "BATON_CLIENT_ID",
      "BATON_CLIENT_SECRET",
      "OP_SERVICE_ACCOUNT_TOKEN",
    ]);
    const container = m.deployment.spec.template.spec.containers[0];
    expect(container.env).toContainEqual({ name: "BATON_AUTH_TYPE", value: "service" });
    expect(container.env).toContainEqual({ name: "BATON_PROVISIONING", value: "true" });
    const job = m.cronJob.spec.jobTemplate.spec.template.spec.containers[0];
    expect(job.env.map((e: { name: string }) => e.name).sort()).toEqual([
      "BATON_AUTH_TYPE",
      "OP_SERVICE_ACCOUNT_TOKEN",
    ]);
  });
});
