// The BatonService client: gRPC over HTTP/2 and TLS (@connectrpc/connect-node), every call carrying
// the ConductorOne access token in `authorization`. Connect is imported when service mode first
// connects: its modules and the @bufbuild/protobuf build they import take ~150-250 ms to load, which
// every other command (a one-shot sync, `capabilities`) would pay for nothing.
import type { Client, Interceptor } from "@connectrpc/connect";
import { BatonError, Code, isBatonError } from "../errors.js";
import { BatonService } from "../gen/c1/connectorapi/baton/v1/baton_pb.js";
import type { ConductorOneTokenSource } from "./token.js";

export type BatonServiceClient = Client<typeof BatonService>;

export interface ServiceConnection {
  client: BatonServiceClient;
  /** Closes the HTTP/2 connection (and any streams still open on it). */
  close(): void;
}

export interface ConnectOptions {
  /** host[:port]; port 443 when absent. */
  apiHost: string;
  ca: string[];
  tokens: ConductorOneTokenSource;
  userAgent: string;
}

/**
 * One HTTP/2 connection to ConductorOne, opened on first use and opened again after it breaks (the
 * session manager reconnects on the next call), verified with a PING after a quiet minute.
 */
let connect: typeof import("@connectrpc/connect") | undefined;

export async function connectBatonService(o: ConnectOptions): Promise<ServiceConnection> {
  const [lib, { createGrpcTransport, Http2SessionManager }] = await Promise.all([
    import("@connectrpc/connect"),
    import("@connectrpc/connect-node"),
  ]);
  connect = lib;
  const { Code: ConnectCode, ConnectError, createClient } = lib;
  const baseUrl = `https://${o.apiHost}`;
  const sessions = new Http2SessionManager(
    baseUrl,
    { pingIntervalMs: 60_000, pingTimeoutMs: 15_000, idleConnectionTimeoutMs: 5 * 60_000 },
    { ca: o.ca, minVersion: "TLSv1.2" },
  );
  const auth: Interceptor = (next) => async (req) => {
    const token = await o.tokens.token(req.signal);
    req.header.set("authorization", `${o.tokens.tokenType} ${token}`);
    req.header.set("user-agent", o.userAgent);
    try {
      return await next(req);
    } catch (e) {
      // A rejected token is forgotten, so the next call gets a new one.
      if (ConnectError.from(e).code === ConnectCode.Unauthenticated) o.tokens.invalidate(token);
      throw e;
    }
  };
  const transport = createGrpcTransport({ baseUrl, sessionManager: sessions, interceptors: [auth] });
  return { client: createClient(BatonService, transport), close: () => sessions.abort() };
}

/** A failed call as a one-line BatonError with the gRPC code (token errors pass through as they are). */
export function rpcError(what: string, e: unknown): BatonError {
  if (isBatonError(e)) return e;
  const cause = (e as { cause?: unknown })?.cause;
  if (isBatonError(cause)) return cause;
  // Before a connection (never, in practice) there is no ConnectError to read the code from.
  if (!connect) return new BatonError(Code.Unknown, `ConductorOne ${what}: ${String(e)}`, { cause: e });
  const err = connect.ConnectError.from(e);
  return new BatonError(err.code as number as Code, `ConductorOne ${what}: ${err.rawMessage || "failed"}`, {
    cause: e,
  });
}
