// The README's request count for a full sync: 1 + 2·⌈N/100⌉ + ⌈R/100⌉ + ⌈G/100⌉ + ⌈D/100⌉.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sync } from "@baton/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ziphq, ziphqConfig } from "../src/index.js";
import { BASE_URL } from "./harness.js";
import { zipHandlers } from "./msw/handlers.js";
import { network, traffic, useNetwork } from "./msw/network.js";
import { generateTenant, type Tenant } from "./msw/tenant.js";

useNetwork();

const pages = (n: number) => Math.max(1, Math.ceil(n / 100));
const expected = (t: Tenant) =>
  1 +
  2 * pages(t.users.length) +
  pages(t.roles.length) +
  pages(t.userGroups.length) +
  pages(t.departments.length);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ziphq-requests-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function trimmed(users: number, roles: number, groups: number, departments: number): Tenant {
  const t = generateTenant();
  return {
    ...t,
    users: t.users.slice(0, users),
    roles: t.roles.slice(0, roles),
    userGroups: t.userGroups.slice(0, groups),
    departments: t.departments.slice(0, departments),
  };
}

describe("requests per full sync", () => {
  it.each([
    ["the test tenant (345 users, 104 roles, 122 groups, 103 departments)", 15, generateTenant()],
    ["200 users and a few of everything else", 8, trimmed(200, 5, 12, 8)],
    ["201 users, no roles, no groups, no departments", 10, trimmed(201, 0, 0, 0)],
  ])("%s: %i requests", async (_, count, tenant) => {
    network.use(...zipHandlers(tenant));
    const config = ziphqConfig.parse({ batonZiphqApiKey: tenant.apiKey, batonZiphqBaseUrl: BASE_URL });
    await sync(ziphq, config, { file: join(dir, `${tenant.users.length}.c1z`), sleep: async () => {} });
    expect(expected(tenant)).toBe(count);
    expect(traffic.requests).toHaveLength(count);
    expect(traffic.count("GET", "/users")).toBe(1 + 2 * pages(tenant.users.length));
    expect(traffic.statuses().every((s) => s === 200)).toBe(true);
  });
});
