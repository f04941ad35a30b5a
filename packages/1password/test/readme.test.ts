import { readFileSync } from "node:fs";
import { readmeProblems } from "@baton/testing";
import { describe, expect, it } from "vitest";
import { onePassword } from "../src/index.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

describe("README", () => {
  it("has the config table of the schema and names every resource type", () => {
    expect(readmeProblems(readme, onePassword)).toEqual([]);
  });

  it("explains installing op, both auth types and the upload flow", () => {
    for (const heading of [
      "## Install the 1Password CLI",
      "### `--auth-type user` (default)",
      "### `--auth-type service`",
      "### Why a file upload is usually right for 1Password",
      "## Differences from the Go connector",
    ])
      expect(readme).toContain(heading);
  });
});
