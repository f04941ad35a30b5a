import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach } from "vitest";

/** The Go-written fixtures in `shared/fixtures/c1z`, beside the checkout or a level above it (worktrees). */
export const FIXTURES = ((): string => {
  const start = fileURLToPath(new URL("../../../../../", import.meta.url));
  for (const up of [start, dirname(start)]) {
    const dir = join(up, "shared", "fixtures", "c1z");
    if (existsSync(dir)) return `${dir}/`;
  }
  return join(start, "shared", "fixtures", "c1z/");
})();
export const fixture = (name: string) => join(FIXTURES, name);

const dirs: string[] = [];
/** A fresh temp dir removed after the test. */
export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "c1z-test-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Decompresses a c1z with the zstd CLI (independent of our reader) into `<dir>/db`. */
export function decompressWithCli(c1z: string, dir: string): string {
  const out = join(dir, "cli.db");
  execFileSync("bash", ["-c", 'tail -c +6 "$0" | zstd -d -q -o "$1"', c1z, out]);
  return out;
}

/** Runs sqlite3 and returns rows split on "|". */
export function sqlite3(db: string, sql: string): string[][] {
  const out = execFileSync("/usr/bin/sqlite3", [db, sql], { encoding: "utf8" });
  return out
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => l.split("|"));
}

const RESOLVE_TS = fileURLToPath(new URL("./resolve-ts.mjs", import.meta.url));

/** Runs a TypeScript test script (importing ../src) in a separate Node process; output is collected. */
export function startTsChild(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: string | null; err: string }>;
} {
  const child = spawn(
    process.execPath,
    [
      "--experimental-transform-types",
      "--disable-warning=ExperimentalWarning",
      "--import",
      RESOLVE_TS,
      script,
      ...args,
    ],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } },
  );
  let out = "";
  let err = "";
  child.stdout!.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: string | null; err: string }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, err })),
  );
  return { child, output: () => out, exited };
}
