// The SDK's conformance suite, run on the example connector (what every connector package does).

import { runConformance } from "@baton/testing";
import { acme } from "../connector.ts";
import { ACME_API_KEY, acmeHandlers } from "../mock.ts";
import { makeTenant } from "../tenant.ts";

const tenant = makeTenant({ users: 60, teams: 12 });
const outsider = tenant.users.find((u) => !tenant.teams[0]!.members.has(u.id))!;
const roleless = tenant.users.find((u) => !u.roles.includes(3))!;

runConformance({
  connector: acme,
  config: { baseUrl: "https://acme.test/api", apiKey: ACME_API_KEY, pageSize: 5 },
  handlers: acmeHandlers(tenant),
  failingEndpoint: "*/users",
  provisioning: [
    { entitlementId: "team:1:member", principal: { type: "user", id: String(outsider.id) } },
    // A role whose grants typeGrants reads from the users.
    { entitlementId: "role:3:assigned", principal: { type: "user", id: String(roleless.id) } },
  ],
});
