// Builders for the objects a connector returns. They produce exactly the Go SDK's id conventions
// (c1z-format.md §2.1): a connector never assembles an id string itself.
import { create, type DescMessage, type JsonObject, type MessageInitShape } from "@bufbuild/protobuf";
import { type Any, anyPack, timestampFromDate } from "@bufbuild/protobuf/wkt";
import {
  AppTrait_AppFlag,
  AppTraitSchema,
  ChildResourceTypeSchema,
  type Entitlement,
  Entitlement_PurposeValue,
  EntitlementSchema,
  ExternalLinkSchema,
  type Grant,
  GrantExpandableSchema,
  GrantMetadataSchema,
  GrantSchema,
  GroupTraitSchema,
  type Resource,
  type ResourceId,
  ResourceIdSchema,
  ResourceSchema,
  ResourceTypeSchema,
  RoleTraitSchema,
  SkipEntitlementsAndGrantsSchema,
  SkipEntitlementsSchema,
  SkipGrantsSchema,
  Status_ResourceStatus,
  StatusSchema,
  UserTrait_AccountType,
  UserTrait_Status_Status,
  UserTraitSchema,
} from "../proto.js";
import type { JsonValue } from "./define.js";

/** Packs a message as a `google.protobuf.Any` annotation (type URL type.googleapis.com/<name>). */
export function annotation<Desc extends DescMessage>(schema: Desc, value?: MessageInitShape<Desc>): Any {
  return anyPack(schema, create(schema, value));
}

export type ResourceRef = Resource | ResourceId | { type: string; id: string | number };

/** `ref("user", 42)` → the ResourceId of user 42. Numeric ids are rendered in decimal. */
export function ref(type: string, id: string | number): ResourceId {
  return create(ResourceIdSchema, { resourceType: type, resource: String(id) });
}

export function toResourceId(r: ResourceRef): ResourceId {
  if ("$typeName" in r && r.$typeName === "c1.connector.v2.Resource") {
    if (!r.id) throw new Error("resource has no id");
    return r.id;
  }
  if ("$typeName" in r && r.$typeName === "c1.connector.v2.ResourceId") return r;
  const plain = r as { type: string; id: string | number };
  return ref(plain.type, plain.id);
}

export type ResourceStatus = "enabled" | "disabled" | "deleted";
const resourceStatus: Record<ResourceStatus, Status_ResourceStatus> = {
  enabled: Status_ResourceStatus.ENABLED,
  disabled: Status_ResourceStatus.DISABLED,
  deleted: Status_ResourceStatus.DELETED,
};

export interface ResourceOptions {
  displayName: string;
  description?: string;
  parent?: ResourceRef;
  /** Child resource types listed under this resource (ChildResourceType annotations). */
  children?: string[];
  profile?: Record<string, JsonValue | undefined>;
  status?: ResourceStatus;
  statusDetails?: string;
  createdAt?: Date;
  /** A link to the object in the vendor's UI (ExternalLink annotation). */
  externalLink?: string;
  skipEntitlementsAndGrants?: boolean;
  skipEntitlements?: boolean;
  skipGrants?: boolean;
  annotations?: Any[];
}

/** A google.protobuf.Struct value (protobuf-es holds it as a plain JSON object); undefined values are dropped. */
function struct(profile: Record<string, JsonValue | undefined> | undefined): JsonObject | undefined {
  if (!profile) return undefined;
  return Object.fromEntries(Object.entries(profile).filter(([, v]) => v !== undefined)) as JsonObject;
}

