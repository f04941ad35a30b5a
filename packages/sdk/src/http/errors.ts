import { STATUS_CODES } from "node:http";
import { BatonError, Code } from "../errors.js";

/** HTTP status → gRPC code, as the Go SDK's uhttp maps it. */
export function statusToCode(status: number): Code {
  switch (status) {
    case 400:
      return Code.InvalidArgument;
    case 401:
      return Code.Unauthenticated;
    case 403:
      return Code.PermissionDenied;
    case 404:
      return Code.NotFound;
    case 408:
      return Code.DeadlineExceeded;
    case 409:
      return Code.AlreadyExists;
    case 429:
      return Code.Unavailable;
    case 501:
      return Code.Unimplemented;
  }
  if (status >= 500 && status < 600) return Code.Unavailable;
  if (status >= 400 && status < 500) return Code.InvalidArgument;
  return Code.Unknown;
}

const HINTS: Partial<Record<number, string>> = {
  401: "check the connector's credentials",
  403: "the credentials lack a permission or scope this endpoint needs",
  429: "the vendor's rate limit was reached; the sync can be retried later",
};

const MAX_VENDOR_TEXT = 200;

/** Vendor text on one line and at most 200 characters. */
export function collapse(text: string): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > MAX_VENDOR_TEXT ? `${t.slice(0, MAX_VENDOR_TEXT - 1)}…` : t;
}

function strings(value: unknown, keys: readonly string[]): string[] {
  if (typeof value === "string") return [value];
  if (value === null || typeof value !== "object") return [];
  const obj = value as Record<string, unknown>;
  return keys.flatMap((k) => (typeof obj[k] === "string" ? [obj[k] as string] : []));
}

/** An error response's body for a caller: its JSON, else its text; undefined when empty. */
export function errorBodyOf(text: string): unknown {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The vendor's short error text from an error body: the usual JSON fields (Zendesk `error` +
 * `description`, `message`, OAuth `error_description`, problem+json `title`/`detail`, `errors[0]`),
 * or a plain-text body. Never the whole body.
 */
export function vendorErrorText(body: string, contentType: string | undefined): string | undefined {
  if (!body.trim()) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return contentType?.startsWith("text/plain") ? collapse(body) || undefined : undefined;
  }
  if (json === null || typeof json !== "object") return typeof json === "string" ? collapse(json) : undefined;
  const obj = json as Record<string, unknown>;
  const errors = Array.isArray(obj.errors) ? obj.errors[0] : undefined;
  const parts = [
    ...strings(obj.error, ["title", "message"]),
    ...strings(obj, ["description", "message", "error_description", "title", "detail"]),
    ...strings(errors, ["message", "detail", "title"]),
  ];
  const text = collapse([...new Set(parts)].join(": "));
  return text || undefined;
}

/** Error for a non-2xx response: method, endpoint, status and the vendor's short text. */
export function statusError(
  endpoint: string,
  status: number,
  vendorText: string | undefined,
  opts: { retryAfterMs?: number | undefined; note?: string | undefined; notProcessed?: boolean },
): BatonError {
  const reason = STATUS_CODES[status];
  let message = `${endpoint} returned ${status}${reason ? ` ${reason}` : ""}`;
  if (vendorText) message += `: ${vendorText}`;
  if (opts.note) message += ` (${opts.note})`;
  const hint = HINTS[status];
  return new BatonError(statusToCode(status), message, {
    ...(hint && { hint }),
    ...(opts.retryAfterMs !== undefined && { retryAfterMs: opts.retryAfterMs }),
    ...(opts.notProcessed && { notProcessed: true }),
  });
}

interface SchemaIssue {
  path: PropertyKey[];
  message: string;
}

/** `users[3].email`, `["odd key"]`, or `(root)`. */
function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out || "(root)";
}

/** Error for a body that does not match the connector's schema: the first issue's path and zod message. */
export function schemaError(endpoint: string, issues: readonly SchemaIssue[]): BatonError {
  const [first] = issues;
  const detail = first
    ? `${formatIssuePath(first.path)}: ${first.message.replace(/^Invalid input: /, "")}`
    : "does not match the expected schema";
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  return new BatonError(Code.Unknown, `${endpoint}: unexpected response: ${detail}${more}`, {
    hint: "the vendor's API returned a shape this connector does not expect",
  });
}

/** Error for a body that is not JSON; names the content type and size, not the content. */
export function malformedJsonError(
  endpoint: string,
  contentType: string | undefined,
  bytes: number,
): BatonError {
  return new BatonError(
    Code.Unknown,
    `${endpoint} returned malformed JSON (${contentType ?? "no content-type"}, ${bytes} bytes)`,
  );
}

/** 64 MiB, 512 KiB, 100 bytes. */
export function formatBytes(bytes: number): string {
  const MiB = 1024 * 1024;
  if (bytes >= MiB && bytes % (MiB / 16) === 0) return `${bytes / MiB} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/** Error for a response body larger than the client's cap (the rest is not read). */
export function tooLargeError(endpoint: string, maxBytes: number): BatonError {
  return new BatonError(
    Code.ResourceExhausted,
    `${endpoint}: response body larger than the ${formatBytes(maxBytes)} limit`,
    { hint: "ask for smaller pages, or raise maxResponseBytes in the connector's HTTP client options" },
  );
}
