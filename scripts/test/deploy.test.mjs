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

  it("holds one valid YAML document per manifest, for each connector", () => {
    const files = generatedFiles();
    expect(files).toHaveLength(connectors().length * Object.keys(manifests).length);
    for (const f of files) {
      const docs = parseAllDocuments(readFileSync(f.path, "utf8"));
      expect(docs, f.path).toHaveLength(1);
      expect(docs[0].errors, f.path).toEqual([]);
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
});
