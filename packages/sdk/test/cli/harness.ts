import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { runCli } from "../../src/cli/index.js";
import type { AnyConnector } from "../../src/connector/define.js";
import { example } from "./example.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string>;
  cwd?: string;
  signal?: AbortSignal;
  tty?: boolean;
  connector?: AnyConnector;
}

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** A fresh working directory, removed after the test file. */
export const emptyDir = () => {
  const d = mkdtempSync(join(tmpdir(), "baton-cli-"));
  made.push(d);
  return d;
};

/** Runs the example connector's CLI with captured output. */
export async function cli(argv: string[], o: CliOptions = {}): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(o.connector ?? example, {
    argv,
    env: o.env ?? {},
    cwd: o.cwd ?? emptyDir(),
    signal: o.signal ?? new AbortController().signal,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: o.tty ?? false },
  });
  return { code, stdout, stderr };
}

/** The flags and env every sync of the example needs. */
export const valid = ["--subdomain", "example", "--api-token", "tok-0123456789"];
