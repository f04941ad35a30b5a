// Serves MSW handlers as a real HTTP server on the loopback interface, for demos and end-to-end
// runs through a connector's CLI (`--base-url http://127.0.0.1:<port>`).
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { type AnyHandler, getResponse, type RequestHandler } from "msw";

export interface LoopbackServer {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

async function toRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const body =
    chunks.length && req.method !== "GET" && req.method !== "HEAD" ? Buffer.concat(chunks) : undefined;
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
  return new Request(new URL(req.url ?? "/", origin), { method: req.method, headers, body });
}

/**
 * Starts a server on 127.0.0.1 answering with `handlers`. Handlers should match any origin
 * (`http.get("*\/api/v2/users.json", …)`) and build absolute links from the request URL.
 * Unhandled requests get a 501 naming the route.
 */
export async function serveHandlers(
  handlers: AnyHandler[],
  o: { port?: number } = {},
): Promise<LoopbackServer> {
  let origin = "";
  const server = createServer(async (req, res) => {
    try {
      const request = await toRequest(req, origin);
      const response = await getResponse(handlers as RequestHandler[], request);
      if (!response || response.type === "error") {
        res.writeHead(response ? 502 : 501, { "content-type": "text/plain" });
        res.end(response ? "mock network error" : `no mock handler for ${req.method} ${req.url}`);
        return;
      }
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (e) {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(`mock handler failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(o.port ?? 0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
