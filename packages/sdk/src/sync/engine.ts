// The sync engine: owns every loop, page, retry, checkpoint and write. Phases run in the Go
// syncer's order: resource types, resources (children per ChildResourceType), entitlements, grants,
// grant expansion.
import { create } from "@bufbuild/protobuf";
import { anyIs, anyUnpack } from "@bufbuild/protobuf/wkt";
import { type C1zWriter, openC1zForWrite, type SyncType } from "../c1z/index.js";
import { resourceTypeMessage } from "../connector/capabilities.js";
import { cursorKey, shortJson } from "../connector/cursor.js";
import type { AnyConnector, JsonValue } from "../connector/define.js";
import { isLastPage, sameCursor, toPage } from "../connector/page.js";
import { BatonError, Code, toBatonError } from "../errors.js";
import type { Logger } from "../log.js";
import {
  AppTraitSchema,
  ChildResourceTypeSchema,
  type Entitlement,
  EntitlementSchema,
  type Grant,
  GroupTraitSchema,
  type Resource,
  type ResourceId,
  ResourceIdSchema,
  RoleTraitSchema,
  SecretTraitSchema,
  SkipEntitlementsAndGrantsSchema,
  SkipEntitlementsSchema,
  SkipGrantsSchema,
  UserTraitSchema,
} from "../proto.js";
import { parseBatonId } from "./bid.js";
import { type Checkpoint, type Phase, parseCheckpoint, type Task } from "./checkpoint.js";
import { expandGrants } from "./expand.js";
import { createProgress, type ProgressCounts } from "./progress.js";
import { type AnyResourceType, createRuntime, type Runtime, type RuntimeOptions } from "./runtime.js";
import { type ScopeInput, scopeMismatch, syncScope } from "./scope.js";

export interface SyncOptions extends RuntimeOptions {
  /** The .c1z to write (default sync.c1z). */
  file: string;
  /** Only sync these resource types (--sync-resource-types). */
  resourceTypes?: string[];
  /** Targeted sync of these Baton ids (--sync-resources). */
  resources?: string[];
  skipEntitlementsAndGrants?: boolean;
  skipGrants?: boolean;
  skipExpandGrants?: boolean;
  /** Connector calls in flight at once (default 8, at most the connector's `maxWorkers`). */
  workers?: number;
  progress?: "tty" | "log" | "none";
  /** How often the checkpoint is written and the work committed (default 10 s, as the Go syncer). */
  checkpointIntervalMs?: number;
}

export interface TypeTotals {
  resources: number;
  entitlements: number;
  grants: number;
}

export interface SyncSummary {
  file: string;
  syncId: string;
  syncType: SyncType;
  resumed: boolean;
  durationMs: number;
  totals: { resourceTypes: number; resources: number; entitlements: number; grants: number };
  byType: Record<string, TypeTotals>;
  warnings: string[];
}

export const DEFAULT_WORKERS = 8;
const FEED_BATCH = 256;
const traitSchemas = {
  user: UserTraitSchema,
  group: GroupTraitSchema,
  role: RoleTraitSchema,
  app: AppTraitSchema,
  secret: SecretTraitSchema,
} as const;

const hasAnnotation = (r: { annotations: Resource["annotations"] }, schema: { typeName: string }) =>
  r.annotations.some((a) => a.typeUrl === `type.googleapis.com/${schema.typeName}`);

/** What a resource (or every resource of a type) skips, from its Skip* annotations. */
const skipsOf = (r: { annotations: Resource["annotations"] }) => {
  const all = hasAnnotation(r, SkipEntitlementsAndGrantsSchema);
  return {
    entitlements: all || hasAnnotation(r, SkipEntitlementsSchema),
    grants: all || hasAnnotation(r, SkipGrantsSchema),
  };
};

/** Whether a grant is stored: with the stored entitlement it names, or why it is left out. */
type Verdict =
  | { keep: true; entitlement: Entitlement }
  | { keep: false; warn: boolean; id: string; why: string };
const VERDICT_CACHE = 50_000;

function syncTypeOf(o: SyncOptions): SyncType {
  if (o.resources?.length) return "partial";
  return o.skipEntitlementsAndGrants ? "resources_only" : "full";
}

