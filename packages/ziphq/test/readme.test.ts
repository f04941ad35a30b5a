import { readFileSync } from "node:fs";
import { readmeProblems } from "@baton/testing";
import { describe, expect, it } from "vitest";
import { ziphq } from "../src/index.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

describe("README", () => {
  it("has the config table of the schema and names every resource type", () => {
    expect(readmeProblems(readme, ziphq)).toEqual([]);
  });

  it("names every path of the adapter and says which are inferred", async () => {
    const { paths } = await import("../src/adapter.js");
    for (const p of [paths.users, paths.roles, paths.userGroups, paths.departments, "/users/{id}"]) {
      expect(readme, p).toContain(`${p}`);
    }
    expect(readme).toMatch(/\| `GET \/roles` and `GET \/user_groups`.*\| \*\*inferred\*\* \|/);
  });
});
