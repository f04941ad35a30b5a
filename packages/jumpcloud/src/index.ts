import { BatonError, Code, defineConnector } from "@baton/sdk";
import pkg from "../package.json" with { type: "json" };
import { errorMessage, JumpCloudClient, type Refusal } from "./client.js";
import { config, type JumpCloudConfig } from "./config.js";
import { app } from "./resources/app.js";
import { group } from "./resources/group.js";
import { role } from "./resources/role.js";
import { user } from "./resources/user.js";

const API_KEY = "--api-key/BATON_API_KEY";
const ORG_ID = "--org-id/BATON_ORG_ID";

/**
 * A refused credential check, told in terms of the settings to check. JumpCloud answers 401
 * "Unauthorized: no organization selected" to a multi-tenant (MSP) administrator's key sent without
 * x-org-id, and names the organization in its message when x-org-id is the problem.
 */
function refusalError(r: Refusal, c: JumpCloudConfig): BatonError {
  const said = r.message ? `: ${r.message}` : "";
  const aboutOrganization = /organi[sz]ation|org[-_ ]?id/i.test(r.message ?? "");
  if (aboutOrganization && r.status !== 403) {
    return c.orgId
      ? new BatonError(
          Code.Unauthenticated,
          `JumpCloud refused organization ${c.orgId} for this API key${said}`,
          {
            hint: `check ${ORG_ID}: it must be an organization the key's administrator can manage`,
          },
        )
      : new BatonError(Code.Unauthenticated, `JumpCloud needs an organization for this API key${said}`, {
          hint: `a multi-tenant administrator's key needs ${ORG_ID} (the organization ID under Settings > Organization Profile)`,
        });
  }
  if (r.status === 401) {
    return new BatonError(Code.Unauthenticated, `JumpCloud rejected the API key${said}`, {
      hint: `check ${API_KEY}: keys expire, and a new key replaces the old one`,
    });
  }
  if (r.status === 403) {
    return new BatonError(Code.PermissionDenied, `JumpCloud refused API access${said}`, {
      hint: `check ${API_KEY}: its administrator needs API access (Settings > Administrators)`,
    });
  }
  return new BatonError(Code.InvalidArgument, `JumpCloud refused the request (${r.status})${said}`, {
    hint: `check ${API_KEY}${c.orgId ? ` and ${ORG_ID}` : ""}`,
  });
}

export const jumpcloud = defineConnector({
  name: "jumpcloud",
  displayName: "JumpCloud",
  description: "JumpCloud users and administrators, user groups, administrator roles and SSO applications",
  version: pkg.version,
  config,

  client: (c, ctx) => {
    // The organization is not a secret: it shows in logs and errors (only credential headers are redacted).
    ctx.log.debug("JumpCloud API", { baseUrl: c.baseUrl, orgId: c.orgId ?? "(none)" });
    return new JumpCloudClient(
      ctx.http({
        baseUrl: c.baseUrl,
        headers: {
          "x-api-key": c.apiKey,
          accept: "application/json",
          ...(c.orgId && { "x-org-id": c.orgId }),
        },
        secrets: [c.apiKey],
        errorText: errorMessage,
      }),
    );
  },

  async validate({ client, config: c, log }) {
    const refusal = await client.checkAccess();
    if (refusal) throw refusalError(refusal, c);
    // The organization is the account: a rerun that reaches another one never resumes this sync.
    if (c.orgId) return { accountId: c.orgId };
    const [org, ...more] = (await client.organizations()) ?? [];
    if (!org || more.length) {
      log.debug("the key's organization is unknown: a resume checks the settings and the key only");
      return {};
    }
    log.info("connected to JumpCloud", { organization: org.displayName ?? "", orgId: org._id });
    return { accountId: org._id };
  },

  resourceTypes: [user, group, role, app],
});

export default jumpcloud;
export { ADMIN_APP_ID } from "./resources/app.js";
export { ROLE_NAMES } from "./resources/role.js";
export { config as jumpcloudConfig, type JumpCloudConfig };
