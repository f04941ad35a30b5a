// End-to-end runs of a connector's built binary: the command line as a user (or ConductorOne) runs
// it, and what the .c1z it wrote holds.
import { execFile } from "node:child_process";
import { openC1z, validateSync } from "@baton/sdk/c1z";
import { expect } from "vitest";

export interface CliResult {
  /** The exit status: 0, or the error's gRPC code. */
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliRunner {
  /** Runs the binary with `args`; `env` adds to (or overrides) the runner's environment. */
  (args: string[], env?: Record<string, string>): Promise<CliResult>;
}

/**
 * A runner for the binary `cli` (a `dist/cli.js`), started with this Node in `cwd`. Its environment
 * holds PATH, the runner's `env` and each call's — none of the caller's BATON_* variables, so a
 * test sees exactly the settings it passes.
 */
export function cliRunner(
  cli: string,
  o: { cwd: string | (() => string); env?: () => Record<string, string> },
): CliRunner {
  return (args, env = {}) =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [cli, ...args],
        {
          cwd: typeof o.cwd === "function" ? o.cwd() : o.cwd,
          env: { PATH: process.env.PATH ?? "", ...o.env?.(), ...env },
          maxBuffer: 64 * 1024 * 1024,
        },
        (e, stdout, stderr) => resolve({ code: e ? Number(e.code) : 0, stdout, stderr }),
      );
    });
}

/** Object counts of the file's latest sync, which must pass the store's validation. */
export async function syncCounts(file: string) {
  const store = await openC1z(file);
  try {
    const { id } = store.selectSync();
    expect(validateSync(store, id), `${file} fails the store's validation`).toEqual([]);
    return store.counts(id);
  } finally {
    store.close();
  }
}
