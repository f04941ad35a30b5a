// Required-auth checks and an OAuth 2.0 client-credentials token endpoint for mock vendors. A check
// returns the vendor's rejection (built by the function the mock passes) or undefined to let the
// request through: `const refused = apiKey(request); if (refused) return refused;`.
import { type HttpHandler, HttpResponse, http } from "msw";

/** Why a request was refused: no credentials, wrong ones, or a token past its expiry. */
export type AuthFailure = "missing" | "invalid" | "expired";

/** The vendor's answer to a refused request, e.g. `() => HttpResponse.json({ message: "…" }, { status: 401 })`. */
export type Reject = (failure: AuthFailure, request: Request) => Response;

/** A required-auth check: the rejection, or undefined when the request may go on. */
export type AuthCheck = (request: Request) => Response | undefined;

const asSet = (values: string | Iterable<string>) => new Set(typeof values === "string" ? [values] : values);

/** Requires a header (`x-api-key`, `Zip-Api-Key`) whose value is one of `accepted`. */
export function requireHeader(name: string, accepted: string | Iterable<string>, reject: Reject): AuthCheck {
  const values = asSet(accepted);
  return (request) => {
    const value = request.headers.get(name);
    if (value === null || value === "") return reject("missing", request);
    return values.has(value) ? undefined : reject("invalid", request);
  };
}

/** The user and password of a Basic `Authorization` header; undefined when it is not one. */
export function parseBasic(header: string | null): { user: string; password: string } | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? "");
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Requires Basic auth with one of these user → password pairs. */
export function requireBasic(
  credentials: Record<string, string> | Iterable<readonly [user: string, password: string]>,
  reject: Reject,
): AuthCheck {
  const pairs = new Map(Symbol.iterator in credentials ? credentials : Object.entries(credentials));
  return (request) => {
    const header = request.headers.get("authorization");
    if (!header) return reject("missing", request);
    const basic = parseBasic(header);
    return basic && pairs.get(basic.user) === basic.password ? undefined : reject("invalid", request);
  };
}

export interface IssuedToken {
  token: string;
  /** The client it was issued to. */
  clientId: string;
  /** Epoch ms. */
  expiresAt: number;
  /** Its lifetime in seconds: the token response's `expires_in`. */
  expiresIn: number;
}

/** Bearer tokens with an expiry on an injectable clock. */
export interface TokenStore {
  /** A new token for `clientId`, valid for the store's lifetime. */
  issue(clientId: string): IssuedToken;
  check(token: string): "valid" | "invalid" | "expired";
  /** Makes a token invalid at once (the vendor revoked it). */
  revoke(token: string): void;
  /** Every token issued so far, in order. */
  readonly issued: IssuedToken[];
}

/** Tokens that live `lifetimeSeconds` (default 3600) on the clock `now`. */
export function tokenStore(o: { now: () => number; lifetimeSeconds?: number; prefix?: string }): TokenStore {
  const lifetime = o.lifetimeSeconds ?? 3600;
  const issued: IssuedToken[] = [];
  const live = new Map<string, IssuedToken>();
  return {
    issue(clientId) {
      const t = {
        token: `${o.prefix ?? "mock-access-token"}-${issued.length + 1}`,
        clientId,
        expiresAt: o.now() + lifetime * 1000,
        expiresIn: lifetime,
      };
      issued.push(t);
      live.set(t.token, t);
      return t;
    },
    check(token) {
      const t = live.get(token);
      if (!t) return "invalid";
      return o.now() < t.expiresAt ? "valid" : "expired";
    },
    revoke: (token) => void live.delete(token),
    issued,
  };
}

/** Requires `Authorization: Bearer <token>` with a live token of `tokens` (or one of a fixed list). */
export function requireBearer(tokens: TokenStore | string | Iterable<string>, reject: Reject): AuthCheck {
  const check =
    typeof tokens === "object" && "check" in tokens
      ? (t: string) => tokens.check(t)
      : (
          (fixed) => (t: string) =>
            fixed.has(t) ? "valid" : "invalid"
        )(asSet(tokens));
  return (request) => {
    const header = request.headers.get("authorization");
    if (!header) return reject("missing", request);
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) return reject("invalid", request);
    const state = check(m[1]!);
    return state === "valid" ? undefined : reject(state, request);
  };
}

