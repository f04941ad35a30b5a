// Writes are never repeated behind the user's back: create-account, delete and rotate run once; grant
// and revoke are tried again only when the vendor certainly did not act on the failed request.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HttpResponse, http } from "msw";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { fakeClock } from "../../../testing/src/clock.ts";
import { failNext, lostResponse } from "../../../testing/src/mock/faults.ts";
import { setupMswNetwork, useMswNetwork } from "../../../testing/src/msw.ts";
import { entitlement, grant, groupResource, ref, userResource } from "../../src/connector/builders.js";
import { defineConnector, resourceType } from "../../src/connector/define.js";
import { BatonError, Code } from "../../src/errors.js";
import type { HttpClient } from "../../src/http/index.js";
import {
  createAccount,
  deleteResource,
  grantEntitlement,
  revokeGrant,
  rotateCredentials,
} from "../../src/provision/index.js";
import { sync } from "../../src/sync/index.js";

const BASE = "https://writes.test";
const network = setupMswNetwork();
useMswNetwork(network);

/** What each write does on its next calls: throw one of these errors in turn, then succeed. */
const plan: Record<string, Array<() => BatonError>> = {};
const calls: Record<string, number> = {};
const attempt = (op: string) => {
  calls[op] = (calls[op] ?? 0) + 1;
  const next = plan[op]?.shift();
  if (next) throw next();
};

/** A 503 or a reset: the vendor may have acted on the request. */
const mayHaveActed = () => new BatonError(Code.Unavailable, "POST /things failed: other side closed");
/** A 429 the HTTP client gave up on, or a request that never left: the vendor did not act. */
const didNotAct = () =>
  new BatonError(Code.Unavailable, "POST /things returned 429 Too Many Requests", { notProcessed: true });

const accounts: Array<{ id: number; email: string }> = [];

const connector = defineConnector({
  name: "writes",
  displayName: "Writes",
  version: "0.0.1",
  config: z.object({}),
  client: (_c, ctx): HttpClient => ctx.http({ baseUrl: BASE }),
  resourceTypes: [
    resourceType<HttpClient>({
      id: "user",
      displayName: "User",
      traits: ["user"],
      list: async () => [userResource("user", "u1", { displayName: "Ann" })],
      // No check-then-act on purpose: only the runtime stands between a lost response and a second POST.
      async createAccount({ client, info }) {
        attempt("create");
        const created = await client.post(
          "/accounts",
          { email: info.emails[0]?.address },
          z.object({ id: z.number() }),
        );
        return { status: "created", resource: userResource("user", created.id, { displayName: "new" }) };
      },
      async deleteResource() {
        attempt("delete");
        return "deleted";
      },
      async rotateCredentials() {
        attempt("rotate");
        return [];
      },
    }),
    resourceType<HttpClient>({
      id: "group",
      displayName: "Group",
      traits: ["group"],
      list: async () => [groupResource("group", "g1", { displayName: "Eng" })],
      entitlements: async ({ resource }) => [entitlement(resource, "member", { grantableTo: ["user"] })],
      grants: async ({ resource }) => [grant(resource, "member", ref("user", "u1"))],
      async grant() {
        attempt("grant");
        return "granted";
      },
      async revoke() {
        attempt("revoke");
        return "revoked";
      },
    }),
  ],
});

const accountHandler = http.post(`${BASE}/accounts`, async ({ request }) => {
  const { email } = (await request.json()) as { email: string };
  const account = { id: accounts.length + 1, email };
  accounts.push(account);
  return HttpResponse.json(account, { status: 201 });
});

let dir: string;
let file: string;
const clock = fakeClock();
const fast = { sleep: clock.sleep, now: clock.now, random: () => 0.5 };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "writes-"));
  file = join(dir, "sync.c1z");
  await sync(connector, {}, { file, ...fast });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  for (const k of Object.keys(plan)) delete plan[k];
  for (const k of Object.keys(calls)) delete calls[k];
  accounts.splice(0);
  network.use(accountHandler);
});

const grantReq = { entitlementId: "group:g1:member", principalType: "user", principalId: "u1" };

describe("writes that are never repeated", () => {
  it("a create-account whose response is lost leaves exactly one account, and says it may exist", async () => {
    network.use(failNext("POST", `${BASE}/accounts`, lostResponse([accountHandler])));
    const err = (await createAccount(connector, {}, { email: "new@writes.test", ...fast }).catch(
      (e) => e,
    )) as BatonError;
    expect(accounts).toHaveLength(1);
    expect(calls.create).toBe(1);
    expect(err).toBeInstanceOf(BatonError);
    expect(err.code).toBe(Code.Unavailable);
    expect(err.hint).toBe(
      "Writes may have done the account creation before the failure: sync and check before running it again",
    );
  });

  it.each([
    ["create", () => createAccount(connector, {}, { email: "x@writes.test", ...fast })],
    ["delete", () => deleteResource(connector, {}, { resourceType: "user", resourceId: "u1", ...fast })],
    ["rotate", () => rotateCredentials(connector, {}, { resourceType: "user", resourceId: "u1", ...fast })],
  ] as const)("%s runs once even after a retryable failure", async (op, run) => {
    plan[op] = [mayHaveActed, mayHaveActed];
    const err = (await run().catch((e) => e)) as BatonError;
    expect(err.code).toBe(Code.Unavailable);
    expect(calls[op]).toBe(1);
  });
});

describe("grant and revoke", () => {
  it("are tried again when the vendor did not act on the failed request (429, never sent)", async () => {
    plan.grant = [didNotAct];
    expect(await grantEntitlement(connector, {}, { ...grantReq, file, ...fast })).toBe("granted");
    expect(calls.grant).toBe(2);
    plan.revoke = [didNotAct, didNotAct];
    expect(await revokeGrant(connector, {}, { file, grantId: "group:g1:member:user:u1", ...fast })).toBe(
      "revoked",
    );
    expect(calls.revoke).toBe(3);
  });

  it("are not tried again when the vendor may have acted", async () => {
    plan.grant = [mayHaveActed];
    const err = (await grantEntitlement(connector, {}, { ...grantReq, file, ...fast }).catch(
      (e) => e,
    )) as BatonError;
    expect(err.code).toBe(Code.Unavailable);
    expect(calls.grant).toBe(1);
  });
});
