import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as c1z from "../src/exports/c1z.js";
import * as errors from "../src/exports/errors.js";
import * as launch from "../src/exports/launch.js";
import * as proto from "../src/exports/proto.js";
import * as root from "../src/index.js";
import tsup from "../tsup.config.js";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

describe("entry points", () => {
  it("keep the root to the connector author's API", () => {
    const names = Object.keys(root);
    expect(names.filter((n) => n.endsWith("Schema") && n !== "standardConfig")).toEqual([]);
    for (const n of ["openC1z", "openC1zForWrite", "validateSync", "protoRegistry", "create", "fromBinary"])
      expect(names).not.toContain(n);
    for (const n of [
      "defineConnector",
      "resourceType",
      "entitlement",
      "grant",
      "annotation",
      "sync",
      "main",
      "z",
    ])
      expect(names).toContain(n);
  });

  it("give the generated schemas and enums at @baton/sdk/proto, the store at @baton/sdk/c1z", () => {
    expect(Object.keys(proto)).toEqual(
      expect.arrayContaining([
        "ResourceSchema",
        "V1IdentifierSchema",
        "ResourceType_Trait",
        "protoRegistry",
        "create",
      ]),
    );
    expect(proto.protoRegistry.getMessage("c1.connector.v2.OptInRequired")).toBeDefined();
    expect(Object.keys(c1z).sort()).toEqual(
      [
        "C1zStore",
        "C1zWriter",
        "DEFAULT_MAX_DECOMPRESSED_BYTES",
        "MAX_DECOMPRESSED_ENV",
        "SYNC_TYPES",
        "formatBytes",
        "formatGoTime",
        "isDecompressionLimitError",
        "maxDecompressedBytes",
        "ksuidTime",
        "newKsuid",
        "openC1z",
        "openC1zForWrite",
        "parseGoTime",
        "privateTempDir",
        "removeOnExit",
        "validateSync",
      ].sort(),
    );
  });

  it("give the errors, and the terminal-safe text they are printed through, at @baton/sdk/errors", () => {
    for (const n of [
      "BatonError",
      "Code",
      "isBatonError",
      "toBatonError",
      "terminalSafe",
      "terminalSafeJson",
    ])
      expect(Object.keys(errors)).toContain(n);
    expect(errors.BatonError).toBe(root.BatonError);
  });

  it("give binaries their light entry point at @baton/sdk/launch", () => {
    expect(Object.keys(launch).sort()).toEqual(["CLI_HELP_FILE", "launch", "launchProgram"]);
  });

  it("are listed alike in package.json (sources for in-repo tests, dist for users) and built by tsup", () => {
    const entries = (tsup as { entry: Record<string, string> }).entry;
    for (const [name, src] of Object.entries(entries)) {
      const sub = name === "index" ? "." : `./${name}`;
      expect(pkg.exports[sub]).toEqual({
        "@baton/source": `./${src}`,
        types: `./dist/${name}.d.ts`,
        default: `./dist/${name}.js`,
      });
    }
    expect(Object.keys(pkg.exports).sort()).toEqual([
      ".",
      "./c1z",
      "./errors",
      "./launch",
      "./package.json",
      "./proto",
    ]);
  });
});
