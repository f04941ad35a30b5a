// Initial passwords for new accounts. PingOne's standard password policy asks for at least 8
// characters with an upper-case letter, a lower-case letter, a digit and a special character, and no
// character more than twice in a row; the password is sent with forceChange, so the user replaces it
// at first sign-on.
import { randomInt } from "node:crypto";

const UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
const LOWER = "abcdefghijkmnopqrstuvwxyz";
const DIGITS = "23456789";
const SPECIAL = "!#$%&*+-=?@^_~";
const ALL = UPPER + LOWER + DIGITS + SPECIAL;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 255;

const pick = (alphabet: string) => alphabet[randomInt(alphabet.length)]!;

/** A random password of `length` characters (clamped to 12–255) with every character class in it. */
export function generatePassword(length: number): string {
  const n = Math.min(MAX_PASSWORD_LENGTH, Math.max(MIN_PASSWORD_LENGTH, Math.floor(length) || 0));
  const chars = [pick(UPPER), pick(LOWER), pick(DIGITS), pick(SPECIAL)];
  while (chars.length < n) chars.push(pick(ALL));
  // Fisher–Yates with a cryptographic source, then break any run of three equal characters.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  for (let i = 2; i < chars.length; i++) {
    while (chars[i] === chars[i - 1] && chars[i] === chars[i - 2]) chars[i] = pick(ALL);
  }
  return chars.join("");
}
