import { terminalSafeJson } from "@baton/sdk/errors";
import { type DescMessage, type MessageShape, protoRegistry, toJson } from "@baton/sdk/proto";
import type { Output } from "../output.js";

const ANY = "google.protobuf.Any";

interface AnyLike {
  $typeName: typeof ANY;
  typeUrl: string;
}

const isAny = (v: unknown): v is AnyLike => (v as AnyLike | null)?.$typeName === ANY;
const isKnown = (any: AnyLike) =>
  protoRegistry.getMessage(any.typeUrl.slice(any.typeUrl.lastIndexOf("/") + 1));

/** Removes `Any` values whose type is not in the registry, as the Go CLI's JSON output does. */
function dropUnknownAny(value: unknown): void {
  if (Array.isArray(value)) {
    for (let i = value.length - 1; i >= 0; i--) {
      if (isAny(value[i]) && !isKnown(value[i])) value.splice(i, 1);
      else dropUnknownAny(value[i]);
    }
  } else if (typeof value === "object" && value !== null && !(value instanceof Uint8Array)) {
    const record = value as Record<string, unknown>;
    for (const [key, v] of Object.entries(record)) {
      if (isAny(v) && !isKnown(v)) record[key] = undefined;
      else dropUnknownAny(v);
    }
  }
}

/** Any objects start with "@type", as Go's protojson writes them. */
function typeFirst(_: string, v: unknown): unknown {
  if (v === null || typeof v !== "object" || !("@type" in v)) return v;
  const { "@type": type, ...fields } = v;
  return { "@type": type, ...fields };
}

/**
 * Protobuf JSON of a message, compact like Go's protojson.Marshal: lowerCamelCase names, enums by
 * name, 64-bit integers as strings, Any as {"@type": …}. Annotations of unknown types are left out.
 * Control characters that JSON.stringify leaves raw (C1, bidi overrides) are written as escapes.
 */
export function messageJson<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): string {
  let json: unknown;
  try {
    json = toJson(schema, message, { registry: protoRegistry });
  } catch {
    dropUnknownAny(message);
    json = toJson(schema, message, { registry: protoRegistry });
  }
  return jsonText(json, typeFirst);
}

/** JSON.stringify, inert on a terminal (the same JSON value). */
export const jsonText = (value: unknown, replacer?: (key: string, value: unknown) => unknown): string =>
  terminalSafeJson(JSON.stringify(value, replacer));

/**
 * Streams `{"<field>":[item,…]}`: the JSON of a list output message written item by item.
 * An empty list prints `{}`, as protojson omits empty repeated fields.
 */
export async function writeJsonList<Desc extends DescMessage>(
  out: Output,
  field: string,
  schema: Desc,
  items: Iterable<MessageShape<Desc>>,
): Promise<void> {
  let count = 0;
  for (const item of items) {
    await out.write(`${count++ === 0 ? `{"${field}":[` : ","}${messageJson(schema, item)}`);
  }
  await out.write(count === 0 ? "{}" : "]}");
}
