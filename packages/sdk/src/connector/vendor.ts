// Vendor data is not operator input: a value the connector does not know (an enum value the vendor
// added, a new permission key) is reported once and the item skipped or left unspecified; the sync
// goes on. InvalidArgument is for what the operator typed.
import { z } from "zod";

/** A value from the vendor outside the connector's list: `{ unknown: "contributor" }`. */
export interface UnknownValue {
  readonly unknown: string;
}

export const isUnknown = (v: unknown): v is UnknownValue =>
  typeof v === "object" && v !== null && typeof (v as UnknownValue).unknown === "string";

/**
 * A vendor string field with the values the connector knows: parses any string, known ones as
 * themselves and any other as `{ unknown: value }`, never as a validation failure. Check with
 * `isUnknown(v)` and report it with `ctx.unknownValue(…)`:
 *
 * ```ts
 * const user = z.object({ role: vendorEnum(["end-user", "agent", "admin"]) });
 * if (isUnknown(u.role)) ctx.unknownValue("Zendesk user role", u.role.unknown, "the user is skipped");
 * ```
 */
export function vendorEnum<const T extends readonly [string, ...string[]]>(values: T) {
  const known: ReadonlySet<string> = new Set(values);
  return z.string().transform((v): T[number] | UnknownValue => (known.has(v) ? v : { unknown: v }));
}
