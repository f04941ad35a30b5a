import type { CommandSpec } from "./command.js";
import { type FlagSpec, GLOBAL_FLAGS, VERSION } from "./flags.js";

function flagLines(flags: readonly FlagSpec[]): string[] {
  const left = flags.map(
    (f) => `${f.short ? `-${f.short}, ` : "    "}--${f.name}${f.value ? ` <${f.value}>` : ""}`,
  );
  const width = Math.max(...left.map((l) => l.length));
  return flags.map(
    (f, i) =>
      `  ${left[i]!.padEnd(width)}   ${f.description}${f.default !== undefined ? ` (default "${f.default}")` : ""}`,
  );
}

function commandLines(commands: readonly CommandSpec[]): string[] {
  const names = commands.map((c) => c.path.join(" "));
  const width = Math.max(...names.map((n) => n.length));
  return commands.map((c, i) => `  ${names[i]!.padEnd(width)}   ${c.summary}`);
}

export function rootHelp(commands: readonly CommandSpec[]): string {
  return [
    "baton inspects the .c1z files that Baton connectors write.",
    "",
    "Usage:",
    "  baton <command> [flags]",
    "",
    "Commands:",
    ...commandLines(commands),
    "",
    "Flags:",
    ...flagLines([...GLOBAL_FLAGS, VERSION]),
    "",
    "Example:",
    "  baton resources -f sync.c1z",
    "",
    'Run "baton <command> --help" for the flags of a command.',
    "",
  ].join("\n");
}

export function groupHelp(group: string, commands: readonly CommandSpec[]): string {
  const members = commands.filter((c) => c.path[0] === group);
  return [
    "Usage:",
    `  baton ${group} <command> [flags]`,
    "",
    "Commands:",
    ...commandLines(members),
    "",
    "Example:",
    `  ${members[0]!.examples[0]}`,
    "",
  ].join("\n");
}

export function commandHelp(command: CommandSpec, commands: readonly CommandSpec[]): string {
  const name = command.path.join(" ");
  const subcommands = commands.filter((c) => c.path.length > command.path.length && c.path[0] === name);
  return [
    command.summary,
    "",
    "Usage:",
    `  baton ${name} [flags]`,
    ...(subcommands.length > 0 ? ["", "Commands:", ...commandLines(subcommands)] : []),
    ...(command.flags.length > 0 ? ["", "Flags:", ...flagLines(command.flags)] : []),
    "",
    "Global flags:",
    ...flagLines(GLOBAL_FLAGS),
    "",
    command.examples.length > 1 ? "Examples:" : "Example:",
    ...command.examples.map((e) => `  ${e}`),
    "",
  ].join("\n");
}
