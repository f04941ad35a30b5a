import type { LogFields, Logger } from "../log.js";

export const REDACTED = "[REDACTED]";

/** Header and query-parameter names whose values are credentials. */
export const SENSITIVE_NAME = /auth|token|secret|pass|key|sig|session|cookie|credential/i;

/** Replaces every occurrence of each secret (and of its URL-encoded form) with `[REDACTED]`. */
export function redact(text: string, secrets: Iterable<string>): string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
  }
  let out = text;
  // Longest first, so a secret that contains another is replaced whole.
  for (const form of [...forms].sort((a, b) => b.length - a.length)) out = out.split(form).join(REDACTED);
  return out;
}

/** The values to redact for a header value: the whole value and, for `Scheme credentials`, the credentials. */
export function headerSecrets(value: string): string[] {
  const m = /^\S+\s+(\S.*)$/.exec(value.trim());
  return m ? [value, m[1]!] : [value];
}

/** Path and query of a URL for logs: sensitive-looking query values and configured secrets redacted. */
export function redactUrl(url: URL, secrets: Iterable<string>): string {
  const params = new URLSearchParams(url.search);
  for (const name of new Set(params.keys())) {
    if (SENSITIVE_NAME.test(name)) params.set(name, REDACTED);
  }
  const query =
    params.size > 0 ? `?${params.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED)}` : "";
  return redact(url.pathname + query, secrets);
}

function redactValue(value: unknown, secrets: Iterable<string>): unknown {
  if (typeof value === "string") return redact(value, secrets);
  if (value instanceof Error) return { name: value.name, message: redact(value.message, secrets) };
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets));
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return redactFields(value as LogFields, secrets);
  }
  return value;
}

function redactFields(fields: LogFields, secrets: Iterable<string>): LogFields {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, redactValue(v, secrets)]));
}

/** A logger that redacts the secrets from the message and from every string in the fields. */
export function redactingLogger(logger: Logger, secrets: Iterable<string>): Logger {
  const wrap =
    (level: "debug" | "info" | "warn" | "error") =>
    (msg: string, fields?: LogFields): void =>
      logger[level](redact(msg, secrets), fields && redactFields(fields, secrets));
  return {
    debug: wrap("debug"),
    info: wrap("info"),
    warn: wrap("warn"),
    error: wrap("error"),
    child: (fields) => redactingLogger(logger.child(redactFields(fields, secrets)), secrets),
  };
}
