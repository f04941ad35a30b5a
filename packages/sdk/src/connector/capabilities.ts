// Capabilities derived from what a connector implements, computed as the Go SDK's GetCapabilities.
import { create, toJson } from "@bufbuild/protobuf";
import { type Any, AnySchema, anyIs, anyPack, anyUnpack } from "@bufbuild/protobuf/wkt";
import {
  Capability,
  CapabilityDetailCredentialOption,
  CapabilityPermissionsSchema,
  type ConnectorCapabilities,
  ConnectorCapabilitiesSchema,
  DeprecatedSchema,
  OptInRequiredSchema,
  type ResourceType,
  ResourceType_Trait,
  ResourceTypeSchema,
  SkipEntitlementsAndGrantsSchema,
  SkipSyncAnomalyDetectionSchema,
} from "../proto.js";
import { protoRegistry } from "../registry.js";
import { annotation, mergeAnnotations } from "./builders.js";
import type { AnyConnector, CredentialOption, ResourceTypeDefinition, Trait } from "./define.js";

const traitEnum: Record<Trait, ResourceType_Trait> = {
  user: ResourceType_Trait.USER,
  group: ResourceType_Trait.GROUP,
  role: ResourceType_Trait.ROLE,
  app: ResourceType_Trait.APP,
  secret: ResourceType_Trait.SECRET,
};

const credentialEnum: Record<CredentialOption, CapabilityDetailCredentialOption> = {
  "no-password": CapabilityDetailCredentialOption.NO_PASSWORD,
  "random-password": CapabilityDetailCredentialOption.RANDOM_PASSWORD,
  sso: CapabilityDetailCredentialOption.SSO,
  "encrypted-password": CapabilityDetailCredentialOption.ENCRYPTED_PASSWORD,
};

// biome-ignore lint/suspicious/noExplicitAny: any client/cursor
type AnyResourceType = ResourceTypeDefinition<any, any, any>;

/** The stored `ResourceType` message of a declared resource type, with its annotations. */
export function resourceTypeMessage(rt: AnyResourceType): ResourceType {
  const built = rt.skipEntitlementsAndGrants ? [annotation(SkipEntitlementsAndGrantsSchema)] : [];
  return create(ResourceTypeSchema, {
    id: rt.id,
    displayName: rt.displayName,
    description: rt.description ?? "",
    traits: (rt.traits ?? []).map((t) => traitEnum[t]),
    annotations: mergeAnnotations(built, rt.annotations),
  });
}

const has = (annotations: Any[], schema: { typeName: string }) =>
  annotations.some((a) => a.typeUrl === `type.googleapis.com/${schema.typeName}`);

/** The type's CapabilityPermissions annotation (the first), or an empty one, as Go's Pick does. */
function permissions(annotations: Any[]) {
  const a = annotations.find((x) => anyIs(x, CapabilityPermissionsSchema));
  return (a && anyUnpack(a, CapabilityPermissionsSchema)) ?? create(CapabilityPermissionsSchema);
}

function typeCapabilities(rt: AnyResourceType): Capability[] {
  const caps: Capability[] = [Capability.SYNC];
  if (rt.get) caps.push(Capability.TARGETED_SYNC);
  if ((rt.grant || rt.revoke) && !rt.syncOnly) caps.push(Capability.PROVISION);
  if (rt.createAccount) caps.push(Capability.ACCOUNT_PROVISIONING);
  if (rt.deleteResource) caps.push(Capability.RESOURCE_DELETE);
  if (rt.rotateCredentials) caps.push(Capability.CREDENTIAL_ROTATION);
  return caps;
}

function credentialDetails(options: CredentialOption[] | undefined) {
  const supported = (options?.length ? options : ["no-password" as const]).map((o) => credentialEnum[o]);
  return { supportedCredentialOptions: supported, preferredCredentialOption: supported[0] };
}

/** ConnectorCapabilities as the Go SDK computes them: per type sorted by id, connector-level sorted by number. */
export function capabilities(connector: AnyConnector): ConnectorCapabilities {
  const types = [...(connector.resourceTypes as AnyResourceType[])].sort((a, b) =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  const all = new Set<Capability>();
  const resourceTypeCapabilities = types.map((rt) => {
    const caps = typeCapabilities(rt);
    for (const c of caps) all.add(c);
    const resourceType = resourceTypeMessage(rt);
    const a = resourceType.annotations;
    return {
      resourceType,
      capabilities: caps,
      permissions: permissions(a),
      optInRequired: has(a, OptInRequiredSchema),
      skipSyncAnomalyDetection: has(a, SkipSyncAnomalyDetectionSchema),
      deprecated: has(a, DeprecatedSchema),
    };
  });
  const accounts = types.find((rt) => rt.createAccount);
  const rotation = types.find((rt) => rt.rotateCredentials);
  return create(ConnectorCapabilitiesSchema, {
    resourceTypeCapabilities,
    connectorCapabilities: [...all].sort((a, b) => a - b),
    credentialDetails: {
      capabilityAccountProvisioning: accounts
        ? credentialDetails(accounts.accountCredentialOptions)
        : undefined,
      capabilityCredentialRotation: rotation
        ? credentialDetails(rotation.rotateCredentialOptions)
        : undefined,
    },
  });
}

/**
 * The `capabilities` subcommand's output, as the Go SDK prints it: protojson of the Any-wrapped
 * ConnectorCapabilities with `@type` first as Go prints it, two-space indent, no trailing newline.
 */
export function capabilitiesJson(connector: AnyConnector): string {
  const json = toJson(AnySchema, anyPack(ConnectorCapabilitiesSchema, capabilities(connector)), {
    registry: protoRegistry,
  }) as Record<string, unknown>;
  return JSON.stringify({ "@type": json["@type"], ...json }, null, 2);
}
