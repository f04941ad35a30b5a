import type { ConfigField } from "./fields.js";

/** Thrown by `coerce` for a value that cannot become the field's type. */
export class CoerceError extends Error {}

const truthy = new Set(["1", "t", "T", "true", "TRUE", "True"]);
const falsy = new Set(["0", "f", "F", "false", "FALSE", "False"]);

/** Splits a comma-separated list, trimming items and dropping empty ones. */
export const splitList = (s: string): string[] =>
  s
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");

/**
 * Turns a flag, env or YAML value into the field's type. Strings are parsed like Go's strconv
 * (booleans accept 1/t/true/0/f/false); YAML scalars and lists are taken as they are.
 */
export function coerce(field: ConfigField, value: unknown): unknown {
  switch (field.kind) {
    case "string":
    case "enum":
      if (typeof value === "string") return value;
      if (typeof value === "number" || typeof value === "boolean") return String(value);
      throw new CoerceError("expected a string");
    case "boolean":
      if (typeof value === "boolean") return value;
      if (typeof value === "string" && truthy.has(value)) return true;
      if (typeof value === "string" && falsy.has(value)) return false;
      throw new CoerceError(`${JSON.stringify(value)} is not a boolean (use true or false)`);
    case "number": {
      const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
      if (typeof n !== "number" || !Number.isInteger(n)) {
        throw new CoerceError(`${JSON.stringify(value)} is not an integer`);
      }
      return n;
    }
    case "string-list":
      if (typeof value === "string") return splitList(value);
      if (Array.isArray(value)) return value.map(String);
      throw new CoerceError("expected a list of strings");
  }
}
