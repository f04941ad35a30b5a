import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";
import { runBaton } from "../src/index.js";

/** The Go-written fixtures in `shared/fixtures/c1z`, beside the checkout or a level above it (worktrees). */
export const FIXTURES = ((): string => {
  const start = fileURLToPath(new URL("../../../../", import.meta.url));
  for (const up of [start, dirname(start)]) {
    const dir = join(up, "shared", "fixtures", "c1z");
    if (existsSync(dir)) return `${dir}/`;
  }
  return join(start, "shared", "fixtures", "c1z/");
})();
export const fixture = (name: string) => join(FIXTURES, name);

export const GO_FIXTURES = {
  expanded: { file: fixture("go-expanded.c1z"), sync: "36zfOAoWMxQdISbixanQCRBiX7E" },
  unexpanded: { file: fixture("go-unexpanded.c1z"), sync: "36zfOAoWMxQdISbixanQCRBiX7E" },
  inProgress: { file: fixture("go-sync-in-progress.c1z"), sync: "3ARefY5G8eOytquwYgm41Nq07IZ" },
} as const;

const dirs: string[] = [];
/** A temp dir removed when the test file is done. */
export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "baton-cli-test-"));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

class Collect extends Writable {
  text = "";
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `baton <args>` in-process with captured stdout/stderr. */
export async function baton(args: string[], opts: { columns?: number } = {}): Promise<Run> {
  const stdout = new Collect();
  const stderr = new Collect();
  const code = await runBaton(args, { stdout, stderr, ...opts });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

// biome-ignore lint/suspicious/noExplicitAny: JSON documents whose shape the tests check
export type Json = Record<string, any>;

/** Runs baton and parses stdout as one JSON document (fails when stdout is anything else). */
export async function batonJson(args: string[]): Promise<Json> {
  const r = await baton([...args, "-o", "json"]);
  if (r.code !== 0) throw new Error(`baton ${args.join(" ")} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Json;
}

/** Decompresses a c1z with tail + zstd (independent of our reader) into a temp SQLite file. */
export function decompress(c1z: string): string {
  const out = join(tempDir(), "db");
  execFileSync("bash", ["-c", 'tail -c +6 "$0" | zstd -d -q -o "$1"', c1z, out]);
  return out;
}

/** Runs sqlite3 and returns the rows, columns split on the unit separator. */
export function sqlite3(db: string, sql: string): string[][] {
  const out = execFileSync("/usr/bin/sqlite3", ["-separator", "\u001f", "-newline", "\u001e", db, sql], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  return out
    .split("\u001e")
    .filter((l) => l !== "")
    .map((l) => l.split("\u001f"));
}

/** The first column of each row. */
export const column = (rows: string[][]): string[] => rows.map((r) => r[0]!);

export const sha256 = (path: string): string => createHash("sha256").update(readFileSync(path)).digest("hex");

/** Table rows of console output (header excluded), cells split on the column separator. */
export const tableRows = (stdout: string): string[][] =>
  stdout
    .trimEnd()
    .split("\n")
    .slice(1)
    .map((line) => line.split(/ \|(?: |$)/).map((c) => c.trimEnd()));
