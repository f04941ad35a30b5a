import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { Code } from "../../src/errors.js";
import { HttpClient, oauth2ClientCredentials } from "../../src/http/index.js";
import { rejection, UA } from "./harness.js";

// Real sockets on 127.0.0.1, no MSW: a JSON target and a forwarding proxy that records what it was asked.
const PROXY_VARS = ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy"];

const target = http.createServer((req, res) => {
  res.setHeader("content-type", "application/json");
  if (req.method === "POST" && req.url === "/oauth/token") {
    res.end(JSON.stringify({ access_token: "proxied-token-1", token_type: "Bearer", expires_in: 3600 }));
    return;
  }
  res.end(JSON.stringify({ path: req.url, ua: req.headers["user-agent"], auth: req.headers.authorization }));
});

const proxied: string[] = [];
const proxy = http.createServer((req, res) => {
  proxied.push(`${req.method} ${req.url}`);
  // An HTTP proxy receives absolute-form targets: forward them.
  const upstream = http.request(req.url!, { method: req.method, headers: req.headers }, (up) => {
    res.writeHead(up.statusCode!, { ...up.headers, "x-via": "test-proxy" });
    up.pipe(res);
  });
  req.pipe(upstream);
});
proxy.on("connect", (req, socket) => {
  proxied.push(`CONNECT ${req.url}`);
  socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
});

const port = (server: http.Server) => (server.address() as AddressInfo).port;
const saved = new Map<string, string | undefined>();
const clients: HttpClient[] = [];
let targetUrl = "";
let proxyUrl = "";

beforeAll(async () => {
  target.listen(0, "127.0.0.1");
  proxy.listen(0, "127.0.0.1");
  await Promise.all([once(target, "listening"), once(proxy, "listening")]);
  targetUrl = `http://127.0.0.1:${port(target)}`;
  proxyUrl = `http://127.0.0.1:${port(proxy)}`;
  for (const name of PROXY_VARS) saved.set(name, process.env[name]);
});
beforeEach(() => {
  proxied.length = 0;
  for (const name of PROXY_VARS) delete process.env[name];
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  target.closeAllConnections();
  proxy.closeAllConnections();
  target.close();
  proxy.close();
});

const client = (baseUrl: string) => {
  const c = new HttpClient({ baseUrl, userAgent: UA, maxRetries: 0 });
  clients.push(c);
  return c;
};
const echo = z.object({ path: z.string(), ua: z.string() });

describe("proxy from the environment", () => {
  it("sends http requests through HTTP_PROXY in absolute form", async () => {
    process.env.HTTP_PROXY = proxyUrl;
    const res = await client(targetUrl).request({ path: "/api/v2/users.json", schema: echo });
    expect(proxied).toEqual([`GET ${targetUrl}/api/v2/users.json`]);
    expect(res.headers["x-via"]).toBe("test-proxy");
    expect(res.data).toEqual({ path: "/api/v2/users.json", ua: UA });
  });

  it("bypasses the proxy for hosts in NO_PROXY", async () => {
    process.env.HTTP_PROXY = proxyUrl;
    process.env.NO_PROXY = "localhost,127.0.0.1";
    const res = await client(targetUrl).request({ path: "/api/v2/users.json", schema: echo });
    expect(proxied).toEqual([]);
    expect(res.headers["x-via"]).toBeUndefined();
  });

  it("tunnels https requests through HTTPS_PROXY with CONNECT", async () => {
    process.env.HTTPS_PROXY = proxyUrl;
    const err = await rejection(client("https://acme.zendesk.test").get("/api/v2/users.json", echo));
    expect(proxied).toEqual(["CONNECT acme.zendesk.test:443"]);
    expect(err.code).toBe(Code.Unavailable);
  });

  it("sends the OAuth token request through the same proxy", async () => {
    process.env.HTTP_PROXY = proxyUrl;
    // Another origin for the token endpoint: the same server by name instead of address.
    const tokenUrl = `${targetUrl.replace("127.0.0.1", "localhost")}/oauth/token`;
    const auth = oauth2ClientCredentials({
      tokenUrl,
      clientId: "id",
      clientSecret: "sec",
      clientAuth: "post",
    });
    const c = new HttpClient({ baseUrl: targetUrl, userAgent: UA, maxRetries: 0, auth });
    clients.push(c);
    const res = await c.request({ path: "/api/users", schema: echo.extend({ auth: z.string() }) });
    expect(proxied).toEqual([`POST ${tokenUrl}`, `GET ${targetUrl}/api/users`]);
    expect(res.data.auth).toBe("Bearer proxied-token-1");
  });

  it("goes direct without proxy variables", async () => {
    const res = await client(targetUrl).request({ path: "/x", schema: echo });
    expect(proxied).toEqual([]);
    expect(res.data.path).toBe("/x");
  });
});