/**
 * Syncs `connector` into `options.file`. `config` must be validated already (parseConfig).
 * Resumes an interrupted sync of the same kind; on SIGINT-style aborts (options.signal) it saves the
 * checkpoint into the file and throws Canceled.
 */
export async function sync(
  connector: AnyConnector,
  config: unknown,
  options: SyncOptions,
): Promise<SyncSummary> {
  const started = Date.now();
  const rt = await createRuntime(connector, config, options);
  try {
    const selected = selectTypes(rt, options);
    const targets = (options.resources ?? []).map(parseBatonId);
    for (const t of targets) {
      if (!rt.type(t.type).get) {
        throw new BatonError(Code.Unimplemented, `resource type "${t.type}" does not support targeted sync`, {
          hint: "sync it fully instead of with --sync-resources",
        });
      }
    }
    const validated = connector.validate
      ? await rt.call("validate", () => connector.validate!(rt.ctx), 5)
      : undefined;
    const writer = await openC1zForWrite(options.file);
    const run = new SyncRun(rt, writer, options, selected, validated?.accountId, config);
    try {
      await run.start(targets);
      await run.execute();
      return await run.finish(started);
    } catch (e) {
      await run.fail(e);
      throw e;
    }
  } finally {
    await rt.close();
  }
}

/** --workers, or the default, lowered to the connector's maxWorkers (said once when asked for more). */
function workersFor(rt: Runtime, requested: number | undefined): number {
  const wanted = requested && requested > 0 ? requested : DEFAULT_WORKERS;
  const max = rt.connector.maxWorkers;
  if (max === undefined || wanted <= max) return wanted;
  if (requested && requested > 0)
    rt.log.info(`--workers ${requested} is more than ${rt.connector.displayName} allows: using ${max}`);
  return max;
}

function selectTypes(rt: Runtime, o: SyncOptions): Set<string> {
  if (!o.resourceTypes?.length) return new Set(rt.types.keys());
  for (const id of o.resourceTypes) rt.type(id);
  return new Set(o.resourceTypes);
}

/** FIFO of pending tasks; shift() is O(1) (Array.prototype.shift copies the whole array). */
class TaskQueue {
  private tasks: Task[] = [];
  private head = 0;
  get length() {
    return this.tasks.length - this.head;
  }
  push(t: Task) {
    this.tasks.push(t);
  }
  shift(): Task {
    const t = this.tasks[this.head++]!;
    if (this.head > 1024 && this.head * 2 > this.tasks.length) {
      this.tasks = this.tasks.slice(this.head);
      this.head = 0;
    }
    return t;
  }
  items(): Task[] {
    return this.tasks.slice(this.head);
  }
}

class SyncRun {
  private syncId = "";
  private resumed = false;
  private cp!: Checkpoint;
  private readonly queue = new TaskQueue();
  private readonly running = new Map<number, Task>();
  private readonly seenChildren = new Set<string>();
  /** The stored resource a fed task works on (not in the checkpoint: a resumed task reads it back). */
  private readonly taskResources = new WeakMap<Task, Resource>();
  /** Per resource type: the phases its ResourceType annotations skip. */
  private readonly typeSkips = new Map<string, { entitlements: boolean; grants: boolean }>();
  /** Entitlement id → whether grants naming it are stored (entitlements do not change once granting starts). */
  private readonly verdicts = new Map<string, Verdict>();
  private readonly counts: ProgressCounts = {
    phase: "resources",
    pages: 0,
    resources: 0,
    entitlements: 0,
    grants: 0,
    byType: new Map(),
  };
  private lastCheckpoint = 0;
  private completed = 0;
  /** The cursors each paging chain has returned (hash → the page that returned it), to catch cycles. */
  private readonly cursorsSeen = new WeakMap<Task, Map<string, number>>();
  private readonly progress;
  private readonly log: Logger;
  private readonly workers: number;
  private readonly scopeInput: ScopeInput;

  constructor(
    private readonly rt: Runtime,
    private readonly writer: C1zWriter,
    private readonly o: SyncOptions,
    private readonly selected: Set<string>,
    account: string | undefined,
    config: unknown,
  ) {
    this.log = rt.log;
    this.workers = workersFor(rt, o.workers);
    this.progress = createProgress(o.progress ?? "none", rt.log);
    for (const t of rt.types.values()) this.typeSkips.set(t.id, skipsOf(resourceTypeMessage(t)));
    const options = JSON.stringify({
      types: [...(o.resourceTypes ?? [])].sort(),
      resources: [...(o.resources ?? [])].sort(),
      skipEntitlementsAndGrants: !!o.skipEntitlementsAndGrants,
      skipGrants: !!o.skipGrants,
    });
    this.scopeInput = { connector: rt.connector, config, options, account };
  }

