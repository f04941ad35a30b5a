// Service mode end to end: baton-zendesk (the SDK's runner, in this process) against a fake
// ConductorOne and the mock Zendesk tenant, both on 127.0.0.1. The environment of each run is only
// what is given here, so the machine's NODE_EXTRA_CA_CERTS and the like are never relied on.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type AnyConnector,
  type CliIo,
  Code,
  type Entitlement,
  type Resource,
  runCli,
  UPLOAD_CHUNK_BYTES,
} from "@baton/sdk";
import { type C1zStore, validateSync } from "@baton/sdk/c1z";
import type { connectorApi } from "@baton/sdk/proto";
import {
  type FakeConductorOne,
  type LoopbackServer,
  serveHandlers,
  startFakeConductorOne,
} from "@baton/testing";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { http } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pkg from "../package.json" with { type: "json" };
import type { ZendeskClient } from "../src/client.js";
import { zendesk } from "../src/index.js";
import { teamMemberResource } from "../src/resources/team-member.js";
import { zendeskHandlers } from "./msw/handlers.js";
import { GROUP_BASE, generateTenant, SIZES, type Tenant, USER_BASE } from "./msw/tenant.js";

type TaskInit = MessageInitShape<typeof connectorApi.TaskSchema>;
type Finish = connectorApi.BatonServiceFinishTaskRequest;

interface Service {
  c1: FakeConductorOne;
  tenant: Tenant;
  mock: LoopbackServer;
  stderr: string[];
  /** Where each sync's temporary directory is made (--c1z-temp-dir), and the working directory. */
  tempDir: string;
  cwd: string;
  stop(): void;
  /** The runner's exit code. */
  done: Promise<number>;
  close(): Promise<void>;
}

interface StartOptions {
  /** Added to the fake's and the tenant's settings; undefined removes one. */
  env?: Record<string, string | undefined>;
  argv?: string[];
  /** Delay of every mock Zendesk response, to make a sync last. */
  delayMs?: number;
  fake?: Parameters<typeof startFakeConductorOne>[0];
  connector?: AnyConnector;
}

