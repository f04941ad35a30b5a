import { runConformance } from "@baton/testing";
import { zendesk, zendeskConfig } from "../src/index.js";
import { zendeskHandlers } from "./msw/handlers.js";
import { GROUP_BASE, generateTenant, ORG_BASE, USER_BASE } from "./msw/tenant.js";

const tenant = generateTenant();
const agent = { type: "team_member", id: String(USER_BASE + 21) };

runConformance({
  connector: zendesk,
  // Zendesk returns every custom role in one response: the endpoint is not paginated.
  unpaged: ["role"],
  config: zendeskConfig.parse({
    subdomain: tenant.subdomain,
    email: tenant.email,
    apiToken: tenant.apiToken,
  }),
  // The suite runs several full syncs in a row; the rate limit has its own test (client.test.ts).
  handlers: zendeskHandlers(tenant, { rateLimit: 1_000_000 }),
  failingEndpoint: "*/api/v2/users",
  provisioning: [
    { entitlementId: `group:${GROUP_BASE + 1}:member`, principal: agent },
    { entitlementId: `org:${ORG_BASE + 1}:agent`, principal: agent },
  ],
});