  /** The interrupted sync to resume and its checkpoint, or none (saying why in one line). */
  private resumable(type: SyncType) {
    const previous = this.writer.latestUnfinishedSync(type, 7);
    if (!previous) return undefined;
    const cp = parseCheckpoint(previous.syncToken);
    const why = cp
      ? scopeMismatch(cp.scope, this.scopeInput)
      : "its checkpoint is not one this version of the SDK reads";
    if (!why) return { previous, cp: cp! };
    this.log.info(`not resuming the interrupted sync: ${why}; starting a fresh sync`, {
      syncId: previous.id,
    });
    return undefined;
  }

  async start(targets: ReturnType<typeof parseBatonId>[]) {
    const type = syncTypeOf(this.o);
    const found = this.resumable(type);
    if (found) {
      const { previous, cp } = found;
      this.syncId = previous.id;
      this.resumed = true;
      this.cp = cp;
      for (const t of cp.queue) this.queue.push(t);
      this.counts.phase = cp.phase;
      this.counts.pages = cp.pages;
      this.log.info("resuming interrupted sync", {
        syncId: this.syncId,
        phase: cp.phase,
        pending: cp.queue.length,
      });
      return;
    }
    const parent = type === "partial" ? (this.writer.latestFinishedSync("full")?.id ?? "") : "";
    this.syncId = this.writer.startSync(type, parent);
    this.cp = {
      engine: "baton-ts",
      version: 2,
      scope: syncScope(this.scopeInput),
      phase: "resources",
      queue: [],
      pages: 0,
      warnings: [],
    };
    const types = [...this.rt.types.values()];
    this.writer.putResourceTypes(
      this.syncId,
      types.filter((t) => this.selected.has(t.id)).map(resourceTypeMessage),
    );
    if (targets.length) {
      for (const t of targets) {
        this.queue.push({
          op: "get",
          type: t.type,
          id: t.id,
          parent: t.parent ? [t.parent.type, t.parent.id] : undefined,
        });
      }
    } else {
      for (const t of types)
        if (this.selected.has(t.id) && !t.childOnly) this.queue.push({ op: "list", type: t.id, page: 0 });
    }
    this.checkpoint(true);
    this.log.info("sync started", { syncId: this.syncId, syncType: type });
  }

  async execute() {
    const inflight = new Map<number, Promise<void>>();
    let key = 0;
    let failure: unknown;
    let lastYield = Date.now();
    if (this.cp.phase === "expansion") this.expand();
    for (;;) {
      if (this.rt.signal.aborted || failure) break;
      this.feed();
      while (inflight.size < this.workers && this.queue.length > 0) {
        const task = this.queue.shift();
        const k = key++;
        this.running.set(k, task);
        inflight.set(
          k,
          this.runTask(task)
            .then(
              () => void this.running.delete(k),
              // A failed task stays in `running`, so the checkpoint keeps it as pending work.
              (e) => {
                failure ??= e;
              },
            )
            .finally(() => inflight.delete(k)),
        );
      }
      if (inflight.size === 0) {
        if (this.queue.length > 0 || this.feedable()) continue;
        if (!(await this.nextPhase())) break;
        continue;
      }
      await Promise.race(inflight.values());
      this.progress.update(this.counts);
      this.checkpoint(false);
      // Handlers that never wait on I/O would otherwise starve timers and signal handlers (Ctrl-C).
      if (Date.now() - lastYield > 50) {
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = Date.now();
      }
    }
    await Promise.allSettled(inflight.values());
    if (this.rt.signal.aborted) {
      throw new BatonError(Code.Canceled, `sync interrupted; its checkpoint is saved in ${this.o.file}`, {
        hint: "run the same command again to resume",
      });
    }
    if (failure) throw failure;
  }

