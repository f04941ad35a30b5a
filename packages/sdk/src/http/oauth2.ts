// OAuth 2.0 client credentials grant (RFC 6749 §4.4): a bearer token for a vendor API, fetched from
// the token endpoint through the HTTP client it authenticates (same proxy, timeout and retries).
import { STATUS_CODES } from "node:http";
import { z } from "zod";
import { BatonError, Code } from "../errors.js";
import type { SecretSet } from "../secrets.js";
import type { HttpClient } from "./client.js";
import { redact } from "./redact.js";
import {
  type AuthAttachment,
  type AuthProvider,
  bearerAuth,
  cachedTokenSource,
  type IssuedToken,
  type TokenSource,
} from "./token.js";

/**
 * How the client authenticates to the token endpoint: `basic` is client_secret_basic (an
 * Authorization header), `post` is client_secret_post (`client_id` and `client_secret` in the form),
 * `auto` tries basic and, when the endpoint answers invalid_client, post — and keeps whichever worked.
 */
export type OAuth2ClientAuth = "basic" | "post" | "auto";

export interface OAuth2ClientCredentialsOptions {
  /** e.g. `https://auth.pingone.com/<environment id>/as/token`. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  clientAuth: OAuth2ClientAuth;
  /** Sent as `scope` (several joined by spaces). */
  scope?: string | readonly string[];
  /** Other form parameters the endpoint wants, e.g. `{ audience: "…" }`. */
  params?: Record<string, string>;
  /** Refresh this long before expiry (default 60 s, at most half the lifetime). */
  refreshBeforeMs?: number;
  /** Epoch ms. Default: the clock of the HTTP client the provider is given to. */
  now?: () => number;
}

/** An AuthProvider sending `Authorization: Bearer <token>`, with the TokenSource behind it. */
export interface OAuth2ClientCredentials extends AuthProvider {
  readonly source: TokenSource;
}

const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  // Some servers send the lifetime as a string of digits.
  expires_in: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
});

const oauthError = z.object({
  error: z.string().optional(),
  error_description: z.string().optional(),
});

/** The form encoding of RFC 6749 Appendix B, applied to the id and secret before Basic encoding. */
const formEncode = (value: string) => new URLSearchParams([["", value]]).toString().slice(1);

const HINTS: Record<string, string> = {
  invalid_client: "check the client id and client secret (and how the client authenticates)",
  unauthorized_client: "the client may not use the client credentials grant: check the application's grants",
  invalid_scope: "check the requested scope",
};
const DEFAULT_HINT = "check the client id, client secret and token URL";

const METHOD_NAMES = { basic: "client_secret_basic", post: "client_secret_post" } as const;

/**
 * OAuth 2.0 client credentials: a form-encoded `grant_type=client_credentials` POST to `tokenUrl`,
 * the token cached until shortly before `expires_in`, one fetch in flight however many requests ask,
 * a fresh token after the API answers 401. Give it to an HttpClient as `auth`
 * (`ctx.http({ baseUrl, auth: oauth2ClientCredentials({…}) })`): the token request then goes through
 * that client's proxy, timeout and retries (502/503/504, 429 and resets: asking for a token is safe to
 * repeat), and every token is registered as one of the run's secrets. The endpoint refusing the
 * credentials (400/401, invalid_client, …) is an Unauthenticated error naming the URL and the OAuth
 * error, never the secret.
 */
