// The configuration table of a connector's README, generated from its config schema, so the README
// can be checked against (or written from) the one declaration.
import type { z } from "zod";
import { describeFields } from "./fields.js";
import { fileEnvName } from "./resolve.js";

export const CONFIG_TABLE_HEADER = [
  "Flag",
  "Environment variable",
  "Required",
  "Secret",
  "Default",
  "Description",
];

const shown = (v: unknown) =>
  v === undefined || (Array.isArray(v) && v.length === 0)
    ? ""
    : `\`${Array.isArray(v) ? v.join(",") : String(v)}\``;

/**
 * One row of cells per visible setting (hidden settings too: they are real settings users may set).
 * A secret's variable is shown with its `_FILE` variant, which names a file holding the value.
 */
export function configTableRows(schema: z.ZodObject): string[][] {
  return describeFields(schema).map((f) => [
    `\`--${f.flag}\``,
    f.secret ? `\`${f.env}\` or \`${fileEnvName(f)}\`` : `\`${f.env}\``,
    f.required ? "yes" : "no",
    f.secret ? "yes" : "no",
    shown(f.default),
    f.description ?? "",
  ]);
}

/** The table as Markdown, between the `<!-- config-table -->` markers a README keeps it in. */
export function configTableMarkdown(schema: z.ZodObject): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [
    line(CONFIG_TABLE_HEADER),
    line(CONFIG_TABLE_HEADER.map(() => "---")),
    ...configTableRows(schema).map(line),
  ].join("\n");
}
