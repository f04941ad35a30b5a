import type { DescMessage, JsonObject, JsonValue, Message } from "@bufbuild/protobuf";
import { create, createFileRegistry, fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  type Any,
  FieldDescriptorProto_Label,
  FieldDescriptorProto_Type,
  FileDescriptorProtoSchema,
} from "@bufbuild/protobuf/wkt";
import {
  type Entitlement,
  file_c1_connector_v2_entitlement,
  file_c1_connector_v2_grant,
  file_c1_connector_v2_resource,
  type Grant,
  type GrantExpandable,
  GrantExpandableSchema,
  type GrantSources,
  type Resource,
  type ResourceType,
} from "../proto.js";

export const GRANT_EXPANDABLE_TYPE_URL = "type.googleapis.com/c1.connector.v2.GrantExpandable";

// The `data` blobs are protobuf wire bytes: protobuf-es already writes fields in field-number order,
// packs repeated scalars/enums and omits proto3 zero values. Maps are written in object-key order,
// so the maps of the stored messages (Grant.sources, Resource.profile Struct fields) are re-keyed
// in Go's sorted byte order first. JavaScript always enumerates integer-like keys ("7", "42") first
// in numeric order, so maps mixing those with other keys cannot match Go byte for byte; readers
// never depend on byte identity (Go's own encoder does not promise it either).
//
// Objects are encoded a batch at a time as the elements of a `repeated T items = 1` wrapper
// message and the elements' bytes are then sliced out: protobuf-es writes each element exactly as
// toBinary(T) would, and one writer per batch instead of one per object halves the encoding time.

const batchFile = createFileRegistry(
  create(FileDescriptorProtoSchema, {
    name: "baton/c1z/batch.proto",
    package: "baton.c1z.batch",
    syntax: "proto3",
    dependency: [
      "c1/connector/v2/resource.proto",
      "c1/connector/v2/entitlement.proto",
      "c1/connector/v2/grant.proto",
    ],
    messageType: ["ResourceType", "Resource", "Entitlement", "Grant"].map((name) => ({
      name,
      field: [
        {
          name: "items",
          jsonName: "items",
          number: 1,
          label: FieldDescriptorProto_Label.REPEATED,
          type: FieldDescriptorProto_Type.MESSAGE,
          typeName: `.c1.connector.v2.${name}`,
        },
      ],
    })),
  }),
  (name) =>
    ({
      "c1/connector/v2/resource.proto": file_c1_connector_v2_resource,
      "c1/connector/v2/entitlement.proto": file_c1_connector_v2_entitlement,
      "c1/connector/v2/grant.proto": file_c1_connector_v2_grant,
    })[name],
);
const batchSchema = (name: string) => batchFile.getMessage(`baton.c1z.batch.${name}`) as DescMessage;
const BATCH = {
  ResourceType: batchSchema("ResourceType"),
  Resource: batchSchema("Resource"),
  Entitlement: batchSchema("Entitlement"),
  Grant: batchSchema("Grant"),
};
/** Objects per wrapper message, so one buffer stays small whatever the caller's batch size. */
const CHUNK = 1024;

/** The binary encoding of each item, as views into one buffer per chunk. */
function encodeEach(schema: DescMessage, items: readonly Message[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < items.length; i += CHUNK) {
    const batch = { $typeName: schema.typeName, items: items.slice(i, i + CHUNK) } as Message;
    const buf = toBinary(schema, batch);
    let p = 0;
    while (p < buf.length) {
      if (buf[p++] !== 0x0a) throw new Error("unexpected protobuf batch encoding");
      let len = 0;
      for (let shift = 1; ; shift *= 128) {
        const b = buf[p++]!;
        len += (b & 0x7f) * shift;
        if (b < 0x80) break;
      }
      out.push(buf.subarray(p, p + len));
      p += len;
    }
  }
  return out;
}

export const encodeResourceTypes = (items: readonly ResourceType[]): Uint8Array[] =>
  encodeEach(BATCH.ResourceType, items);

