import { BatonError, Code, defineConnector, isBatonError } from "@baton/sdk";
import pkg from "../package.json" with { type: "json" };
import { CREDENTIALS_HINT, isTokenError, pingOneAuth, whereHint } from "./auth.js";
import { errorText, PingOneClient } from "./client.js";
import { apiBaseUrl, config, type PingOneConfig } from "./config.js";
import { group } from "./resources/group.js";
import { population } from "./resources/population.js";
import { role } from "./resources/role.js";
import { user } from "./resources/user.js";

/** A failure of the first call (reading the environment), told in terms of the settings to check. */
function validationError(e: unknown, c: PingOneConfig): unknown {
  if (!isBatonError(e)) return e;
  const env = c.pingoneEnvironmentId;
  const api = new URL(apiBaseUrl(c)).host;
  // Token failures already name the settings (see auth.ts).
  if (isTokenError(e)) return e;
  switch (e.code) {
    case Code.Unauthenticated:
      return new BatonError(
        Code.Unauthenticated,
        `PingOne's API (${api}) refused the worker application's token`,
        {
          hint: c.pingoneApiUrl
            ? "check --pingone-api-url/BATON_PINGONE_API_URL: it must be the API of the environment's region"
            : `check --pingone-region/BATON_PINGONE_REGION (the API host must be in the environment's region); ${CREDENTIALS_HINT}`,
          cause: e,
        },
      );
    case Code.PermissionDenied:
      return new BatonError(
        Code.PermissionDenied,
        `the PingOne worker application may not read environment ${env}`,
        {
          hint:
            "give the application roles on this environment (PingOne admin console: Applications > the worker " +
            "app > Roles): Identity Data Admin for users, groups and populations, Environment Admin for roles",
          cause: e,
        },
      );
    case Code.NotFound:
      return new BatonError(Code.InvalidArgument, `PingOne's API (${api}) has no environment ${env}`, {
        hint: whereHint(c, "api"),
        cause: e,
      });
    default:
      return e;
  }
}

export const pingone = defineConnector({
  name: "pingone",
  displayName: "PingOne",
  description: "PingOne users, groups, populations and built-in admin roles of one environment",
  helpUrl: "https://www.conductorone.com/docs/baton/ping-one",
  version: pkg.version,
  config,

  client: (c, ctx) =>
    new PingOneClient(
      ctx.http({
        baseUrl: apiBaseUrl(c),
        auth: pingOneAuth(c),
        errorText,
        secrets: [c.pingoneClientSecret],
      }),
      c.pingoneEnvironmentId,
      ctx.secrets,
    ),

  async validate({ client, config: c, log }) {
    const environment = await client.environment().catch((e) => {
      throw validationError(e, c);
    });
    log.info("connected to PingOne", { environment: environment.name, region: environment.region });
    // The environment is the account: a rerun against another never resumes this one's sync.
    return { accountId: environment.id };
  },

  resourceTypes: [user, group, population, role],
});

export default pingone;
export { REGIONS, type Region } from "./config.js";
export { config as pingoneConfig, type PingOneConfig };
