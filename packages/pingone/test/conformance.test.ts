import { fileURLToPath } from "node:url";
import { runConformance } from "@baton/testing";
import { startMock } from "../mock/server.js";
import { pingone } from "../src/index.js";
import { settings } from "./harness.js";
import { pingoneHandlers } from "./msw/handlers.js";
import { GROUPS, generateTenant, ROLES, userId } from "./msw/tenant.js";

const tenant = generateTenant();

runConformance({
  connector: pingone,
  // GET /roles returns every built-in role at once: PingOne does not page it.
  unpaged: ["role"],
  config: settings(tenant),
  handlers: pingoneHandlers(tenant),
  failingEndpoint: "*/v1/environments/:env/users",
  provisioning: [
    { entitlementId: `group:${GROUPS.engineering}:member`, principal: { type: "user", id: userId(10) } },
    { entitlementId: `role:${ROLES.helpDeskAdmin}:assigned`, principal: { type: "user", id: userId(12) } },
  ],
  cli: { bin: fileURLToPath(new URL("../dist/cli.js", import.meta.url)), mock: startMock },
});
