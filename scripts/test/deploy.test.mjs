import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { generatedFiles, manifests, staleFiles } from "../gen-deploy.mjs";
import { connectors } from "../lib/packages.mjs";

describe("deploy/kubernetes of every connector", () => {
  it("is what scripts/gen-deploy.mjs writes from package.json (not stale, not edited by hand)", () => {
    expect(connectors().length).toBeGreaterThan(1);
    expect(staleFiles()).toEqual([]);
  });

  it("holds valid YAML in every manifest of each connector: one document, the CronJob's claim besides", () => {
    const files = generatedFiles();
    expect(files).toHaveLength(connectors().length * Object.keys(manifests).length);
    for (const f of files) {
      const docs = parseAllDocuments(readFileSync(f.path, "utf8"));
      expect(
        docs.map((d) => d.toJS()?.kind),
        f.path,
      ).toEqual(
        f.path.endsWith("cronjob.yaml") ? ["PersistentVolumeClaim", "CronJob"] : [expect.any(String)],
      );
      for (const d of docs) expect(d.errors, f.path).toEqual([]);
    }
  });

  it("points the Deployment at the Secret and the connector's image of this version", () => {
    for (const c of connectors()) {
      const read = (file) =>
        parseAllDocuments(readFileSync(`${c.dir}/deploy/kubernetes/${file}`, "utf8"))[0].toJS();
      const secret = read("secret.yaml");
      const container = read("deployment.yaml").spec.template.spec.containers[0];
      expect(container.image).toBe(`${c.bin}:${c.version}`);
      expect(container.envFrom).toEqual([{ secretRef: { name: secret.metadata.name } }]);
      expect(Object.keys(secret.stringData)).toEqual(
        expect.arrayContaining(["BATON_CLIENT_ID", "BATON_CLIENT_SECRET"]),
      );
    }
  });

  it("has the CronJob read each vendor key of the Secret on its own, never ConductorOne's or BATON_PROVISIONING", () => {
    for (const c of connectors()) {
      const secret = parseAllDocuments(
        readFileSync(`${c.dir}/deploy/kubernetes/secret.yaml`, "utf8"),
      )[0].toJS();
      const [, cronJob] = parseAllDocuments(readFileSync(`${c.dir}/deploy/kubernetes/cronjob.yaml`, "utf8"));
      const job = cronJob.toJS().spec.jobTemplate.spec.template.spec.containers[0];
      const refs = job.env
        .filter((e) => e.valueFrom)
        .map((e) => {
          expect(e.valueFrom.secretKeyRef, e.name).toEqual({ name: secret.metadata.name, key: e.name });
          return e.name;
        });
      const vendorKeys = Object.keys(c.manifest.baton.kubernetes.secret.values).filter(
        (k) => k !== "BATON_PROVISIONING",
      );
      expect(refs, c.name).toEqual(vendorKeys);
      expect(job.envFrom, c.name).toBeUndefined();
      expect(job.env.map((e) => e.name)).not.toContain("BATON_PROVISIONING");
    }
  });
});
