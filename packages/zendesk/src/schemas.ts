// Zendesk Support API v2 response bodies: only the fields this connector reads.
// Field lists follow developer.zendesk.com/api-reference/ticketing (users, groups, group memberships,
// organizations, organization memberships, custom agent roles).
import { vendorEnum, z } from "@baton/sdk";

const id = z.number().int().positive();
const timestamp = z.iso.datetime();

/** Zendesk's user roles; one it adds later parses as `{ unknown: role }`. */
export const ROLES = ["end-user", "agent", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const user = z.object({
  id,
  /** The user's API URL, on the account's own host: https://acme.zendesk.com/api/v2/users/1.json. */
  url: z.string().optional(),
  name: z.string(),
  email: z.string().nullable(),
  role: vendorEnum(ROLES),
  /** false once the user has been deleted. */
  active: z.boolean(),
  suspended: z.boolean(),
  custom_role_id: id.nullable(),
  created_at: timestamp,
  last_login_at: timestamp.nullable(),
});
export type User = z.infer<typeof user>;

export const group = z.object({ id, name: z.string() });
export type Group = z.infer<typeof group>;

export const organization = z.object({ id, name: z.string() });
export type Organization = z.infer<typeof organization>;

export const groupMembership = z.object({ id, user_id: id, group_id: id });
export type GroupMembership = z.infer<typeof groupMembership>;

export const organizationMembership = z.object({ id, user_id: id, organization_id: id });
export type OrganizationMembership = z.infer<typeof organizationMembership>;

export const customRole = z.object({
  id,
  name: z.string(),
  description: z.string().nullable(),
  /** 0 custom agent, 1 light agent, 2 chat agent, 3 contributor, 4 admin, 5 billing admin. */
  role_type: z.number().int(),
});
export type CustomRole = z.infer<typeof customRole>;

/** Cursor pagination: `page[size]` in, `meta.has_more` and `meta.after_cursor` out. */
const meta = z
  .object({ has_more: z.boolean(), after_cursor: z.string().nullable() })
  .refine((m) => !m.has_more || m.after_cursor !== null, "has_more is true but after_cursor is null");

export const usersPage = z.object({ users: z.array(user), meta });
export const groupsPage = z.object({ groups: z.array(group), meta });
export const organizationsPage = z.object({ organizations: z.array(organization), meta });
/** Group memberships with their users side-loaded (`include=users`). */
export const groupMembershipsPage = z.object({
  group_memberships: z.array(groupMembership),
  users: z.array(user),
  meta,
});
export const userGroupMembershipsPage = z.object({ group_memberships: z.array(groupMembership), meta });
export const userOrganizationMembershipsPage = z.object({
  organization_memberships: z.array(organizationMembership),
  meta,
});

export const userEnvelope = z.object({ user });
export const groupMembershipEnvelope = z.object({ group_membership: groupMembership });
export const organizationMembershipEnvelope = z.object({ organization_membership: organizationMembership });
/** Custom roles come in one response: the endpoint is not paginated. */
export const customRoles = z.object({ custom_roles: z.array(customRole) });
/** User search results (offset-paginated; an email address matches at most one user). */
export const userSearch = z.object({ users: z.array(user) });
