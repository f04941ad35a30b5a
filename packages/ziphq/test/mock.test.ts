// The mock itself: it must behave as Zip is documented to, or the connector's tests prove nothing.
import { fakeClock } from "@baton/testing";
import { describe, expect, it } from "vitest";
import { BASE_URL } from "./harness.js";
import { type MockOptions, zipHandlers } from "./msw/handlers.js";
import { network, useNetwork } from "./msw/network.js";
import { generateTenant, roleId, userId } from "./msw/tenant.js";

useNetwork();

function serve(options: MockOptions = {}) {
  const tenant = generateTenant();
  network.use(...zipHandlers(tenant, options));
  const call = async (path: string, init: RequestInit & { key?: string | null } = {}) => {
    const { key = tenant.apiKey, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (key !== null) headers.set("Zip-Api-Key", key);
    if (rest.body) headers.set("content-type", "application/json");
    const res = await fetch(`${BASE_URL}${path}`, { ...rest, headers });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };
  return { tenant, call };
}

describe("the mock Zip API", () => {
  it("refuses a missing or wrong key, and a Bearer token, with Zip's 401 body", async () => {
    const { tenant, call } = serve();
    const invalid = { status: 401, body: { message: "The provided API key is not valid" } };
    expect(await call("/users", { key: null })).toMatchObject(invalid);
    expect(await call("/users", { key: "wrong" })).toMatchObject(invalid);
    const bearer = await call("/users", { key: null, headers: { authorization: `Bearer ${tenant.apiKey}` } });
    expect(bearer).toMatchObject(invalid);
  });

  it("pages with page_size and page_token in the {list, size, total, next_page_token} envelope", async () => {
    const { tenant, call } = serve();
    const first = await call("/users?page_size=100");
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ size: 100, total: tenant.users.length });
    expect(first.body.list[0]).toMatchObject({ id: userId(0), roles: [], department: expect.any(Object) });
    const token = first.body.next_page_token;
    expect(token).toEqual(expect.any(String));
    const last = await call(`/users?page_size=100&page_token=${token}&page_size=100`);
    expect(last.body.list[0].id).toBe(userId(100));
    const end = await call(
      "/roles?page_size=100&page_token=" + (await call("/roles?page_size=100")).body.next_page_token,
    );
    expect(end.body).toMatchObject({ size: 4, total: 104 });
    expect(end.body.next_page_token).toBeUndefined();
    expect((await call("/users?page_size=101")).status).toBe(400);
    expect((await call("/users")).body.size).toBe(50); // Zip's default page
  });

  it("answers 400 to any unknown query parameter", async () => {
    const { call } = serve();
    expect(await call("/users?page_size=10&sort_by=email")).toMatchObject({
      status: 400,
      body: { message: "Unknown query parameter: sort_by" },
    });
    expect((await call("/roles?email=a@b.c")).status).toBe(400);
    expect((await call(`/users/${userId(1)}?page_size=1`)).status).toBe(400);
    expect((await call("/users?email=nobody@acme.test")).body).toMatchObject({ list: [], total: 0 });
  });

  it("answers 400 to a write body that is not wrapped in data, or names an unknown field", async () => {
    const { tenant, call } = serve();
    const user = `/users/${userId(1)}`;
    const patch = (body: unknown) => call(user, { method: "PATCH", body: JSON.stringify(body) });
    expect(await patch({ role_ids: [] })).toMatchObject({
      status: 400,
      body: { message: 'The request body must be an object with a "data" object' },
    });
    expect((await patch({ data: { roles: [] } })).body.message).toBe("Unknown field: roles");
    expect((await patch({ data: { role_ids: ["nope"] } })).status).toBe(400);
    expect((await patch({ data: { role_ids: [roleId(3)] } })).body.roles).toEqual([
      { id: roleId(3), name: "Procurement manager" },
    ]);
    expect(tenant.users[1]!.role_ids).toEqual([roleId(3)]);
    const post = await call("/users", { method: "POST", body: JSON.stringify({ email: "x@acme.test" }) });
    expect(post.status).toBe(400);
  });

  it("answers 405 with Allow for a method a route does not offer, and 404 for unknown paths and ids", async () => {
    const { call } = serve();
    expect(await call("/roles", { method: "DELETE" })).toMatchObject({ status: 405 });
    expect((await call("/roles", { method: "DELETE" })).headers.get("allow")).toBe("OPTIONS, GET");
    expect((await call("/users", { method: "PUT", body: "{}" })).headers.get("allow")).toBe(
      "OPTIONS, GET, POST",
    );
    expect((await call("/v1/users")).status).toBe(404);
    expect(await call("/users/no-such-user")).toMatchObject({
      status: 404,
      body: { message: "User not found" },
    });
  });

  it("rate-limits with a leaky bucket: 429 without Retry-After, then success once it drains", async () => {
    const clock = fakeClock();
    const { call } = serve({ now: clock.now, bucket: { capacity: 3, leakPerSecond: 1 } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call("/departments")).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await call("/departments");
    expect(limited).toMatchObject({ status: 429, body: { message: "Too Many Requests" } });
    expect(limited.headers.get("retry-after")).toBeNull();
    clock.advance(1_000);
    expect((await call("/departments")).status).toBe(200);
  });

  it("sends Retry-After with its 429 when asked to", async () => {
    const clock = fakeClock();
    const { call } = serve({ now: clock.now, bucket: { capacity: 1, leakPerSecond: 0.5 }, retryAfter: true });
    await call("/roles");
    const limited = await call("/roles");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
  });
});
