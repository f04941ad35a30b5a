// Access tokens for ConductorOne: OAuth2 client credentials, where the client proves itself with a
// short-lived JWT signed by the secret's Ed25519 key (RFC 7523 client assertion).
import { randomBytes, sign } from "node:crypto";
import { Agent } from "undici";
import { z } from "zod";
import { BatonError, Code } from "../errors.js";
import { HttpClient } from "../http/client.js";
import { cachedTokenSource, type IssuedToken, type TokenSource } from "../http/token.js";
import type { Logger } from "../log.js";
import type { SecretSet } from "../secrets.js";
import type { ServiceCredentials } from "./credentials.js";

export interface ConductorOneTokenOptions {
  credentials: ServiceCredentials;
  /** CA certificates (PEM) for the token endpoint's TLS. */
  ca: string[];
  userAgent: string;
  /** Every issued token is added here, so it is redacted everywhere from then on. */
  secrets: SecretSet;
  /** Epoch ms; injectable for tests. */
  now?: () => number;
  timeoutMs?: number;
  logger?: Logger;
}

/** A token source plus the token type to put before the token in `authorization`. */
export interface ConductorOneTokenSource extends TokenSource {
  /** "Bearer" unless the token endpoint named another type. */
  readonly tokenType: string;
  close(): Promise<void>;
}

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

/**
 * The client assertion: header {alg: EdDSA, kid?, nonce: 16 random bytes as hex}; claims iss = sub =
 * the client id, aud = the client id's tenant host (never BATON_C1_API_HOST), nbf two minutes before
 * and exp two minutes after iat.
 */
export function clientAssertion(c: ServiceCredentials, nowMs: number): string {
  const now = Math.floor(nowMs / 1000);
  const header = { alg: "EdDSA", ...(c.kid ? { kid: c.kid } : {}), nonce: randomBytes(16).toString("hex") };
  const claims = {
    iss: c.clientId,
    sub: c.clientId,
    aud: c.tenantHost,
    exp: now + 120,
    nbf: now - 120,
    iat: now,
  };
  const input = `${b64url(header)}.${b64url(claims)}`;
  return `${input}.${sign(null, Buffer.from(input), c.key).toString("base64url")}`;
}

const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().optional(),
});

const oauthError = z.object({ error: z.string().optional(), error_description: z.string().optional() });

/**
 * Tokens from `POST https://<api host>/auth/v1/token`, cached until 10 s before they expire. The
 * request goes through the SDK's HTTP client (retried after 502/503/504 and dropped connections:
 * asking for a token is safe to repeat); a refusal is Unauthenticated, naming the OAuth error.
 */
export function conductorOneTokenSource(o: ConductorOneTokenOptions): ConductorOneTokenSource {
  const now = o.now ?? Date.now;
  const dispatcher = new Agent({ connect: { ca: o.ca } });
  const http = new HttpClient({
    baseUrl: `https://${o.credentials.apiHost}`,
    userAgent: o.userAgent,
    dispatcher,
    secrets: o.secrets,
    timeoutMs: o.timeoutMs ?? 30_000,
    maxRetries: 3,
    ...(o.logger ? { logger: o.logger } : {}),
  });
  let tokenType = "Bearer";

  const fetchToken = async (): Promise<IssuedToken> => {
    const form = new URLSearchParams({
      client_id: o.credentials.clientId,
      grant_type: "client_credentials",
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: clientAssertion(o.credentials, now()),
    });
    const res = await http.request({
      method: "POST",
      path: "/auth/v1/token",
      body: form,
      schema: tokenResponse,
      expect: [400, 401, 403],
      idempotent: true,
    });
    if (res.data === undefined) {
      const e = oauthError.safeParse(res.errorBody);
      const reason = e.success ? [e.data.error, e.data.error_description].filter(Boolean).join(": ") : "";
      throw new BatonError(
        Code.Unauthenticated,
        `ConductorOne refused a token for the client id (HTTP ${res.status}${reason ? `: ${reason.slice(0, 200)}` : ""})`,
        {
          hint: "check BATON_CLIENT_ID and BATON_CLIENT_SECRET: both must come from the same ConductorOne credential, which must not be revoked",
        },
      );
    }
    const type = res.data.token_type ?? "";
    tokenType = type === "" || type.toLowerCase() === "bearer" ? "Bearer" : type;
    const expires = res.data.expires_in;
    return { token: res.data.access_token, expiresInMs: expires && expires > 0 ? expires * 1000 : undefined };
  };

  const source = cachedTokenSource({
    fetch: fetchToken,
    refreshBeforeMs: 10_000,
    now,
    onToken: (t) => o.secrets.add(t),
  });
  return {
    token: (signal) => source.token(signal),
    invalidate: (t) => source.invalidate(t),
    get tokenType() {
      return tokenType;
    },
    close: async () => {
      await http.close();
      await dispatcher.close();
    },
  };
}
