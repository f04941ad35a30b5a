// A fake ConductorOne on 127.0.0.1, for testing connectors in service mode: the token endpoint checks
// each client assertion against the test key, and the BatonService (gRPC over HTTP/2 with a
// throwaway CA) serves a scripted task queue, answers heartbeats (cancelling on request), reassembles
// uploads and checks their SHA-256, and records every call.
import { createHash, randomBytes, verify } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import {
  createSecureServer,
  type Http2SecureServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type ServerHttp2Session,
} from "node:http2";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type C1zStore, newKsuid, openC1z } from "@baton/sdk/c1z";
import { connectorApi } from "@baton/sdk/proto";
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { type Duration, durationFromMs } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, type HandlerContext } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { createTestTls } from "./certificates.js";
import { createTestClientCredentials, type TestClientCredentials } from "./credentials.js";

type Api = typeof connectorApi;
type Task = connectorApi.Task;
type FinishTaskRequest = connectorApi.BatonServiceFinishTaskRequest;
type HelloRequest = connectorApi.BatonServiceHelloRequest;
type Method =
  | "Hello"
  | "GetTask"
  | "GetTasks"
  | "Heartbeat"
  | "FinishTask"
  | "UploadAsset"
  | "StartDebugging"
  | "Token";

export interface FakeConductorOneOptions {
  /** The tenant host of the client id: what assertions must name as audience. Default test-tenant.conductor.one. */
  tenantHost?: string;
  /** `kid` of the test key (default "test-key"; null: none). */
  kid?: string | null;
  /** `expires_in` of issued tokens, in seconds (default 3600). */
  tokenLifetimeSeconds?: number;
  /** `next_poll` of GetTask, in ms (default 200). */
  nextPollMs?: number;
  /** `next_heartbeat`, in ms (default 1000, the client's minimum). */
  nextHeartbeatMs?: number;
  port?: number;
}

export interface RecordedCall {
  method: Method;
  /** ms since the server started */
  at: number;
  userAgent: string | undefined;
  /** The gRPC request (the last message for UploadAsset); for Token, the form fields. */
  request: unknown;
  /** The gRPC code it was answered with (0: OK). */
  code: number;
}

export interface UploadedAsset {
  taskId: string;
  data: Buffer;
  /** Bytes in each data message. */
  chunks: number[];
}

export interface FakeConductorOne {
  /** What the connector needs: BATON_CLIENT_ID, BATON_CLIENT_SECRET, BATON_C1_API_HOST, NODE_EXTRA_CA_CERTS. */
  env: Record<string, string>;
  credentials: TestClientCredentials;
  /** 127.0.0.1:<port> */
  apiHost: string;
  /** The throwaway CA: its PEM, and a file holding it (for NODE_EXTRA_CA_CERTS). */
  caPem: string;
  caFile: string;
  calls: RecordedCall[];
  hellos: HelloRequest[];
  finished: Map<string, FinishTaskRequest>;
  uploads: UploadedAsset[];
  /** Queues a task (an id is made when it has none); returns its id. */
  addTask(task: MessageInitShape<Api["TaskSchema"]>): string;
  /** The next heartbeat of this task answers cancelled = true. */
  cancel(taskId: string): void;
  /** Answers the next `times` calls of `method` with `code` (Token: HTTP 503). */
  fail(method: Method, code: Code, times?: number): void;
  /** Revokes every token issued so far: calls with them get Unauthenticated. */
  revokeTokens(): void;
  /** Resolves with the task's FinishTask request. */
  waitForFinish(taskId: string, timeoutMs?: number): Promise<FinishTaskRequest>;
  /** Resolves once `check` holds (polled every 20 ms). */
  waitFor(what: string, check: () => boolean, timeoutMs?: number): Promise<void>;
  /** The assets uploaded for a task, in order. */
  assets(taskId: string): Buffer[];
  /** Opens an uploaded .c1z (close the store when done). */
  openAsset(data: Buffer): Promise<C1zStore>;
  /** Drops every connection and stops listening, keeping the port. */
  goAway(): Promise<void>;
  /** Listens again on the same port. */
  comeBack(): Promise<void>;
  close(): Promise<void>;
}

