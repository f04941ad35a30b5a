// Service mode: the connector as a long-running ConductorOne client. It says Hello, polls for tasks,
// runs up to --task-concurrency of them at once, heartbeats syncs, uploads each sync's .c1z and
// reports every outcome with FinishTask. A failed task never stops the service.
import { createWriteStream, existsSync, type WriteStream } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create } from "@bufbuild/protobuf";
import { type Duration, durationMs } from "@bufbuild/protobuf/wkt";
import { openC1zForWrite } from "../c1z/index.js";
import { capabilities } from "../connector/capabilities.js";
import type { AnyConnector } from "../connector/define.js";
import { BatonError, Code, toBatonError } from "../errors.js";
import {
  type BatonServiceFinishTaskRequest,
  BatonServiceFinishTaskRequestSchema,
  type Task,
  type Task_SyncFullTask,
} from "../gen/c1/connectorapi/baton/v1/baton_pb.js";
import { defaultSleep } from "../http/retry.js";
import type { Logger } from "../log.js";
import { createLogger } from "../logging/logger.js";
import { ConnectorMetadataSchema } from "../proto.js";
import type { SecretSet } from "../secrets.js";
import { formatBatonId } from "../sync/bid.js";
import { sync } from "../sync/engine.js";
import { privateTempDir } from "../tempfiles.js";
import { packageVersion } from "../version.js";
import { type BatonServiceClient, connectBatonService, rpcError } from "./client.js";
import type { ServiceCredentials } from "./credentials.js";
import { type HealthState, startHealthServer } from "./health.js";
import { buildInfo, hostId as defaultHostId, osInfo } from "./host.js";
import { malformed, PROVISIONING_TASKS, provisionTask, type TaskResult } from "./tasks.js";
import { trustedCertificates } from "./tls.js";
import { conductorOneTokenSource } from "./token.js";
import { uploadAsset } from "./upload.js";

const sdkVersion = packageVersion(import.meta.url);

export interface ServiceOptions {
  connector: AnyConnector;
  /** The validated connector config. */
  config: unknown;
  credentials: ServiceCredentials;
  /** Where BATON_HOST_ID and NODE_EXTRA_CA_CERTS are read. Default process.env. */
  env?: Record<string, string | undefined>;
  logger: Logger;
  secrets: SecretSet;
  /** Stops the service: no more polling; running tasks get `shutdownGraceMs` to finish, then are cancelled. */
  signal: AbortSignal;
  /** Tasks run at once (default 3). */
  taskConcurrency?: number;
  /** Serve grant, revoke, create account and delete tasks (BATON_PROVISIONING). */
  provisioning?: boolean;
  /** Answer sync tasks with an empty finished sync. */
  skipFullSync?: boolean;
  /** Resource types a sync task covers when it names none (--sync-resource-types). */
  syncResourceTypes?: string[];
  workers?: number;
  httpTimeoutMs?: number;
  /** Parent of each sync's private temporary directory (default the OS temp dir). */
  tempDir?: string;
  /** The connector's npm package, for Hello (default baton-<name>). */
  packageName?: string;
  /** Default 5 000; a task still running then is cancelled and reported as such. */
  shutdownGraceMs?: number;
  /** Serve GET /live, /ready and /health here (Go's --health-check); off by default. */
  healthCheck?: { port: number; host: string };
  /** Injectable for tests: waits between polls and retries; must resolve early when aborted. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** gRPC codes of a startup Hello that no retry can fix. */
const FATAL_HELLO = new Set<Code>([
  Code.Unauthenticated,
  Code.PermissionDenied,
  Code.InvalidArgument,
  Code.Unimplemented,
  Code.FailedPrecondition,
  Code.NotFound,
]);

const RPC_TIMEOUT_MS = 30_000;
const MAX_WAIT_MS = 5 * 60_000;

const ms = (d: Duration | undefined) => (d ? Number(durationMs(d)) : 0);
/** next_poll: 0 or absent polls again at once; at most 5 minutes. */
const pollDelay = (d: Duration | undefined) => Math.min(Math.max(ms(d), 0), MAX_WAIT_MS);
/** next_heartbeat: 0 or absent means 30 s; between 1 s and 5 minutes. */
const heartbeatDelay = (d: Duration | undefined) => {
  const v = ms(d);
  return v <= 0 ? 30_000 : Math.min(Math.max(v, 1000), MAX_WAIT_MS);
};

/** Counts tasks in flight; `acquire` waits for a free slot (false when stopped first). */
class Slots {
  #free: number;
  #waiters: (() => void)[] = [];
  constructor(n: number) {
    this.#free = n;
  }
  acquire(signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    if (this.#free > 0) {
      this.#free--;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const onAbort = () => {
        this.#waiters = this.#waiters.filter((w) => w !== wake);
        resolve(false);
      };
      const wake = () => {
        signal.removeEventListener("abort", onAbort);
        this.#free--;
        resolve(true);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.#waiters.push(wake);
    });
  }
  release() {
    this.#free++;
    this.#waiters.shift()?.();
  }
}

