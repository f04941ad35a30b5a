// Request bodies, encoded by their type: plain objects and arrays as JSON, URLSearchParams as a form,
// strings and bytes as they are. Anything else is refused instead of being sent as "{}".
import { BatonError, Code } from "../errors.js";

export const JSON_TYPE = "application/json";
export const FORM_TYPE = "application/x-www-form-urlencoded";

export interface EncodedBody {
  payload: string | Uint8Array;
  contentType: string;
}

const HINT =
  "send a plain object or array (JSON), URLSearchParams (form), or a string or Uint8Array with contentType";

const isJsonType = (t: string) => /^application\/(?:[\w.+-]+\+)?json\b/i.test(t.trim());
const isFormType = (t: string) => t.trim().toLowerCase().startsWith(FORM_TYPE);

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** "a Map", "an instance of Foo", "a function", "null" — what a value is, for messages. */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "function") return "a function";
  if (typeof value !== "object") return `a ${typeof value}`;
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor
    ?.name;
  if (!name) return "an object without a plain prototype";
  return ["Map", "Set", "FormData", "Blob", "File", "URLSearchParams", "ReadableStream"].includes(name)
    ? `a ${name}`
    : `an instance of ${name}`;
}

/** Where in the body a value sits: `body.user.roles[2]`. */
const at = (where: string, key: string | number) =>
  typeof key === "number"
    ? `${where}[${key}]`
    : /^[A-Za-z_$][\w$]*$/.test(key)
      ? `${where}.${key}`
      : `${where}[${JSON.stringify(key)}]`;

/** The first value JSON.stringify would drop, change or fail on, or undefined when there is none. */
function notJson(value: unknown, where: string, stack: Set<object>): string | undefined {
  switch (typeof value) {
    case "string":
    case "boolean":
      return undefined;
    case "number":
      return Number.isFinite(value) ? undefined : `${where} is ${value}, which JSON cannot hold`;
    case "undefined":
      return `${where} is undefined`;
    case "object":
      break;
    default:
      return `${where} is ${describe(value)}`;
  }
  if (value === null) return undefined;
  // Objects that say how they are written as JSON (Date) are sent that way.
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return undefined;
  if (!Array.isArray(value) && !isPlain(value)) return `${where} is ${describe(value)}`;
  if (stack.has(value)) return `${where} refers back to itself`;
  stack.add(value);
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const problem = notJson(value[i], at(where, i), stack);
        if (problem) return problem;
      }
      return undefined;
    }
    for (const [key, v] of Object.entries(value)) {
      // An undefined property is left out, as JSON.stringify does: the usual way to omit an option.
      if (v === undefined) continue;
      const problem = notJson(v, at(where, key), stack);
      if (problem) return problem;
    }
    return undefined;
  } finally {
    stack.delete(value);
  }
}

function refuse(endpoint: string, what: string): BatonError {
  return new BatonError(Code.Internal, `${endpoint}: cannot send the request body: ${what}`, { hint: HINT });
}

/**
 * Encodes a request body by its type. `contentType` overrides the default content type (e.g.
 * `application/scim+json` for an object); it is required for strings and bytes, and must fit the
 * encoding the type implies.
 */
export function encodeBody(
  body: unknown,
  contentType: string | undefined,
  endpoint: string,
): EncodedBody | undefined {
  if (body === undefined) return undefined;
  if (typeof body === "string" || body instanceof Uint8Array) {
    if (!contentType) {
      throw refuse(endpoint, `a ${typeof body === "string" ? "string" : "Uint8Array"} needs a contentType`);
    }
    return { payload: body, contentType };
  }
  if (body instanceof URLSearchParams) {
    if (contentType && !isFormType(contentType)) {
      throw refuse(endpoint, `URLSearchParams is form-encoded, not ${contentType}`);
    }
    return { payload: body.toString(), contentType: contentType ?? FORM_TYPE };
  }
  if (body === null || typeof body !== "object" || !(Array.isArray(body) || isPlain(body))) {
    throw refuse(endpoint, `body is ${describe(body)}`);
  }
  if (contentType && !isJsonType(contentType)) {
    throw refuse(endpoint, `a plain object or array is sent as JSON, not ${contentType}`);
  }
  const problem = notJson(body, "body", new Set());
  if (problem) throw refuse(endpoint, problem);
  return { payload: JSON.stringify(body), contentType: contentType ?? JSON_TYPE };
}
