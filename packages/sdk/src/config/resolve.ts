import { closeSync, openSync, readSync } from "node:fs";
import { resolve } from "node:path";
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

/** The variable naming a file that holds a secret field's value: `BATON_API_TOKEN_FILE`. */
export const fileEnvName = (f: ConfigField): string => `${f.env}_FILE`;

const MAX_SECRET_FILE = 64 * 1024;

class SecretFileError extends Error {}

/**
 * The content of the file `$<env>_FILE` names (a Kubernetes Secret mounted as a file, a Docker
 * secret), without one trailing line break, which editors and `echo` add. At most 64 KiB is read,
 * so a path such as /dev/zero cannot exhaust memory.
 */
function readSecretFile(f: ConfigField, path: string, cwd: string): string {
  const name = `$${fileEnvName(f)}`;
  const full = resolve(cwd, path);
  const buf = Buffer.alloc(MAX_SECRET_FILE + 1);
  let length = 0;
  try {
    const fd = openSync(full, "r");
    try {
      for (let n = -1; n !== 0 && length < buf.length; length += n)
        n = readSync(fd, buf, length, buf.length - length, null);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (code ?? String(e));
    throw new SecretFileError(`cannot read ${name} (${path}): ${why}`);
  }
  if (length > MAX_SECRET_FILE)
    throw new SecretFileError(
      `${name} names a file larger than ${MAX_SECRET_FILE / 1024} KiB (${path}); it should hold only the secret`,
    );
  const value = buf.toString("utf8", 0, length).replace(/\r?\n$/, "");
  if (value === "") throw new SecretFileError(`${name} names an empty file (${path})`);
  return value;
}

/**
 * Values of `fields` by precedence flag > env > config file (zod defaults come later). A secret
 * field may instead come from the file `$<ENV>_FILE` names (at the env level; setting both is an
 * error). Relative paths are taken from `cwd`.
 */
export function readSources(
  fields: ConfigField[],
  argv: ParsedArgv,
  env: Env,
  file?: ConfigFile,
  cwd = process.cwd(),
): RawValues {
  const out: RawValues = { values: {}, problems: [], invalid: new Set() };
  const problem = (f: ConfigField, message: string) => {
    out.problems.push(`${fieldLabel(f)}: ${message}`);
    out.invalid.add(f.key);
  };
  for (const f of fields) {
    let fromEnv: [string, string] | undefined = env[f.env] ? [env[f.env]!, `$${f.env}`] : undefined;
    const secretPath = f.secret ? env[fileEnvName(f)] : undefined;
    if (secretPath && !argv.values.has(f.flag)) {
      if (fromEnv) {
        problem(f, `set $${f.env} or $${fileEnvName(f)}, not both`);
        continue;
      }
      try {
        fromEnv = [readSecretFile(f, secretPath, cwd), `$${fileEnvName(f)}`];
      } catch (e) {
        if (!(e instanceof SecretFileError)) throw e;
        problem(f, e.message);
        continue;
      }
    }
    const [value, source] = argv.values.has(f.flag)
      ? [argv.values.get(f.flag), "the command line"]
      : fromEnv
        ? fromEnv
        : file && f.flag in file.values
          ? [file.values[f.flag], file.path]
          : [undefined, ""];
    if (value === undefined || value === null) continue;
    try {
      out.values[f.key] = coerce(f, value);
    } catch (e) {
      if (!(e instanceof CoerceError)) throw e;
      problem(f, `${e.message} (from ${source})`);
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
  const cwd = sources.cwd ?? process.cwd();
  const raw = readSources(fields, argv, env, readConfigFile(env, cwd), cwd);
  const checked = checkConfig(schema, raw.values, raw.invalid);
  const problems = [...raw.problems, ...(checked.ok ? [] : checked.problems)];
  if (problems.length || !checked.ok) throw new ConfigError(problems, hint);
  return checked.value;
}