const TASK_ID = /^[a-zA-Z0-9]{27}$/;
const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/** Starts a fake ConductorOne on 127.0.0.1 (a free port unless `port` is given). */
export async function startFakeConductorOne(o: FakeConductorOneOptions = {}): Promise<FakeConductorOne> {
  const tenantHost = o.tenantHost ?? "test-tenant.conductor.one";
  const credentials = createTestClientCredentials(tenantHost, { kid: o.kid });
  const tls = createTestTls();
  const dir = mkdtempSync(join(tmpdir(), "fake-conductorone-"));
  const caFile = join(dir, "ca.pem");
  writeFileSync(caFile, tls.caPem);
  const started = Date.now();
  const pollMs = o.nextPollMs ?? 200;
  const heartbeatMs = o.nextHeartbeatMs ?? 1000;
  const duration = (ms: number): Duration => durationFromMs(ms);

  const calls: RecordedCall[] = [];
  const hellos: HelloRequest[] = [];
  const finished = new Map<string, FinishTaskRequest>();
  const uploads: UploadedAsset[] = [];
  const queue: Task[] = [];
  const handedOut = new Set<string>();
  const cancelled = new Set<string>();
  const failures = new Map<Method, { code: Code; times: number }>();
  const tokens = new Map<string, number>();
  const nonces = new Set<string>();

  const record = (method: Method, userAgent: string | undefined, request: unknown, code = 0) =>
    calls.push({ method, at: Date.now() - started, userAgent, request, code });

  /** Throws the scripted failure of `method`, if any is left. */
  const scripted = (method: Method): Code | undefined => {
    const f = failures.get(method);
    if (!f || f.times <= 0) return undefined;
    f.times--;
    return f.code;
  };

  /** Checks the bearer token of a gRPC call and any scripted failure; records the call. */
  const begin = (method: Method, ctx: HandlerContext, request: unknown) => {
    const ua = ctx.requestHeader.get("user-agent") ?? undefined;
    const auth = ctx.requestHeader.get("authorization") ?? "";
    const token = /^Bearer (.+)$/.exec(auth)?.[1];
    const expires = token ? tokens.get(token) : undefined;
    let error: ConnectError | undefined;
    if (expires === undefined) error = new ConnectError("no valid access token", Code.Unauthenticated);
    else if (Date.now() >= expires) error = new ConnectError("access token expired", Code.Unauthenticated);
    const code = error ? undefined : scripted(method);
    if (code !== undefined) error = new ConnectError(`scripted ${method} failure`, code);
    record(method, ua, request, error ? error.code : 0);
    if (error) throw error;
  };

  const nonEmpty = (what: string, fields: Record<string, string>) => {
    for (const [k, v] of Object.entries(fields))
      if (!v || v.length > 256)
        throw new ConnectError(`${what}.${k} must be 1 to 256 characters`, Code.InvalidArgument);
  };
  const checkHost = (hostId: string) => nonEmpty("request", { host_id: hostId });
  const checkTask = (taskId: string) => {
    if (!TASK_ID.test(taskId) || !handedOut.has(taskId))
      throw new ConnectError(`unknown task_id "${taskId}"`, Code.InvalidArgument);
  };

  const service = {
    async hello(req: HelloRequest, ctx: HandlerContext) {
      begin("Hello", ctx, req);
      checkHost(req.hostId);
      if (req.taskId !== "") checkTask(req.taskId);
      if (!req.buildInfo || !req.osInfo || !req.connectorMetadata)
        throw new ConnectError(
          "build_info, os_info and connector_metadata are required",
          Code.InvalidArgument,
        );
      const b = req.buildInfo;
      nonEmpty("build_info", {
        lang_version: b.langVersion,
        package: b.package,
        package_version: b.packageVersion,
      });
      const s = req.osInfo;
      nonEmpty("os_info", {
        hostname: s.hostname,
        os: s.os,
        platform: s.platform,
        platform_version: s.platformVersion,
        platform_family: s.platformFamily,
        kernel_version: s.kernelVersion,
        kernel_arch: s.kernelArch,
        virtualization_system: s.virtualizationSystem,
      });
      if (!req.connectorMetadata.displayName)
        throw new ConnectError("connector_metadata.display_name is required", Code.InvalidArgument);
      hellos.push(req);
      return {};
    },
    async getTask(req: connectorApi.BatonServiceGetTaskRequest, ctx: HandlerContext) {
      begin("GetTask", ctx, req);
      checkHost(req.hostId);
      const task = queue.shift();
      if (!task) return { nextPoll: duration(pollMs) };
      handedOut.add(task.id);
      return { task, nextPoll: duration(pollMs), nextHeartbeat: duration(heartbeatMs) };
    },
    async getTasks(req: connectorApi.BatonServiceGetTasksRequest, ctx: HandlerContext) {
      begin("GetTasks", ctx, req);
      throw new ConnectError("GetTasks is not served by the fake", Code.Unimplemented);
    },
    async heartbeat(req: connectorApi.BatonServiceHeartbeatRequest, ctx: HandlerContext) {
      begin("Heartbeat", ctx, req);
      checkHost(req.hostId);
      checkTask(req.taskId);
      const isCancelled = cancelled.delete(req.taskId);
      return { nextHeartbeat: duration(heartbeatMs), cancelled: isCancelled };
    },
    async finishTask(req: FinishTaskRequest, ctx: HandlerContext) {
      begin("FinishTask", ctx, req);
      checkHost(req.hostId);
      checkTask(req.taskId);
      if (req.finalState.case === undefined)
        throw new ConnectError("final_state is required", Code.InvalidArgument);
      finished.set(req.taskId, req);
      return {};
    },
    async uploadAsset(
      requests: AsyncIterable<connectorApi.BatonServiceUploadAssetRequest>,
      ctx: HandlerContext,
    ) {
      let meta: connectorApi.BatonServiceUploadAssetRequest_UploadMetadata | undefined;
      let eof: connectorApi.BatonServiceUploadAssetRequest_UploadEOF | undefined;
      const parts: Buffer[] = [];
      let last: unknown;
      const bad = (why: string) => new ConnectError(`upload: ${why}`, Code.InvalidArgument);
      try {
        for await (const r of requests) {
          last = r;
          if (eof) throw bad("a message after eof");
          switch (r.msg.case) {
            case "metadata":
              if (meta || parts.length) throw bad("metadata must come first, once");
              checkHost(r.msg.value.hostId);
              checkTask(r.msg.value.taskId);
              meta = r.msg.value;
              break;
            case "data":
              if (!meta) throw bad("data before metadata");
              if (r.msg.value.data.length < 1 || r.msg.value.data.length > 1024 * 1024)
                throw bad("a data message must hold 1 byte to 1 MiB");
              parts.push(Buffer.from(r.msg.value.data));
              break;
            case "eof":
              if (!meta) throw bad("eof before metadata");
              if (r.msg.value.sha256Checksum.length !== 32) throw bad("sha256_checksum must be 32 bytes");
              eof = r.msg.value;
              break;
            default:
              throw bad("a message without metadata, data or eof");
          }
        }
        if (!meta || !eof) throw bad("the stream ended before eof");
        const data = Buffer.concat(parts);
        if (!createHash("sha256").update(data).digest().equals(Buffer.from(eof.sha256Checksum)))
          throw new ConnectError("upload: SHA-256 mismatch", Code.DataLoss);
        begin("UploadAsset", ctx, last);
        uploads.push({ taskId: meta.taskId, data, chunks: parts.map((p) => p.length) });
        return {};
      } catch (e) {
        if (!calls.some((c) => c.request === last && c.method === "UploadAsset"))
          record(
            "UploadAsset",
            ctx.requestHeader.get("user-agent") ?? undefined,
            last,
            ConnectError.from(e).code,
          );
        throw e;
      }
    },
    async startDebugging(req: connectorApi.StartDebuggingRequest, ctx: HandlerContext) {
      begin("StartDebugging", ctx, req);
      return { status: false };
    },
  };

  const tokenEndpoint = async (req: Http2ServerRequest, res: Http2ServerResponse) => {
    const reply = (status: number, body: unknown, code: number) => {
      record("Token", req.headers["user-agent"], fields, code);
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    let fields: Record<string, string> = {};
    if (req.method !== "POST" || req.url !== "/auth/v1/token") {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    fields = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
    if (scripted("Token") !== undefined)
      return reply(503, { error: "temporarily_unavailable" }, Code.Unavailable);
    const problem = assertionProblem(fields, req.headers["content-type"]);
    if (problem)
      return reply(401, { error: "invalid_client", error_description: problem }, Code.Unauthenticated);
    const token = `fake-c1-token-${randomBytes(12).toString("hex")}`;
    const lifetime = o.tokenLifetimeSeconds ?? 3600;
    tokens.set(token, Date.now() + lifetime * 1000);
    reply(200, { access_token: token, token_type: "bearer", expires_in: lifetime }, 0);
  };

  /** What is wrong with a token request, or undefined. */
  const assertionProblem = (
    f: Record<string, string>,
    contentType: string | undefined,
  ): string | undefined => {
    if (contentType !== "application/x-www-form-urlencoded")
      return "content-type must be application/x-www-form-urlencoded";
    if (f.grant_type !== "client_credentials") return "grant_type must be client_credentials";
    if (f.client_assertion_type !== ASSERTION_TYPE) return "wrong client_assertion_type";
    if (f.client_id !== credentials.clientId) return "unknown client_id";
    const parts = (f.client_assertion ?? "").split(".");
    if (parts.length !== 3) return "client_assertion is not a compact JWS";
    let header: Record<string, unknown>;
    let claims: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(parts[0]!, "base64url").toString("utf8"));
      claims = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8"));
    } catch {
      return "client_assertion is not JSON";
    }
    if (header.alg !== "EdDSA") return "alg must be EdDSA";
    if (credentials.kid !== undefined && header.kid !== credentials.kid) return "wrong kid";
    if (credentials.kid === undefined && "kid" in header) return "unexpected kid";
    if (typeof header.nonce !== "string" || !/^[0-9a-f]{32}$/.test(header.nonce))
      return "nonce must be 16 bytes in hex";
    if (nonces.has(header.nonce)) return "nonce reused";
    const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
    if (!verify(null, signed, credentials.publicKey, Buffer.from(parts[2]!, "base64url")))
      return "bad signature";
    if (claims.iss !== credentials.clientId || claims.sub !== credentials.clientId)
      return "iss and sub must be the client id";
    if (claims.aud !== tenantHost) return `aud must be ${tenantHost}`;
    const now = Date.now() / 1000;
    const { iat, nbf, exp } = claims as { iat: number; nbf: number; exp: number };
    if (![iat, nbf, exp].every(Number.isInteger)) return "iat, nbf and exp must be integers";
    if (exp - iat !== 120 || iat - nbf !== 120) return "nbf and exp must be 2 minutes from iat";
    if (now < nbf || now > exp) return "assertion not valid now";
    const keys = Object.keys(claims).join(",");
    if (keys !== "iss,sub,aud,exp,nbf,iat") return `claims in order iss,sub,aud,exp,nbf,iat (got ${keys})`;
    nonces.add(header.nonce);
    return undefined;
  };

  const handler = connectNodeAdapter({
    routes: (router) => router.service(connectorApi.BatonService, service),
    grpc: true,
    connect: false,
    grpcWeb: false,
    fallback: (req, res) => void tokenEndpoint(req as Http2ServerRequest, res as Http2ServerResponse),
  });

  const sessions = new Set<ServerHttp2Session>();
  const sockets = new Set<Socket>();
  const server: Http2SecureServer = createSecureServer(
    { key: tls.keyPem, cert: tls.certPem, allowHTTP1: true, minVersion: "TLSv1.2" },
    handler,
  );
  server.on("session", (s) => {
    sessions.add(s);
    s.on("close", () => sessions.delete(s));
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
  const dropAll = () => {
    for (const s of sessions) s.destroy();
    for (const s of sockets) s.destroy();
  };
  const stopListening = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      dropAll();
    });

  await listen(o.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  const apiHost = `127.0.0.1:${port}`;

  const waitFor = async (what: string, check: () => boolean, timeoutMs = 30_000) => {
    const until = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > until) throw new Error(`fake ConductorOne: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const openDirs: string[] = [];

  return {
    env: {
      BATON_CLIENT_ID: credentials.clientId,
      BATON_CLIENT_SECRET: credentials.clientSecret,
      BATON_C1_API_HOST: apiHost,
      NODE_EXTRA_CA_CERTS: caFile,
    },
    credentials,
    apiHost,
    caPem: tls.caPem,
    caFile,
    calls,
    hellos,
    finished,
    uploads,
    addTask(init) {
      const task = create(connectorApi.TaskSchema, { ...init, id: init.id ?? newKsuid() });
      queue.push(task);
      return task.id;
    },
    cancel: (taskId) => void cancelled.add(taskId),
    revokeTokens: () => tokens.clear(),
    fail(method, code, times = 1) {
      failures.set(method, { code, times });
    },
    async waitForFinish(taskId, timeoutMs) {
      await waitFor(`FinishTask of ${taskId}`, () => finished.has(taskId), timeoutMs);
      return finished.get(taskId)!;
    },
    waitFor,
    assets: (taskId) => uploads.filter((u) => u.taskId === taskId).map((u) => u.data),
    async openAsset(data) {
      const d = mkdtempSync(join(tmpdir(), "fake-conductorone-asset-"));
      openDirs.push(d);
      const file = join(d, "upload.c1z");
      writeFileSync(file, data);
      return openC1z(file);
    },
    goAway: stopListening,
    comeBack: () => listen(port),
    async close() {
      await stopListening();
      rmSync(dir, { recursive: true, force: true });
      for (const d of openDirs) rmSync(d, { recursive: true, force: true });
    },
  };
}
