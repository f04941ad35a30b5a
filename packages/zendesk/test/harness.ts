// Calls the connector's handlers the way the SDK does, against the mock tenant, with a fake clock.
import {
  type HandlerContext,
  HttpClient,
  type Page,
  type PageResult,
  SecretSet,
  silentLogger,
} from "@baton/sdk";
import type { ZendeskClient } from "../src/client.js";
import { type ZendeskConfig, zendesk, zendeskConfig } from "../src/index.js";
import { type MockOptions, zendeskHandlers } from "./msw/handlers.js";
import { network } from "./msw/network.js";
import { generateTenant, type Tenant } from "./msw/tenant.js";

export interface Harness {
  tenant: Tenant;
  config: ZendeskConfig;
  ctx: HandlerContext<ZendeskClient, ZendeskConfig>;
  /** Every wait the HTTP client asked for (ms); waiting advances the fake clock instead. */
  sleeps: number[];
  /** Status of every response the mock sent. */
  statuses: number[];
}

/** A fresh tenant served by the mock, and a handler context whose client talks to it. */
export async function harness(
  o: { config?: Partial<ZendeskConfig>; mock?: MockOptions; tenant?: Tenant } = {},
): Promise<Harness> {
  const tenant = o.tenant ?? generateTenant();
  let clock = Date.UTC(2026, 0, 1);
  const sleeps: number[] = [];
  const statuses: number[] = [];
  network.use(
    ...zendeskHandlers(tenant, {
      now: () => clock,
      onResponse: (r) => statuses.push(r.status),
      ...o.mock,
    }),
  );
  const config = zendeskConfig.parse({
    subdomain: tenant.subdomain,
    email: tenant.email,
    apiToken: tenant.apiToken,
    ...o.config,
  });
  const client = await zendesk.client(config, {
    log: silentLogger,
    secrets: new SecretSet([config.apiToken]),
    signal: new AbortController().signal,
    http: (opts) =>
      new HttpClient({
        userAgent: "baton-zendesk/test",
        now: () => clock,
        sleep: async (ms) => {
          sleeps.push(ms);
          clock += ms;
        },
        random: () => 0.5,
        ...opts,
      }),
  });
  const memo = new Map<string, Promise<unknown>>();
  const ctx: HandlerContext<ZendeskClient, ZendeskConfig> = {
    client,
    config,
    log: silentLogger,
    signal: new AbortController().signal,
    once: (key, compute) => {
      if (!memo.has(key)) memo.set(key, compute());
      return memo.get(key) as ReturnType<typeof compute>;
    },
  };
  return { tenant, config, ctx, sleeps, statuses };
}

/** Every item of a paged handler, following its cursors as the sync engine does. */
export async function drain<T>(
  page: (cursor: string | undefined) => Promise<PageResult<T, string>>,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const result = await page(cursor);
    const { items: got, next }: Page<T, string> = Array.isArray(result) ? { items: result } : result;
    items.push(...got);
    pages++;
    if (next !== undefined && next === cursor) throw new Error("cursor did not advance");
    cursor = next;
  } while (cursor !== undefined);
  return { items, pages };
}