  /** Moves to the next phase; false when the sync is complete. */
  private async nextPhase(): Promise<boolean> {
    const order: Phase[] = ["resources"];
    if (!this.o.skipEntitlementsAndGrants) {
      order.push("entitlements");
      if (!this.o.skipGrants) order.push("grants");
      if (!this.o.skipExpandGrants && !this.o.skipGrants && !this.o.resources?.length)
        order.push("expansion");
    }
    const i = order.indexOf(this.cp.phase);
    const next = order[i + 1];
    if (!next) return false;
    this.cp.phase = next;
    this.counts.phase = next;
    this.log.info("sync phase", { phase: next });
    const feeding = next === "entitlements" || next === "grants";
    this.cp.feedType = feeding ? this.feedTypes(next)[0] : undefined;
    this.cp.feedFrom = feeding ? 0 : undefined;
    if (next === "grants")
      for (const type of this.typeGrantTypes()) this.queue.push({ op: "typeGrants", type, page: 0 });
    this.checkpoint(true);
    if (next === "expansion") {
      this.expand();
      return this.nextPhase();
    }
    return true;
  }

  /** Grant expansion in one go; a resumed sync that stopped in it runs it again (it is idempotent). */
  private expand() {
    const n = expandGrants(this.writer, this.syncId, this.log);
    if (n > 0) this.log.info("grant expansion done", { grants: n });
    this.checkpoint(true);
  }

  private feedable(): boolean {
    return (this.cp.phase === "entitlements" || this.cp.phase === "grants") && this.cp.feedType !== undefined;
  }

  /** The resource types whose stored resources get `op` tasks, in declaration order. */
  private feedTypes(op: "entitlements" | "grants"): string[] {
    return [...this.rt.types.values()]
      .filter(
        (t) =>
          this.selected.has(t.id) &&
          !this.typeSkips.get(t.id)![op] &&
          (op === "grants" ? t.grants : t.entitlements),
      )
      .map((t) => t.id);
  }

  /**
   * The selected types with a typeGrants handler, in declaration order. A targeted sync runs them
   * only when its resources have entitlements: nothing else could be granted.
   */
  private typeGrantTypes(): string[] {
    const types = [...this.rt.types.values()].filter((t) => this.selected.has(t.id) && t.typeGrants);
    if (types.length === 0 || !this.o.resources?.length) return types.map((t) => t.id);
    const entitlements = this.writer.entitlements(this.syncId);
    const any = !entitlements.next().done;
    entitlements.return?.(undefined);
    return any ? types.map((t) => t.id) : [];
  }

  /** In the entitlements and grants phases, turns stored resources into tasks, a batch at a time. */
  private feed() {
    if (!this.feedable() || this.queue.length >= this.workers) return;
    const op = this.cp.phase as "entitlements" | "grants";
    const type = this.cp.feedType!;
    const page = this.writer.resourcePage(this.syncId, {
      resourceTypeId: type,
      fromId: this.cp.feedFrom ?? 0,
      limit: FEED_BATCH,
    });
    for (const r of page.items) {
      if (skipsOf(r)[op]) continue;
      const task: Task = { op, type, id: r.id!.resource, page: 0 };
      this.taskResources.set(task, r);
      this.queue.push(task);
    }
    if (page.nextId !== undefined) {
      this.cp.feedFrom = page.nextId;
      return;
    }
    const types = this.feedTypes(op);
    this.cp.feedType = types[types.indexOf(type) + 1];
    this.cp.feedFrom = 0;
  }

