import { readFileSync } from "node:fs";
import { configTableMarkdown, defineConnector, resourceType, z } from "@baton/sdk";
import { describe, expect, it } from "vitest";
import { readmeProblems } from "../src/index.js";

const connector = defineConnector({
  name: "demo",
  displayName: "Demo",
  version: "1.0.0",
  config: z.object({
    apiKey: z.string().meta({ secret: true }).describe("API key"),
    region: z.string().default("eu").describe("Region"),
  }),
  client: () => null,
  resourceTypes: [resourceType<null>({ id: "account", displayName: "Account", list: async () => [] })],
});
const block = (table: string) =>
  `# Demo\n\nSyncs \`account\`.\n\n<!-- config-table -->\n${table}\n<!-- /config-table -->\n`;

describe("readmeProblems", () => {
  it("accepts the generated table, however it is padded", () => {
    const padded = configTableMarkdown(connector.config).replace(/\| /g, "|   ");
    expect(readmeProblems(block(padded), connector)).toEqual([]);
  });

  it("names a table that differs from the schema, and a missing resource type", () => {
    const stale = configTableMarkdown(connector.config).replace("`BATON_REGION`", "`BATON_ZONE`");
    const problems = readmeProblems(block(stale).replace("`account`", "accounts"), connector);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/config table differs from the schema; it should read:\n\| Flag \|/);
    expect(problems[1]).toBe("resource type `account` is not named");
  });

  it("asks for the block when there is none", () => {
    expect(readmeProblems("# Demo `account`", connector)[0]).toMatch(/^no <!-- config-table -->/);
  });
});

describe("the kit's README", () => {
  it("shows every export of the kit", async () => {
    const kit = await import("../src/index.js");
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const missing = Object.keys(kit).filter(
      (name) => !readme.includes(`\`${name}`) && !readme.includes(` ${name}(`),
    );
    expect(missing).toEqual([]);
  });
});
