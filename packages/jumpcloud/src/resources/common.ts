// Resource type ids and the ids the Go connector baton-jumpcloud gave entitlements and grants.
// ConductorOne keys access reviews and requests on those ids, so a user switching connectors keeps
// their history only if ours are the same byte for byte:
//   entitlement  {type}:{resourceId}                                    (no slug suffix)
//   grant        {type}-grant:{resourceId}:{principalType}:{principalId}:{resourceId}
import {
  BatonError,
  Code,
  type Entitlement,
  type EntitlementOptions,
  entitlement,
  type Grant,
  type GrantOptions,
  grant,
  type Resource,
  type ResourceRef,
  toResourceId,
} from "@baton/sdk";
import { OBJECT_ID } from "../schemas.js";

export const USER = "user";
export const GROUP = "group";
export const ROLE = "role";
export const APP = "app";

/** An entitlement of `resource` under the Go connector's id `{type}:{resourceId}`. */
export function keptEntitlement(resource: ResourceRef, slug: string, o: EntitlementOptions): Entitlement {
  const { resourceType, resource: id } = toResourceId(resource);
  return entitlement(resource, slug, { ...o, id: `${resourceType}:${id}` });
}

/** A grant of `ent` to `principal` under the Go connector's id. */
export function keptGrant(ent: Entitlement, principal: ResourceRef, o: GrantOptions = {}): Grant {
  const r = ent.resource!.id!;
  const p = toResourceId(principal);
  const id = `${r.resourceType}-grant:${r.resource}:${p.resourceType}:${p.resource}:${r.resource}`;
  return grant(ent, principal, { ...o, id });
}

/** The JumpCloud id of a resource from a request or the file. */
export const jumpcloudId = (r: Resource | undefined): string => {
  const id = r?.id?.resource;
  if (!id) throw new BatonError(Code.InvalidArgument, "the request names no JumpCloud object");
  return id;
};

/**
 * The JumpCloud id of a group, an application or a user that a grant or revoke names, checked before
 * it reaches a URL: JumpCloud answers 404 to an id it does not know, which a revoke would read as
 * "already revoked".
 */
export function requestedId(r: Resource | undefined): string {
  const id = jumpcloudId(r);
  if (!OBJECT_ID.test(id)) {
    throw new BatonError(
      Code.InvalidArgument,
      `${r?.id?.resourceType ?? "object"} "${id}" is not a JumpCloud id (24 hexadecimal characters)`,
      { hint: "use the ids of the latest sync: baton resources -f sync.c1z" },
    );
  }
  return id;
}

/** Who holds an entitlement: a user or a user group (the only principals JumpCloud's graph names here). */
export function principalKind(principal: Resource | undefined): "user" | "group" | undefined {
  const type = principal?.id?.resourceType;
  return type === USER ? "user" : type === GROUP ? "group" : undefined;
}
