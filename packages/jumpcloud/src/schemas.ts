// JumpCloud API bodies: only the fields this connector reads. v1 lists (/api/systemusers,
// /api/applications, /api/users) wrap their items in { totalCount, results }; v2 lists
// (/api/v2/usergroups, …/members, …/associations, …/users) are bare JSON arrays.
import { vendorEnum, z } from "@baton/sdk";

/** JumpCloud object ids, organizations' included, are 24-hex-digit MongoDB ObjectIDs. */
export const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** Present, possibly empty, possibly null: the Go connector copies a profile field whenever it is set. */
const text = z.string().nullish();

/** The states of a system user JumpCloud documents; "" is an older, active account. */
export const USER_STATES = ["", "ACTIVATED", "STAGED", "SUSPENDED"] as const;

/** A directory identity (GET /api/systemusers). */
export const systemUser = z.object({
  _id: z.string().min(1),
  email: text,
  alternateEmail: text,
  username: text,
  displayname: text,
  firstname: text,
  lastname: text,
  jobTitle: text,
  organization: text,
  department: text,
  employeeIdentifier: text,
  employeeType: text,
  /** The manager's system user id. */
  manager: text,
  /** ACTIVATED, STAGED or SUSPENDED; absent or "" on older accounts (active). Any other parses as `{ unknown }`. */
  state: vendorEnum(USER_STATES).nullish(),
  account_locked: z.boolean().nullish(),
  suspended: z.boolean().nullish(),
});
export type SystemUser = z.infer<typeof systemUser>;

const v1List = <T extends z.ZodType>(item: T) =>
  z.object({ totalCount: z.number().int().nonnegative().optional(), results: z.array(item) });

export const systemUsersPage = v1List(systemUser);

/** A console administrator (GET /api/users): a separate account with its own id, not a system user. */
export const adminUser = z.object({
  _id: z.string().min(1),
  email: text,
  firstname: text,
  lastname: text,
  organization: text,
  suspended: z.boolean().nullish(),
  /** The admin's role by display name, e.g. "Administrator with Billing". */
  roleName: text,
});
export type AdminUser = z.infer<typeof adminUser>;

export const adminUsersPage = v1List(adminUser);

/** An SSO application (GET /api/applications). */
export const application = z.object({
  _id: z.string().min(1),
  displayLabel: text,
  name: text,
  description: text,
  learnMore: text,
  logo: z.object({ url: text }).nullish(),
});
export type Application = z.infer<typeof application>;

export const applicationsPage = v1List(application);

/** A user group (GET /api/v2/usergroups). */
export const userGroup = z.object({
  id: z.string().min(1),
  name: z.string(),
  description: text,
  email: text,
  type: text,
});
export type UserGroup = z.infer<typeof userGroup>;

export const userGroups = z.array(userGroup);

/** One edge of the JumpCloud graph: a group member, an application's association. */
export const graphConnection = z.object({
  to: z.object({ id: z.string().min(1), type: z.string() }),
});
export type GraphConnection = z.infer<typeof graphConnection>;

export const graphConnections = z.array(graphConnection);

/**
 * An object reached through the graph (GET /api/v2/applications/{id}/users): each user once, with
 * every path that leads to it — [user] for a direct association, [user_group, user] through a group.
 */
export const graphObjectWithPaths = z.object({
  id: z.string().min(1),
  type: z.string(),
  paths: z.array(z.array(graphConnection)).nullish(),
});
export type GraphObjectWithPaths = z.infer<typeof graphObjectWithPaths>;

export const graphObjectsWithPaths = z.array(graphObjectWithPaths);

/** An organization (GET /api/organizations): an administrator's key reaches one, an MSP's several. */
export const organization = z.object({ _id: z.string().min(1), displayName: text });
export type Organization = z.infer<typeof organization>;

export const organizationsPage = v1List(organization);

/** GET /api/v2/directories: read only for its status (the cheapest authenticated call). */
export const directories = z.array(z.unknown());
