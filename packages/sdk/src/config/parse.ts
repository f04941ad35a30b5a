import type { z } from "zod";
import { BatonError, Code } from "../errors.js";
import { type ConfigField, describeFields, fieldLabel } from "./fields.js";

/** Invalid configuration: every problem, each naming the flag and the env var. */
export class ConfigError extends BatonError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[], hint: string) {
    super(Code.InvalidArgument, `invalid configuration: ${problems.join("; ")}`, { hint });
    this.problems = problems;
  }
}

export type CheckResult<T> = { ok: true; value: T } | { ok: false; problems: string[] };

export interface ParseConfigOptions {
  /** Printed after the problems; default: "see --help for every flag and environment variable". */
  hint?: string;
}

const defaultHint = "see --help for every flag and environment variable";

function describeIssue(
  issue: z.core.$ZodIssue,
  byKey: Map<string, ConfigField>,
  input: Record<string, unknown>,
) {
  const [key, ...rest] = issue.path;
  const field = typeof key === "string" ? byKey.get(key) : undefined;
  if (!field) return issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message;
  if (rest.length === 0 && issue.code === "invalid_type" && input[field.key] === undefined) {
    return `${fieldLabel(field)} is required`;
  }
  const item = typeof rest[0] === "number" ? ` item ${rest[0] + 1}` : "";
  return `${fieldLabel(field)}${item}: ${issue.message}`;
}

/**
 * Validates raw values keyed like the schema, collecting every problem. An empty string counts as
 * not set (as in the Go SDK), so defaults apply and required fields are reported. Issues of keys in
 * `reported` (already described by the caller) are left out.
 */
export function checkConfig<S extends z.ZodObject>(
  schema: S,
  raw: Record<string, unknown>,
  reported: ReadonlySet<string> = new Set(),
): CheckResult<z.output<S>> {
  const fields = describeFields(schema);
  const input: Record<string, unknown> = { ...raw };
  for (const f of fields) if (input[f.key] === "") input[f.key] = undefined;
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const problems = result.error.issues
    .filter((i) => !(typeof i.path[0] === "string" && reported.has(i.path[0])))
    .map((i) => describeIssue(i, byKey, input));
  return { ok: false, problems: [...new Set(problems)] };
}

/**
 * Validates a configuration object keyed like the schema (what library users pass to `sync()`).
 * Throws a ConfigError (InvalidArgument) listing every problem, e.g.
 * `--subdomain ($BATON_SUBDOMAIN) is required`.
 */
export function parseConfig<S extends z.ZodObject>(
  schema: S,
  raw: Record<string, unknown>,
  opts: ParseConfigOptions = {},
): z.output<S> {
  const result = checkConfig(schema, raw);
  if (!result.ok) throw new ConfigError(result.problems, opts.hint ?? defaultHint);
  return result.value;
}