export function oauth2ClientCredentials(o: OAuth2ClientCredentialsOptions): OAuth2ClientCredentials {
  let tokenUrl: URL;
  try {
    tokenUrl = new URL(o.tokenUrl);
  } catch {
    throw new BatonError(Code.InvalidArgument, `OAuth token URL "${o.tokenUrl}" is not a URL`, {
      hint: "give an absolute https:// URL",
    });
  }
  const endpoint = `POST ${tokenUrl.origin}${tokenUrl.pathname}`;
  const basic = `Basic ${Buffer.from(`${formEncode(o.clientId)}:${formEncode(o.clientSecret)}`).toString("base64")}`;
  const sinks = new Set<SecretSet>();
  let attachment: (AuthAttachment & { http: HttpClient }) | undefined;
  let method: "basic" | "post" = o.clientAuth === "post" ? "post" : "basic";
  let current: string | undefined;
  let clientClock: (() => number) | undefined;

  const secretsOf = () => [o.clientSecret, basic, ...[...sinks].flatMap((s) => [...s])];

  const ask = (how: "basic" | "post") => {
    const form = new URLSearchParams({ grant_type: "client_credentials" });
    const scope = typeof o.scope === "string" ? o.scope : o.scope?.join(" ");
    if (scope) form.set("scope", scope);
    for (const [k, v] of Object.entries(o.params ?? {})) form.set(k, v);
    if (how === "post") {
      form.set("client_id", o.clientId);
      form.set("client_secret", o.clientSecret);
    }
    return attachment!.http.request({
      method: "POST",
      path: tokenUrl.href,
      body: form,
      headers: how === "basic" ? { authorization: basic } : {},
      schema: tokenResponse,
      expect: [400, 401],
      idempotent: true,
    });
  };

  const refusal = (status: number, body: unknown, note: string) => {
    const parsed = oauthError.safeParse(body);
    const error = parsed.success ? parsed.data.error : undefined;
    const description = parsed.success ? parsed.data.error_description : undefined;
    let message =
      `OAuth token request ${endpoint} returned ${status} ${STATUS_CODES[status] ?? ""}`.trimEnd();
    if (error) message += `: ${error}`;
    if (description) message += ` (${description.replace(/\s+/g, " ").trim().slice(0, 200)})`;
    message += note;
    return new BatonError(Code.Unauthenticated, redact(message, secretsOf()), {
      hint: (error && HINTS[error]) ?? DEFAULT_HINT,
    });
  };

  /** The endpoint rejected how the client authenticated (invalid_client, or a 401 without a body). */
  const refusedClient = (status: number, body: unknown) => {
    const parsed = oauthError.safeParse(body);
    const error = parsed.success ? parsed.data.error : undefined;
    return error === "invalid_client" || (error === undefined && status === 401);
  };

  const fetch = async (): Promise<IssuedToken> => {
    if (!attachment) {
      throw new BatonError(
        Code.Internal,
        "oauth2ClientCredentials: asked for a token before it was given to an HTTP client",
        { hint: "pass it as `auth` to ctx.http() or new HttpClient()" },
      );
    }
    let res = await ask(method);
    let note = "";
    if (o.clientAuth === "auto" && method === "basic" && res.data === undefined) {
      if (refusedClient(res.status, res.errorBody)) {
        attachment.log.info("OAuth token endpoint refused client_secret_basic: trying client_secret_post", {
          tokenUrl: `${tokenUrl.origin}${tokenUrl.pathname}`,
        });
        res = await ask("post");
        if (res.data !== undefined) method = "post";
        else note = ` (tried ${METHOD_NAMES.basic}, then ${METHOD_NAMES.post})`;
      }
    }
    if (res.data === undefined) throw refusal(res.status, res.errorBody, note);
    const { access_token: token, token_type: type, expires_in: expiresIn } = res.data;
    if (type !== undefined && type.toLowerCase() !== "bearer") {
      throw new BatonError(
        Code.Unauthenticated,
        redact(`OAuth token request ${endpoint} issued a "${type}" token, not a Bearer token`, secretsOf()),
        { hint: "only Bearer access tokens are supported" },
      );
    }
    return { token, expiresInMs: expiresIn !== undefined && expiresIn > 0 ? expiresIn * 1000 : undefined };
  };

  const source = cachedTokenSource({
    fetch,
    ...(o.refreshBeforeMs !== undefined && { refreshBeforeMs: o.refreshBeforeMs }),
    now: () => (o.now ?? clientClock ?? Date.now)(),
    onToken: (token) => {
      current = token;
      for (const s of sinks) s.add(token);
    },
  });
  const bearer = bearerAuth(source);

  return {
    source,
    headers: (signal) => bearer.headers(signal),
    rejected: (sent) => bearer.rejected?.(sent) ?? false,
    attach(client) {
      // The first client's transport is used for the token endpoint; every client's secrets learn the tokens.
      attachment ??= { ...client, http: client.forBaseUrl(tokenUrl.href) };
      clientClock ??= client.now;
      sinks.add(client.secrets);
      client.secrets.add(o.clientSecret, basic, basic.slice("Basic ".length), current);
    },
  };
}
