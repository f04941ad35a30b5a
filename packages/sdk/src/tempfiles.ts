// Temporary files that hold plaintext (decompressed databases, half-written exports) must not
// outlive the process: they are removed when it exits and when SIGINT, SIGTERM or SIGHUP end it.
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";

const paths = new Set<string>();
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

function removeAll(): void {
  for (const p of paths) rmSync(p, { recursive: true, force: true });
  paths.clear();
}

/**
 * A signal that nobody else listens to would end the process without an "exit" event: remove the
 * paths, then raise the signal again without this listener, so the process ends as the signal ends
 * it (status 128 + n). When the program handles the signal itself (a CLI that cancels gracefully),
 * it decides when to exit, and the paths go then.
 */
function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  removeAll();
  uninstall();
  process.kill(process.pid, signal);
}

function install(): void {
  process.on("exit", removeAll);
  for (const s of SIGNALS) process.on(s, onSignal);
}

function uninstall(): void {
  process.off("exit", removeAll);
  for (const s of SIGNALS) process.off(s, onSignal);
}

/**
 * Removes `path` (a file, or a directory with its contents) when the process exits or is ended by
 * SIGINT, SIGTERM or SIGHUP. Returns a function that forgets the path again, for when it was removed
 * or kept on purpose; the handlers are installed only while some path is registered.
 */
export function removeOnExit(path: string): () => void {
  if (paths.size === 0) install();
  paths.add(path);
  return () => {
    if (paths.delete(path) && paths.size === 0) uninstall();
  };
}

/**
 * Creates a directory `<parent>/<prefix><random>` with mode 0700 (as mkdtemp does) that goes when
 * the process exits or is ended by a signal. It is registered before it exists, so a signal that
 * arrives as soon as it appears still removes it. `remove()` removes it now.
 */
export async function privateTempDir(
  parent: string,
  prefix: string,
): Promise<{ path: string; remove(): void }> {
  const path = join(parent, `${prefix}${randomBytes(6).toString("base64url")}`);
  const forget = removeOnExit(path);
  const remove = () => {
    rmSync(path, { recursive: true, force: true });
    forget();
  };
  try {
    await mkdir(path, { mode: 0o700 });
  } catch (e) {
    forget();
    throw e;
  }
  return { path, remove };
}