  private async runTask(task: Task) {
    const def = this.rt.type(task.type);
    const ctx = this.rt.ctx;
    try {
      switch (task.op) {
        case "list": {
          const parent = task.parent
            ? create(ResourceIdSchema, { resourceType: task.parent[0], resource: task.parent[1] })
            : undefined;
          const page = toPage(
            await this.rt.call(`${task.type}.list`, () => def.list({ ...ctx, parent, cursor: task.cursor })),
          );
          this.storeResources(def, page.items, parent);
          this.continueWith(task, page.next);
          break;
        }
        case "get": {
          const id = create(ResourceIdSchema, { resourceType: task.type, resource: task.id });
          const parent = task.parent
            ? create(ResourceIdSchema, { resourceType: task.parent[0], resource: task.parent[1] })
            : undefined;
          const r = await this.rt.call(`${task.type}.get`, () => def.get!({ ...ctx, id, parent }));
          if (r) this.storeResources(def, [r], parent, false);
          else this.warn(`resource ${task.type}:${task.id} was not found`);
          break;
        }
        case "entitlements":
        case "grants": {
          const resource =
            this.taskResources.get(task) ?? this.writer.getResource(this.syncId, task.type, task.id);
          if (!resource) break;
          const call = { ...ctx, resource, cursor: task.cursor };
          if (task.op === "entitlements") {
            const page = toPage(
              await this.rt.call(`${task.type}.entitlements`, () => def.entitlements!(call)),
            );
            this.storeEntitlements(page.items);
            this.continueWith(task, page.next);
          } else {
            const page = toPage(await this.rt.call(`${task.type}.grants`, () => def.grants!(call)));
            this.storeGrants(
              page.items,
              `${task.type}.grants of ${task.type}:${task.id}`,
              false,
              resource.id,
            );
            this.continueWith(task, page.next);
          }
          break;
        }
        case "typeGrants": {
          const call = { ...ctx, cursor: task.cursor };
          const page = toPage(await this.rt.call(`${task.type}.typeGrants`, () => def.typeGrants!(call)));
          this.storeGrants(page.items, `${task.type}.typeGrants page ${task.page + 1}`, true);
          this.continueWith(task, page.next);
          break;
        }
      }
      this.counts.pages++;
      this.completed++;
    } catch (e) {
      const err = toBatonError(e);
      if (err.code === Code.NotFound && task.op !== "list") {
        this.warn(`${task.type} ${"id" in task ? task.id : ""}: ${task.op} not found (${err.message})`);
        this.completed++;
        return;
      }
      throw err;
    }
  }

  /**
   * Queues the next page, refusing a cursor this paging chain has returned before (an endless loop:
   * the same cursor again, or a cycle such as A → B → A). A resumed chain starts a new record from
   * its checkpointed cursor, so a cycle is caught on its next round.
   */
  private continueWith(task: Extract<Task, { page: number }>, next: JsonValue | undefined) {
    if (isLastPage(next)) return;
    const where = "id" in task ? ` of ${task.type}:${task.id}` : "";
    const fail = (what: string) =>
      new BatonError(Code.Internal, `resource type "${task.type}": ${task.op}${where} returned ${what}`, {
        hint: "a connector or vendor bug: the handler must return the vendor's next cursor, or none on the last page",
      });
    const page = task.page + 1;
    if (sameCursor(task.cursor, next)) throw fail(`the same cursor again on page ${page}`);
    let seen = this.cursorsSeen.get(task);
    if (!seen) {
      seen = new Map();
      if (task.page > 0) seen.set(cursorKey(task.cursor), task.page);
    }
    const key = cursorKey(next);
    const first = seen.get(key);
    if (first !== undefined)
      throw fail(`cursor ${shortJson(next)} again on page ${page} (first returned on page ${first})`);
    seen.set(key, page);
    const following = { ...task, cursor: next, page } as Task;
    this.cursorsSeen.set(following, seen);
    const resource = this.taskResources.get(task);
    if (resource) this.taskResources.set(following, resource);
    this.queue.push(following);
  }

  private storeResources(
    def: AnyResourceType,
    items: Resource[],
    parent: Resource["parentResourceId"],
    children = true,
  ) {
    const kept: Resource[] = [];
    for (const r of items) {
      if (!r.id?.resourceType || !r.id.resource) {
        this.warn(`${def.id}: dropped a resource without an id (${r.displayName || "no name"})`);
        continue;
      }
      const rtDef = this.rt.types.get(r.id.resourceType);
      if (!rtDef) {
        throw new BatonError(
          Code.Internal,
          `${def.id}.list returned ${r.id.resourceType}:${r.id.resource}, a type the connector does not declare`,
        );
      }
      for (const trait of rtDef.traits ?? []) {
        if (!hasAnnotation(r, traitSchemas[trait])) {
          throw new BatonError(
            Code.Internal,
            `resource ${r.id.resourceType}:${r.id.resource} lacks the ${traitSchemas[trait].name} its type "${rtDef.id}" declares`,
            {
              hint:
                trait === "secret"
                  ? "add a SecretTrait annotation"
                  : `build it with ${trait}Resource(), which adds the trait`,
            },
          );
        }
      }
      if (!r.parentResourceId && parent) r.parentResourceId = parent;
      kept.push(r);
      if (children) this.queueChildren(r);
      this.counts.byType.set(rtDef.id, (this.counts.byType.get(rtDef.id) ?? 0) + 1);
    }
    this.writer.putResources(this.syncId, kept);
    this.counts.resources += kept.length;
  }

