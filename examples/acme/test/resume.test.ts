// What a rerun with the same --file resumes, and what it never does: mix two tenants.
import { createHash } from "node:crypto";
import { BatonError, Code, sync } from "@baton/sdk";
import { openC1z } from "@baton/sdk/c1z";
import { recordingLogger } from "@baton/testing";
import { describe, expect, it } from "vitest";
import { acme } from "../connector.ts";
import { ACME_API_KEY, acmeHandlers } from "../mock.ts";
import { makeTenant } from "../tenant.ts";
import { testbed } from "./testbed.ts";

const { network, path } = testbed("resume-");

const config = { baseUrl: "https://acme.test/api", apiKey: ACME_API_KEY, pageSize: 5 };
type AnyType = (typeof acme.resourceTypes)[number];

/** The connector, aborting the sync at its fifth page of team grants. */
function interruptedAt5thGrantPage(ac: AbortController) {
  let pages = 0;
  return {
    ...acme,
    resourceTypes: acme.resourceTypes.map((t: AnyType) =>
      t.id !== "team"
        ? t
        : {
            ...t,
            grants: async (ctx: Parameters<NonNullable<AnyType["grants"]>>[0]) => {
              if (++pages === 5) ac.abort();
              return t.grants!(ctx);
            },
          },
    ),
  };
}

async function interruptedSync(file: string, cfg: typeof config) {
  const ac = new AbortController();
  const err = await sync(interruptedAt5thGrantPage(ac), cfg, { file, signal: ac.signal, workers: 2 }).catch(
    (e) => e,
  );
  expect(err.code).toBe(Code.Canceled);
}

async function usersIn(file: string): Promise<string[]> {
  const store = await openC1z(file);
  try {
    const run = store.selectSync();
    return [...store.resources(run.id, { resourceTypeId: "user" })].map((r) => r.displayName).sort();
  } finally {
    store.close();
  }
}

describe("resuming an interrupted sync", () => {
  it("resumes with the same connector, configuration, credentials and account", async () => {
    network.use(...acmeHandlers(makeTenant({ users: 40, teams: 6 })));
    const file = path("sync.c1z");
    await interruptedSync(file, config);
    const log = recordingLogger();
    const s = await sync(acme, config, { file, logger: log });
    expect(s.resumed).toBe(true);
    expect(log.find(/resuming interrupted sync/)).toBeDefined();
  });

  it("starts fresh, saying so in one line, when the API key changed: the other tenant is never mixed in", async () => {
    network.use(...acmeHandlers(makeTenant({ users: 40, teams: 6 })));
    const file = path("sync.c1z");
    await interruptedSync(file, config);
    // The same URL now answers for another tenant, with another key.
    network.resetHandlers(...acmeHandlers(makeTenant({ users: 7, teams: 2 }), { apiKey: "other-key" }));
    const log = recordingLogger();
    const s = await sync(acme, { ...config, apiKey: "other-key" }, { file, logger: log });
    expect(s.resumed).toBe(false);
    expect(s.byType.user?.resources).toBe(7);
    expect(await usersIn(file)).toHaveLength(7);
    const notResumed = log.lines.filter((l) => /not resuming/.test(l.msg));
    expect(notResumed).toHaveLength(1);
    expect(notResumed[0]!.msg).toBe(
      "not resuming the interrupted sync: it was started with other credentials; starting a fresh sync",
    );
  });

  it("starts fresh when the configuration changed", async () => {
    network.use(...acmeHandlers(makeTenant({ users: 40, teams: 6 })));
    const file = path("sync.c1z");
    await interruptedSync(file, config);
    const log = recordingLogger();
    const s = await sync(acme, { ...config, baseUrl: "https://eu.acme.test/api" }, { file, logger: log });
    expect(s.resumed).toBe(false);
    expect(log.find(/not resuming/)?.msg).toMatch(/started with another configuration/);
  });

  it("starts fresh when validate() reports another account behind the same settings", async () => {
    network.use(...acmeHandlers(makeTenant({ users: 40, teams: 6 })));
    const file = path("sync.c1z");
    const inAccount = (accountId: string) => ({ ...acme, validate: async () => ({ accountId }) });
    const ac = new AbortController();
    const interrupted = { ...interruptedAt5thGrantPage(ac), validate: async () => ({ accountId: "acct-1" }) };
    await sync(interrupted, config, { file, signal: ac.signal, workers: 2 }).catch(() => {});
    const log = recordingLogger();
    const s = await sync(inAccount("acct-2"), config, { file, logger: log });
    expect(s.resumed).toBe(false);
    expect(log.find(/not resuming/)?.msg).toMatch(/started for another account \(acct-1, now acct-2\)/);
  });

  it("keeps no secret in the file's checkpoint, not even its plain hash", async () => {
    network.use(...acmeHandlers(makeTenant({ users: 40, teams: 6 })));
    const file = path("sync.c1z");
    await interruptedSync(file, config);
    const store = await openC1z(file);
    const token = store.latestUnfinishedSync("full")?.syncToken ?? "";
    store.close();
    expect(token).not.toBe("");
    const sha = createHash("sha256").update(ACME_API_KEY).digest("hex");
    for (const leak of [ACME_API_KEY, sha, sha.slice(0, 16), Buffer.from(ACME_API_KEY).toString("base64")])
      expect(token).not.toContain(leak);
  });
});

describe("cursor cycles", () => {
  it("a list whose cursors go round A → B → A fails naming the type and page, instead of paging forever", async () => {
    network.use(...acmeHandlers(makeTenant()));
    let calls = 0;
    const users = acme.resourceTypes.find((t) => t.id === "user")!;
    const cycling = {
      ...acme,
      resourceTypes: [
        {
          ...users,
          list: async ({ cursor }: { cursor?: string }) => {
            if (++calls > 50) throw new Error("still paging after 50 pages");
            return { items: [], next: cursor === "A" ? "B" : "A" };
          },
        },
      ],
    };
    const err = await sync(cycling, config, { file: path("x.c1z") }).catch((e) => e);
    expect(err).toBeInstanceOf(BatonError);
    expect(err.code).toBe(Code.Internal);
    expect(err.message).toBe(
      'resource type "user": list returned cursor "A" again on page 3 (first returned on page 1)',
    );
    expect(calls).toBe(3);
  });

  it("in a resource's grants, names the resource", async () => {
    network.use(...acmeHandlers(makeTenant()));
    const teams = acme.resourceTypes.find((t) => t.id === "team")!;
    const cycling = {
      ...acme,
      resourceTypes: acme.resourceTypes.map((t: AnyType) =>
        t.id !== "team"
          ? t
          : {
              ...teams,
              grants: async ({ cursor }: { cursor?: { n: number } }) => ({
                items: [],
                next: { n: ((cursor?.n ?? 0) + 1) % 3 },
              }),
            },
      ),
    };
    const err = await sync(cycling, config, { file: path("x.c1z") }).catch((e) => e);
    expect(err.message).toMatch(
      /^resource type "team": grants of team:\d+ returned cursor \{"n":1\} again on page 4 \(first returned on page 1\)$/,
    );
  });
});
