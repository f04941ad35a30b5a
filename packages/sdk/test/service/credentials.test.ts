import { generateKeyPairSync, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Code } from "../../src/errors.js";
import {
  clientAssertion,
  parseClientId,
  parseClientSecret,
  serviceCredentials,
} from "../../src/service/index.js";

const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const jwk = privateKey.export({ format: "jwk" });
const secretOf = (key: object) =>
  `secret-token:conductorone.com:v1:${Buffer.from(JSON.stringify(key)).toString("base64url")}`;
const decode = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8"));

describe("ConductorOne client ids", () => {
  it("split on the first @ and then the first /; the host loses its port", () => {
    expect(parseClientId("my-connector@acme.conductor.one/pcc")).toEqual({
      clientName: "my-connector",
      tenantHost: "acme.conductor.one",
    });
    expect(parseClientId("a@b@acme.conductor.one:8443/x/y")).toEqual({
      clientName: "a",
      tenantHost: "b@acme.conductor.one",
    });
    expect(parseClientId("c@[::1]:8443/x").tenantHost).toBe("[::1]");
  });

  it.each([
    ["no-at/pcc", /has no "@"/],
    ["c@acme.conductor.one", /has no "\/" after the host/],
    ["c@/pcc", /has no host/],
  ])("%s is refused: %s", (id, message) => {
    expect(() => parseClientId(id)).toThrow(message);
  });
});

describe("ConductorOne client secrets", () => {
  it("hold an Ed25519 private JWK, with or without kid and x", () => {
    const withKid = parseClientSecret(secretOf({ ...jwk, kid: "k1" }));
    expect(withKid.kid).toBe("k1");
    expect(withKid.key.asymmetricKeyType).toBe("ed25519");
    const { x: _, ...noX } = jwk;
    const bare = parseClientSecret(secretOf(noX));
    expect(bare.kid).toBeUndefined();
    expect(bare.key.export({ format: "jwk" }).x).toBe(jwk.x);
  });

  it.each([
    ["a:b:c", /has 3 ":"-separated parts, not 4/],
    ["secret-token:conductorone.com:v2:abc", /not a version 1 secret/],
    ["secret-token:conductorone.com:v1:a+b/c=", /does not end in a base64url key/],
    [
      `secret-token:conductorone.com:v1:${Buffer.from("not json").toString("base64url")}`,
      /not end in a JSON Web Key/,
    ],
    [secretOf({ kty: "EC", crv: "P-256", d: "AA" }), /not Ed25519/],
    [secretOf({ kty: "OKP", crv: "Ed25519", x: jwk.x }), /public key, not the private key/],
    [secretOf({ kty: "OKP", crv: "Ed25519", d: "AAAA" }), /wrong length/],
  ])("%s is refused: %s, without echoing it", (secret, message) => {
    let err: { code?: number; message?: string; hint?: string } = {};
    try {
      parseClientSecret(secret);
    } catch (e) {
      err = e as typeof err;
    }
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.message).toMatch(message);
    expect(`${err.message} ${err.hint}`).not.toContain(secret.split(":")[3] ?? secret);
  });
});

describe("serviceCredentials", () => {
  const secret = secretOf(jwk);
  it("send requests to BATON_C1_API_HOST when set, to the client id's host otherwise", () => {
    const id = "c@acme.conductor.one/pcc";
    expect(serviceCredentials(id, secret).apiHost).toBe("acme.conductor.one");
    const local = serviceCredentials(id, secret, "localhost:8443");
    expect(local).toMatchObject({
      apiHost: "localhost:8443",
      tenantHost: "acme.conductor.one",
      clientName: "c",
    });
    expect(() => serviceCredentials(id, secret, "https://localhost:8443/")).toThrow(
      /BATON_C1_API_HOST is not a host or host:port/,
    );
  });
});

describe("the client assertion", () => {
  it("is an EdDSA JWS with a hex nonce, the kid, and claims iss, sub, aud, exp, nbf, iat", () => {
    const c = serviceCredentials("c@acme.conductor.one/pcc", secretOf({ ...jwk, kid: "k1" }), "127.0.0.1:1");
    const now = Date.UTC(2026, 0, 1, 12, 0, 0, 500);
    const jws = clientAssertion(c, now);
    const [h, p, sig] = jws.split(".");
    const header = decode(h!);
    expect(header).toMatchObject({ alg: "EdDSA", kid: "k1" });
    expect(header.nonce).toMatch(/^[0-9a-f]{32}$/);
    const claims = decode(p!);
    const t = Math.floor(now / 1000);
    expect(Object.keys(claims)).toEqual(["iss", "sub", "aud", "exp", "nbf", "iat"]);
    expect(claims).toEqual({
      iss: "c@acme.conductor.one/pcc",
      sub: "c@acme.conductor.one/pcc",
      aud: "acme.conductor.one",
      exp: t + 120,
      nbf: t - 120,
      iat: t,
    });
    expect(verify(null, Buffer.from(`${h}.${p}`), publicKey, Buffer.from(sig!, "base64url"))).toBe(true);
    expect(decode(clientAssertion(c, now).split(".")[0]!).nonce).not.toBe(header.nonce);
  });
});
