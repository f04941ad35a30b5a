// Access tokens for ConductorOne: OAuth2 client credentials, where the client proves itself with a
// short-lived JWT signed by the secret's Ed25519 key (RFC 7523 client assertion).
import { randomBytes, sign } from "node:crypto";
import { Agent, request } from "undici";
import { BatonError, Code } from "../errors.js";
import { cachedTokenSource, type IssuedToken, type TokenSource } from "../http/token.js";
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

interface TokenResponse {
  access_token?: unknown;
  token_type?: unknown;
  expires_in?: unknown;
}

/** Tokens from `https://<api host>/auth/v1/token`, cached until 10 s before they expire. */
export function conductorOneTokenSource(o: ConductorOneTokenOptions): ConductorOneTokenSource {
  const now = o.now ?? Date.now;
  const dispatcher = new Agent({ connect: { ca: o.ca }, allowH2: false });
  const url = `https://${o.credentials.apiHost}/auth/v1/token`;
  let tokenType = "Bearer";

  const fetchToken = async (): Promise<IssuedToken> => {
    const body = new URLSearchParams({
      client_id: o.credentials.clientId,
      grant_type: "client_credentials",
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: clientAssertion(o.credentials, now()),
    }).toString();
    let res: Awaited<ReturnType<typeof request>>;
    try {
      res = await request(url, {
        method: "POST",
        dispatcher,
        headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": o.userAgent },
        body,
        headersTimeout: o.timeoutMs ?? 30_000,
        bodyTimeout: o.timeoutMs ?? 30_000,
      });
    } catch (e) {
      throw new BatonError(
        Code.Unavailable,
        `cannot reach ConductorOne at ${o.credentials.apiHost} for a token: ${(e as Error).message}`,
        { hint: "check the network, and BATON_C1_API_HOST if it is set", cause: e },
      );
    }
    const text = await res.body.text();
    if (res.statusCode !== 200) {
      const reason = oauthError(text);
      throw new BatonError(
        res.statusCode >= 500 ? Code.Unavailable : Code.Unauthenticated,
        `ConductorOne refused a token for the client id (HTTP ${res.statusCode}${reason ? `: ${reason}` : ""})`,
        {
          hint:
            res.statusCode >= 500
              ? "ConductorOne is unavailable; the connector keeps trying"
              : "check BATON_CLIENT_ID and BATON_CLIENT_SECRET: both must come from the same ConductorOne credential, which must not be revoked",
        },
      );
    }
    let parsed: TokenResponse;
    try {
      parsed = JSON.parse(text) as TokenResponse;
    } catch {
      throw new BatonError(Code.Unauthenticated, "ConductorOne's token response is not JSON");
    }
    if (typeof parsed.access_token !== "string" || !parsed.access_token)
      throw new BatonError(Code.Unauthenticated, "ConductorOne's token response has no access_token");
    const type = typeof parsed.token_type === "string" ? parsed.token_type : "";
    tokenType = type === "" || type.toLowerCase() === "bearer" ? "Bearer" : type;
    const expires = Number(parsed.expires_in);
    return {
      token: parsed.access_token,
      expiresInMs: Number.isFinite(expires) && expires > 0 ? expires * 1000 : undefined,
    };
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
    close: () => dispatcher.close(),
  };
}

/** The OAuth2 `error` (and description) of an error body, kept short. */
function oauthError(text: string): string {
  try {
    const j = JSON.parse(text) as { error?: unknown; error_description?: unknown };
    const parts = [j.error, j.error_description].filter(
      (v): v is string => typeof v === "string" && v !== "",
    );
    return parts.join(": ").slice(0, 200);
  } catch {
    return "";
  }
}
