// The opt-in health server of service mode (--health-check): GET /live answers 200 while the
// connector keeps calling ConductorOne (polling for tasks, or heartbeating the syncs that fill every
// slot), /ready once ConductorOne accepted the startup Hello, /health when both hold;
// otherwise 503. For Kubernetes probes bind it to 0.0.0.0 (--health-check-bind-address).
import { createServer, type Server } from "node:http";
import { BatonError, Code } from "../errors.js";

export interface HealthState {
  /** The startup Hello succeeded. */
  ready: boolean;
  /** Epoch ms of the last GetTask or Heartbeat attempt (successful or not). */
  lastActivity: number;
}

/** A loop that has not called for this long is stuck (the longest wait between calls is 5 minutes). */
export const STALE_POLL_MS = 6 * 60_000;

export interface HealthServer {
  /** host:port it listens on. */
  address: string;
  close(): Promise<void>;
}

export async function startHealthServer(
  state: HealthState,
  o: { port: number; host: string; now?: () => number },
): Promise<HealthServer> {
  const now = o.now ?? Date.now;
  const server: Server = createServer((req, res) => {
    const live = now() - state.lastActivity < STALE_POLL_MS;
    const path = (req.url ?? "/").split("?")[0];
    const ok =
      path === "/live"
        ? live
        : path === "/ready"
          ? state.ready
          : path === "/health"
            ? live && state.ready
            : undefined;
    if (req.method !== "GET" || ok === undefined) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    res.writeHead(ok ? 200 : 503, { "content-type": "application/json" });
    res.end(`${JSON.stringify({ ready: state.ready, live })}\n`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e) =>
      reject(
        new BatonError(
          Code.FailedPrecondition,
          `cannot serve health checks on ${o.host}:${o.port}: ${e.message}`,
          {
            hint: "choose another --health-check-port",
            cause: e,
          },
        ),
      ),
    );
    server.listen(o.port, o.host, () => resolve());
  });
  const a = server.address();
  const address = typeof a === "object" && a ? `${a.address}:${a.port}` : `${o.host}:${o.port}`;
  return {
    address,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
