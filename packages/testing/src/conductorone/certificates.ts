// A throwaway certificate authority and a server certificate for 127.0.0.1, ::1 and localhost, made
// with node:crypto alone (ECDSA P-256; the X.509 DER is assembled here).
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from "node:crypto";

const der = (tag: number, ...parts: Buffer[]): Buffer => {
  const body = Buffer.concat(parts);
  const n = body.length;
  const len =
    n < 0x80
      ? Buffer.from([n])
      : (() => {
          const bytes: number[] = [];
          for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
          return Buffer.from([0x80 | bytes.length, ...bytes]);
        })();
  return Buffer.concat([Buffer.from([tag]), len, body]);
};
const seq = (...p: Buffer[]) => der(0x30, ...p);
const set = (...p: Buffer[]) => der(0x31, ...p);
const explicit = (n: number, ...p: Buffer[]) => der(0xa0 + n, ...p);
const octets = (b: Buffer) => der(0x04, b);
const bits = (b: Buffer, unused = 0) => der(0x03, Buffer.from([unused]), b);
const TRUE = Buffer.from([0x01, 0x01, 0xff]);

function integer(b: Buffer): Buffer {
  let v = b;
  while (v.length > 1 && v[0] === 0 && (v[1]! & 0x80) === 0) v = v.subarray(1);
  return der(0x02, (v[0]! & 0x80) !== 0 ? Buffer.concat([Buffer.from([0]), v]) : v);
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split(".").map(Number);
  const out = [a! * 40 + b!];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = n >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return der(0x06, Buffer.from(out));
}

const name = (cn: string) => seq(set(seq(oid("2.5.4.3"), der(0x0c, Buffer.from(cn)))));

function time(d: Date): Buffer {
  const s = d.toISOString().replace(/[-:T]/g, "").slice(2, 14);
  return der(0x17, Buffer.from(`${s}Z`));
}

const extension = (id: string, value: Buffer, critical = false) =>
  seq(oid(id), ...(critical ? [TRUE] : []), octets(value));

const ECDSA_SHA256 = seq(oid("1.2.840.10045.4.3.2"));

function spki(key: KeyObject): Buffer {
  return key.export({ type: "spki", format: "der" });
}

/** The key identifier: SHA-1 of the public key bits (the last 65 bytes of a P-256 SPKI). */
const keyId = (key: KeyObject) => createHash("sha1").update(spki(key).subarray(-65)).digest();

function toPem(label: string, body: Buffer): string {
  const b64 = body.toString("base64").replace(/.{64}/g, "$&\n");
  return `-----BEGIN ${label}-----\n${b64}${b64.endsWith("\n") ? "" : "\n"}-----END ${label}-----\n`;
}

interface CertificateSpec {
  subject: string;
  issuer: string;
  publicKey: KeyObject;
  signer: KeyObject;
  issuerKey: KeyObject;
  ca: boolean;
  days: number;
}

function certificate(s: CertificateSpec): string {
  const now = Date.now();
  const exts = [
    extension("2.5.29.19", seq(...(s.ca ? [TRUE] : [])), true),
    extension("2.5.29.15", s.ca ? bits(Buffer.from([0x06]), 1) : bits(Buffer.from([0x80]), 7), true),
    extension("2.5.29.14", octets(keyId(s.publicKey))),
    extension("2.5.29.35", seq(der(0x80, keyId(s.issuerKey)))),
  ];
  if (!s.ca) {
    const san = seq(
      der(0x82, Buffer.from("localhost")),
      der(0x87, Buffer.from([127, 0, 0, 1])),
      der(0x87, Buffer.from([...Array(15).fill(0), 1])),
    );
    exts.push(extension("2.5.29.17", san), extension("2.5.29.37", seq(oid("1.3.6.1.5.5.7.3.1"))));
  }
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    ECDSA_SHA256,
    name(s.issuer),
    seq(time(new Date(now - 60 * 60_000)), time(new Date(now + s.days * 86_400_000))),
    name(s.subject),
    spki(s.publicKey),
    explicit(3, seq(...exts)),
  );
  const signature = sign("sha256", tbs, s.signer);
  return toPem("CERTIFICATE", seq(tbs, ECDSA_SHA256, bits(signature)));
}

export interface TestTls {
  /** The CA certificate (PEM): what a client must trust. */
  caPem: string;
  /** The server's certificate (PEM, for localhost, 127.0.0.1 and ::1) and private key (PKCS#8 PEM). */
  certPem: string;
  keyPem: string;
}

/** A new CA and a server certificate signed by it, valid for a day. */
export function createTestTls(): TestTls {
  const ec = () => generateKeyPairSync("ec", { namedCurve: "P-256" });
  const ca = ec();
  const server = ec();
  const caName = "Baton test CA (throwaway)";
  const caPem = certificate({
    subject: caName,
    issuer: caName,
    publicKey: ca.publicKey,
    signer: ca.privateKey,
    issuerKey: ca.publicKey,
    ca: true,
    days: 1,
  });
  const certPem = certificate({
    subject: "localhost",
    issuer: caName,
    publicKey: server.publicKey,
    signer: ca.privateKey,
    issuerKey: ca.publicKey,
    ca: false,
    days: 1,
  });
  return { caPem, certPem, keyPem: server.privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
}
