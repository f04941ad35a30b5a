import { BatonError, Code, defineConnector, isBatonError } from "@baton/sdk";
import pkg from "../package.json" with { type: "json" };
import { ZendeskClient } from "./client.js";
import { apiBaseUrl, config, type ZendeskConfig } from "./config.js";
import { group } from "./resources/group.js";
import { org } from "./resources/org.js";
import { role } from "./resources/role.js";
import { teamMember } from "./resources/team-member.js";

/** Zendesk API-token auth: Basic base64("{email}/token:{api token}"). */
const basicAuth = (c: ZendeskConfig) =>
  `Basic ${Buffer.from(`${c.email}/token:${c.apiToken}`).toString("base64")}`;

const CREDENTIALS_HINT = "check --email/BATON_EMAIL and --api-token/BATON_API_TOKEN";

/** A 401 or 403 from the first call, told in terms of the settings to check. */
function credentialsError(e: unknown, email: string): unknown {
  if (isBatonError(e) && e.code === Code.Unauthenticated) {
    return new BatonError(Code.Unauthenticated, `Zendesk rejected the API token of ${email}`, {
      hint: `${CREDENTIALS_HINT}, and that token access is enabled in Admin Center`,
      cause: e,
    });
  }
  if (isBatonError(e) && e.code === Code.PermissionDenied) {
    return new BatonError(Code.PermissionDenied, `Zendesk refused API access to ${email}`, {
      hint: `${CREDENTIALS_HINT}: the email must be a Zendesk admin's`,
      cause: e,
    });
  }
  return e;
}

export const zendesk = defineConnector({
  name: "zendesk",
  displayName: "Zendesk",
  description: "Zendesk team members (agents and admins), groups, organizations and custom agent roles",
  version: pkg.version,
  config,

  client: (c, ctx) =>
    new ZendeskClient(
      ctx.http({ baseUrl: apiBaseUrl(c), headers: { authorization: basicAuth(c) }, secrets: [c.apiToken] }),
    ),

  async validate({ client, config: c, log }) {
    const me = await client.me().catch((e) => {
      throw credentialsError(e, c.email);
    });
    // The account the token reaches, from the user's own URL on the account's host (acme.zendesk.com):
    // the same whether requests go there directly or through --base-url.
    const host = me.url ? /^https:\/\/([a-z0-9-]+)\.zendesk\.com\//.exec(me.url)?.[1] : undefined;
    if (me.role === "end-user") {
      throw new BatonError(Code.PermissionDenied, `${c.email} is a Zendesk end-user, not an admin`, {
        hint: `${CREDENTIALS_HINT}: the email must be a Zendesk admin's`,
      });
    }
    if (me.role === "agent")
      log.warn("the API token belongs to an agent: syncs work, provisioning needs an admin");
    return { accountId: host ?? c.subdomain };
  },

  resourceTypes: [teamMember, group, org, role],
});

export default zendesk;
export { config as zendeskConfig, type ZendeskConfig };