/** A logger writing to both. */
function teeLogger(a: Logger, b: Logger): Logger {
  const both =
    (level: "debug" | "info" | "warn" | "error") => (msg: string, fields?: Record<string, unknown>) => {
      a[level](msg, fields);
      b[level](msg, fields);
    };
  return {
    debug: both("debug"),
    info: both("info"),
    warn: both("warn"),
    error: both("error"),
    child: (f) => teeLogger(a.child(f), b.child(f)),
  };
}

/** Runs until `signal` aborts (then resolves) or the startup Hello fails for good (then throws). */
export async function runService(o: ServiceOptions): Promise<void> {
  const env = o.env ?? process.env;
  if (o.tempDir && !existsSync(o.tempDir)) {
    throw new BatonError(Code.InvalidArgument, `--c1z-temp-dir ${o.tempDir} does not exist`, {
      hint: "create it, or leave the flag out to use the system's temporary directory",
    });
  }
  const ca = trustedCertificates(env);
  const tokens = conductorOneTokenSource({
    credentials: o.credentials,
    ca,
    userAgent: `baton-c1-credential-provider @baton/sdk/${sdkVersion}`,
    logger: o.logger,
    secrets: o.secrets,
  });
  const conn = await connectBatonService({
    apiHost: o.credentials.apiHost,
    ca,
    tokens,
    userAgent: `${o.credentials.clientName} @baton/sdk/${sdkVersion}`,
  });
  const health: HealthState = { ready: false, lastActivity: Date.now() };
  const server = o.healthCheck ? await startHealthServer(health, o.healthCheck) : undefined;
  if (server) o.logger.info("health checks served", { address: server.address });
  try {
    await new Service(o, conn.client, defaultHostId(env), health).run();
  } finally {
    conn.close();
    await tokens.close();
    await server?.close();
  }
}

class Service {
  readonly log: Logger;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Aborted when running tasks must stop (after the grace period). */
  readonly #cancelTasks = new AbortController();
  readonly #running = new Set<Promise<void>>();

  constructor(
    readonly o: ServiceOptions,
    readonly client: BatonServiceClient,
    readonly hostId: string,
    readonly health: HealthState,
  ) {
    this.log = o.logger;
    const sleep = o.sleep ?? defaultSleep;
    this.sleep = (ms, signal) => sleep(ms, signal).catch(() => {});
  }

  async run(): Promise<void> {
    const stop = this.o.signal;
    if (!(await this.startupHello())) return;
    this.health.ready = true;
    this.log.info("service mode: waiting for tasks from ConductorOne", {
      host_id: this.hostId,
      api_host: this.o.credentials.apiHost,
      task_concurrency: this.o.taskConcurrency ?? 3,
      provisioning: this.o.provisioning === true,
    });
    const slots = new Slots(this.o.taskConcurrency ?? 3);
    let errors = 0;
    while (!stop.aborted) {
      if (!(await slots.acquire(stop))) break;
      this.health.lastActivity = Date.now();
      let res: Awaited<ReturnType<BatonServiceClient["getTask"]>>;
      try {
        res = await this.client.getTask({ hostId: this.hostId }, { signal: stop, timeoutMs: RPC_TIMEOUT_MS });
        errors = 0;
      } catch (e) {
        slots.release();
        if (stop.aborted) break;
        errors++;
        const wait = Math.min(errors ** 2, 60) * 1000;
        this.log.warn("cannot get a task from ConductorOne; trying again", {
          error: rpcError("GetTask", e).message,
          wait_ms: wait,
        });
        await this.sleep(wait, stop);
        continue;
      }
      const task = res.task;
      if (!task || task.taskType.case === "none" || (task.taskType.case === undefined && !task.id)) {
        slots.release();
        await this.sleep(pollDelay(res.nextPoll), stop);
        continue;
      }
      const done: Promise<void> = this.runTask(task).finally(() => {
        slots.release();
        this.#running.delete(done);
      });
      this.#running.add(done);
      await this.sleep(pollDelay(res.nextPoll), stop);
    }
    await this.shutdown();
  }

