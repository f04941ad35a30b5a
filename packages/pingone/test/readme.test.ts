import { readFileSync } from "node:fs";
import { readmeProblems } from "@baton/testing";
import { describe, expect, it } from "vitest";
import { pingone } from "../src/index.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

describe("README", () => {
  it("has the config table of the schema and names every resource type", () => {
    expect(readmeProblems(readme, pingone)).toEqual([]);
  });

  it("gives the request count that test/sync.test.ts measures, and the roles the worker app needs", () => {
    expect(readme).toContain("2N + ⌈N/200⌉ + ⌈G/200⌉ + ⌈P/200⌉ + 3");
    expect(readme).toContain("613 requests");
    expect(readme).toMatch(/not OAuth scopes/);
    for (const role of ["Identity Data Admin", "Environment Admin"]) expect(readme).toContain(role);
  });
});
