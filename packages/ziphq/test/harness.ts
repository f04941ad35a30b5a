// The Zip handlers' context against a fresh mock tenant, on the testing kit's fake clock.
import { type FakeClock, fakeClock, handlerHarness, type Harness as KitHarness } from "@baton/testing";
import type { ZipClient } from "../src/client.js";
import { type ZiphqConfig, ziphq, ziphqConfig } from "../src/index.js";
import { type MockOptions, zipHandlers } from "./msw/handlers.js";
import { network } from "./msw/network.js";
import { generateTenant, type Tenant } from "./msw/tenant.js";

export interface Harness extends KitHarness<ZipClient, ZiphqConfig> {
  tenant: Tenant;
}

export const BASE_URL = "https://api.ziphq.test";

/** A fresh tenant served by the mock (its rate limit on the harness's clock), and a handler context whose client talks to it. */
export async function harness(
  o: {
    config?: Partial<ZiphqConfig>;
    mock?: MockOptions;
    tenant?: Tenant;
    clock?: FakeClock;
    /** The HTTP clients' jitter source (default the kit's fixed 0.5). */
    random?: () => number;
  } = {},
): Promise<Harness> {
  const tenant = o.tenant ?? generateTenant();
  const clock = o.clock ?? fakeClock();
  network.use(...zipHandlers(tenant, { now: clock.now, ...o.mock }));
  const config = ziphqConfig.parse({
    batonZiphqApiKey: tenant.apiKey,
    batonZiphqBaseUrl: BASE_URL,
    ...o.config,
  });
  return {
    tenant,
    ...(await handlerHarness(ziphq, config, { clock, ...(o.random && { random: o.random }) })),
  };
}