  private queueChildren(r: Resource) {
    for (const a of r.annotations) {
      if (!anyIs(a, ChildResourceTypeSchema)) continue;
      const child = anyUnpack(a, ChildResourceTypeSchema)!.resourceTypeId;
      const key = `${child}\u0000${r.id!.resourceType}\u0000${r.id!.resource}`;
      if (!this.selected.has(child) || this.seenChildren.has(key)) continue;
      if (!this.rt.types.has(child)) {
        this.warn(`${r.id!.resourceType}:${r.id!.resource} announces unknown child type "${child}"`);
        continue;
      }
      this.seenChildren.add(key);
      this.queue.push({ op: "list", type: child, parent: [r.id!.resourceType, r.id!.resource], page: 0 });
    }
  }

  private storeEntitlements(items: Entitlement[]) {
    for (const e of items) {
      e.grantableTo = e.grantableTo.map((t) => {
        const def = this.rt.types.get(t.id);
        return def && !t.displayName ? resourceTypeMessage(def) : t;
      });
    }
    this.writer.putEntitlements(this.syncId, items);
    this.counts.entitlements += items.length;
  }

  /**
   * Stores the grants whose entitlement is in the sync and, for typeGrants in a full sync, whose
   * principal is too; the others are left out, so the file stays referentially complete. Left out
   * silently when the sync does not cover them (a type not selected, a resource that skips grants,
   * a resource outside a targeted sync), with one warning per page otherwise. typeGrants get the
   * stored entitlement with its full resource, as grants from a per-resource handler have; so do the
   * grants a per-resource handler returns on another resource's entitlement (PingOne reads a user's
   * group memberships from the user, naming each group by a bare reference).
   */
  private storeGrants(items: Grant[], what: string, typeScoped: boolean, own?: ResourceId) {
    const kept: Grant[] = [];
    const skipped = new Map<string, { n: number; first: string }>();
    const principals = new Map<string, boolean>();
    const checkPrincipals = typeScoped && !this.o.resources?.length;
    for (const g of items) {
      const v = this.verdict(g.entitlement?.id ?? "", g.entitlement?.resource?.id);
      let drop: { warn: boolean; why: string; id: string } | undefined = v.keep ? undefined : v;
      if (v.keep && checkPrincipals) {
        const p = g.principal?.id;
        const key = p ? `${p.resourceType}:${p.resource}` : "";
        let present = principals.get(key);
        if (present === undefined) {
          present = !!p && !!this.writer.getResource(this.syncId, p.resourceType, p.resource);
          principals.set(key, present);
        }
        if (!present) {
          const synced = !!p && this.selected.has(p.resourceType);
          drop = { warn: synced, why: "whose principal is not in the sync", id: key || "(none)" };
        }
      }
      if (drop) {
        if (drop.warn) {
          const s = skipped.get(drop.why);
          if (s) s.n++;
          else skipped.set(drop.why, { n: 1, first: drop.id });
        }
        continue;
      }
      const elsewhere =
        own !== undefined &&
        (g.entitlement?.resource?.id?.resourceType !== own.resourceType ||
          g.entitlement?.resource?.id?.resource !== own.resource);
      if (v.keep && (typeScoped || elsewhere)) g.entitlement = v.entitlement;
      kept.push(g);
    }
    for (const [why, { n, first }] of skipped)
      this.warn(`${what}: skipped ${n} grant${n === 1 ? "" : "s"} ${why} (first: ${first})`);
    this.writer.putGrants(this.syncId, kept);
    this.counts.grants += kept.length;
  }

  /** Whether grants naming entitlement `id` (on `resource`, as the grant says) are stored. */
  private verdict(id: string, resource: ResourceId | undefined): Verdict {
    const cached = this.verdicts.get(id);
    if (cached) return cached;
    const v = this.judge(id, resource);
    if (this.verdicts.size >= VERDICT_CACHE) this.verdicts.clear();
    this.verdicts.set(id, v);
    return v;
  }

