// Small helpers of the release tests: run a command, time it, keep going after a failed check.
import { spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * Runs a command without a shell; resolves with its exit code and output (never rejects on a non-zero
 * exit). A command still running after `timeoutMs` is killed and reported as failed.
 */
export function run(cmd, args, { cwd, env, timeoutMs = 300_000, input } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(cmd, args, { cwd, env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${timeoutMs} ms)`;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("error", (e) => (stderr += `\n${e.message}`));
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr, ms: Date.now() - started });
    });
    child.stdin.end(input ?? "");
  });
}

/** Runs a command and throws with its output when it exits non-zero. */
export async function must(cmd, args, opts) {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) {
    const out = `${r.stdout}\n${r.stderr}`.trim().split("\n").slice(-25).join("\n");
    throw new Error(`${cmd} ${args.join(" ")} exited ${r.code}:\n${out}`);
  }
  return r;
}

/** Bytes of the files under `dir` (what `du --apparent-size` counts, without following links). */
export function treeSize(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) total += treeSize(p);
    else if (entry.isFile()) total += statSync(p).size;
  }
  return total;
}

export const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
export const kb = (bytes) => `${(bytes / 1e3).toFixed(1)} kB`;

/** A list of named checks: each failure is recorded with its message and the run goes on. */
export class Checks {
  results = [];

  async check(name, fn) {
    const started = Date.now();
    try {
      const note = await fn();
      const s = ((Date.now() - started) / 1000).toFixed(1);
      this.results.push({ name, ok: true });
      console.log(`  ok    ${name} (${s} s)${note ? `: ${note}` : ""}`);
      return true;
    } catch (e) {
      this.results.push({ name, ok: false, message: e.message });
      console.log(`  FAIL  ${name}\n${String(e.message).replace(/^/gm, "        ")}`);
      return false;
    }
  }

  get passed() {
    return this.results.filter((r) => r.ok).length;
  }

  get failed() {
    return this.results.filter((r) => !r.ok).length;
  }
}
