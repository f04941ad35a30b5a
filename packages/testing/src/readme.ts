// Checks a connector's README against its declaration: the configuration table between
// `<!-- config-table -->` and `<!-- /config-table -->` must be the one configTableMarkdown() writes
// (compared cell by cell, so formatting is free), and every resource type id must be named.
import { type AnyConnector, CONFIG_TABLE_HEADER, configTableMarkdown, configTableRows } from "@baton/sdk";

function tableCells(block: string): string[][] {
  return block
    .trim()
    .split("\n")
    .filter((l) => l.trim().startsWith("|") && !/^\|[\s|:-]+\|$/.test(l.trim()))
    .map((l) =>
      l
        .trim()
        .slice(1, -1)
        .split("|")
        .map((c) => c.trim()),
    );
}

/** What is wrong with the README; [] when it matches the connector. */
export function readmeProblems(readme: string, connector: AnyConnector): string[] {
  const problems: string[] = [];
  const block = /<!-- config-table[^>]*-->\n([\s\S]*?)<!-- \/config-table -->/.exec(readme)?.[1];
  if (!block) {
    problems.push(
      "no <!-- config-table --> … <!-- /config-table --> block; paste:\n" +
        configTableMarkdown(connector.config),
    );
  } else {
    const [header, ...rows] = tableCells(block);
    const expected = configTableRows(connector.config);
    if (
      JSON.stringify(header) !== JSON.stringify(CONFIG_TABLE_HEADER) ||
      JSON.stringify(rows) !== JSON.stringify(expected)
    ) {
      problems.push(
        `the config table differs from the schema; it should read:\n${configTableMarkdown(connector.config)}`,
      );
    }
  }
  for (const t of connector.resourceTypes) {
    if (!readme.includes(`\`${t.id}\``)) problems.push(`resource type \`${t.id}\` is not named`);
  }
  return problems;
}