/** A resource of any type. Use user(), group(), role() or app() for types with a trait. */
export function resource(
  type: string,
  id: string | number,
  o: ResourceOptions,
  traitAnnotations: Any[] = [],
): Resource {
  const annotations: Any[] = [...traitAnnotations];
  for (const child of o.children ?? [])
    annotations.push(annotation(ChildResourceTypeSchema, { resourceTypeId: child }));
  if (o.externalLink) annotations.push(annotation(ExternalLinkSchema, { url: o.externalLink }));
  if (o.skipEntitlementsAndGrants) annotations.push(annotation(SkipEntitlementsAndGrantsSchema));
  if (o.skipEntitlements) annotations.push(annotation(SkipEntitlementsSchema));
  if (o.skipGrants) annotations.push(annotation(SkipGrantsSchema));
  annotations.push(...(o.annotations ?? []));
  return create(ResourceSchema, {
    id: ref(type, id),
    parentResourceId: o.parent ? toResourceId(o.parent) : undefined,
    displayName: o.displayName,
    description: o.description ?? "",
    annotations,
    profile: struct(o.profile),
    status: o.status
      ? create(StatusSchema, { status: resourceStatus[o.status], details: o.statusDetails ?? "" })
      : undefined,
    createdAt: o.createdAt ? timestampFromDate(o.createdAt) : undefined,
  });
}

export interface UserOptions extends ResourceOptions {
  /** Email addresses; the first is primary unless one is given as `{ address, primary: true }`. */
  emails?: (string | { address: string; primary?: boolean })[];
  login?: string;
  loginAliases?: string[];
  givenName?: string;
  familyName?: string;
  accountType?: "human" | "service" | "system";
  lastLogin?: Date;
  mfaEnabled?: boolean;
  ssoEnabled?: boolean;
  employeeIds?: string[];
}

const accountTypes = {
  human: UserTrait_AccountType.HUMAN,
  service: UserTrait_AccountType.SERVICE,
  system: UserTrait_AccountType.SYSTEM,
} as const;
const userStatus: Record<ResourceStatus, UserTrait_Status_Status> = {
  enabled: UserTrait_Status_Status.ENABLED,
  disabled: UserTrait_Status_Status.DISABLED,
  deleted: UserTrait_Status_Status.DELETED,
};

/**
 * A resource with the USER trait. Like the Go constructor: status defaults to enabled and the account
 * type to human; profile, status and creation time are set on both the trait and the resource.
 */
export function user(type: string, id: string | number, o: UserOptions): Resource {
  const status = o.status ?? "enabled";
  const emails = (o.emails ?? []).map((e) => (typeof e === "string" ? { address: e, primary: false } : e));
  const primaryGiven = emails.some((e) => e.primary);
  const trait = annotation(UserTraitSchema, {
    emails: emails.map((e, i) => ({ address: e.address, isPrimary: primaryGiven ? !!e.primary : i === 0 })),
    status: { status: userStatus[status], details: o.statusDetails ?? "" },
    profile: struct(o.profile),
    accountType: accountTypes[o.accountType ?? "human"],
    login: o.login ?? "",
    loginAliases: o.loginAliases ?? [],
    createdAt: o.createdAt ? timestampFromDate(o.createdAt) : undefined,
    lastLogin: o.lastLogin ? timestampFromDate(o.lastLogin) : undefined,
    mfaStatus: o.mfaEnabled === undefined ? undefined : { mfaEnabled: o.mfaEnabled },
    ssoStatus: o.ssoEnabled === undefined ? undefined : { ssoEnabled: o.ssoEnabled },
    structuredName:
      o.givenName || o.familyName
        ? { givenName: o.givenName ?? "", familyName: o.familyName ?? "" }
        : undefined,
    employeeIds: o.employeeIds ?? [],
  });
  return resource(type, id, { ...o, status }, [trait]);
}

/** A resource with the GROUP trait. */
export function group(type: string, id: string | number, o: ResourceOptions): Resource {
  return resource(type, id, o, [annotation(GroupTraitSchema, { profile: struct(o.profile) })]);
}

/** A resource with the ROLE trait. */
export function role(type: string, id: string | number, o: ResourceOptions): Resource {
  return resource(type, id, o, [annotation(RoleTraitSchema, { profile: struct(o.profile) })]);
}

export interface AppOptions extends ResourceOptions {
  helpUrl?: string;
  flags?: ("hidden" | "inactive" | "saml" | "oidc" | "bookmark")[];
}
const appFlags = {
  hidden: AppTrait_AppFlag.HIDDEN,
  inactive: AppTrait_AppFlag.INACTIVE,
  saml: AppTrait_AppFlag.SAML,
  oidc: AppTrait_AppFlag.OIDC,
  bookmark: AppTrait_AppFlag.BOOKMARK,
} as const;

