// The JumpCloud handlers' context against a fresh mock organization, on the testing kit's fake clock.
import { type FakeClock, fakeClock, handlerHarness, type Harness as KitHarness } from "@baton/testing";
import type { JumpCloudClient } from "../src/client.js";
import { type JumpCloudConfig, jumpcloud, jumpcloudConfig } from "../src/index.js";
import { jumpcloudHandlers, type MockOptions } from "./msw/handlers.js";
import { network } from "./msw/network.js";
import { generateTenant, type Tenant } from "./msw/tenant.js";

export interface Harness extends KitHarness<JumpCloudClient, JumpCloudConfig> {
  tenant: Tenant;
}

/** A fresh organization served by the mock (its rate limit on the harness's clock), and a handler context whose client talks to it. */
export async function harness(
  o: { config?: Partial<JumpCloudConfig>; mock?: MockOptions; tenant?: Tenant; clock?: FakeClock } = {},
): Promise<Harness> {
  const tenant = o.tenant ?? generateTenant();
  const clock = o.clock ?? fakeClock();
  network.use(...jumpcloudHandlers(tenant, { now: clock.now, ...o.mock }));
  const config = jumpcloudConfig.parse({ apiKey: tenant.apiKey, ...o.config });
  return { tenant, ...(await handlerHarness(jumpcloud, config, { clock })) };
}
