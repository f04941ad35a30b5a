import { fileURLToPath } from "node:url";
import { runConformance } from "@baton/testing";
import { startMock } from "../mock/server.js";
import { jumpcloud, jumpcloudConfig } from "../src/index.js";
import { jumpcloudHandlers } from "./msw/handlers.js";
import { APPS, appId, generateTenant, groupId, userId } from "./msw/tenant.js";

const tenant = generateTenant();

runConformance({
  connector: jumpcloud,
  // The seven administrator roles are fixed: listing them makes no request.
  unpaged: ["role"],
  config: jumpcloudConfig.parse({ apiKey: tenant.apiKey }),
  handlers: jumpcloudHandlers(tenant),
  failingEndpoint: "*/api/systemusers",
  provisioning: [
    // User 5 is in groups 0 and 6 only; Zoom is assigned to users 5–7 only; group 9 to no app.
    { entitlementId: `group:${groupId(3)}`, principal: { type: "user", id: userId(5) } },
    { entitlementId: `app:${appId(APPS.zoom)}`, principal: { type: "user", id: userId(20) } },
    { entitlementId: `app:${appId(APPS.zoom)}`, principal: { type: "group", id: groupId(9) } },
  ],
  // The built binary against the mock organization, served on 127.0.0.1.
  cli: { bin: fileURLToPath(new URL("../dist/cli.js", import.meta.url)), mock: startMock },
});
