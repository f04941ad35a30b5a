import { readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { parse } from "yaml";
import { BatonError, Code } from "../errors.js";

export interface ConfigFile {
  path: string;
  /** Top-level keys are flag names. */
  values: Record<string, unknown>;
}

const readText = (path: string): string | undefined => {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new BatonError(Code.InvalidArgument, `config file ${path}: ${(e as Error).message}`);
  }
};

/**
 * The optional YAML config file: `$BATON_CONFIG_PATH` (must end in .yaml/.yml and exist), else
 * `./.baton.yaml` when present.
 */
export function readConfigFile(env: Record<string, string | undefined>, cwd: string): ConfigFile | undefined {
  const explicit = env.BATON_CONFIG_PATH;
  if (explicit && !/\.ya?ml$/.test(explicit)) {
    throw new BatonError(
      Code.InvalidArgument,
      `$BATON_CONFIG_PATH must name a .yaml or .yml file, got "${explicit}"`,
    );
  }
  const path = explicit ? (isAbsolute(explicit) ? explicit : join(cwd, explicit)) : join(cwd, ".baton.yaml");
  const text = readText(path);
  if (text === undefined) {
    if (explicit)
      throw new BatonError(Code.NotFound, `config file ${path} ($BATON_CONFIG_PATH) does not exist`);
    return undefined;
  }
  let values: unknown;
  try {
    values = parse(text);
  } catch (e) {
    throw new BatonError(Code.InvalidArgument, `config file ${path}: ${(e as Error).message.split("\n")[0]}`);
  }
  if (values === null || values === undefined) return { path, values: {} };
  if (typeof values !== "object" || Array.isArray(values)) {
    throw new BatonError(
      Code.InvalidArgument,
      `config file ${path}: expected a mapping of flag names to values`,
    );
  }
  return { path, values: values as Record<string, unknown> };
}
