// The Zendesk handlers' context against a fresh mock tenant, on the testing kit's fake clock.
import { type FakeClock, fakeClock, handlerHarness, type Harness as KitHarness } from "@baton/testing";
import type { ZendeskClient } from "../src/client.js";
import { type ZendeskConfig, zendesk, zendeskConfig } from "../src/index.js";
import { type MockOptions, zendeskHandlers } from "./msw/handlers.js";
import { network } from "./msw/network.js";
import { generateTenant, type Tenant } from "./msw/tenant.js";

export interface Harness extends KitHarness<ZendeskClient, ZendeskConfig> {
  tenant: Tenant;
}

/** A fresh tenant served by the mock (its rate-limit window on the harness's clock), and a handler context whose client talks to it. */
export async function harness(
  o: { config?: Partial<ZendeskConfig>; mock?: MockOptions; tenant?: Tenant; clock?: FakeClock } = {},
): Promise<Harness> {
  const tenant = o.tenant ?? generateTenant();
  const clock = o.clock ?? fakeClock();
  network.use(...zendeskHandlers(tenant, { now: clock.now, ...o.mock }));
  const config = zendeskConfig.parse({
    subdomain: tenant.subdomain,
    email: tenant.email,
    apiToken: tenant.apiToken,
    ...o.config,
  });
  return { tenant, ...(await handlerHarness(zendesk, config, { clock })) };
}
