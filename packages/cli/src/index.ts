import { createRequire } from "node:module";
import { BatonError, Code, isBatonError, terminalSafe } from "@baton/sdk/errors";
import { parseArgs } from "./args.js";
import type { Context, OutputFormat } from "./command.js";
import { COMMANDS } from "./commands/index.js";
import { Flags, GLOBAL_FLAGS, OUTPUT_FORMAT } from "./flags.js";
import { commandHelp, groupHelp, rootHelp } from "./help.js";
import { Output } from "./output.js";

export interface BatonIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Terminal width: console tables are fitted to it. Unset: tables are not cut. */
  columns?: number;
  /** Bold table headers. */
  color?: boolean;
}

/** The process's streams; tables are sized and styled only when stdout is a terminal. */
export function processIo(): BatonIo {
  const tty = process.stdout.isTTY === true;
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    ...(tty && { columns: process.stdout.columns }),
    color: tty && process.env.NO_COLOR === undefined,
  };
}

const version = (): string =>
  (createRequire(import.meta.url)("../package.json") as { version: string }).version;

const FORMATS: readonly OutputFormat[] = ["console", "json"];

function outputFormat(flags: Flags): OutputFormat {
  const value = flags.get(OUTPUT_FORMAT)!;
  if (!FORMATS.includes(value as OutputFormat))
    throw new BatonError(Code.InvalidArgument, `unknown output format "${value}"`, {
      hint: "use -o console or -o json",
    });
  return value as OutputFormat;
}

/**
 * Runs `baton` with the given arguments (without the program name) and returns the exit code:
 * 0 on success, 1 on any error (reported as one line on stderr), as the Go baton CLI does.
 */
export async function runBaton(argv: readonly string[], io: BatonIo = processIo()): Promise<number> {
  const out = new Output(io.stdout);
  try {
    const inv = parseArgs(argv, COMMANDS);
    if (inv.version) {
      await out.write(`baton version ${version()}\n`);
    } else if (inv.help || inv.command === undefined) {
      const [group] = inv.group;
      await out.write(
        inv.command
          ? commandHelp(inv.command, COMMANDS)
          : group
            ? groupHelp(group, COMMANDS)
            : rootHelp(COMMANDS),
      );
    } else {
      const flags = new Flags(inv.given, [...GLOBAL_FLAGS, ...inv.command.flags]);
      const ctx: Context = {
        flags,
        format: outputFormat(flags),
        out,
        note: (line) => io.stderr.write(`${terminalSafe(line)}\n`),
        table: { ...(io.columns !== undefined && { width: io.columns }), color: io.color === true },
      };
      await inv.command.run(ctx);
    }
    await out.flush();
    return 0;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EPIPE") return 0;
    await out.flush().catch(() => {});
    io.stderr.write(`baton: ${terminalSafe(isBatonError(e) ? e.describe() : (e as Error).message)}\n`);
    return 1;
  }
}