  async shutdown(): Promise<void> {
    if (!this.#running.size) return;
    const grace = this.o.shutdownGraceMs ?? 5000;
    this.log.info("stopping: letting running tasks finish", { tasks: this.#running.size, grace_ms: grace });
    const all = () => Promise.all([...this.#running]).then(() => {});
    await Promise.race([all(), this.sleep(grace)]);
    if (!this.#running.size) return;
    this.log.warn("stopping: cancelling the tasks still running", { tasks: this.#running.size });
    this.#cancelTasks.abort();
    await Promise.race([all(), this.sleep(3000)]);
  }

  /** Hello, retried 1 s, 2 s, 4 s … (at most 5 minutes apart); false when stopped first. */
  async startupHello(): Promise<boolean> {
    for (let attempt = 0; !this.o.signal.aborted; attempt++) {
      try {
        await this.hello("", this.o.signal);
        return true;
      } catch (e) {
        const err = rpcError("Hello", e);
        if (this.o.signal.aborted) return false;
        if (FATAL_HELLO.has(err.code)) throw err;
        const wait = Math.min(1000 * 2 ** attempt, MAX_WAIT_MS);
        this.log.warn("cannot say hello to ConductorOne; trying again", {
          error: err.message,
          wait_ms: wait,
        });
        await this.sleep(wait, this.o.signal);
      }
    }
    return false;
  }

  async hello(taskId: string, signal?: AbortSignal): Promise<void> {
    const c = this.o.connector;
    const metadata = create(ConnectorMetadataSchema, {
      displayName: c.displayName,
      ...(c.helpUrl ? { helpUrl: c.helpUrl } : {}),
      ...(c.description ? { description: c.description } : {}),
      capabilities: capabilities(c),
    });
    await this.client.hello(
      {
        hostId: this.hostId,
        taskId,
        buildInfo: buildInfo({ name: this.o.packageName ?? `baton-${c.name}`, version: c.version }),
        osInfo: osInfo(),
        connectorMetadata: metadata,
      },
      { timeoutMs: RPC_TIMEOUT_MS, ...(signal ? { signal } : {}) },
    );
  }

  /** Runs one task to its FinishTask; logs instead of throwing. */
  async runTask(task: Task): Promise<void> {
    const type = task.taskType.case;
    const log = this.log.child({ task_id: task.id, task_type: type ?? "unknown" });
    log.info("task received");
    try {
      if (type === "hello") {
        await this.hello(task.id, this.#cancelTasks.signal);
        log.info("task done");
        return;
      }
      if (type === "syncFull")
        return await this.syncTask(task, task.taskType.value as Task_SyncFullTask, log);
      if (type !== undefined && PROVISIONING_TASKS.has(type)) return await this.provisioningTask(task, log);
      await this.finish(task, log, {
        error: new BatonError(Code.Unknown, "unsupported task type"),
        nonRetryable: false,
      });
    } catch (e) {
      log.error("task failed", { error: toBatonError(e).message });
    }
  }

  async provisioningTask(task: Task, log: Logger): Promise<void> {
    if (!this.o.provisioning) {
      const error = new BatonError(
        Code.FailedPrecondition,
        "provisioning is not enabled for this connector",
        {
          hint: "set BATON_PROVISIONING=true (or --provisioning) to let ConductorOne change the app",
        },
      );
      await this.finish(task, log, { error, nonRetryable: true });
      return;
    }
    try {
      const result = await provisionTask(
        this.o.connector,
        this.o.config,
        task,
        this.runtime(log, this.#cancelTasks.signal),
      );
      await this.finish(task, log, { result });
    } catch (e) {
      // Like the Go SDK: a failed provisioning task is never queued again.
      await this.finish(task, log, { error: toBatonError(e), nonRetryable: true });
    }
  }

  runtime(logger: Logger, signal: AbortSignal) {
    return {
      logger,
      signal,
      secrets: this.o.secrets,
      ...(this.o.httpTimeoutMs ? { httpTimeoutMs: this.o.httpTimeoutMs } : {}),
    };
  }

  /** Checks a sync task's options against the connector; a bad one is malformed (never retried). */
  syncOptions(t: Task_SyncFullTask) {
    const types = new Map(this.o.connector.resourceTypes.map((rt) => [rt.id, rt]));
    const resourceTypes = t.syncResourceTypeIds.length
      ? t.syncResourceTypeIds
      : (this.o.syncResourceTypes ?? []);
    for (const id of resourceTypes)
      if (!types.has(id)) throw malformed(`unknown resource type "${id}" to sync`);
    const resources = t.targetedSyncResources.map((r) => {
      if (!r.id?.resourceType || !r.id.resource)
        throw malformed("a targeted resource has no resource type and id");
      if (!types.get(r.id.resourceType)?.get)
        throw malformed(`resource type "${r.id.resourceType}" does not support targeted sync`);
      const p = r.parentResourceId;
      return formatBatonId({
        type: r.id.resourceType,
        id: r.id.resource,
        ...(p?.resourceType && p.resource ? { parent: { type: p.resourceType, id: p.resource } } : {}),
      });
    });
    return {
      ...(resourceTypes.length ? { resourceTypes } : {}),
      ...(resources.length ? { resources } : {}),
      skipEntitlementsAndGrants: t.skipEntitlementsAndGrants,
      skipGrants: t.skipGrants,
      skipExpandGrants: t.skipExpandGrants,
    };
  }

  async syncTask(task: Task, t: Task_SyncFullTask, log: Logger): Promise<void> {
    let options: ReturnType<Service["syncOptions"]>;
    try {
      options = this.syncOptions(t);
    } catch (e) {
      await this.finish(task, log, { error: toBatonError(e), nonRetryable: true });
      return;
    }
    if (t.storageEngine && t.storageEngine !== "sqlite")
      log.info("the task asks for another storage engine: this SDK writes v1 (SQLite) .c1z files", {
        storage_engine: t.storageEngine,
      });
    // The first heartbeat claims the task: if it fails or ConductorOne cancels, the task is dropped.
    let first: Awaited<ReturnType<BatonServiceClient["heartbeat"]>>;
    try {
      first = await this.client.heartbeat(
        { hostId: this.hostId, taskId: task.id },
        { timeoutMs: RPC_TIMEOUT_MS },
      );
    } catch (e) {
      log.warn("first heartbeat failed: task dropped", { error: rpcError("Heartbeat", e).message });
      return;
    }
    if (first.cancelled) {
      log.info("ConductorOne cancelled the task before it started");
      return;
    }
    const cancel = new AbortController();
    const cancelled = (reason: string) => cancel.abort(new BatonError(Code.Canceled, reason));
    const onStop = () => cancelled("cancelled: the connector is stopping");
    this.#cancelTasks.signal.addEventListener("abort", onStop, { once: true });
    const beats = this.heartbeats(task, heartbeatDelay(first.nextHeartbeat), cancel.signal, cancelled, log);

    let temp: { path: string; remove(): void } | undefined;
    let debugStream: WriteStream | undefined;
    let outcome: Parameters<Service["finish"]>[2];
    try {
      // Removed below, and also if the process exits first.
      temp = await privateTempDir(this.o.tempDir ?? tmpdir(), "baton-sdk-sync-upload-");
      const dir = temp.path;
      const debugLog = join(dir, "debug.log");
      debugStream = task.debug ? createWriteStream(debugLog, { mode: 0o600 }) : undefined;
      const taskLog = debugStream
        ? teeLogger(
            log,
            createLogger({ level: "debug", format: "json", secrets: this.o.secrets, stream: debugStream }),
          )
        : log;
      const file = join(dir, "sync.c1z");
      const started = Date.now();
      if (this.o.skipFullSync) await emptySync(file);
      else {
        const summary = await sync(this.o.connector, this.o.config, {
          file,
          ...this.runtime(taskLog, cancel.signal),
          ...options,
          ...(this.o.workers ? { workers: this.o.workers } : {}),
          progress: "log",
        });
        taskLog.info("sync finished", { ...summary.totals, sync_type: summary.syncType });
      }
      if (cancel.signal.aborted) throw cancel.signal.reason;
      const upload = (path: string) =>
        uploadAsset({
          client: this.client,
          hostId: this.hostId,
          taskId: task.id,
          file: path,
          log,
          signal: cancel.signal,
          sleep: this.sleep,
        });
      await upload(file);
      log.info("sync uploaded", { duration_ms: Date.now() - started });
      if (debugStream) {
        const stream = debugStream;
        await new Promise<void>((resolve) => stream.end(resolve));
        if (existsSync(debugLog)) await upload(debugLog);
      }
      outcome = { result: {} };
    } catch (e) {
      const reason = cancel.signal.aborted ? toBatonError(cancel.signal.reason) : undefined;
      outcome = { error: reason ?? toBatonError(e), nonRetryable: false };
    } finally {
      cancel.abort();
      this.#cancelTasks.signal.removeEventListener("abort", onStop);
      debugStream?.destroy();
      await beats;
      // Nothing of the sync stays behind, whatever happened.
      temp?.remove();
    }
    await this.finish(task, log, outcome);
  }

  /** Heartbeats until `done` aborts; cancels the task when ConductorOne says so or 10 in a row fail. */
  async heartbeats(
    task: Task,
    firstDelay: number,
    done: AbortSignal,
    cancel: (reason: string) => void,
    log: Logger,
  ) {
    let delay = firstDelay;
    let failures = 0;
    while (!done.aborted) {
      await this.sleep(delay, done);
      if (done.aborted) return;
      this.health.lastActivity = Date.now();
      try {
        const r = await this.client.heartbeat(
          { hostId: this.hostId, taskId: task.id },
          { signal: done, timeoutMs: RPC_TIMEOUT_MS },
        );
        failures = 0;
        if (r.cancelled) {
          log.info("ConductorOne cancelled the task");
          cancel("cancelled by ConductorOne");
          return;
        }
        delay = heartbeatDelay(r.nextHeartbeat);
      } catch (e) {
        if (done.aborted) return;
        failures++;
        log.warn("heartbeat failed", { failures, error: rpcError("Heartbeat", e).message });
        if (failures >= 10) {
          cancel("cancelled: 10 heartbeats in a row failed");
          return;
        }
      }
    }
  }

  /** FinishTask, tried up to 3 times; the outcome is logged either way. */
  async finish(
    task: Task,
    log: Logger,
    outcome: { result: TaskResult } | { error: BatonError; nonRetryable: boolean },
  ): Promise<void> {
    const redact = (s: string) => this.o.secrets.redact(s);
    let req: BatonServiceFinishTaskRequest;
    if ("result" in outcome) {
      req = create(BatonServiceFinishTaskRequestSchema, {
        hostId: this.hostId,
        taskId: task.id,
        status: { code: Code.OK },
        finalState: {
          case: "success",
          value: {
            annotations: outcome.result.annotations ?? [],
            ...(outcome.result.response ? { response: outcome.result.response } : {}),
          },
        },
      });
      log.info("task done");
    } else {
      const message = redact(outcome.error.describe());
      req = create(BatonServiceFinishTaskRequestSchema, {
        hostId: this.hostId,
        taskId: task.id,
        status: { code: outcome.error.code, message },
        finalState: { case: "error", value: { nonRetryable: outcome.nonRetryable } },
      });
      log.warn("task failed", {
        error: message,
        code: outcome.error.code,
        non_retryable: outcome.nonRetryable,
      });
    }
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.finishTask(req, { timeoutMs: RPC_TIMEOUT_MS });
        return;
      } catch (e) {
        const err = rpcError("FinishTask", e);
        if (attempt >= 3 || this.#cancelTasks.signal.aborted) {
          log.error("cannot report the task's outcome to ConductorOne", { error: err.message });
          return;
        }
        await this.sleep(1000 * attempt);
      }
    }
  }
}

/** A finished full sync with nothing in it (--skip-full-sync). */
async function emptySync(file: string): Promise<void> {
  const w = await openC1zForWrite(file);
  try {
    w.endSync(w.startSync("full"));
    await w.save();
  } finally {
    w.close();
  }
}
