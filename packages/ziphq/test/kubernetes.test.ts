import { readFileSync } from "node:fs";
import { describeFields, standardConfig } from "@baton/sdk";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import pkg from "../package.json" with { type: "json" };
import { ziphqConfig } from "../src/index.js";

const manifest = (name: string) =>
  parse(readFileSync(new URL(`../deploy/kubernetes/${name}`, import.meta.url), "utf8"));
const secret = manifest("secret.yaml");
const deployment = manifest("deployment.yaml");
const container = deployment.spec.template.spec.containers[0];

const accepted = new Set(
  [...describeFields(ziphqConfig), ...describeFields(standardConfig)].map((f) => f.env),
);

describe("Kubernetes manifests", () => {
  it("put ConductorOne's credentials and its ZipHQ keys in the Secret, each a setting the connector reads", () => {
    expect(Object.keys(secret.stringData).sort()).toEqual(
      [
        "BATON_BATON_ZIPHQ_API_KEY",
        "BATON_BATON_ZIPHQ_BASE_URL",
        "BATON_CLIENT_ID",
        "BATON_CLIENT_SECRET",
      ].sort(),
    );
    const keys = [...Object.keys(secret.stringData), ...container.env.map((e: { name: string }) => e.name)];
    for (const key of keys) expect(accepted.has(key), `${key} is not a setting of baton-ziphq`).toBe(true);
    expect(
      ziphqConfig.parse({
        batonZiphqApiKey: "k",
        batonZiphqBaseUrl: secret.stringData.BATON_BATON_ZIPHQ_BASE_URL,
      }),
    ).toBeTruthy();
  });

  it("load the Secret into the container, enable provisioning and run the package's version unprivileged", () => {
    expect(container.envFrom).toEqual([{ secretRef: { name: secret.metadata.name } }]);
    expect(container.env).toContainEqual({ name: "BATON_PROVISIONING", value: "true" });
    expect(container.image).toBe(`baton-ziphq:${pkg.version}`);
    expect(deployment.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(container.volumeMounts.map((m: { mountPath: string }) => m.mountPath)).toContain("/data");
  });
});
