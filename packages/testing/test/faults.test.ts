import { BatonError, Code, z } from "@baton/sdk";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { handlerHarness, rejection } from "../src/harness.js";
import {
  connectionReset,
  failNext,
  malformedJson,
  serverError,
  slowResponse,
  tooManyRequests,
} from "../src/mock/faults.js";
import { recordRequests, setupMswNetwork, useMswNetwork } from "../src/msw.js";
import { API_KEY, demo } from "./demo.js";

const network = setupMswNetwork();
const traffic = recordRequests(network);
useMswNetwork(network, traffic);

const body = z.object({ id: z.number() });
const vendor = (status: number) => () =>
  HttpResponse.json({ id: "e1", code: "REQUEST_LIMITED", message: "slow down" }, { status });

async function setup(o: { httpTimeoutMs?: number } = {}) {
  network.use(
    http.get("*/users/:id", ({ params }) => HttpResponse.json({ id: Number(params.id) })),
    http.post("*/users", () => HttpResponse.json({ id: 99 }, { status: 201 })),
  );
  return handlerHarness(demo, demo.config.parse({ apiKey: API_KEY }), o);
}

describe("failNext", () => {
  it("fails the next N matching requests, then lets them through", async () => {
    const h = await setup();
    network.use(failNext("GET", "*/users/:id", serverError({ status: 502 }), { times: 2 }));
    expect(await h.client.http.get("/users/1", body)).toEqual({ id: 1 });
    expect(traffic.statuses()).toEqual([502, 502, 200]);
    expect(await h.client.http.get("/users/2", body)).toEqual({ id: 2 });
    expect(traffic.statuses()).toEqual([502, 502, 200, 200]);
  });

  it("only counts requests of its method and those `when` accepts", async () => {
    const h = await setup();
    network.use(
      failNext("GET", "*/users/:id", serverError({ status: 503 }), {
        when: (r) => r.url.endsWith("/users/2"),
      }),
    );
    await h.client.http.post("/users", {}, body);
    await h.client.http.get("/users/1", body);
    await h.client.http.get("/users/2", body);
    expect(traffic.requests.map((r) => `${r.method} ${r.url.pathname} ${r.status}`)).toEqual([
      "POST /users 201",
      "GET /users/1 200",
      "GET /users/2 503",
      "GET /users/2 200",
    ]);
  });
});

describe("failure kinds", () => {
  it("429 with Retry-After, and without it, with the vendor's body", async () => {
    const h = await setup();
    network.use(failNext("GET", "*/users/:id", tooManyRequests({ retryAfterSeconds: 3, body: vendor(429) })));
    await h.client.http.get("/users/1", body);
    // Retry-After plus up to a tenth of jitter (fixed at half of it here).
    expect(h.sleeps).toEqual([3_150]);
    network.use(failNext("GET", "*/users/:id", tooManyRequests({ body: vendor(429) })));
    await h.client.http.get("/users/1", body);
    expect(h.sleeps).toHaveLength(2);
    expect(traffic.statuses()).toEqual([429, 200, 429, 200]);
  });

  it("a connection reset is retried on a GET and fails a POST with Unavailable", async () => {
    const h = await setup();
    network.use(failNext("*", "*/users/:id", connectionReset()), failNext("*", "*/users", connectionReset()));
    expect(await h.client.http.get("/users/5", body)).toEqual({ id: 5 });
    const err = await rejection(h.client.http.post("/users", {}, body));
    expect(err?.code).toBe(Code.Unavailable);
    expect(err?.message).toMatch(/^POST \/users failed/);
    expect(traffic.count("POST", "/users")).toBe(1);
    expect(traffic.statuses()).toEqual([undefined, 200, undefined]);
  });

  it("a slow response past the client's timeout is DeadlineExceeded", async () => {
    const h = await setup({ httpTimeoutMs: 50 });
    network.use(failNext("GET", "*/users/:id", slowResponse(1_000)));
    const err = await rejection(h.client.http.get("/users/1", body));
    expect(err).toBeInstanceOf(BatonError);
    expect(err?.code).toBe(Code.DeadlineExceeded);
    // The next one is served at once by the mock's own handler.
    expect(await h.client.http.get("/users/1", body)).toEqual({ id: 1 });
  });

  it("malformed JSON once is asked again; twice it is reported by endpoint, without the body", async () => {
    const h = await setup();
    network.use(failNext("GET", "*/users/:id", malformedJson()));
    expect(await h.client.http.get("/users/1", body)).toEqual({ id: 1 });
    network.use(failNext("GET", "*/users/:id", malformedJson(), { times: 2 }));
    const err = await rejection(h.client.http.get("/users/1", body));
    expect(err?.message).toMatch(/^GET \/users\/1 returned malformed JSON/);
    expect(err?.message).not.toContain("truncated");
    expect(traffic.statuses()).toEqual([200, 200, 200, 200]);
  });
});

describe("recordRequests", () => {
  it("counts requests per endpoint and pattern, and stops when told to", async () => {
    const h = await setup();
    await h.client.http.get("/users/1", body);
    await h.client.http.get("/users/2", body);
    await h.client.http.post("/users", {}, body);
    expect(traffic.count()).toBe(3);
    expect(traffic.count("GET", "/users/:id")).toBe(2);
    expect(traffic.count("get", "*/users/2")).toBe(1);
    expect(traffic.count("POST")).toBe(1);
    expect(traffic.endpoints()).toEqual({ "GET /users/1": 1, "GET /users/2": 1, "POST /users": 1 });
    expect(traffic.requests[0]?.headers.get("x-api-key")).toBe(API_KEY);
    const own = recordRequests(network);
    own.stop();
    await h.client.http.get("/users/3", body);
    expect(own.requests).toEqual([]);
    expect(traffic.count()).toBe(4);
    traffic.clear();
    expect(traffic.requests).toEqual([]);
  });
});
