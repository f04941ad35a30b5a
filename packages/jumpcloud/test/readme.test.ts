import { readFileSync } from "node:fs";
import { readmeProblems } from "@baton/testing";
import { describe, expect, it } from "vitest";
import { jumpcloud } from "../src/index.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

describe("README", () => {
  it("has the config table of the schema and names every resource type", () => {
    expect(readmeProblems(readme, jumpcloud)).toEqual([]);
  });
});
