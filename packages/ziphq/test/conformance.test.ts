import { fileURLToPath } from "node:url";
import { runConformance } from "@baton/testing";
import { startMock } from "../mock/server.js";
import { ziphq, ziphqConfig } from "../src/index.js";
import { BASE_URL } from "./harness.js";
import { zipHandlers } from "./msw/handlers.js";
import { generateTenant, ROLES, roleId, USER_GROUPS, userGroupId, userId } from "./msw/tenant.js";

const tenant = generateTenant();
// User 1 holds Requester only and is in All employees and one team.
const principal = { type: "user", id: userId(1) };

runConformance({
  connector: ziphq,
  config: ziphqConfig.parse({ batonZiphqApiKey: tenant.apiKey, batonZiphqBaseUrl: BASE_URL }),
  // The suite runs several full syncs in a row; the rate limit has its own tests (client.test.ts).
  handlers: zipHandlers(tenant, { bucket: { capacity: 1_000_000, leakPerSecond: 1_000_000 } }),
  failingEndpoint: "*/users",
  provisioning: [
    { entitlementId: `role:${roleId(ROLES.finance)}:assigned`, principal },
    { entitlementId: `group:${userGroupId(USER_GROUPS.contractors)}:member`, principal },
  ],
  cli: { bin: fileURLToPath(new URL("../dist/cli.js", import.meta.url)), mock: startMock },
});
