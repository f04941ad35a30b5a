import {
  type Grant,
  type GrantOptions,
  grant,
  type Resource,
  type ResourceId,
  ref,
  resource,
  resourceType,
} from "@baton/sdk";
import type { OnePasswordClient } from "../client.js";
import { type OnePasswordConfig, splitList } from "../config.js";
import type { Vault, VaultAccessor } from "../op/schemas.js";
import {
  grantPermissions,
  isPermission,
  keyOfSlug,
  MEMBER,
  permissionsFor,
  revokePermissions,
  slugOfKey,
} from "../permissions.js";
import { accountOf, type Ctx, onePasswordEntitlement, principalOf, targetOf } from "./shared.js";

export const vaultResourceOf = (v: Vault, parent: ResourceId): Resource =>
  resource("vault", v.id, { displayName: v.name, parent });

/** Whether --limit-vault-permissions lets `key` ("member" or a permission key) through. */
function allowedBy(config: OnePasswordConfig): (key: string) => boolean {
  const limit = new Set(splitList(config.limitVaultPermissions));
  return (key) => limit.size === 0 || limit.has(key);
}

const principalTypes = ["user", "group"] as const;
type Principal = { type: (typeof principalTypes)[number]; id: string };

/** The principal's entry on the vault's access list (direct access only; op lists no inherited access). */
async function accessOf(ctx: Ctx, vaultId: string, p: Principal): Promise<VaultAccessor | undefined> {
  const list =
    p.type === "user" ? await ctx.client.vaultUsers(vaultId) : await ctx.client.vaultGroups(vaultId);
  return list.find((a) => a.id === p.id);
}

/** Vaults (`op vault list`): being on the access list, and one entitlement per vault permission. */
export const vault = resourceType<OnePasswordClient, string, OnePasswordConfig>({
  id: "vault",
  displayName: "Vault",
  childOnly: true,
  async list({ client, parent }) {
    if (parent?.resourceType !== "account") return [];
    return (await client.vaults()).map((v) => vaultResourceOf(v, parent));
  },

  async entitlements(ctx) {
    const { type } = await accountOf(ctx);
    return [MEMBER, ...permissionsFor(type)]
      .filter(allowedBy(ctx.config))
      .map((key) =>
        onePasswordEntitlement(ctx.resource, slugOfKey(key), key === MEMBER ? "assignment" : "permission", [
          "user",
          "group",
        ]),
      );
  },

  async grants(ctx) {
    const { type } = await accountOf(ctx);
    const allowed = allowedBy(ctx.config);
    const vaultId = ctx.resource.id!.resource;
    const [groups, users] = await Promise.all([
      ctx.client.vaultGroups(vaultId),
      ctx.client.vaultUsers(vaultId),
    ]);
    // A permission key op starts printing (1Password adds them) is reported and left out: vendor
    // data never fails the sync.
    const known = (key: string) => {
      if (isPermission(type, key)) return true;
      ctx.unknownValue("1Password vault permission", key, "its grants are left out");
      return false;
    };
    const grantsOf = (a: VaultAccessor, principal: ResourceId, o?: GrantOptions): Grant[] =>
      [MEMBER, ...a.permissions.filter(known)]
        .filter(allowed)
        .map((key) => grant(ctx.resource, slugOfKey(key), principal, o));
    return [
      // Members of a group with access to the vault have that access too: expanded by the SDK.
      ...groups.flatMap((g) => {
        const principal = ref("group", g.id);
        return grantsOf(g, principal, {
          expandFrom: [[principal, "member"]],
          shallow: true,
          expandTo: ["user"],
        });
      }),
      ...users.flatMap((u) => grantsOf(u, ref("user", u.id))),
    ];
  },

  async grant(ctx) {
    const { id: vaultId, slug } = targetOf(ctx.entitlement);
    const principal: Principal = principalOf(ctx.principal.id, principalTypes, "be granted vault access");
    const key = keyOfSlug(slug);
    const permissions = grantPermissions((await accountOf(ctx)).type, key);
    const current = await accessOf(ctx, vaultId, principal);
    if (current && (key === MEMBER || current.permissions.includes(key))) return "already-exists";
    if (principal.type === "user") await ctx.client.vaultUserGrant(vaultId, principal.id, permissions);
    else await ctx.client.vaultGroupGrant(vaultId, principal.id, permissions);
    return "granted";
  },

  async revoke(ctx) {
    const { id: vaultId, slug } = targetOf(ctx.grant.entitlement);
    const principal: Principal = principalOf(
      ctx.grant.principal?.id,
      principalTypes,
      "have vault access revoked",
    );
    const key = keyOfSlug(slug);
    const permissions = revokePermissions((await accountOf(ctx)).type, key);
    const current = await accessOf(ctx, vaultId, principal);
    if (!current || (key !== MEMBER && !current.permissions.includes(key))) return "already-revoked";
    if (principal.type === "user") await ctx.client.vaultUserRevoke(vaultId, principal.id, permissions);
    else await ctx.client.vaultGroupRevoke(vaultId, principal.id, permissions);
    return "revoked";
  },
});
