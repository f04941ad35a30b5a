// Vault permissions: the BUSINESS set and the basic one (Teams, Families), and what each permission
// requires, as op grants and revokes them.
import { BatonError, Code } from "@baton/sdk";

/** Granular permissions of BUSINESS accounts, each listed with every permission it requires. */
const businessRequires = {
  view_items: [],
  create_items: ["view_items"],
  edit_items: ["view_items", "view_and_copy_passwords"],
  archive_items: ["view_items", "view_and_copy_passwords", "edit_items"],
  delete_items: ["view_items", "view_and_copy_passwords", "edit_items"],
  view_and_copy_passwords: ["view_items"],
  view_item_history: ["view_items", "view_and_copy_passwords"],
  import_items: ["view_items", "create_items"],
  export_items: ["view_items", "view_and_copy_passwords", "view_item_history"],
  copy_and_share_items: ["view_items", "view_and_copy_passwords", "view_item_history"],
  print_items: ["view_items", "view_and_copy_passwords", "view_item_history"],
  manage_vault: [],
} as const satisfies Record<string, readonly string[]>;

/** The permissions of every other account type (Teams, Families). */
const basicRequires = {
  allow_viewing: [],
  allow_editing: ["allow_viewing"],
  allow_managing: [],
} as const satisfies Record<string, readonly string[]>;

export type PermissionKey = keyof typeof businessRequires | keyof typeof basicRequires;
type Table = Readonly<Record<string, readonly string[]>>;

export const businessPermissions = Object.keys(businessRequires) as PermissionKey[];
export const basicPermissions = Object.keys(basicRequires) as PermissionKey[];

/** The values --limit-vault-permissions accepts. */
export const limitValues = ["member", ...businessPermissions, ...basicPermissions] as const;

/** The vault entitlement that stands for being on the vault's access list at all. */
export const MEMBER = "member";

const isBusiness = (accountType: string) => accountType === "BUSINESS";
const tableFor = (accountType: string): Table => (isBusiness(accountType) ? businessRequires : basicRequires);

/** The permission keys of this account type, in table order. */
export const permissionsFor = (accountType: string): PermissionKey[] =>
  isBusiness(accountType) ? businessPermissions : basicPermissions;

/** "view_items" → "view items": ConductorOne keys on these slugs, spaces included. */
export const slugOfKey = (key: string): string => key.replaceAll("_", " ");
export const keyOfSlug = (slug: string): string => slug.replaceAll(" ", "_");

/** Whether `key` is a permission of this account type. */
export const isPermission = (accountType: string, key: string): key is PermissionKey =>
  Object.hasOwn(tableFor(accountType), key);

/**
 * Checks that `key`, named by the operator (an entitlement to grant or revoke), is a permission of
 * this account type; the error names the key.
 */
export function checkPermission(accountType: string, key: string): PermissionKey {
  if (Object.hasOwn(tableFor(accountType), key)) return key as PermissionKey;
  throw new BatonError(
    Code.InvalidArgument,
    `unknown vault permission "${key}" for a ${accountType || "(no type)"} account`,
    { hint: `known permissions: ${permissionsFor(accountType).join(", ")}` },
  );
}

/**
 * What `op vault … grant --permissions` needs to give `slug` (a permission key or "member"):
 * the dependencies first, the permission itself last.
 */
export function grantPermissions(accountType: string, slug: string): PermissionKey[] {
  const table = tableFor(accountType);
  if (slug === MEMBER) {
    const all = permissionsFor(accountType);
    return isBusiness(accountType)
      ? all.filter((k) => k !== "manage_vault")
      : all.filter((k) => k !== "allow_managing");
  }
  const key = checkPermission(accountType, slug);
  return [...(table[key] as PermissionKey[]), key];
}

/** What `op vault … revoke --permissions` needs to take `slug` away: it and everything that requires it. */
export function revokePermissions(accountType: string, slug: string): PermissionKey[] {
  if (slug === MEMBER) return permissionsFor(accountType);
  const table = tableFor(accountType);
  const key = checkPermission(accountType, slug);
  return [key, ...permissionsFor(accountType).filter((k) => table[k]?.includes(key))];
}