async function startService(o: StartOptions = {}): Promise<Service> {
  const tenant = generateTenant();
  const slow = o.delayMs
    ? [http.all("*", async () => void (await new Promise((r) => setTimeout(r, o.delayMs))))]
    : [];
  const mock = await serveHandlers([...slow, ...zendeskHandlers(tenant)]);
  const c1 = await startFakeConductorOne({ nextPollMs: 100, ...o.fake });
  const tempDir = mkdtempSync(join(tmpdir(), "zendesk-service-tmp-"));
  const cwd = mkdtempSync(join(tmpdir(), "zendesk-service-cwd-"));
  const stop = new AbortController();
  const stderr: string[] = [];
  const io: CliIo = {
    argv: ["--base-url", mock.url, "--c1z-temp-dir", tempDir, ...(o.argv ?? [])],
    env: {
      BATON_SUBDOMAIN: tenant.subdomain,
      BATON_EMAIL: tenant.email,
      BATON_API_TOKEN: tenant.apiToken,
      BATON_PROVISIONING: "true",
      ...c1.env,
      ...o.env,
    },
    cwd,
    stdout: { write: () => true },
    stderr: { write: (s: string) => stderr.push(s) },
    signal: stop.signal,
  };
  const done = runCli(o.connector ?? zendesk, io);
  return {
    c1,
    tenant,
    mock,
    stderr,
    tempDir,
    cwd,
    stop: () => stop.abort(),
    done,
    async close() {
      stop.abort();
      await done;
      await c1.close();
      await mock.close();
      rmSync(tempDir, { recursive: true, force: true });
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

/** Queues a task and waits for its FinishTask. */
async function run(s: Service, task: TaskInit, timeoutMs?: number): Promise<Finish> {
  return s.c1.waitForFinish(s.c1.addTask(task), timeoutMs);
}

const syncTask = (value: MessageInitShape<typeof connectorApi.Task_SyncFullTaskSchema> = {}): TaskInit => ({
  taskType: { case: "syncFull", value },
});

function errorOf(f: Finish) {
  expect(f.finalState.case).toBe("error");
  return {
    code: f.status?.code,
    message: f.status?.message ?? "",
    nonRetryable: f.finalState.case === "error" && f.finalState.value.nonRetryable,
  };
}

const responseType = (f: Finish) =>
  f.finalState.case === "success" ? f.finalState.value.response?.typeUrl : undefined;

/** The task's uploaded .c1z, opened; the store is closed after `fn`. */
async function withUpload<T>(
  s: Service,
  taskId: string,
  fn: (store: C1zStore, syncId: string, type: string) => T,
) {
  const [asset] = s.c1.assets(taskId);
  expect(asset, "an uploaded .c1z").toBeDefined();
  const store = await s.c1.openAsset(asset!);
  try {
    const sync = store.latestFinishedSync()!;
    expect(validateSync(store, sync.id)).toEqual([]);
    return fn(store, sync.id, sync.syncType);
  } finally {
    store.close();
  }
}

const AGENT = USER_BASE + 21; // a team member, not in group GROUP_BASE + 1
const BILLING = GROUP_BASE + 1;
const memberOf = (t: Tenant, user: number, group: number) =>
  t.groupMemberships.some((m) => m.user_id === user && m.group_id === group);

describe("a service run of baton-zendesk", { timeout: 60_000 }, () => {
  let s: Service;
  let firstSync: string;
  let entitlement: Entitlement;
  let principal: Resource;

  beforeAll(async () => {
    s = await startService();
    await s.c1.waitFor("the startup Hello", () => s.c1.hellos.length > 0);
  });
  afterAll(async () => {
    s.stop();
    expect(await s.done).toBe(0);
    await s.close();
  });

  it("says Hello first, with build and OS info and the connector's metadata", () => {
    const first = s.c1.calls.filter((c) => c.method !== "Token")[0];
    expect(first?.method).toBe("Hello");
    const hello = s.c1.hellos[0]!;
    expect(hello.taskId).toBe("");
    expect(hello.hostId.length).toBeGreaterThan(0);
    expect(hello.buildInfo?.langVersion).toBe(`node ${process.version}`);
    expect(hello.buildInfo?.package).toBe("baton-zendesk");
    expect(hello.buildInfo?.packageVersion).toBe(pkg.version);
    for (const [k, v] of Object.entries(hello.osInfo!)) if (k !== "$typeName") expect(v, k).not.toBe("");
    expect(hello.connectorMetadata?.displayName).toBe("Zendesk");
    expect(hello.connectorMetadata?.capabilities?.resourceTypeCapabilities.length).toBe(4);
    expect(first?.userAgent).toMatch(/^baton-test @baton\/sdk\/\S+$/);
    expect(s.c1.calls.find((c) => c.method === "Token")?.userAgent).toMatch(/^baton-c1-credential-provider /);
  });

  it("syncs the tenant into a .c1z, uploads it in 512 KiB chunks and leaves no file behind", async () => {
    firstSync = s.c1.addTask(syncTask());
    const fin = await s.c1.waitForFinish(firstSync);
    expect(fin.finalState.case, s.stderr.join("")).toBe("success");
    expect(fin.finalState.value?.response).toBeUndefined();
    const upload = s.c1.uploads.find((u) => u.taskId === firstSync)!;
    expect(upload.data.subarray(0, 4).toString()).toBe("C1ZF");
    expect(upload.chunks.slice(0, -1).every((n) => n === UPLOAD_CHUNK_BYTES)).toBe(true);
    expect(upload.chunks.at(-1)).toBeLessThanOrEqual(UPLOAD_CHUNK_BYTES);
    await withUpload(s, firstSync, (store, id) => {
      const counts = store.counts(id);
      const team = s.tenant.users.filter((u) => u.role !== "end-user").length;
      expect(counts.resources).toBe(team + SIZES.groups + SIZES.organizations + s.tenant.customRoles.length);
      expect(counts.grants).toBeGreaterThan(team);
      entitlement = store.getEntitlement(id, `group:${BILLING}:member`)!;
      principal = store.getResource(id, "team_member", String(AGENT))!;
    });
    const heartbeats = s.c1.calls.filter((c) => c.method === "Heartbeat");
    expect(heartbeats.length).toBeGreaterThanOrEqual(1);
    expect(readdirSync(s.tempDir)).toEqual([]);
    expect(readdirSync(s.cwd)).toEqual([]);
  });

  it("follows the sync task's options", async () => {
    const groupsOnly = await run(
      s,
      syncTask({ syncResourceTypeIds: ["group"], skipEntitlementsAndGrants: true }),
    );
    expect(groupsOnly.finalState.case).toBe("success");
    const ids = [...s.c1.finished.keys()];
    await withUpload(s, ids.at(-1)!, (store, id, type) => {
      expect(type).toBe("resources_only");
      const types = new Set([...store.resources(id)].map((r) => r.id!.resourceType));
      expect([...types]).toEqual(["group"]);
      expect(store.counts(id).grants).toBe(0);
    });
    const targeted = errorOf(await run(s, syncTask({ targetedSyncResources: [principal] })));
    expect(targeted).toMatchObject({ code: Code.InvalidArgument, nonRetryable: true });
    expect(targeted.message).toMatch(/resource type "team_member" does not support targeted sync/);
  });

  it("grants: the tenant changes, the response is a GrantManagerServiceGrantResponse, a second grant already exists", async () => {
    expect(memberOf(s.tenant, AGENT, BILLING)).toBe(false);
    const task = { taskType: { case: "grant", value: { entitlement, principal } } } as const;
    const fin = await run(s, task);
    expect(fin.finalState.case, fin.status?.message).toBe("success");
    expect(responseType(fin)).toBe("type.googleapis.com/c1.connector.v2.GrantManagerServiceGrantResponse");
    expect(memberOf(s.tenant, AGENT, BILLING)).toBe(true);
    const again = await run(s, task);
    expect(again.finalState.case).toBe("success");
    const annotations = again.finalState.case === "success" ? again.finalState.value.annotations : [];
    expect(annotations.map((a) => a.typeUrl)).toEqual([
      "type.googleapis.com/c1.connector.v2.GrantAlreadyExists",
    ]);
  });

  it("revokes: the membership is gone, the response is a GrantManagerServiceRevokeResponse", async () => {
    const grant = {
      id: `${entitlement.id}:team_member:${AGENT}`,
      entitlement,
      principal,
    };
    const fin = await run(s, { taskType: { case: "revoke", value: { grant } } });
    expect(fin.finalState.case, fin.status?.message).toBe("success");
    expect(responseType(fin)).toBe("type.googleapis.com/c1.connector.v2.GrantManagerServiceRevokeResponse");
    expect(memberOf(s.tenant, AGENT, BILLING)).toBe(false);
    const again = await run(s, { taskType: { case: "revoke", value: { grant } } });
    const annotations = again.finalState.case === "success" ? again.finalState.value.annotations : [];
    expect(annotations.map((a) => a.typeUrl)).toEqual([
      "type.googleapis.com/c1.connector.v2.GrantAlreadyRevoked",
    ]);
  });

  it("creates an account and deletes a resource", async () => {
    const created = await run(s, {
      taskType: {
        case: "createAccount",
        value: {
          accountInfo: {
            emails: [{ address: "new.agent@example.com", isPrimary: true }],
            profile: { name: "New Agent" } as never,
          },
          credentialOptions: { options: { case: "noPassword", value: {} } },
          resourceTypeId: "team_member",
        },
      },
    });
    expect(created.finalState.case, created.status?.message).toBe("success");
    expect(responseType(created)).toBe("type.googleapis.com/c1.connector.v2.CreateAccountResponse");
    const user = s.tenant.users.find((u) => u.email === "new.agent@example.com");
    expect(user?.role).toBe("agent");

    const deleted = await run(s, {
      taskType: {
        case: "deleteResource",
        value: { resourceId: { resourceType: "team_member", resource: String(user!.id) } },
      },
    });
    expect(deleted.finalState.case, deleted.status?.message).toBe("success");
    expect(responseType(deleted)).toBe("type.googleapis.com/c1.connector.v2.DeleteResourceResponse");
    expect(s.tenant.users.find((u) => u.id === user!.id)?.active ?? false).toBe(false);
  });

  it("refuses what it cannot do safely, without touching the tenant, and never retries it", async () => {
    const before = JSON.stringify(s.tenant);
    const random = errorOf(
      await run(s, {
        taskType: {
          case: "createAccount",
          value: {
            accountInfo: { emails: [{ address: "pw@example.com", isPrimary: true }] },
            credentialOptions: { options: { case: "randomPassword", value: { length: 16n } } },
          },
        },
      }),
    );
    expect(random).toMatchObject({ code: Code.Unimplemented, nonRetryable: true });
    expect(random.message).toMatch(/random_password is not supported in service mode/);
    const rotate = errorOf(
      await run(s, {
        taskType: {
          case: "rotateCredentials",
          value: { resourceId: { resourceType: "team_member", resource: "1001" } },
        },
      }),
    );
    expect(rotate).toMatchObject({ code: Code.Unimplemented, nonRetryable: true });
    const createResource = errorOf(
      await run(s, { taskType: { case: "createResource", value: { resource: principal } } }),
    );
    expect(createResource).toMatchObject({ code: Code.Unimplemented, nonRetryable: true });
    expect(JSON.stringify(s.tenant)).toBe(before);
  });

  it("finishes malformed tasks with non-retryable errors", async () => {
    const cases: [TaskInit, RegExp][] = [
      [{ taskType: { case: "grant", value: { entitlement } } }, /no principal/],
      [{ taskType: { case: "grant", value: { principal } } }, /no entitlement/],
      [{ taskType: { case: "revoke", value: {} } }, /no grant/],
      [
        { taskType: { case: "deleteResource", value: { resourceId: { resourceType: "team_member" } } } },
        /no resource type and id/,
      ],
      [{ taskType: { case: "createAccount", value: {} } }, /no account_info/],
      [syncTask({ syncResourceTypeIds: ["ticket"] }), /unknown resource type "ticket"/],
    ];
    for (const [task, message] of cases) {
      const e = errorOf(await run(s, task));
      expect(e).toMatchObject({ code: Code.InvalidArgument, nonRetryable: true });
      expect(e.message).toMatch(message);
    }
  });

  it("finishes task types it does not serve with a retryable 'unsupported task type'", async () => {
    for (const task of [
      { taskType: { case: "eventFeed", value: {} } },
      { taskType: { case: "createSyncDiff", value: {} } },
      { taskType: { case: "issueCredential", value: {} } },
    ] as TaskInit[]) {
      const e = errorOf(await run(s, task));
      expect(e).toMatchObject({ code: Code.Unknown, nonRetryable: false, message: "unsupported task type" });
    }
  });

  it("answers a hello task with a Hello naming it, and no FinishTask", async () => {
    const id = s.c1.addTask({ taskType: { case: "hello", value: {} } });
    await s.c1.waitFor("a Hello for the task", () => s.c1.hellos.some((h) => h.taskId === id));
    expect(s.c1.finished.has(id)).toBe(false);
  });

  it("uploads a debug log after the .c1z when the task asks for one", async () => {
    const id = s.c1.addTask({
      debug: true,
      taskType: { case: "syncFull", value: { syncResourceTypeIds: ["role"] } },
    });
    expect((await s.c1.waitForFinish(id)).finalState.case).toBe("success");
    const [c1z, log] = s.c1.assets(id);
    expect(c1z!.subarray(0, 4).toString()).toBe("C1ZF");
    const lines = log!
      .toString()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.some((l) => l.level === "debug")).toBe(true);
    expect(log!.toString()).not.toContain(s.tenant.apiToken);
    expect(readdirSync(s.tempDir)).toEqual([]);
  });
});

describe("service mode when things go wrong", { timeout: 60_000 }, () => {
  it("refuses provisioning tasks unless BATON_PROVISIONING is true", async () => {
    const s = await startService({ env: { BATON_PROVISIONING: "false" } });
    try {
      const e = errorOf(
        await run(s, {
          taskType: {
            case: "deleteResource",
            value: { resourceId: { resourceType: "team_member", resource: "1021" } },
          },
        }),
      );
      expect(e).toMatchObject({ code: Code.FailedPrecondition, nonRetryable: true });
      expect(e.message).toMatch(/BATON_PROVISIONING=true/);
      expect(s.tenant.users.find((u) => u.id === 1021)?.active).toBe(true);
    } finally {
      await s.close();
    }
  });

  it("stops a sync that ConductorOne cancels, and drops one cancelled before it starts", async () => {
    const s = await startService({ delayMs: 40 });
    try {
      const early = s.c1.addTask(syncTask());
      s.c1.cancel(early);
      await s.c1.waitFor("the first heartbeat", () =>
        s.c1.calls.some(
          (c) => c.method === "Heartbeat" && (c.request as { taskId: string }).taskId === early,
        ),
      );
      const id = s.c1.addTask(syncTask());
      await s.c1.waitFor(
        "a second heartbeat",
        () =>
          s.c1.calls.filter(
            (c) => c.method === "Heartbeat" && (c.request as { taskId: string }).taskId === id,
          ).length >= 1,
      );
      s.c1.cancel(id);
      const e = errorOf(await s.c1.waitForFinish(id));
      expect(e).toMatchObject({ code: Code.Canceled });
      expect(e.message).toMatch(/cancelled by ConductorOne/);
      expect(s.c1.finished.has(early)).toBe(false);
      expect(s.c1.assets(early)).toEqual([]);
      expect(s.c1.assets(id)).toEqual([]);
      await s.c1.waitFor("the temp dirs removed", () => readdirSync(s.tempDir).length === 0, 5000);
    } finally {
      await s.close();
    }
  });

  it("refreshes short-lived tokens and recovers from a revoked one during a long run", async () => {
    const s = await startService({ fake: { tokenLifetimeSeconds: 2 } });
    try {
      const first = await run(s, syncTask());
      expect(first.finalState.case, first.status?.message).toBe("success");
      // Polling goes on for longer than a token lives: each is replaced before it expires.
      await new Promise((r) => setTimeout(r, 2500));
      const tokens = () => s.c1.calls.filter((c) => c.method === "Token" && c.code === 0).length;
      expect(tokens()).toBeGreaterThanOrEqual(3);
      expect(s.c1.calls.filter((c) => c.code === Code.Unauthenticated)).toEqual([]);
      // A token ConductorOne revokes is dropped after the first refusal, and a new one fetched.
      const before = tokens();
      s.c1.revokeTokens();
      const second = await run(s, syncTask({ syncResourceTypeIds: ["group"] }));
      expect(second.finalState.case, second.status?.message).toBe("success");
      expect(tokens()).toBeGreaterThan(before);
      expect(s.stderr.join("")).not.toMatch(/fake-c1-token-/);
    } finally {
      await s.close();
    }
  });

  it("keeps running while ConductorOne is away, and serves tasks when it is back", async () => {
    const s = await startService();
    try {
      await s.c1.waitFor("hello", () => s.c1.hellos.length > 0);
      await s.c1.goAway();
      await new Promise((r) => setTimeout(r, 1500));
      await s.c1.comeBack();
      const fin = await run(s, syncTask({ syncResourceTypeIds: ["role"] }), 30_000);
      expect(fin.finalState.case).toBe("success");
      expect(s.stderr.join("")).toMatch(/cannot get a task from ConductorOne; trying again/);
    } finally {
      await s.close();
    }
    expect(await s.done).toBe(0);
  });

  it("retries a Hello that fails for now, and exits with its code when it fails for good", async () => {
    const c1 = await startFakeConductorOne();
    c1.fail("Hello", Code.Unavailable, 1);
    const s = await startService({ env: c1.env });
    try {
      await c1.waitFor("a second Hello", () => c1.hellos.length > 0, 10_000);
      expect(c1.calls.filter((c) => c.method === "Hello").map((c) => c.code)).toEqual([Code.Unavailable, 0]);
    } finally {
      await s.close();
      await c1.close();
    }
    const denied = await startFakeConductorOne();
    denied.fail("Hello", Code.PermissionDenied, 1);
    const d = await startService({ env: denied.env });
    try {
      expect(await d.done).toBe(Code.PermissionDenied);
      expect(d.stderr.join("")).toMatch(/^error: ConductorOne Hello: scripted Hello failure\n$/);
    } finally {
      await d.close();
      await denied.close();
    }
  });

  it("runs at most --task-concurrency tasks at once", async () => {
    const s = await startService({ delayMs: 20, argv: ["--task-concurrency", "1"] });
    try {
      const a = s.c1.addTask(syncTask({ syncResourceTypeIds: ["role"] }));
      const b = s.c1.addTask(syncTask({ syncResourceTypeIds: ["role"] }));
      await s.c1.waitForFinish(b);
      const at = (method: string, id: string) =>
        s.c1.calls.findIndex((c) => c.method === method && (c.request as { taskId?: string }).taskId === id);
      expect(at("FinishTask", a)).toBeGreaterThan(-1);
      expect(at("Heartbeat", b)).toBeGreaterThan(at("FinishTask", a));
    } finally {
      await s.close();
    }
  });

  it("retries a failed upload and a failed FinishTask; a sync whose uploads all fail is retryable", async () => {
    const s = await startService();
    try {
      s.c1.fail("UploadAsset", Code.Unavailable, 1);
      s.c1.fail("FinishTask", Code.Unavailable, 1);
      const ok = s.c1.addTask(syncTask({ syncResourceTypeIds: ["role"] }));
      expect((await s.c1.waitForFinish(ok)).finalState.case).toBe("success");
      expect(s.c1.assets(ok)).toHaveLength(1);
      s.c1.fail("UploadAsset", Code.Unavailable, 3);
      const e = errorOf(await run(s, syncTask({ syncResourceTypeIds: ["role"] })));
      expect(e).toMatchObject({ code: Code.Unavailable, nonRetryable: false });
      expect(e.message).toMatch(/ConductorOne UploadAsset: scripted UploadAsset failure/);
    } finally {
      await s.close();
    }
  });

  it("cancels a sync after 10 heartbeats in a row fail", async () => {
    // Zendesk never answers: the sync waits until it is cancelled.
    const s = await startService({ delayMs: 120_000 });
    try {
      const id = s.c1.addTask(syncTask());
      await s.c1.waitFor("the first heartbeat", () => s.c1.calls.some((c) => c.method === "Heartbeat"));
      s.c1.fail("Heartbeat", Code.Unavailable, 10);
      const e = errorOf(await s.c1.waitForFinish(id, 30_000));
      expect(e).toMatchObject({ code: Code.Canceled, nonRetryable: false });
      expect(e.message).toMatch(/10 heartbeats in a row failed/);
      expect(s.c1.calls.filter((c) => c.method === "Heartbeat" && c.code === Code.Unavailable)).toHaveLength(
        10,
      );
    } finally {
      await s.close();
    }
  });

  it("syncs targeted resources, without their grants under skip_grants", async () => {
    // Zendesk's team members gain a `get`, which targeted syncs need.
    const connector = {
      ...zendesk,
      resourceTypes: zendesk.resourceTypes.map((rt) =>
        rt.id !== "team_member"
          ? rt
          : {
              ...rt,
              get: async ({ client, id }: { client: ZendeskClient; id: { resource: string } }) => {
                const user = await client.user(Number(id.resource));
                return user && teamMemberResource(user);
              },
            },
      ),
    };
    const s = await startService({ connector });
    try {
      const principal = { id: { resourceType: "team_member", resource: String(AGENT) } };
      const id = s.c1.addTask(
        syncTask({ targetedSyncResources: [principal], skipGrants: true, skipExpandGrants: true }),
      );
      const fin = await s.c1.waitForFinish(id);
      expect(fin.finalState.case, fin.status?.message).toBe("success");
      await withUpload(s, id, (store, syncId, type) => {
        expect(type).toBe("partial");
        expect([...store.resources(syncId)].map((r) => r.id!.resource)).toEqual([String(AGENT)]);
        expect(store.counts(syncId).grants).toBe(0);
      });
    } finally {
      await s.close();
    }
  });

  it("reads the client secret from the file BATON_CLIENT_SECRET_FILE names (a mounted Kubernetes Secret)", async () => {
    const c1 = await startFakeConductorOne();
    const dir = mkdtempSync(join(tmpdir(), "zendesk-service-secret-"));
    writeFileSync(join(dir, "client-secret"), `${c1.env.BATON_CLIENT_SECRET}\n`);
    const s = await startService({
      env: {
        ...c1.env,
        BATON_CLIENT_SECRET: undefined,
        BATON_CLIENT_SECRET_FILE: join(dir, "client-secret"),
      },
    });
    try {
      await c1.waitFor("the Hello", () => c1.hellos.length > 0, 10_000);
    } finally {
      await s.close();
      await c1.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("serves health checks with --health-check: ready once ConductorOne said hello, live while it calls", async () => {
    const free = createServer();
    await new Promise<void>((r) => free.listen(0, "127.0.0.1", r));
    const port = (free.address() as AddressInfo).port;
    await new Promise((r) => free.close(r));
    const c1 = await startFakeConductorOne();
    c1.fail("Hello", Code.Unavailable, 1);
    const s = await startService({
      env: c1.env,
      argv: ["--health-check", "--health-check-port", String(port)],
    });
    const get = async (path: string) => {
      for (let i = 0; ; i++) {
        try {
          return (await fetch(`http://127.0.0.1:${port}${path}`)).status;
        } catch (e) {
          if (i > 50) throw e;
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    };
    try {
      expect(await get("/ready")).toBe(503);
      expect(await get("/live")).toBe(200);
      await c1.waitFor("the Hello", () => c1.hellos.length > 0, 10_000);
      await s.c1.waitFor("a poll", () => c1.calls.some((c) => c.method === "GetTask"));
      expect(await get("/ready")).toBe(200);
      expect(await get("/health")).toBe(200);
      expect(await get("/metrics")).toBe(404);
    } finally {
      await s.close();
      await c1.close();
    }
    await expect(fetch(`http://127.0.0.1:${port}/live`)).rejects.toThrow();
  });

  it("answers sync tasks with an empty finished sync under --skip-full-sync", async () => {
    const s = await startService({ argv: ["--skip-full-sync"] });
    try {
      const id = s.c1.addTask(syncTask());
      expect((await s.c1.waitForFinish(id)).finalState.case).toBe("success");
      await withUpload(s, id, (store, syncId, type) => {
        expect(type).toBe("full");
        expect(store.counts(syncId).resources).toBe(0);
      });
      expect(s.c1.calls.some((c) => c.method === "Heartbeat")).toBe(true);
    } finally {
      await s.close();
    }
  });

  it("on stop, lets a running sync finish, then exits 0", async () => {
    const s = await startService({ delayMs: 5 });
    const id = s.c1.addTask(syncTask({ syncResourceTypeIds: ["group"] }));
    await s.c1.waitFor("the first heartbeat", () => s.c1.calls.some((c) => c.method === "Heartbeat"));
    const stopped = Date.now();
    s.stop();
    expect(await s.done).toBe(0);
    expect(Date.now() - stopped).toBeLessThan(10_000);
    expect(s.c1.finished.get(id)?.finalState.case).toBeDefined();
    await s.close();
  });
});

describe("bad ConductorOne credentials", () => {
  const runWith = async (env: Record<string, string>) => {
    const stderr: string[] = [];
    const code = await runCli(zendesk, {
      argv: ["--subdomain", "acme", "--email", "a@example.com", "--api-token", "t0ken"],
      env,
      stdout: { write: () => true },
      stderr: { write: (s: string) => stderr.push(s) },
      signal: new AbortController().signal,
    });
    return { code, stderr: stderr.join("") };
  };
  const secret = `secret-token:conductorone.com:v1:${Buffer.from(JSON.stringify({ kty: "OKP", crv: "Ed25519", x: "eA", d: "ZA" })).toString("base64url")}`;

  it.each([
    [{ BATON_CLIENT_ID: "no-at-sign/pcc", BATON_CLIENT_SECRET: secret }, /client id has no "@"/],
    [
      { BATON_CLIENT_ID: "c@acme.conductor.one", BATON_CLIENT_SECRET: secret },
      /client id has no "\/" after the host/,
    ],
    [
      { BATON_CLIENT_ID: "c@acme.conductor.one/pcc", BATON_CLIENT_SECRET: "hunter2-not-a-secret" },
      /has 1 ":"-separated parts, not 4/,
    ],
    [
      { BATON_CLIENT_ID: "c@acme.conductor.one/pcc", BATON_CLIENT_SECRET: secret.replace(":v1:", ":v2:") },
      /not a version 1 secret/,
    ],
    [
      { BATON_CLIENT_ID: "c@acme.conductor.one/pcc", BATON_CLIENT_SECRET: `${secret}!` },
      /does not end in a base64url key/,
    ],
    [{ BATON_CLIENT_ID: "c@acme.conductor.one/pcc", BATON_CLIENT_SECRET: secret }, /wrong length/],
    [
      { BATON_CLIENT_ID: "c@acme.conductor.one/pcc" },
      /--client-id and --client-secret are required together/,
    ],
  ])("%o → %s", async (env, message) => {
    const r = await runWith(env as Record<string, string>);
    expect(r.code).toBe(Code.InvalidArgument);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    const given = (env as Record<string, string>).BATON_CLIENT_SECRET;
    if (given) {
      expect(r.stderr).not.toContain(given);
      expect(r.stderr).not.toContain(given.split(":")[3]);
    }
  });

  it("a secret ConductorOne does not know ends the run with Unauthenticated, without echoing it", async () => {
    const c1 = await startFakeConductorOne();
    const other = await startFakeConductorOne();
    try {
      const r = await runWith({ ...c1.env, BATON_CLIENT_SECRET: other.credentials.clientSecret });
      expect(r.code).toBe(Code.Unauthenticated);
      expect(r.stderr).toMatch(
        /^error: ConductorOne refused a token for the client id \(HTTP 401: invalid_client: bad signature\)/,
      );
      expect(r.stderr).not.toContain(other.credentials.clientSecret.split(":")[3]);
    } finally {
      await c1.close();
      await other.close();
    }
  });
});

describe("the baton-zendesk binary in service mode", { timeout: 60_000 }, () => {
  const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

  it("takes its settings from the environment, logs JSON lines, and exits 0 soon after SIGTERM", async () => {
    if (!existsSync(cli))
      throw new Error(`${cli} is missing: build first (pnpm --filter @baton/zendesk build)`);
    const tenant = generateTenant();
    const slow = http.all("*", async () => void (await new Promise((r) => setTimeout(r, 20))));
    const mock = await serveHandlers([slow, ...zendeskHandlers(tenant)]);
    const c1 = await startFakeConductorOne({ nextPollMs: 100 });
    const cwd = mkdtempSync(join(tmpdir(), "zendesk-service-bin-"));
    // Only these variables: nothing inherited, so the machine's CA settings play no part.
    const child = spawn(process.execPath, [cli], {
      cwd,
      env: {
        PATH: process.env.PATH ?? "",
        BATON_SUBDOMAIN: tenant.subdomain,
        BATON_EMAIL: tenant.email,
        BATON_API_TOKEN: tenant.apiToken,
        BATON_BASE_URL: mock.url,
        BATON_PROVISIONING: "true",
        ...c1.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      await c1.waitFor("hello", () => c1.hellos.length > 0, 20_000);
      expect(c1.hellos[0]!.buildInfo?.package).toBe("@baton/zendesk");
      const id = c1.addTask(syncTask());
      await c1.waitFor("the sync to start", () => c1.calls.some((c) => c.method === "Heartbeat"));
      const signalled = Date.now();
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(Date.now() - signalled).toBeLessThan(10_000);
      expect(c1.finished.get(id)?.finalState.case, stderr).toBeDefined();
      expect(stdout).toBe("");
      const lines = stderr.trim().split("\n");
      for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
      expect(lines.map((l) => JSON.parse(l).msg)).toContain("service mode: stopped");
      expect(stderr).not.toContain(tenant.apiToken);
      expect(stderr).not.toContain(c1.credentials.clientSecret.split(":")[3]);
      expect(readdirSync(cwd)).toEqual([]);
    } finally {
      child.kill("SIGKILL");
      await c1.close();
      await mock.close();
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
