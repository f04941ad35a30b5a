// A connector's runner in service mode, in the test's process, against a fresh fake ConductorOne:
// what every connector's service test does before asserting on its own data.
import { type AnyConnector, runCli } from "@baton/sdk";
import { type C1zStore, validateSync } from "@baton/sdk/c1z";
import { type FakeConductorOne, type FakeConductorOneOptions, startFakeConductorOne } from "./fake.js";

export interface ServiceRunOptions {
  /** The connector's settings (BATON_* and the like); the fake's credentials are added. */
  env: Record<string, string | undefined>;
  argv?: string[];
  cwd?: string;
  /** Options of the fake; nextPollMs defaults to 100. */
  fake?: FakeConductorOneOptions;
}

export interface ServiceRun {
  c1: FakeConductorOne;
  /** Everything the runner has logged so far (JSON lines). */
  readonly stderr: string;
  /**
   * Queues a full sync task, waits for its success (throwing with the log otherwise) and opens the
   * uploaded .c1z, checked by validateSync. Close the store when done.
   */
  sync(): Promise<{ store: C1zStore; syncId: string }>;
  /** Stops the runner as SIGTERM does, closes the fake and resolves with the runner's exit code. */
  stop(): Promise<number>;
}

/** Starts `connector` in service mode and resolves once it has said Hello. */
export async function runAsService(connector: AnyConnector, o: ServiceRunOptions): Promise<ServiceRun> {
  const c1 = await startFakeConductorOne({ nextPollMs: 100, ...o.fake });
  const abort = new AbortController();
  let stderr = "";
  const done = runCli(connector, {
    argv: o.argv ?? [],
    env: { ...o.env, ...c1.env },
    ...(o.cwd && { cwd: o.cwd }),
    signal: abort.signal,
    stdout: { write: () => true },
    stderr: {
      write: (s: string) => {
        stderr += s;
        return true;
      },
      isTTY: false,
    },
  });
  const stop = async () => {
    abort.abort();
    try {
      return await done;
    } finally {
      await c1.close();
    }
  };
  try {
    await c1.waitFor("the Hello", () => c1.hellos.length > 0);
  } catch (e) {
    const code = await stop();
    throw new Error(`${(e as Error).message} (the runner exited ${code}):\n${stderr}`);
  }
  return {
    c1,
    get stderr() {
      return stderr;
    },
    async sync() {
      const id = c1.addTask({ taskType: { case: "syncFull", value: {} } });
      const fin = await c1.waitForFinish(id);
      if (fin.finalState.case !== "success")
        throw new Error(`the sync task failed: ${fin.status?.message ?? fin.finalState.case}\n${stderr}`);
      const [asset] = c1.assets(id);
      if (!asset) throw new Error("the sync task uploaded nothing");
      const store = await c1.openAsset(asset);
      const syncId = store.latestFinishedSync()?.id;
      const problems = syncId ? validateSync(store, syncId) : ["no finished sync"];
      if (problems.length) {
        store.close();
        throw new Error(`the upload is not a valid sync: ${problems.join("; ")}`);
      }
      return { store, syncId: syncId! };
    },
    stop,
  };
}
