// The worker application's access token: OAuth 2.0 client credentials at
// `<auth base>/<environment id>/as/token`. Worker apps authenticate with client_secret_basic by
// default and may be set to client_secret_post; "auto" tries Basic and, when PingOne answers
// invalid_client, the form post — so neither setting needs configuring. Token failures are told in
// terms of the settings to check.
import { type AuthProvider, BatonError, Code, isBatonError, oauth2ClientCredentials } from "@baton/sdk";
import { authBaseUrl, type PingOneConfig, tokenUrl } from "./config.js";

export const CREDENTIALS_HINT =
  "check --pingone-client-id/BATON_PINGONE_CLIENT_ID and --pingone-client-secret/BATON_PINGONE_CLIENT_SECRET " +
  "(the worker application's client ID and secret), and that the application is enabled";

/**
 * Which settings decide where the environment is looked for: by the auth host (the token endpoint)
 * or by the API host (GET /environments/{id}), each set by its URL setting or else by the region.
 */
export const whereHint = (c: PingOneConfig, host: "auth" | "api"): string => {
  const env = "check --pingone-environment-id/BATON_PINGONE_ENVIRONMENT_ID and";
  if (host === "auth" && c.pingoneAuthUrl) return `${env} --pingone-auth-url/BATON_PINGONE_AUTH_URL`;
  if (host === "api" && c.pingoneApiUrl)
    return (
      `${env} --pingone-api-url/BATON_PINGONE_API_URL: it must be the Platform API base, ending in /v1 ` +
      "(https://api.pingone.<region domain>/v1 or the same path on a proxy)"
    );
  return `${env} --pingone-region/BATON_PINGONE_REGION (an environment is only known to its own region's hosts)`;
};

/** Errors of the token request, told already in terms of the settings: callers leave them as they are. */
const fromTokenEndpoint = new WeakSet<object>();
export const isTokenError = (e: unknown): boolean =>
  typeof e === "object" && e !== null && fromTokenEndpoint.has(e);

/** A failed token request, told in terms of the PingOne settings. */
export function tokenError(e: unknown, c: PingOneConfig): unknown {
  const told = explain(e, c);
  if (typeof told === "object" && told !== null) fromTokenEndpoint.add(told);
  return told;
}

function explain(e: unknown, c: PingOneConfig): unknown {
  if (!isBatonError(e)) return e;
  const host = new URL(authBaseUrl(c)).host;
  switch (e.code) {
    case Code.Unauthenticated: {
      // The OAuth refusal names the URL and the OAuth error (invalid_client, unauthorized_client, …).
      const grant = /unauthorized_client|unsupported_grant_type/.test(e.message);
      return new BatonError(Code.Unauthenticated, e.message, {
        hint: grant
          ? "the application must be a PingOne Worker application with the Client Credentials grant"
          : CREDENTIALS_HINT,
        cause: e,
      });
    }
    case Code.NotFound:
      // PingOne answers 404 NOT_FOUND for an environment id its token endpoint does not know.
      return new BatonError(
        Code.InvalidArgument,
        `PingOne (${host}) has no environment ${c.pingoneEnvironmentId}`,
        { hint: whereHint(c, "auth"), cause: e },
      );
    case Code.Unavailable:
    case Code.DeadlineExceeded:
      return e.hint
        ? e
        : new BatonError(e.code, e.message, {
            hint: c.pingoneAuthUrl
              ? "check --pingone-auth-url/BATON_PINGONE_AUTH_URL and the network"
              : "check --pingone-region/BATON_PINGONE_REGION and the network",
            ...(e.retryAfterMs !== undefined && { retryAfterMs: e.retryAfterMs }),
            cause: e,
          });
    default:
      return e;
  }
}

/** Bearer tokens for the Platform API, fetched and cached by the SDK's client-credentials flow. */
export function pingOneAuth(c: PingOneConfig): AuthProvider {
  const oauth = oauth2ClientCredentials({
    tokenUrl: tokenUrl(c),
    clientId: c.pingoneClientId,
    clientSecret: c.pingoneClientSecret,
    clientAuth: "auto",
  });
  return {
    headers: (signal) =>
      oauth.headers(signal).catch((e: unknown) => {
        throw tokenError(e, c);
      }),
    rejected: (sent) => oauth.rejected?.(sent) ?? false,
    attach: (client) => oauth.attach?.(client),
  };
}
