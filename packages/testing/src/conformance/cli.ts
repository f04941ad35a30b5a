// Runs a connector's built binary as users do, and SIGKILLs it at a chosen point of its sync.
import { spawn } from "node:child_process";
import { existsSync, type FSWatcher, watch } from "node:fs";
import { basename, dirname } from "node:path";

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** When the run logged each sync phase it entered, and when it ended (ms since it started). */
  phases: Record<string, number>;
  endedMs: number;
  /** Whether `<file>.tmp` existed when the run was killed (it was saving). */
  killedWhileSaving: boolean;
}

export type KillPoint =
  /** When the sync has started. */
  | { at: "start" }
  /** `afterMs` after the sync entered its grants phase. */
  | { at: "grants"; afterMs: number }
  /** As soon as the save's `<file>.tmp` appears. */
  | { at: "save" };

interface JsonLine {
  msg?: string;
  phase?: string;
}

/**
 * `node <bin> ...args` with only `env` (and PATH), JSON logs on stderr; with `kill`, SIGKILLed at
 * that point. Resolves when the process has exited.
 */
export function runCli(
  bin: string,
  args: readonly string[],
  env: Record<string, string>,
  o: { kill?: KillPoint; file: string; timeoutMs?: number },
): Promise<CliRun> {
  const started = Date.now();
  const child = spawn(process.execPath, [bin, ...args, "--log-format", "json"], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  const run: CliRun = {
    code: null,
    signal: null,
    stderr: "",
    phases: {},
    endedMs: 0,
    killedWhileSaving: false,
  };
  const tmp = `${o.file}.tmp`;
  let watcher: FSWatcher | undefined;
  const kill = () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    run.killedWhileSaving = existsSync(tmp);
    child.kill("SIGKILL");
  };
  if (o.kill?.at === "save") {
    watcher = watch(dirname(o.file), (_event, name) => {
      if (name === basename(tmp) && existsSync(tmp)) kill();
    });
  }
  let pending = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    run.stderr += chunk;
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const text of lines) {
      let line: JsonLine;
      try {
        line = JSON.parse(text) as JsonLine;
      } catch {
        continue;
      }
      const ms = Date.now() - started;
      if (line.msg === "sync started" || line.msg === "resuming interrupted sync") run.phases.start ??= ms;
      if (line.msg === "sync phase" && line.phase) run.phases[line.phase] = ms;
      if (o.kill?.at === "start" && line.msg === "sync started") kill();
      if (o.kill?.at === "grants" && line.msg === "sync phase" && line.phase === "grants")
        setTimeout(kill, o.kill.afterMs);
    }
  });
  const guard = setTimeout(() => child.kill("SIGKILL"), o.timeoutMs ?? 120_000);
  return new Promise((resolve) => {
    child.on("close", (code, signal) => {
      clearTimeout(guard);
      watcher?.close();
      run.code = code;
      run.signal = signal;
      run.endedMs = Date.now() - started;
      resolve(run);
    });
  });
}

/** The last line of a run's stderr, for a message. */
export const lastLine = (run: CliRun): string => run.stderr.trim().split("\n").at(-1) ?? "";
