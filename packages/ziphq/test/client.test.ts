import { Code } from "@baton/sdk";
import { drain, rejection } from "@baton/testing";
import { describe, expect, it } from "vitest";
import { ziphq } from "../src/index.js";
import { department } from "../src/resources/department.js";
import { role } from "../src/resources/role.js";
import { user } from "../src/resources/user.js";
import { harness } from "./harness.js";
import { network, traffic, useNetwork } from "./msw/network.js";
import {
  forbidden,
  malformed,
  rateLimitedOnce,
  serverErrorOnce,
  unauthorized,
  usersWithoutMemberships,
} from "./msw/scenarios.js";
import { userId } from "./msw/tenant.js";

useNetwork();

describe("validate", () => {
  it("reads one page of one user with the key in Zip-Api-Key, never as a Bearer token", async () => {
    const h = await harness();
    await expect(ziphq.validate!(h.ctx)).resolves.toBeUndefined();
    expect(traffic.requests.map((r) => r.url.search)).toEqual(["?page_size=1"]);
    const headers = traffic.requests[0]!.headers;
    expect(headers.get("zip-api-key")).toBe(h.tenant.apiKey);
    expect(headers.get("authorization")).toBeNull();
  });

  it("explains a 401: which setting to check and which key types work, without the key", async () => {
    const h = await harness({ config: { batonZiphqApiKey: "not-the-key" } });
    const err = await rejection(ziphq.validate!(h.ctx));
    expect(err?.code).toBe(Code.Unauthenticated);
    expect(err?.message).toBe(
      "Zip rejected the API key: GET /users returned 401 Unauthorized: The provided API key is not valid",
    );
    expect(err?.hint).toMatch(/--baton-ziphq-api-key \(\$BATON_BATON_ZIPHQ_API_KEY\)/);
    expect(err?.hint).toMatch(
      /Standard key, or a Restricted key with read access to Users, Roles, User groups and Departments/,
    );
    expect(`${err?.message} ${err?.hint}`).not.toContain("not-the-key");
  });

  it("explains a 404 as a base URL that is not Zip's API", async () => {
    const h = await harness({ config: { batonZiphqBaseUrl: "https://api.ziphq.test/v1" } });
    const err = await rejection(ziphq.validate!(h.ctx));
    expect(err?.code).toBe(Code.InvalidArgument);
    expect(err?.message).toMatch(
      /^https:\/\/api\.ziphq\.test\/v1 has no Zip API: GET \/v1\/users returned 404/,
    );
    expect(err?.hint).toMatch(/--baton-ziphq-base-url/);
  });
});

describe("HTTP behaviour", () => {
  it("backs off on a 429 without Retry-After (Zip's leaky bucket sends none) and carries on", async () => {
    const h = await harness();
    network.use(rateLimitedOnce("/roles"));
    const { items } = await drain((cursor) => role.list({ ...h.ctx, cursor }));
    expect(items).toHaveLength(h.tenant.roles.length);
    expect(traffic.statuses()).toEqual([429, 200, 200]);
    expect(h.sleeps).toHaveLength(1);
    expect(h.sleeps[0]).toBeGreaterThan(0);
  });

  it("waits at least half a second after a 429 without Retry-After, whatever the jitter", async () => {
    for (const random of [0, 0.999]) {
      const h = await harness({ random: () => random });
      network.use(rateLimitedOnce("/roles"));
      await drain((cursor) => role.list({ ...h.ctx, cursor }));
      expect(h.sleeps).toHaveLength(1);
      expect(h.sleeps[0]).toBeGreaterThanOrEqual(500);
      expect(h.sleeps[0]).toBeLessThan(750);
      traffic.clear();
    }
  });

  it("waits as long as a 429's Retry-After says when there is one", async () => {
    const h = await harness();
    network.use(rateLimitedOnce("/roles", 3));
    await drain((cursor) => role.list({ ...h.ctx, cursor }));
    // Retry-After plus jitter: up to a tenth more (half of it with the harness's fixed randomness).
    expect(h.sleeps).toEqual([3_150]);
  });

  it("drains the mock's leaky bucket without failing a sync's reads", async () => {
    const h = await harness({ mock: { bucket: { capacity: 2, leakPerSecond: 4 } } });
    const users = await drain((cursor) => user.list({ ...h.ctx, cursor }));
    const departments = await drain((cursor) => department.list({ ...h.ctx, cursor }));
    expect(users.items).toHaveLength(h.tenant.users.length);
    expect(departments.items).toHaveLength(h.tenant.departments.length);
    expect(traffic.statuses().filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(traffic.statuses().filter((s) => s === 200)).toHaveLength(4 + 2);
  });

  it.each([500, 502, 503, 504])("retries a read after %i", async (status) => {
    const h = await harness();
    network.use(serverErrorOnce("/departments", status));
    const { items } = await drain((cursor) => department.list({ ...h.ctx, cursor }));
    expect(items).toHaveLength(h.tenant.departments.length);
    expect(traffic.statuses()[0]).toBe(status);
  });

  it("does not retry a write after a 5xx: the PATCH is sent once", async () => {
    const h = await harness();
    network.use(serverErrorOnce("/users/:id", 503, "PATCH"));
    const err = await rejection(h.client.updateUser(userId(1), { data: { role_ids: [] } }));
    expect(err?.code).toBe(Code.Unavailable);
    expect(traffic.count("PATCH", "/users/:id")).toBe(1);
  });

  it("tells which record type a Restricted key lacks when a list is refused", async () => {
    const h = await harness();
    network.use(forbidden("/roles"));
    const err = await rejection(role.list({ ...h.ctx }));
    expect(err?.code).toBe(Code.PermissionDenied);
    expect(err?.message).toMatch(/\(the API key needs read access to Roles\)$/);
    expect(err?.hint).toMatch(/Restricted key with read access/);
  });

  it("reports 401 on a list as Unauthenticated", async () => {
    const h = await harness();
    network.use(unauthorized());
    expect((await rejection(user.list({ ...h.ctx })))?.code).toBe(Code.Unauthenticated);
  });

  it("reports a non-JSON answer and users without the assumed fields by endpoint and field", async () => {
    const h = await harness();
    network.use(malformed("/users"));
    expect((await rejection(user.list({ ...h.ctx })))?.message).toBe(
      "GET /users returned malformed JSON (text/html, 33 bytes)",
    );
    network.resetHandlers(usersWithoutMemberships());
    const mismatch = await rejection(user.list({ ...h.ctx }));
    expect(mismatch?.message).toMatch(/^GET \/users: unexpected response: list\[0\]\.roles: /);
  });
});
