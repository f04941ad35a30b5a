import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Code,
  defineConnector,
  entitlement,
  grant,
  groupResource,
  ref,
  resourceType,
  sync,
  userResource,
  z,
} from "@baton/sdk";
import { afterAll, describe, expect, it } from "vitest";
import { abortAtGrantsPage } from "../src/interrupt.js";

const dir = mkdtempSync(join(tmpdir(), "kit-interrupt-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Two users and four teams; each team's grants come in two pages. */
let grantPages = 0;
const tiny = defineConnector({
  name: "tiny",
  displayName: "Tiny",
  version: "1.0.0",
  config: z.object({}),
  client: () => ({}),
  resourceTypes: [
    resourceType({
      id: "user",
      displayName: "User",
      traits: ["user"],
      skipEntitlementsAndGrants: true,
      list: async () => [
        userResource("user", "u1", { displayName: "U1" }),
        userResource("user", "u2", { displayName: "U2" }),
      ],
    }),
    resourceType<unknown, number>({
      id: "team",
      displayName: "Team",
      traits: ["group"],
      list: async () => [1, 2, 3, 4].map((i) => groupResource("team", `t${i}`, { displayName: `T${i}` })),
      entitlements: async ({ resource }) => [entitlement(resource, "member", { grantableTo: ["user"] })],
      grants: async ({ resource, cursor }) => {
        grantPages++;
        const member = entitlement(resource, "member", { grantableTo: ["user"] });
        const page = cursor ?? 0;
        return { items: [grant(member, ref("user", `u${page + 1}`))], next: page === 0 ? 1 : undefined };
      },
    }),
  ],
});

describe("abortAtGrantsPage", () => {
  it("stops the sync at that page of the type's grants; a rerun resumes and finishes it", async () => {
    const file = join(dir, "sync.c1z");
    const controller = new AbortController();
    const stopped = abortAtGrantsPage(tiny, { type: "team", page: 3, controller });
    const err = await sync(stopped, {}, { file, signal: controller.signal }).catch((e: unknown) => e);
    expect((err as { code?: Code }).code, String(err)).toBe(Code.Canceled);
    expect(grantPages).toBe(3);
    const s = await sync(tiny, {}, { file });
    expect(s.resumed).toBe(true);
    expect(s.totals.grants).toBe(8);
  });

  it("says so when the type has no grants to stop at", () => {
    expect(() =>
      abortAtGrantsPage(tiny, { type: "user", page: 1, controller: new AbortController() }),
    ).toThrow("tiny has no resource type user with grants");
  });
});
