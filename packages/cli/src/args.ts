import { BatonError, Code } from "@baton/sdk/errors";
import type { CommandSpec } from "./command.js";
import { type FlagSpec, GLOBAL_FLAGS, VERSION } from "./flags.js";

export interface Invocation {
  /** The command named on the command line; undefined for `baton` alone. */
  command: CommandSpec | undefined;
  /** Words naming a group without a command of its own, e.g. ["export"]. */
  group: string[];
  given: Map<string, string>;
  help: boolean;
  version: boolean;
}

const usageError = (message: string, hint: string) => new BatonError(Code.InvalidArgument, message, { hint });

/**
 * Parses `baton <command> [subcommand] [flags]` the way cobra does: flags may come anywhere,
 * as `--name value`, `--name=value`, `-n value`, `-nvalue` or `-n=value`; `--` ends the flags;
 * `baton help <command>` is `baton <command> --help`.
 */
export function parseArgs(argv: readonly string[], commands: readonly CommandSpec[]): Invocation {
  const allFlags = [...GLOBAL_FLAGS, VERSION, ...commands.flatMap((c) => c.flags)];
  const byName = new Map(allFlags.map((f) => [f.name, f]));
  const byShort = new Map(allFlags.filter((f) => f.short).map((f) => [f.short!, f]));

  const words: string[] = [];
  const given = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      words.push(...argv.slice(i + 1));
      break;
    }
    let flag: FlagSpec | undefined;
    let inline: string | undefined;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq < 0 ? undefined : arg.slice(eq + 1);
      flag = byName.get(name);
      if (!flag) throw usageError(`unknown flag --${name}`, "see baton --help and baton <command> --help");
    } else if (arg.startsWith("-") && arg.length > 1) {
      flag = byShort.get(arg[1]!);
      if (!flag)
        throw usageError(`unknown shorthand flag -${arg[1]}`, "see baton --help and baton <command> --help");
      const rest = arg.slice(2);
      inline = rest === "" ? undefined : rest.startsWith("=") ? rest.slice(1) : rest;
    } else {
      words.push(arg);
      continue;
    }
    if (flag.value === undefined) {
      switches.add(flag.name);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined)
      throw usageError(`--${flag.name} needs a value`, `e.g. --${flag.name} <${flag.value}>`);
    given.set(flag.name, value);
  }

  const help = switches.has("help") || words[0] === "help";
  if (words[0] === "help") words.shift();
  const command = longestMatch(words, commands);
  const rest = words.slice(command?.path.length ?? 0);
  const group = command === undefined && isGroup(rest[0], commands) ? [rest.shift()!] : [];
  if (rest.length > 0) {
    const what =
      command || group.length > 0 ? `unexpected argument "${rest[0]}"` : `unknown command "${rest[0]}"`;
    throw usageError(what, "see baton --help for the commands and their flags");
  }
  if (command) {
    const allowed = new Set([...GLOBAL_FLAGS, ...command.flags].map((f) => f.name));
    for (const name of given.keys())
      if (!allowed.has(name))
        throw usageError(
          `baton ${command.path.join(" ")} has no flag --${name}`,
          `see baton ${command.path.join(" ")} --help`,
        );
  }
  return { command, group, given, help, version: switches.has("version") };
}

function longestMatch(words: string[], commands: readonly CommandSpec[]): CommandSpec | undefined {
  let best: CommandSpec | undefined;
  for (const c of commands)
    if (c.path.every((w, i) => words[i] === w) && (best === undefined || c.path.length > best.path.length))
      best = c;
  return best;
}

const isGroup = (word: string | undefined, commands: readonly CommandSpec[]) =>
  word !== undefined && commands.some((c) => c.path.length > 1 && c.path[0] === word);
