import { BatonError, Code, defineConnector, isBatonError } from "@baton/sdk";
import pkg from "../package.json" with { type: "json" };
import { ZipClient } from "./client.js";
import { config, type ZiphqConfig } from "./config.js";
import { KEY_HINT } from "./resources/common.js";
import { department } from "./resources/department.js";
import { group } from "./resources/group.js";
import { role } from "./resources/role.js";
import { user } from "./resources/user.js";
import { errorBody } from "./schemas.js";

/** The first call's failure, told in terms of the setting to check. */
function validationError(e: unknown, c: ZiphqConfig): unknown {
  if (!isBatonError(e)) return e;
  if (e.code === Code.Unauthenticated || e.code === Code.PermissionDenied) {
    return new BatonError(e.code, `Zip rejected the API key: ${e.message}`, { hint: KEY_HINT, cause: e });
  }
  if (e.code === Code.NotFound) {
    return new BatonError(Code.InvalidArgument, `${c.batonZiphqBaseUrl} has no Zip API: ${e.message}`, {
      hint: "check --baton-ziphq-base-url ($BATON_BATON_ZIPHQ_BASE_URL): the host your Zip API documentation names, e.g. https://api.ziphq.com",
      cause: e,
    });
  }
  return e;
}

export const ziphq = defineConnector({
  name: "ziphq",
  displayName: "Zip",
  description: "Zip (ziphq.com) users, roles, user groups and departments",
  version: pkg.version,
  config,

  client: (c, ctx) =>
    new ZipClient(
      ctx.http({
        baseUrl: c.batonZiphqBaseUrl,
        // Zip takes the key in its own header; `Authorization: Bearer` is refused with 401.
        headers: { "Zip-Api-Key": c.batonZiphqApiKey },
        errorText: (body) => errorBody.safeParse(body).data?.message,
      }),
    ),

  // One page of one user: the cheapest call that proves the base URL and the key's access to Users.
  async validate({ client, config: c }) {
    await client.users(undefined, 1).catch((e) => {
      throw validationError(e, c);
    });
  },

  resourceTypes: [user, role, group, department],
});

export default ziphq;
export { DEFAULT_BASE_URL } from "./config.js";
export { config as ziphqConfig, type ZiphqConfig };
