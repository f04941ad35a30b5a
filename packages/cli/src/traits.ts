import type { Resource } from "@baton/sdk";
import { fromBinary, type UserTrait, UserTraitSchema } from "@baton/sdk/proto";

const USER_TRAIT_URL = `type.googleapis.com/${UserTraitSchema.typeName}`;

/** The resource's UserTrait annotation (the first one), if it has one. */
export function userTrait(resource: Resource): UserTrait | undefined {
  const any = resource.annotations.find((a) => a.typeUrl === USER_TRAIT_URL);
  return any && fromBinary(UserTraitSchema, any.value);
}
