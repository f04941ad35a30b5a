import type { JsonObject, JsonValue } from "@bufbuild/protobuf";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import type { Any } from "@bufbuild/protobuf/wkt";
import {
  type Entitlement,
  EntitlementSchema,
  type Grant,
  type GrantExpandable,
  GrantExpandableSchema,
  GrantSchema,
  type GrantSources,
  type Resource,
  ResourceSchema,
  type ResourceType,
  ResourceTypeSchema,
} from "../proto.js";

export const GRANT_EXPANDABLE_TYPE_URL = "type.googleapis.com/c1.connector.v2.GrantExpandable";

// The `data` blobs (c1z-format.md §1.6): protobuf-es already writes fields in field-number order,
// packs repeated scalars/enums and omits proto3 zero values. Maps are written in object-key order,
// so the maps of the stored messages (Grant.sources, Resource.profile Struct fields) are re-keyed
// in Go's sorted byte order first. JavaScript always enumerates integer-like keys ("7", "42") first
// in numeric order, so maps mixing those with other keys cannot match Go byte for byte; readers
// never depend on byte identity (§1.6).

export const encodeResourceType = (rt: ResourceType): Uint8Array => toBinary(ResourceTypeSchema, rt);

export const encodeResource = (r: Resource): Uint8Array => toBinary(ResourceSchema, sortResource(r));

export const encodeEntitlement = (e: Entitlement): Uint8Array =>
  toBinary(EntitlementSchema, sortEntitlement(e));

/** A grant split into its stored columns (§1.6): GrantExpandable moved out of the annotations. */
export interface GrantRow {
  data: Uint8Array;
  /** Serialized GrantExpandable, or null when the grant has none with a non-blank entitlement id. */
  expansion: Uint8Array | null;
}

export function encodeGrant(g: Grant): GrantRow {
  const { annotations, expandable } = stripGrantExpandable(g.annotations);
  const expansion = expandable?.entitlementIds.some((id) => id.trim() !== "")
    ? toBinary(GrantExpandableSchema, expandable)
    : null;
  const sorted = sortGrant(g);
  const stored = annotations === g.annotations ? sorted : { ...sorted, annotations };
  return { data: toBinary(GrantSchema, stored), expansion };
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