  private judge(id: string, resource: ResourceId | undefined): Verdict {
    const silent = (why: string): Verdict => ({ keep: false, warn: false, id, why });
    const stored = id ? this.writer.getEntitlement(this.syncId, id) : undefined;
    if (stored?.resource?.id) {
      const rid = stored.resource.id;
      if (this.typeSkips.get(rid.resourceType)?.grants || skipsOf(stored.resource).grants)
        return silent("on a resource that skips grants");
      return { keep: true, entitlement: create(EntitlementSchema, { id, resource: stored.resource }) };
    }
    const missing: Verdict = {
      keep: false,
      warn: true,
      id: id || "(none)",
      why: "whose entitlement is not in the sync",
    };
    if (!resource?.resourceType) return missing;
    if (!this.selected.has(resource.resourceType)) return silent("of a resource type not synced");
    if (this.typeSkips.get(resource.resourceType)?.entitlements)
      return silent("of a type that skips entitlements");
    const r = this.writer.getResource(this.syncId, resource.resourceType, resource.resource);
    if (r && skipsOf(r).entitlements) return silent("of a resource that skips entitlements");
    // A targeted sync holds only its own resources: the others' grants are not its business.
    if (!r && this.o.resources?.length) return silent("of a resource outside the targeted sync");
    return missing;
  }

  private warn(message: string) {
    this.cp.warnings.push(message);
    this.log.warn(message);
    const n = this.cp.warnings.length;
    if (n > 10 && n > this.completed / 10) {
      throw new BatonError(Code.Aborted, `too many warnings (${n}), last: ${message}`, {
        hint: "the vendor data looks inconsistent; see the warnings in the log",
      });
    }
  }

  /** Saves the resume token and commits the work so far (at most every interval unless forced). */
  private checkpoint(force: boolean) {
    const now = Date.now();
    if (!force && now - this.lastCheckpoint < (this.o.checkpointIntervalMs ?? 10_000)) return;
    this.lastCheckpoint = now;
    this.cp.queue = [...this.running.values(), ...this.queue.items()];
    this.cp.pages = this.counts.pages;
    this.writer.setSyncToken(this.syncId, JSON.stringify(this.cp));
    this.writer.commit();
  }

  async finish(started: number): Promise<SyncSummary> {
    this.progress.stop();
    this.writer.setSyncToken(this.syncId, "");
    this.writer.endSync(this.syncId);
    this.writer.cleanup();
    await this.writer.save();
    const c = this.writer.counts(this.syncId);
    const syncType = this.writer.getSync(this.syncId)?.syncType ?? syncTypeOf(this.o);
    this.writer.close({ discardWork: true });
    const byType: Record<string, TypeTotals> = {};
    for (const [t, n] of Object.entries(c.resourcesByType)) {
      byType[t] = {
        resources: n,
        entitlements: c.entitlementsByType[t] ?? 0,
        grants: c.grantsByType[t] ?? 0,
      };
    }
    return {
      file: this.o.file,
      syncId: this.syncId,
      syncType,
      resumed: this.resumed,
      durationMs: Date.now() - started,
      totals: {
        resourceTypes: c.resourceTypes,
        resources: c.resources,
        entitlements: c.entitlements,
        grants: c.grants,
      },
      byType,
      warnings: [...this.cp.warnings, ...this.rt.warnings],
    };
  }

  /**
   * On failure: credential and input errors leave the file untouched (nothing worth resuming);
   * anything else (interruption, vendor outage) saves the checkpoint into the file so that the same
   * command resumes.
   */
  async fail(e: unknown) {
    this.progress.stop();
    const code = toBatonError(e).code;
    const resumable = ![Code.Unauthenticated, Code.PermissionDenied, Code.InvalidArgument].includes(
      code as never,
    );
    try {
      if (resumable && this.syncId) {
        this.checkpoint(true);
        await this.writer.save();
        this.log.info("checkpoint saved; run the same command again to resume", {
          syncId: this.syncId,
          file: this.o.file,
        });
      }
      this.writer.close({ discardWork: true });
    } catch (saveError) {
      // The work directory stays behind: the next run recovers from it.
      this.log.error("could not save the checkpoint", { error: toBatonError(saveError).message });
      this.writer.close();
    }
  }
}
