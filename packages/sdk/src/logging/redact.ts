import { REDACTED, redact } from "../http/redact.js";

const names =
  "(?:proxy-)?authorization|cookie|set-cookie|x-api-key|api[-_]?key|x-auth-token|x-access-token|private-token|password|client[-_]?secret";
const schemes = "bearer|basic|token|bot|ssws|sso-key";
/**
 * `<name>: [scheme ]<credentials>` in text such as `Authorization: Bearer abc` or `password=abc`.
 * Credentials stop at quotes, separators and brackets, so `[REDACTED]` is never matched again.
 */
const headerInText = new RegExp(
  `\\b(${names})(["']?\\s*[:=]\\s*["']?)((?:${schemes})\\s+)?(?!(?:${schemes})\\s)([^\\s"',;&()[\\]{}<>]+)`,
  "gi",
);
/** `Bearer <credentials>` anywhere. */
const bearer = /\b(bearer)\s+[A-Za-z0-9._~+/=-]+/gi;
/** Object keys (log fields, header maps) whose whole value is a credential. */
const sensitiveKey = new RegExp(`^(?:${names})$`, "i");

export interface Redactor {
  /** The text with configured secrets and Authorization-like header values replaced by `[REDACTED]`. */
  text(s: string): string;
  /** A JSON-ready copy of a log field value with every string redacted (Errors become their message). */
  value(v: unknown): unknown;
}

/**
 * Redacts the secret values (and their URL-encoded forms) and credential-looking headers. `secrets` is
 * read at each call, so a SecretSet that grows later is honoured.
 */
export function createRedactor(secrets: Iterable<string>): Redactor {
  const text = (s: string) =>
    redact(s, secrets)
      .replace(headerInText, (_, name, sep, scheme = "") => `${name}${sep}${scheme}${REDACTED}`)
      .replace(bearer, (_, word) => `${word} ${REDACTED}`);

  const value = (v: unknown, seen: Set<object>): unknown => {
    if (typeof v === "string") return text(v);
    if (typeof v === "bigint") return v.toString();
    if (typeof v !== "object" || v === null) return v;
    if (v instanceof Error) return text(v.message);
    if (v instanceof Date) return v.toISOString();
    if (v instanceof Uint8Array) return `<${v.byteLength} bytes>`;
    if (seen.has(v)) return "[Circular]";
    seen.add(v);
    const out = Array.isArray(v)
      ? v.map((item) => value(item, seen))
      : Object.fromEntries(
          Object.entries(v).map(([k, item]) => [
            text(k),
            sensitiveKey.test(k) && item !== undefined && item !== null ? REDACTED : value(item, seen),
          ]),
        );
    seen.delete(v);
    return out;
  };

  return { text, value: (v) => value(v, new Set()) };
}
