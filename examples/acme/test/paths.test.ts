import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code, sync } from "@baton/sdk";
import { setupMswNetwork } from "@baton/testing";
import { http } from "msw";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { acme } from "../connector.ts";
import { ACME_API_KEY, acmeHandlers } from "../mock.ts";
import { makeTenant } from "../tenant.ts";

// An id given on the command line reaches a URL; it must not be able to change the request.
const network = setupMswNetwork();
let dir: string;
beforeAll(() => network.enable());
afterAll(() => network.disable());
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "paths-"));
});
afterEach(() => {
  network.resetHandlers();
  rmSync(dir, { recursive: true, force: true });
});

const config = { baseUrl: "https://acme.test/api", apiKey: ACME_API_KEY, pageSize: 25 };

/** The mock tenant, recording the path and query of every request for one user. */
function recordUserRequests() {
  const seen: string[] = [];
  network.use(
    http.get("https://acme.test/api/users/*", ({ request }) => {
      const url = new URL(request.url);
      seen.push(url.pathname + url.search);
      return undefined;
    }),
    ...acmeHandlers(makeTenant()),
  );
  return seen;
}

describe("ids from --sync-resources", () => {
  it.each([
    ["bid:r:user/3?admin=true", "/api/users/3%3Fadmin%3Dtrue"],
    ["bid:r:user/..\\/teams", "/api/users/..%2Fteams"],
    ["bid:r:user/3#frag", "/api/users/3%23frag"],
  ])("%s stays one path segment", async (bid, requested) => {
    const seen = recordUserRequests();
    const summary = await sync(acme, config, { file: join(dir, "sync.c1z"), resources: [bid] });
    expect(seen).toEqual([requested]);
    expect(summary.totals.resources).toBe(0);
  });

  it("refuses '..' with InvalidArgument before requesting anything", async () => {
    const seen = recordUserRequests();
    const err = await sync(acme, config, { file: join(dir, "sync.c1z"), resources: ["bid:r:user/.."] }).then(
      () => undefined,
      (e: unknown) => e as { code: number; message: string },
    );
    expect(err?.code).toBe(Code.InvalidArgument);
    expect(err?.message).toBe('".." cannot be a URL path segment: a dot segment would change the path');
    expect(seen).toEqual([]);
  });

  it("still finds a plain id", async () => {
    const seen = recordUserRequests();
    const summary = await sync(acme, config, { file: join(dir, "sync.c1z"), resources: ["bid:r:user/3"] });
    expect(seen).toEqual(["/api/users/3"]);
    expect(summary.totals.resources).toBe(1);
  });
});