/** RFC 6749 §5.2 error codes the token endpoint answers. */
export type OAuthError = "invalid_request" | "invalid_client" | "unsupported_grant_type" | "invalid_grant";

/** How a client authenticates to the token endpoint (RFC 6749 §2.3.1). */
export type ClientAuthMethod = "client_secret_basic" | "client_secret_post";

export interface TokenEndpointOptions {
  /** client id → client secret. */
  clients: Record<string, string>;
  /** The tokens it issues; API handlers check them with `requireBearer(tokens, …)`. */
  tokens: TokenStore;
  /** Accepted client authentication; default both. */
  methods?: ClientAuthMethod[];
  /**
   * The error body; default RFC 6749's `{ error, error_description }` with the given status (and
   * `WWW-Authenticate: Basic` on a 401 after a Basic attempt, as the RFC asks).
   */
  error?: (error: OAuthError, description: string, status: number) => Response;
}

const oauthError = (error: OAuthError, description: string, status: number) =>
  HttpResponse.json(
    { error, error_description: description },
    { status, headers: { "Cache-Control": "no-store", Pragma: "no-cache" } },
  );

/** A form-urlencoded value decoded; undefined when it is malformed. */
function formDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return undefined;
  }
}

/**
 * An OAuth 2.0 token endpoint for the client-credentials grant at `path` (an MSW pattern such as
 * `*\/:env/as/token`): form-encoded `grant_type=client_credentials`, the client authenticated by
 * Basic or by `client_id`/`client_secret` in the form (as configured); answers
 * `{ access_token, token_type: "Bearer", expires_in }` with a token of `o.tokens`.
 */
export function oauthTokenEndpoint(path: string, o: TokenEndpointOptions): HttpHandler {
  const methods = new Set(o.methods ?? ["client_secret_basic", "client_secret_post"]);
  const fail = o.error ?? oauthError;
  return http.post(path, async ({ request }) => {
    if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers.get("content-type") ?? "")) {
      return fail("invalid_request", "the body must be application/x-www-form-urlencoded", 400);
    }
    const form = new URLSearchParams(await request.text());
    const header = request.headers.get("authorization");
    const basic = parseBasic(header);
    const posted = form.has("client_id") || form.has("client_secret");
    if (header && posted) {
      return fail("invalid_request", "use one client authentication method, not two", 400);
    }
    const invalidClient = (description: string) => {
      const res = fail("invalid_client", description, 401);
      if (header) res.headers.set("WWW-Authenticate", 'Basic realm="token"');
      return res;
    };
    let id: string | undefined;
    let secret: string | undefined;
    if (header) {
      if (!basic) return invalidClient("the Authorization header is not Basic client credentials");
      if (!methods.has("client_secret_basic")) return invalidClient("client_secret_basic is not allowed");
      // RFC 6749 §2.3.1: the id and secret are form-urlencoded before Basic encoding.
      id = formDecode(basic.user);
      secret = formDecode(basic.password);
    } else if (posted) {
      if (!methods.has("client_secret_post")) return invalidClient("client_secret_post is not allowed");
      id = form.get("client_id") ?? undefined;
      secret = form.get("client_secret") ?? undefined;
    } else {
      return invalidClient("no client authentication");
    }
    if (id === undefined || !Object.hasOwn(o.clients, id) || o.clients[id] !== secret) {
      return invalidClient("client authentication failed");
    }
    const grant = form.get("grant_type");
    if (!grant) return fail("invalid_request", "grant_type is missing", 400);
    if (grant !== "client_credentials") {
      return fail("unsupported_grant_type", `grant_type ${grant} is not supported`, 400);
    }
    const t = o.tokens.issue(id);
    const scope = form.get("scope");
    return HttpResponse.json(
      {
        access_token: t.token,
        token_type: "Bearer",
        expires_in: t.expiresIn,
        ...(scope ? { scope } : {}),
      },
      { headers: { "Cache-Control": "no-store", Pragma: "no-cache" } },
    );
  });
}
