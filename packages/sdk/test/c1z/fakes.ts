import { create } from "@bufbuild/protobuf";
import { anyPack } from "@bufbuild/protobuf/wkt";
import {
  type Entitlement,
  EntitlementSchema,
  type Grant,
  GrantExpandableSchema,
  GrantSchema,
  GroupTraitSchema,
  type Resource,
  ResourceSchema,
  type ResourceType,
  ResourceType_Trait,
  ResourceTypeSchema,
  UserTraitSchema,
} from "../../src/proto.js";

export const userType = (): ResourceType =>
  create(ResourceTypeSchema, { id: "user", displayName: "User", traits: [ResourceType_Trait.USER] });
export const groupType = (): ResourceType =>
  create(ResourceTypeSchema, { id: "group", displayName: "Group", traits: [ResourceType_Trait.GROUP] });

export const user = (id: string): Resource =>
  create(ResourceSchema, {
    id: { resourceType: "user", resource: id },
    displayName: `User ${id}`,
    annotations: [
      anyPack(UserTraitSchema, create(UserTraitSchema, { login: id, emails: [{ address: `${id}@x.io` }] })),
    ],
  });

export const group = (id: string, parent?: Resource): Resource =>
  create(ResourceSchema, {
    id: { resourceType: "group", resource: id },
    parentResourceId: parent?.id,
    displayName: `Group ${id}`,
    annotations: [anyPack(GroupTraitSchema, create(GroupTraitSchema, {}))],
  });

export const member = (g: Resource): Entitlement =>
  create(EntitlementSchema, {
    resource: g,
    id: `${g.id!.resourceType}:${g.id!.resource}:member`,
    displayName: "member",
    slug: "member",
  });

export const grant = (e: Entitlement, principal: Resource, expandFrom?: string[]): Grant =>
  create(GrantSchema, {
    entitlement: { id: e.id, resource: e.resource },
    principal,
    id: `${e.id}:${principal.id!.resourceType}:${principal.id!.resource}`,
    annotations: expandFrom
      ? [anyPack(GrantExpandableSchema, create(GrantExpandableSchema, { entitlementIds: expandFrom }))]
      : [],
  });