export const encodeResources = (items: readonly Resource[]): Uint8Array[] =>
  encodeEach(BATCH.Resource, items.map(sortResource));

export const encodeEntitlements = (items: readonly Entitlement[]): Uint8Array[] =>
  encodeEach(BATCH.Entitlement, items.map(sortEntitlement));

/** A grant split into its stored columns: GrantExpandable moved out of the annotations into `expansion`. */
export interface GrantRow {
  data: Uint8Array;
  /** Serialized GrantExpandable, or null when the grant has none with a non-blank entitlement id. */
  expansion: Uint8Array | null;
}

export function encodeGrants(items: readonly Grant[]): GrantRow[] {
  const expansions: (Uint8Array | null)[] = [];
  const stored = items.map((g) => {
    const { annotations, expandable } = stripGrantExpandable(g.annotations);
    expansions.push(
      expandable?.entitlementIds.some((id) => id.trim() !== "")
        ? toBinary(GrantExpandableSchema, expandable)
        : null,
    );
    const sorted = sortGrant(g);
    return annotations === g.annotations ? sorted : { ...sorted, annotations };
  });
  return encodeEach(BATCH.Grant, stored).map((data, i) => ({ data, expansion: expansions[i]! }));
}

/** Removes every GrantExpandable Any; returns the first one decoded (Go's annotations.Pick). */
export function stripGrantExpandable(annotations: Any[]): {
  annotations: Any[];
  expandable: GrantExpandable | undefined;
} {
  const first = annotations.find((a) => a.typeUrl === GRANT_EXPANDABLE_TYPE_URL);
  if (first === undefined) return { annotations, expandable: undefined };
  return {
    annotations: annotations.filter((a) => a.typeUrl !== GRANT_EXPANDABLE_TYPE_URL),
    expandable: fromBinary(GrantExpandableSchema, first.value),
  };
}

function sortResource(r: Resource): Resource {
  if (r.profile === undefined || isSortedJson(r.profile)) return r;
  return { ...r, profile: sortJson(r.profile) as JsonObject };
}

function sortEntitlement(e: Entitlement): Entitlement {
  const resource = e.resource && sortResource(e.resource);
  return resource === e.resource ? e : { ...e, resource };
}

function sortGrant(g: Grant): Grant {
  const entitlement = g.entitlement && sortEntitlement(g.entitlement);
  const principal = g.principal && sortResource(g.principal);
  const sources = g.sources && sortSources(g.sources);
  if (entitlement === g.entitlement && principal === g.principal && sources === g.sources) return g;
  return { ...g, entitlement, principal, sources };
}

function sortSources(s: GrantSources): GrantSources {
  const keys = Object.keys(s.sources);
  if (isSortedKeys(keys)) return s;
  const sources: GrantSources["sources"] = {};
  for (const k of keys.sort(compareUtf8)) sources[k] = s.sources[k]!;
  return { ...s, sources };
}

function isSortedJson(v: JsonValue): boolean {
  if (Array.isArray(v)) return v.every(isSortedJson);
  if (v === null || typeof v !== "object") return true;
  const keys = Object.keys(v);
  return isSortedKeys(keys) && keys.every((k) => isSortedJson(v[k]!));
}

function sortJson(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(sortJson);
  if (v === null || typeof v !== "object") return v;
  const out: JsonObject = {};
  for (const k of Object.keys(v).sort(compareUtf8)) out[k] = sortJson(v[k]!);
  return out;
}

function isSortedKeys(keys: string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (compareUtf8(keys[i - 1]!, keys[i]!) > 0) return false;
  return true;
}

/** Go's string order: bytewise on UTF-8, i.e. by code point (differs from `<` on UTF-16 surrogates). */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      const xs = x >= 0xd800 && x <= 0xdfff;
      const ys = y >= 0xd800 && y <= 0xdfff;
      if (xs !== ys) return xs ? 1 : -1;
      return x - y;
    }
  }
  return a.length - b.length;
}
