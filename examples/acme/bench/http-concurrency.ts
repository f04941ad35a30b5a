// HTTP concurrency benchmark (not a test): a paged HTTP connector syncs 1,000 groups with one page of
// members each from a loopback server that answers after 20 ms, once with one worker (sequential
// paging) and once with the default concurrency. Prints both times and the speed-up.
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DEFAULT_WORKERS,
  defineConnector,
  entitlement,
  grant,
  groupResource,
  ref,
  resourceType,
  sync,
  z,
} from "@baton/sdk";
import { serveHandlers } from "@baton/testing";
import { HttpResponse, http } from "msw";

const GROUPS = 1_000;
const LATENCY_MS = 20;
const delay = () => new Promise((r) => setTimeout(r, LATENCY_MS));
const page = z.object({ items: z.array(z.number()), next: z.number().nullable() });

const server = await serveHandlers([
  http.get("*/groups/:id/members", async ({ params }) => {
    await delay();
    const g = Number(params.id);
    return HttpResponse.json({ items: [1, 2, 3, 4, 5].map((k) => (g * 5 + k) % 500), next: null });
  }),
  http.get("*/groups", async ({ request }) => {
    await delay();
    const from = Number(new URL(request.url).searchParams.get("offset") ?? 0);
    const items = Array.from({ length: Math.min(100, GROUPS - from) }, (_, k) => from + k);
    return HttpResponse.json({ items, next: from + 100 < GROUPS ? from + 100 : null });
  }),
]);

type Client = ReturnType<typeof makeClient>;
const makeClient = (h: import("@baton/sdk").HttpClient) => ({
  groups: (offset: number) => h.get("/groups", page, { query: { offset } }),
  members: (id: string) => h.get(`/groups/${id}/members`, page),
});
const groups = resourceType<Client, number>({
  id: "group",
  displayName: "Group",
  traits: ["group"],
  async list({ client, cursor = 0 }) {
    const p = await client.groups(cursor);
    return {
      items: p.items.map((i) => groupResource("group", i, { displayName: `Group ${i}` })),
      next: p.next ?? undefined,
    };
  },
  async entitlements({ resource }) {
    return [entitlement(resource, "member")];
  },
  async grants({ client, resource }) {
    const p = await client.members(resource.id!.resource);
    return p.items.map((u) => grant(resource, "member", ref("user", u)));
  },
});
const connector = defineConnector({
  name: "bench-http",
  displayName: "HTTP benchmark",
  version: "0.0.0",
  config: z.object({ baseUrl: z.string() }),
  client: (config, ctx) => makeClient(ctx.http({ baseUrl: config.baseUrl })),
  resourceTypes: [groups],
});

const file = join(tmpdir(), `baton-http-bench-${process.pid}.c1z`);
async function timed(workers: number) {
  rmSync(file, { force: true });
  const t0 = performance.now();
  const s = await sync(connector, { baseUrl: server.url }, { file, workers });
  return { ms: performance.now() - t0, grants: s.totals.grants };
}
const sequential = await timed(1);
const concurrent = await timed(DEFAULT_WORKERS);
await server.close();
rmSync(file, { force: true });
console.log(
  `HTTP concurrency benchmark — ${GROUPS} groups, one page of members each, ${LATENCY_MS} ms per response`,
);
console.table([
  { workers: 1, seconds: +(sequential.ms / 1000).toFixed(2), grants: sequential.grants },
  { workers: DEFAULT_WORKERS, seconds: +(concurrent.ms / 1000).toFixed(2), grants: concurrent.grants },
]);
console.log(
  `speed-up of the default concurrency over sequential paging: ${(sequential.ms / concurrent.ms).toFixed(1)}×`,
);
