// The entry point of a binary (a connector's, the inspector's) that starts fast. The build runs the
// binary once with BATON_RECORD_CLI_HELP=<file> to record what it prints for the argument lists that
// depend on nothing but the program itself (--version, --help, `help <command>`, capabilities…);
// later runs answer those from the file next to the binary without loading the program, its
// dependencies or the engine. Any other command loads the program and runs it. This module imports
// nothing else of the SDK.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { AnyConnector } from "../connector/define.js";

/** The file next to the binary's module that the build writes. */
export const CLI_HELP_FILE = "cli-help.json";
const RECORD = "BATON_RECORD_CLI_HELP";

export interface CliHelpFile {
  /** The package version the outputs were recorded for; under any other version the file is ignored. */
  version: string;
  /** stdout of each argument list (the key is the JSON of the list) that exited 0 with no stderr. */
  outputs: Record<string, string>;
}

interface Sink {
  write(chunk: string): unknown;
}

/** A program as `launchProgram` runs it. */
export interface Program {
  /**
   * Runs the program and returns its exit code: with the process's arguments, streams and environment
   * when `io` is absent, else (while recording) with `argv`, writing to `io` and an empty environment.
   */
  run(argv: readonly string[], io?: { stdout: Sink; stderr: Sink }): Promise<number>;
  /** The argument lists whose output depends on nothing but the program: they are recorded. */
  staticForms: readonly (readonly string[])[];
}

/** The version in the package.json nearest above `moduleUrl`. */
function packageJsonVersion(moduleUrl: string): string | undefined {
  for (let url = new URL("./package.json", moduleUrl); ; ) {
    if (existsSync(url)) return String(JSON.parse(readFileSync(url, "utf8")).version);
    const up = new URL("../package.json", url);
    if (up.href === url.href) return undefined;
    url = up;
  }
}

function recorded(moduleUrl: string, argv: readonly string[]): string | undefined {
  let file: CliHelpFile;
  try {
    file = JSON.parse(readFileSync(new URL(CLI_HELP_FILE, moduleUrl), "utf8"));
  } catch {
    return undefined;
  }
  const out = file.outputs?.[JSON.stringify(argv)];
  if (typeof out !== "string") return undefined;
  return packageJsonVersion(moduleUrl) === file.version ? out : undefined;
}

async function record(target: string, moduleUrl: string, program: Program): Promise<void> {
  const outputs: Record<string, string> = {};
  for (const argv of program.staticForms) {
    let out = "";
    let err = "";
    const code = await program.run(argv, {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
    });
    if (code === 0 && err === "") outputs[JSON.stringify(argv)] = out;
  }
  const file: CliHelpFile = { version: packageJsonVersion(moduleUrl) ?? "", outputs };
  writeFileSync(target, `${JSON.stringify(file, null, 1)}\n`);
}

/**
 * Runs a binary: from the recorded outputs when it can, else `load()`s the program and runs it with
 * the process's arguments, setting `process.exitCode`. `moduleUrl` is the binary's `import.meta.url`.
 */
export async function launchProgram(moduleUrl: string, load: () => Promise<Program>): Promise<void> {
  const argv = process.argv.slice(2);
  const target = process.env[RECORD];
  if (target) return record(target, moduleUrl, await load());
  const out = recorded(moduleUrl, argv);
  if (out !== undefined) {
    process.stdout.write(out);
    return;
  }
  const program = await load();
  process.exitCode = await program.run(argv);
}

/**
 * A connector's binary (`src/cli.ts`):
 *
 *   await launch(import.meta.url, async () => (await import("./index.js")).zendesk);
 *
 * The connector, zod and the engine load only for commands that need them.
 */
export function launch(moduleUrl: string, load: () => Promise<AnyConnector>): Promise<void> {
  return launchProgram(moduleUrl, async () => {
    const [{ runCli }, { commands }, connector] = await Promise.all([
      import("./run.js"),
      import("./help.js"),
      load(),
    ]);
    const names = Object.keys(commands);
    return {
      run: (argv, io) => (io ? runCli(connector, { argv, env: {}, ...io }) : runCli(connector)),
      staticForms: [
        ["--version"],
        ["--help"],
        ["-h"],
        ["help"],
        ...names.flatMap((c) => [
          ["help", c],
          [c, "--help"],
          [c, "-h"],
        ]),
        ["capabilities"],
        ["config"],
      ],
    };
  });
}