/** A resource with the APP trait. */
export function app(type: string, id: string | number, o: AppOptions): Resource {
  const trait = annotation(AppTraitSchema, {
    helpUrl: o.helpUrl ?? "",
    profile: struct(o.profile),
    flags: (o.flags ?? []).map((f) => appFlags[f]),
  });
  return resource(type, id, o, [trait]);
}

export type Purpose = "assignment" | "permission" | "ownership";
const purposes = {
  assignment: Entitlement_PurposeValue.ASSIGNMENT,
  permission: Entitlement_PurposeValue.PERMISSION,
  ownership: Entitlement_PurposeValue.OWNERSHIP,
} as const;

export interface EntitlementOptions {
  /** Defaults to the slug, as in the Go constructors. */
  displayName?: string;
  description?: string;
  /** Resource type ids of the principals that can hold it (the SDK fills in the full types). */
  grantableTo?: string[];
  purpose?: Purpose;
  annotations?: Any[];
}

/** The entitlement id of `slug` on `resource`: `<type>:<id>:<slug>`. */
export function entitlementId(resource: ResourceRef, slug: string): string {
  const id = toResourceId(resource);
  return `${id.resourceType}:${id.resource}:${slug}`;
}

/** An entitlement `<type>:<id>:<slug>` on `resource` (purpose defaults to assignment). */
export function entitlement(resource: Resource, slug: string, o: EntitlementOptions = {}): Entitlement {
  return create(EntitlementSchema, {
    resource,
    id: entitlementId(resource, slug),
    displayName: o.displayName ?? slug,
    description: o.description ?? "",
    grantableTo: (o.grantableTo ?? []).map((id) => create(ResourceTypeSchema, { id })),
    annotations: o.annotations ?? [],
    purpose: purposes[o.purpose ?? "assignment"],
    slug,
  });
}

export interface GrantOptions {
  /**
   * Principals holding these entitlements (ids, or `[resource, slug]`) inherit this grant — grant
   * expansion (GrantExpandable). E.g. a vault grant to a group, expanded to the group's members.
   */
  expandFrom?: (string | [ResourceRef, string])[];
  /** Only expand direct grants of the source entitlements. */
  shallow?: boolean;
  /** Only expand to principals of these resource types. */
  expandTo?: string[];
  metadata?: Record<string, JsonValue>;
  annotations?: Any[];
}

/** The grant id: `<entitlement id>:<principal type>:<principal id>`. */
export function grantId(entitlementIdValue: string, principal: ResourceRef): string {
  const p = toResourceId(principal);
  return `${entitlementIdValue}:${p.resourceType}:${p.resource}`;
}

/**
 * A grant of `slug` on `resource` to `principal`, shaped like the Go SDK's NewGrant: the embedded
 * entitlement carries only its id and the full resource.
 */
export function grant(resource: Resource, slug: string, principal: ResourceRef, o: GrantOptions = {}): Grant {
  const entId = entitlementId(resource, slug);
  const annotations: Any[] = [];
  if (o.expandFrom?.length) {
    annotations.push(
      annotation(GrantExpandableSchema, {
        entitlementIds: o.expandFrom.map((s) => (typeof s === "string" ? s : entitlementId(s[0], s[1]))),
        shallow: o.shallow ?? false,
        resourceTypeIds: o.expandTo ?? [],
      }),
    );
  }
  if (o.metadata) annotations.push(annotation(GrantMetadataSchema, { metadata: struct(o.metadata) }));
  annotations.push(...(o.annotations ?? []));
  const p =
    "$typeName" in principal && principal.$typeName === "c1.connector.v2.Resource"
      ? principal
      : create(ResourceSchema, { id: toResourceId(principal) });
  return create(GrantSchema, {
    entitlement: create(EntitlementSchema, { id: entId, resource }),
    principal: p,
    id: grantId(entId, p),
    annotations,
  });
}
