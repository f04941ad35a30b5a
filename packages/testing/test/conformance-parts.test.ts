// The pieces of the conformance suite's fault cases: how endpoints are named, which requests are
// faulted, and that the comparison catches a connector that loses data under a fault.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sync } from "@baton/sdk";
import { afterAll, describe, expect, it } from "vitest";
import { dumpFile, firstDifferences } from "../src/conformance/dump.js";
import { endpointOf, faultEveryEndpoint, readEndpoints } from "../src/conformance/endpoints.js";
import { serverError, slowResponse } from "../src/mock/faults.js";
import { recordRequests, setupMswNetwork, useMswNetwork } from "../src/msw.js";
import { API_KEY, demo, demoHandlers, demoUsers } from "./demo.js";

const network = setupMswNetwork();
const traffic = recordRequests(network);
useMswNetwork(network, traffic);
const dir = mkdtempSync(join(tmpdir(), "conformance-parts-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = { baseUrl: "https://api.demo.test", apiKey: API_KEY, pageSize: 10 };
const fast = { sleep: async () => {} };

describe("endpointOf", () => {
  it.each([
    ["/api/v2/groups/20001/memberships", "GET /api/v2/groups/:id/memberships"],
    ["/v1/environments/4f0c1a2b-0000-4000-8000-00000000000a/users", "GET /v1/environments/:id/users"],
    ["/api/v2/usergroups/5f1d2e3c4b5a69788796a5b4/members", "GET /api/v2/usergroups/:id/members"],
    ["/projects/p-3-1/teams", "GET /projects/:id/teams"],
    ["/api/v2/users/me", "GET /api/v2/users/me"],
    ["/v1/users", "GET /v1/users"],
    ["/api/v2/users.json", "GET /api/v2/users.json"],
  ])("names %s as %s", (path, name) => {
    expect(endpointOf("get", new URL(path, "https://vendor.test"))).toBe(name);
  });
});

describe("the fault cases", () => {
  it("find the read endpoints of a sync, and fault the first and third request of each, each URL once", async () => {
    network.use(...demoHandlers(demoUsers(45), { now: Date.now }));
    await sync(demo, config, { file: join(dir, "clean.c1z"), ...fast });
    const endpoints = readEndpoints(traffic.requests);
    expect(endpoints).toEqual(["GET /v1/me", "GET /v1/users"]);
    traffic.clear();
    const { handler, stats } = faultEveryEndpoint(endpoints, serverError({ status: 503 }));
    network.use(handler);
    await sync(demo, config, { file: join(dir, "faulted.c1z"), ...fast });
    expect(stats.injected).toBe(3);
    expect(traffic.requests.map((r) => `${r.url.pathname} ${r.status}`)).toEqual([
      "/v1/me 503",
      "/v1/me 200",
      // The first page, its retry (not counted), the second page, the third page and its retry.
      "/v1/users 503",
      "/v1/users 200",
      "/v1/users 200",
      "/v1/users 503",
      "/v1/users 200",
      "/v1/users 200",
      "/v1/users 200",
    ]);
  });

  it("catch a connector that takes a timeout for the end of the list", async () => {
    network.use(...demoHandlers(demoUsers(45), { now: Date.now }));
    await sync(demo, config, { file: join(dir, "clean.c1z"), ...fast });
    const clean = (await dumpFile(join(dir, "clean.c1z")))!;
    const users = demo.resourceTypes[0]!;
    // A timeout reaches the handler (the client does not retry it): this one answers "no more".
    const careless = {
      ...demo,
      resourceTypes: [
        { ...users, list: (ctx: Parameters<typeof users.list>[0]) => users.list(ctx).catch(() => []) },
      ],
    };
    const { handler } = faultEveryEndpoint(["GET /v1/users"], slowResponse(400), [3]);
    network.use(handler);
    const file = join(dir, "careless.c1z");
    await sync(careless, config, { file, ...fast, httpTimeoutMs: 100 });
    const now = (await dumpFile(file))!;
    expect(now.length).toBeLessThan(clean.length);
    expect(firstDifferences(clean, now)[0]).toMatch(/^- resource user\/u00\d\d parent=- name=User \d+ \[/);
  });
});
