// Builders for the objects a connector returns. They produce the Go SDK's ids byte for byte:
// entitlement `<type>:<id>:<slug>`, grant `<entitlement id>:<principal type>:<principal id>`,
// integer ids in decimal, no escaping. A connector never assembles an id string itself, except to
// keep an id ConductorOne already holds (the `id` options of entitlement() and grant()).
import { create, type DescMessage, type JsonObject, type MessageInitShape } from "@bufbuild/protobuf";
import { type Any, anyPack, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { BatonError, Code } from "../errors.js";
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

const childTypeUrl = `type.googleapis.com/${ChildResourceTypeSchema.typeName}`;

/**
 * `built` followed by `given`, where a given annotation replaces every built one of its type, as
 * the Go SDK's annotations.Update does: `annotations: [annotation(GroupTraitSchema, …)]` replaces the
 * trait the builder made instead of adding a second one that readers would never look at.
 * ChildResourceType is the exception: a resource carries one per child type, so they add up.
 */
export function mergeAnnotations(built: readonly Any[], given: readonly Any[] | undefined): Any[] {
  if (!given?.length) return [...built];
  const replaced = new Set(given.map((a) => a.typeUrl).filter((url) => url !== childTypeUrl));
  return [...built.filter((a) => !replaced.has(a.typeUrl)), ...given];
}

export type ResourceRef = Resource | ResourceId | { type: string; id: string | number };

/** `ref("user", 42)` → the ResourceId of user 42. Numeric ids are rendered in decimal. */
export function ref(type: string, id: string | number): ResourceId {
  return create(ResourceIdSchema, { resourceType: type, resource: String(id) });
}

const isResource = (r: unknown): r is Resource =>
  typeof r === "object" && r !== null && (r as Resource).$typeName === "c1.connector.v2.Resource";
const isEntitlement = (e: unknown): e is Entitlement =>
  typeof e === "object" && e !== null && (e as Entitlement).$typeName === "c1.connector.v2.Entitlement";

export function toResourceId(r: ResourceRef): ResourceId {
  if (isResource(r)) {
    if (!r.id) throw new Error("resource has no id");
    return r.id;
  }
  if ("$typeName" in r && r.$typeName === "c1.connector.v2.ResourceId") return r;
  const plain = r as { type: string; id: string | number };
  return ref(plain.type, plain.id);
}

/**
 * The ResourceId of a Resource, or the ResourceId itself: what a handler reads the vendor's id
 * from, whether it was given a resource (`grant.principal`, `entitlement.resource`) or an id
 * (`get`, `deleteResource`). Undefined for undefined or a resource without an id.
 */
export function resourceIdOf(r: Resource | ResourceId | undefined): ResourceId | undefined {
  return isResource(r) ? r.id : r;
}

/** The resource itself, or a Resource holding only the id (what a grant embeds for a bare reference). */
const asResource = (r: ResourceRef): Resource =>
  isResource(r) ? r : create(ResourceSchema, { id: toResourceId(r) });

/** "unspecified" when the vendor reports a state the connector does not know (it never fails a sync). */
export type ResourceStatus = "enabled" | "disabled" | "deleted" | "unspecified";
const resourceStatus: Record<ResourceStatus, Status_ResourceStatus> = {
  unspecified: Status_ResourceStatus.UNSPECIFIED,
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
  /**
   * More annotations (e.g. V1Identifier). One of a type a builder also makes (a trait, ExternalLink)
   * replaces the built one.
   */
  annotations?: Any[];
}

/** A google.protobuf.Struct value (protobuf-es holds it as a plain JSON object); undefined values are dropped. */
function struct(profile: Record<string, JsonValue | undefined> | undefined): JsonObject | undefined {
  if (!profile) return undefined;
  return Object.fromEntries(Object.entries(profile).filter(([, v]) => v !== undefined)) as JsonObject;
}

/**
 * A resource of any type. Types with a trait use userResource(), groupResource(), roleResource() or
 * appResource(), which add the trait annotation their type declares.
 */
export function resource(type: string, id: string | number, o: ResourceOptions): Resource {
  return buildResource(type, id, o, []);
}

function buildResource(type: string, id: string | number, o: ResourceOptions, trait: Any[]): Resource {
  const built: Any[] = [...trait];
  for (const child of o.children ?? [])
    built.push(annotation(ChildResourceTypeSchema, { resourceTypeId: child }));
  if (o.externalLink) built.push(annotation(ExternalLinkSchema, { url: o.externalLink }));
  if (o.skipEntitlementsAndGrants) built.push(annotation(SkipEntitlementsAndGrantsSchema));
  if (o.skipEntitlements) built.push(annotation(SkipEntitlementsSchema));
  if (o.skipGrants) built.push(annotation(SkipGrantsSchema));
  return create(ResourceSchema, {
    id: ref(type, id),
    parentResourceId: o.parent ? toResourceId(o.parent) : undefined,
    displayName: o.displayName,
    description: o.description ?? "",
    annotations: mergeAnnotations(built, o.annotations),
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
  /** "unspecified" for a kind of account the connector does not know. */
  accountType?: "human" | "service" | "system" | "unspecified";
  lastLogin?: Date;
  mfaEnabled?: boolean;
  ssoEnabled?: boolean;
  employeeIds?: string[];
}

const accountTypes = {
  unspecified: UserTrait_AccountType.UNSPECIFIED,
  human: UserTrait_AccountType.HUMAN,
  service: UserTrait_AccountType.SERVICE,
  system: UserTrait_AccountType.SYSTEM,
} as const;
const userStatus: Record<ResourceStatus, UserTrait_Status_Status> = {
  unspecified: UserTrait_Status_Status.UNSPECIFIED,
  enabled: UserTrait_Status_Status.ENABLED,
  disabled: UserTrait_Status_Status.DISABLED,
  deleted: UserTrait_Status_Status.DELETED,
};

/**
 * A resource with the USER trait. Like the Go constructor: status defaults to enabled and the account
 * type to human; profile, status and creation time are set on both the trait and the resource.
 */
export function userResource(type: string, id: string | number, o: UserOptions): Resource {
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
  return buildResource(type, id, { ...o, status }, [trait]);
}

/** A resource with the GROUP trait. */
export function groupResource(type: string, id: string | number, o: ResourceOptions): Resource {
  return buildResource(type, id, o, [annotation(GroupTraitSchema, { profile: struct(o.profile) })]);
}

/** A resource with the ROLE trait. */
export function roleResource(type: string, id: string | number, o: ResourceOptions): Resource {
  return buildResource(type, id, o, [annotation(RoleTraitSchema, { profile: struct(o.profile) })]);
}

export interface AppOptions extends ResourceOptions {
  helpUrl?: string;
  /** The id of the app's logo asset (AppTrait.logo), e.g. the vendor's logo URL. */
  logo?: string;
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
export function appResource(type: string, id: string | number, o: AppOptions): Resource {
  const trait = annotation(AppTraitSchema, {
    helpUrl: o.helpUrl ?? "",
    logo: o.logo ? { id: o.logo } : undefined,
    profile: struct(o.profile),
    flags: (o.flags ?? []).map((f) => appFlags[f]),
  });
  return buildResource(type, id, o, [trait]);
}

export type Purpose = "assignment" | "permission" | "ownership";
const purposes = {
  assignment: Entitlement_PurposeValue.ASSIGNMENT,
  permission: Entitlement_PurposeValue.PERMISSION,
  ownership: Entitlement_PurposeValue.OWNERSHIP,
} as const;

export interface EntitlementOptions {
  /**
   * The entitlement id, instead of `<type>:<id>:<slug>`. Only to keep an id ConductorOne already
   * holds from a Go connector (access reviews and requests are keyed on it). Build the grants from
   * this Entitlement (`grant(entitlement, principal)`) so that they name it by this id.
   */
  id?: string;
  /** Defaults to the slug, as in the Go constructors. */
  displayName?: string;
  description?: string;
  /** Resource type ids of the principals that can hold it (the SDK fills in the full types). */
  grantableTo?: string[];
  purpose?: Purpose;
  annotations?: Any[];
}

/** The conventional entitlement id of `slug` on `resource`: `<type>:<id>:<slug>`. */
export function entitlementId(resource: ResourceRef, slug: string): string {
  const id = toResourceId(resource);
  return `${id.resourceType}:${id.resource}:${slug}`;
}

const nonEmpty = (what: string, id: string | undefined): string | undefined => {
  if (id !== undefined && id.trim() === "")
    throw new BatonError(Code.Internal, `${what}: the id option is empty`, {
      hint: "leave it out for the conventional id",
    });
  return id;
};

/**
 * An entitlement `<type>:<id>:<slug>` on `resource` (purpose defaults to assignment). In an
 * entitlements handler pass the resource it was given; a bare reference (`ref("group", 7)`) is for
 * building the Entitlement a typeGrants handler grants.
 */
export function entitlement(resource: ResourceRef, slug: string, o: EntitlementOptions = {}): Entitlement {
  return create(EntitlementSchema, {
    resource: asResource(resource),
    id: nonEmpty(`entitlement ${slug}`, o.id) ?? entitlementId(resource, slug),
    displayName: o.displayName ?? slug,
    description: o.description ?? "",
    grantableTo: (o.grantableTo ?? []).map((id) => create(ResourceTypeSchema, { id })),
    annotations: o.annotations ?? [],
    purpose: purposes[o.purpose ?? "assignment"],
    slug,
  });
}

/**
 * An entitlement named in `expandFrom`: the Entitlement itself (its real id, also when overridden),
 * its id, or `[resource, slug]` for the conventional id.
 */
export type EntitlementRef = Entitlement | string | [ResourceRef, string];

const entitlementRefId = (e: EntitlementRef): string =>
  typeof e === "string" ? e : Array.isArray(e) ? entitlementId(e[0], e[1]) : e.id;

export interface GrantOptions {
  /**
   * The grant id, instead of `<entitlement id>:<principal type>:<principal id>`. Only to keep an id
   * ConductorOne already holds from a Go connector.
   */
  id?: string;
  /**
   * Principals holding these entitlements inherit this grant — grant expansion (GrantExpandable).
   * E.g. a vault grant to a group, expanded to the group's members.
   */
  expandFrom?: EntitlementRef[];
  /** Only expand direct grants of the source entitlements. */
  shallow?: boolean;
  /** Only expand to principals of these resource types. */
  expandTo?: string[];
  /**
   * Where the principal's access comes from (GrantSources), when the vendor reports it on the grant
   * itself: the grant's own entitlement for direct access, and the entitlements it is inherited
   * through (a group's member entitlement). What grant expansion would record, for a grant the
   * connector emits itself, e.g. to keep a Go connector's id for it. Each source is marked direct.
   */
  sources?: EntitlementRef[];
  metadata?: Record<string, JsonValue>;
  annotations?: Any[];
}

/** The conventional grant id: `<entitlement id>:<principal type>:<principal id>`. */
export function grantId(entitlementIdValue: string, principal: ResourceRef): string {
  const p = toResourceId(principal);
  return `${entitlementIdValue}:${p.resourceType}:${p.resource}`;
}

/**
 * A grant of `entitlement` to `principal`, shaped like the Go SDK's NewGrant: the embedded
 * entitlement carries only its id and its resource. The grant names the entitlement by its real id,
 * so this form is the one to use when the entitlement's id was overridden.
 */
export function grant(entitlement: Entitlement, principal: ResourceRef, o?: GrantOptions): Grant;
/**
 * A grant of the entitlement `<type>:<id>:<slug>` on `resource` to `principal`. `resource` may be
 * a bare reference (`ref("role", 7)`) where only the id is at hand, as in a typeGrants handler.
 */
export function grant(resource: ResourceRef, slug: string, principal: ResourceRef, o?: GrantOptions): Grant;
export function grant(
  target: Entitlement | ResourceRef,
  second: string | ResourceRef,
  third?: ResourceRef | GrantOptions,
  fourth?: GrantOptions,
): Grant {
  let entitlementIdValue: string;
  let entitlementResource: Resource;
  let principal: ResourceRef;
  let o: GrantOptions;
  if (isEntitlement(target)) {
    if (!target.resource?.id)
      throw new BatonError(
        Code.Internal,
        `grant of entitlement ${target.id}: the entitlement has no resource`,
        {
          hint: "build it with entitlement(resource, slug)",
        },
      );
    entitlementIdValue = target.id;
    entitlementResource = target.resource;
    principal = second as ResourceRef;
    o = (third as GrantOptions | undefined) ?? {};
  } else {
    entitlementIdValue = entitlementId(target, second as string);
    entitlementResource = asResource(target);
    principal = third as ResourceRef;
    o = fourth ?? {};
  }
  const built: Any[] = [];
  if (o.expandFrom?.length) {
    built.push(
      annotation(GrantExpandableSchema, {
        entitlementIds: o.expandFrom.map(entitlementRefId),
        shallow: o.shallow ?? false,
        resourceTypeIds: o.expandTo ?? [],
      }),
    );
  }
  if (o.metadata) built.push(annotation(GrantMetadataSchema, { metadata: struct(o.metadata) }));
  const p = asResource(principal);
  return create(GrantSchema, {
    entitlement: create(EntitlementSchema, { id: entitlementIdValue, resource: entitlementResource }),
    principal: p,
    id: nonEmpty(`grant of ${entitlementIdValue}`, o.id) ?? grantId(entitlementIdValue, p),
    annotations: mergeAnnotations(built, o.annotations),
    sources: o.sources?.length
      ? { sources: Object.fromEntries(o.sources.map((e) => [entitlementRefId(e), { isDirect: true }])) }
      : undefined,
  });
}
