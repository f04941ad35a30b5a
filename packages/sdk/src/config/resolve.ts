import type { z } from "zod";
import { BatonError, Code } from "../errors.js";
import { type FlagSpec, type ParsedArgv, parseArgv } from "./argv.js";
import { CoerceError, coerce } from "./coerce.js";
import { type ConfigField, describeFields, fieldLabel } from "./fields.js";
import { type ConfigFile, readConfigFile } from "./file.js";
import { ConfigError, checkConfig } from "./parse.js";

export type Env = Record<string, string | undefined>;

export interface ConfigSources {
  /** Command-line arguments without the program name; default `process.argv.slice(2)`. */
  argv?: readonly string[];
  env?: Env;
  /** Where `.baton.yaml` is looked for; default `process.cwd()`. */
  cwd?: string;
  /** Program name used in hints, e.g. "baton-zendesk". */
  program?: string;
}

export interface RawValues {
  /** Coerced values by field key; keys without a value in any source are absent. */
  values: Record<string, unknown>;
  problems: string[];
  /** Keys whose value could not be coerced (already in `problems`). */
  invalid: Set<string>;
}

export const flagSpec = (f: ConfigField): FlagSpec => ({
  flag: f.flag,
  ...(f.shorthand === undefined ? {} : { shorthand: f.shorthand }),
  boolean: f.kind === "boolean",
  list: f.kind === "string-list",
});

/** Values of `fields` by precedence flag > env > config file (zod defaults come later). */
export function readSources(fields: ConfigField[], argv: ParsedArgv, env: Env, file?: ConfigFile): RawValues {
  const out: RawValues = { values: {}, problems: [], invalid: new Set() };
  for (const f of fields) {
    const fromEnv = env[f.env];
    const [value, source] = argv.values.has(f.flag)
      ? [argv.values.get(f.flag), "the command line"]
      : fromEnv !== undefined && fromEnv !== ""
        ? [fromEnv, `$${f.env}`]
        : file && f.flag in file.values
          ? [file.values[f.flag], file.path]
          : [undefined, ""];
    if (value === undefined || value === null) continue;
    try {
      out.values[f.key] = coerce(f, value);
    } catch (e) {
      if (!(e instanceof CoerceError)) throw e;
      out.problems.push(`${fieldLabel(f)}: ${e.message} (from ${source})`);
      out.invalid.add(f.key);
    }
  }
  return out;
}

export const helpHint = (program?: string) => `run ${program ?? "the command"} --help to list the flags`;

/**
 * Resolves a connector configuration from the command line, the environment and the optional YAML
 * file (`$BATON_CONFIG_PATH` or `./.baton.yaml`, keys are flag names), then validates it. Throws a
 * BatonError (InvalidArgument) for unknown flags and a ConfigError listing every invalid field.
 */
export function resolveConfig<S extends z.ZodObject>(schema: S, sources: ConfigSources = {}): z.output<S> {
  const env = sources.env ?? process.env;
  const hint = helpHint(sources.program);
  const fields = describeFields(schema);
  const argv = parseArgv(sources.argv ?? process.argv.slice(2), fields.map(flagSpec), hint);
  if (argv.positionals.length) {
    throw new BatonError(Code.InvalidArgument, `unexpected argument "${argv.positionals[0]}"`, { hint });
  }
  const raw = readSources(fields, argv, env, readConfigFile(env, sources.cwd ?? process.cwd()));
  const checked = checkConfig(schema, raw.values, raw.invalid);
  const problems = [...raw.problems, ...(checked.ok ? [] : checked.problems)];
  if (problems.length || !checked.ok) throw new ConfigError(problems, hint);
  return checked.value;
}
