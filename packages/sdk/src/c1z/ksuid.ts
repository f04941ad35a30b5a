import { randomBytes } from "node:crypto";

// KSUID (segmentio/ksuid, the Go SDK's sync ids in v1_sync_runs): 4-byte big-endian
// seconds since 2014-05-13T16:53:20Z, 16 random bytes, base62 encoded to 27 characters.
const EPOCH_SECONDS = 1_400_000_000;
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const PAYLOAD_MAX = (1n << 128n) - 1n;

let lastSeconds = -1;
let lastPayload = 0n;

/**
 * A new KSUID. Ids made by this process within the same second are strictly increasing (the
 * payload of the previous one plus one), so `ORDER BY sync_id` matches creation order.
 */
export function newKsuid(now: Date = new Date()): string {
  const seconds = Math.floor(now.getTime() / 1000) - EPOCH_SECONDS;
  if (seconds < 0 || seconds > 0xffff_ffff)
    throw new RangeError(`time ${now.toISOString()} is outside KSUID range`);
  let payload = BigInt(`0x${randomBytes(16).toString("hex")}`);
  if (seconds === lastSeconds && payload <= lastPayload && lastPayload < PAYLOAD_MAX)
    payload = lastPayload + 1n;
  lastSeconds = seconds;
  lastPayload = payload;
  return encodeBase62((BigInt(seconds) << 128n) | payload);
}

function encodeBase62(n: bigint): string {
  let out = "";
  for (let i = 0; i < 27; i++) {
    out = ALPHABET[Number(n % 62n)] + out;
    n /= 62n;
  }
  return out;
}

/** Seconds-precision time encoded in a KSUID, or undefined when the string is not a KSUID. */
export function ksuidTime(id: string): Date | undefined {
  if (!/^[0-9A-Za-z]{27}$/.test(id)) return undefined;
  let n = 0n;
  for (const c of id) n = n * 62n + BigInt(ALPHABET.indexOf(c));
  if (n >> 160n !== 0n) return undefined;
  return new Date((Number(n >> 128n) + EPOCH_SECONDS) * 1000);
}
