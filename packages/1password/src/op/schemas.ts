// The JSON that `op … --format=json` prints. Unknown fields are ignored; fields we do not rely on
// default to empty, as the Go connector's unmarshalling does. A user state or type that op adds later
// parses as `{ unknown: value }`: the resource types report it and carry on.
import { vendorEnum, z } from "@baton/sdk";

const text = z
  .string()
  .nullish()
  .transform((v) => v ?? "");
const permissions = z
  .array(z.string())
  .nullish()
  .transform((v) => v ?? []);

export const localAccount = z.object({
  url: text,
  email: text,
  user_uuid: text,
  account_uuid: text,
  shorthand: text,
});
export const localAccounts = z.array(localAccount);
export type LocalAccount = z.infer<typeof localAccount>;

export const whoami = z.object({ account_uuid: text, user_uuid: text, email: text, url: text });

export const account = z.object({ id: z.string().min(1), name: text, domain: text, type: text, state: text });
export type Account = z.infer<typeof account>;

/** op's user states: ACTIVE and RECOVERY_STARTED can sign in; the others cannot (yet, or any more). */
export const USER_STATES = [
  "ACTIVE",
  "RECOVERY_STARTED",
  "INACTIVE",
  "SUSPENDED",
  "TRANSFER_SUSPENDED",
  "TRANSFER_PENDING",
  "PENDING",
] as const;
/** op's user types; "" when op leaves the field out. */
export const USER_TYPES = ["MEMBER", "GUEST", "SERVICE_ACCOUNT", ""] as const;

export const user = z.object({
  id: z.string().min(1),
  name: text,
  email: text,
  type: text.pipe(vendorEnum(USER_TYPES)),
  state: text.pipe(vendorEnum(USER_STATES)),
});
export const users = z.array(user);
export type User = z.infer<typeof user>;

export const group = z.object({ id: z.string().min(1), name: text, description: text, state: text });
export const groups = z.array(group);
export type Group = z.infer<typeof group>;

export const groupMember = user.extend({ role: text });
export const groupMembers = z.array(groupMember);
export type GroupMember = z.infer<typeof groupMember>;

export const vault = z.object({ id: z.string().min(1), name: text });
export const vaults = z.array(vault);
export type Vault = z.infer<typeof vault>;

export const vaultGroups = z.array(group.extend({ permissions }));
export const vaultUsers = z.array(user.extend({ permissions }));
/** A user or group on a vault's access list, with its permission keys. */
export interface VaultAccessor {
  id: string;
  permissions: string[];
}
