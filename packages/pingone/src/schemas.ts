// PingOne Platform API bodies: only the fields this connector reads. Field names follow the
// PingOne Platform API reference (developer.pingidentity.com/pingone-api): User, Group, Population,
// Role, RoleAssignment, GroupMembership, Environment, and the HAL collection envelope.
// Vendor enums (lifecycle.status, scope.type, membership type, …) are read as strings, so a value
// PingOne adds later never fails a sync; the code decides what to do with values it does not know.
import { z } from "@baton/sdk";

const id = z.string().min(1);
const ref = z.object({ id });
const timestamp = z.string().min(1);

export const user = z.object({
  id,
  username: z.string(),
  email: z.string().optional(),
  name: z
    .object({ given: z.string().optional(), family: z.string().optional(), formatted: z.string().optional() })
    .optional(),
  /** Read-only on the user; PingOne changes it through /users/{id}/enabled. */
  enabled: z.boolean(),
  population: ref.optional(),
  /** ACCOUNT_OK or VERIFICATION_REQUIRED. */
  lifecycle: z.object({ status: z.string() }).optional(),
  /** OK or LOCKED. */
  account: z.object({ status: z.string().optional() }).optional(),
  /** PING_ONE, or the external identity provider (SAML, OPENID_CONNECT, …). */
  identityProvider: z.object({ type: z.string() }).optional(),
  mfaEnabled: z.boolean().optional(),
  createdAt: timestamp.optional(),
  lastSignOn: z.object({ at: timestamp.optional() }).optional(),
});
export type User = z.infer<typeof user>;

export const group = z.object({
  id,
  name: z.string(),
  description: z.string().optional(),
  /** Set when the group belongs to one population; it can then only hold that population's users. */
  population: ref.optional(),
  externalId: z.string().optional(),
  /** Absent for PingOne groups; GATEWAY or IDP for groups provisioned from elsewhere. */
  sourceType: z.string().optional(),
});
export type Group = z.infer<typeof group>;

export const population = z.object({
  id,
  name: z.string(),
  description: z.string().optional(),
  /** Exactly one population of an environment is the default; users created without one land there. */
  default: z.boolean().optional(),
});
export type Population = z.infer<typeof population>;

export const role = z.object({
  id,
  name: z.string(),
  description: z.string().optional(),
  /** The scope types the role may be assigned at: ORGANIZATION, ENVIRONMENT, POPULATION, APPLICATION. */
  applicableTo: z.array(z.string()).default([]),
});
export type Role = z.infer<typeof role>;

export const roleAssignment = z.object({
  id,
  role: ref,
  /** `type` is ORGANIZATION, ENVIRONMENT, POPULATION or APPLICATION; `id` the org, env, … id. */
  scope: z.object({ id, type: z.string() }),
  /** True when this actor (the worker app) cannot delete the assignment. */
  readOnly: z.boolean().optional(),
});
export type RoleAssignment = z.infer<typeof roleAssignment>;

export const groupMembership = z.object({
  /** The group's id. */
  id,
  name: z.string().optional(),
  /** DIRECT (added to the group) or INDIRECT (through a nested group or the group's user filter). */
  type: z.string(),
});
export type GroupMembership = z.infer<typeof groupMembership>;

export const environment = z.object({ id, name: z.string(), region: z.string().optional() });
export type Environment = z.infer<typeof environment>;

/**
 * A HAL collection: `{ _links: { self, next? }, _embedded: { <key>: [...] }, count?, size? }`.
 * `_links.next.href` is an absolute URL on the API host; its absence marks the last page.
 */
const collection = <K extends string, T extends z.ZodType>(key: K, item: T) =>
  z.object({
    _links: z.object({ next: z.object({ href: z.string() }).optional() }).optional(),
    _embedded: z.object({ [key]: z.array(item) } as { [P in K]: z.ZodArray<T> }),
  });

export const usersPage = collection("users", user);
export const groupsPage = collection("groups", group);
export const populationsPage = collection("populations", population);
export const rolesList = collection("roles", role);
export const roleAssignmentsList = collection("roleAssignments", roleAssignment);
export const groupMembershipsPage = collection("groupMemberships", groupMembership);

/** PingOne's error body: `{ id, code, message, details?: [{ code, target, message }] }`. */
export const errorBody = z.object({
  id: z.string().optional(),
  code: z.string().optional(),
  message: z.string().optional(),
  details: z
    .array(
      z.object({
        code: z.string().optional(),
        target: z.string().optional(),
        message: z.string().optional(),
      }),
    )
    .optional(),
});
export type ErrorBody = z.infer<typeof errorBody>;
