import { readFileSync } from "node:fs";
import { describeFields } from "@baton/sdk";
import { describe, expect, it } from "vitest";
import { onePassword, onePasswordConfig } from "../src/index.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

/** The rows of the README's configuration table. */
function configTable(): string[][] {
  const table = /<!-- config-table[^>]*-->\n([\s\S]*?)<!-- \/config-table -->/.exec(readme)?.[1];
  if (!table) throw new Error("README has no config-table block");
  return table
    .trim()
    .split("\n")
    .slice(2)
    .map((line) =>
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}

describe("README", () => {
  it("lists every setting with the flag, env var, secrecy and description the schema declares", () => {
    const expected = describeFields(onePasswordConfig).map((f) => [
      `\`--${f.flag}\``,
      `\`${f.env}\``,
      f.secret ? "yes" : "no",
      f.description,
    ]);
    expect(configTable()).toEqual(expected);
  });

  it("names every resource type the connector syncs", () => {
    for (const type of onePassword.resourceTypes)
      expect(readme).toMatch(new RegExp(`^\\| \`${type.id}\` +\\|`, "m"));
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
