import { fileURLToPath } from "node:url";
import { runConformance, serveHandlers } from "@baton/testing";
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
  // The built binary against the same mock account, served on 127.0.0.1.
  cli: {
    bin: fileURLToPath(new URL("../dist/cli.js", import.meta.url)),
    mock: async () => {
      const served = generateTenant();
      const server = await serveHandlers(zendeskHandlers(served, { rateLimit: 1_000_000 }));
      return {
        env: {
          BATON_SUBDOMAIN: served.subdomain,
          BATON_EMAIL: served.email,
          BATON_API_TOKEN: served.apiToken,
          BATON_BASE_URL: server.url,
        },
        close: server.close,
      };
    },
  },
});
