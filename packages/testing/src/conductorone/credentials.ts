// A ConductorOne client credential for tests: a new Ed25519 key in ConductorOne's secret format.
import { generateKeyPairSync, type KeyObject } from "node:crypto";

export interface TestClientCredentials {
  /** `baton-test@<tenant host>/pcc` */
  clientId: string;
  /** `secret-token:conductorone.com:v1:<base64url JWK>` */
  clientSecret: string;
  /** The public half: what the fake token endpoint verifies assertions with. */
  publicKey: KeyObject;
  kid: string | undefined;
}

export function createTestClientCredentials(
  tenantHost: string,
  o: { kid?: string | null; clientName?: string } = {},
): TestClientCredentials {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const kid = o.kid === null ? undefined : (o.kid ?? "test-key");
  const jwk = { ...privateKey.export({ format: "jwk" }), ...(kid ? { kid } : {}) };
  const payload = Buffer.from(JSON.stringify(jwk)).toString("base64url");
  return {
    clientId: `${o.clientName ?? "baton-test"}@${tenantHost}/pcc`,
    clientSecret: `secret-token:conductorone.com:v1:${payload}`,
    publicKey,
    kid,
  };
}
