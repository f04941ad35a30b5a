// Handler contexts on the SDK's runtime against a fresh mock environment, all on one fake clock.
import { fakeClock, handlerHarness, type TokenStore, tokenStore } from "@baton/testing";
import { type PingOneConfig, pingone, pingoneConfig } from "../src/index.js";
import { type MockOptions, pingoneHandlers } from "./msw/handlers.js";
import { network } from "./msw/network.js";
import { generateTenant, type Tenant } from "./msw/tenant.js";

/** The settings that reach the mock tenant (any region: the mock answers on every host). */
export const settings = (tenant: Tenant, extra: Record<string, unknown> = {}): PingOneConfig =>
  pingoneConfig.parse({
    pingoneClientId: tenant.clientId,
    pingoneClientSecret: tenant.clientSecret,
    pingoneEnvironmentId: tenant.environmentId,
    ...extra,
  });

export async function harness(
  o: { config?: Record<string, unknown>; mock?: MockOptions; tenant?: Tenant } = {},
) {
  const tenant = o.tenant ?? generateTenant();
  const clock = fakeClock();
  const tokens: TokenStore = tokenStore({
    now: clock.now,
    lifetimeSeconds: o.mock?.tokenLifetimeSeconds ?? 3600,
  });
  network.use(...pingoneHandlers(tenant, { now: clock.now, tokens, ...o.mock }));
  const h = await handlerHarness(pingone, settings(tenant, o.config), { clock });
  return { ...h, tenant, tokens };
}

export type Harness = Awaited<ReturnType<typeof harness>>;
