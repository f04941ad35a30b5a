// What this connector assumes about Zip's users, roles, user groups and departments. Zip's API
// reference needs a login, so part of it is inferred from indirect evidence: every path, field name
// and write body the connector relies on is in this file, marked "known" or "inferred", so that a
// correction is made here and nowhere else.
//
// Known: the host and the Zip-Api-Key header; the list envelope and its page tokens (schemas.ts);
// GET /users with id, email, first_name, last_name, is_active, and its exact-match `email` filter;
// GET /departments; times in epoch seconds; string ids; `{"data": {...}}` around write bodies (Zip's
// purchase-order writes); `{"message"}` error bodies; 400 for an unknown query parameter.
// Inferred: everything else below.
import { type ApiPath, BatonError, Code, path, z } from "@baton/sdk";

export const paths = {
  /** Known: the user list (DataGrail checks credentials with it). */
  users: "/users",
  /** Inferred: one user by id, 404 when there is none. Also PATCH (update) and DELETE. */
  user: (id: string): ApiPath => path`/users/${id}`,
  /** Inferred: the role list (Fivetran syncs a ROLE table; restricted keys name "Roles"). */
  roles: "/roles",
  /** Inferred: the user-group list (Fivetran's USER_GROUP table; restricted keys name "User groups"). */
  userGroups: "/user_groups",
  /** Known: the department list. */
  departments: "/departments",
} as const;

/** Known: /users takes an exact-match `email` filter. */
export const USER_EMAIL_FILTER = "email";

/**
 * Inferred: ids are opaque strings (GUIDs for users, requests and vendors). Anything else is refused
 * before it reaches a URL: an id from `--sync-resources` or a file must look like one.
 */
const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

/** The Zip id behind a resource id, refused with InvalidArgument when it cannot be one. */
export function zipId(id: string | undefined, what = "id"): string {
  if (id === undefined || !ID.test(id) || id.includes("..")) {
    throw new BatonError(Code.InvalidArgument, `${JSON.stringify(id ?? "")} is not a Zip ${what}`, {
      hint: "use the id as a sync wrote it (`baton resources -f sync.c1z`)",
    });
  }
  return id;
}

/** A role, user group or department as a user record names it. */
export interface ZipRef {
  id: string;
  name: string;
}

/** A user, in the connector's own terms (the wire names are mapped below). */
export interface ZipUser {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  /** false once the user is deactivated in Zip. */
  active: boolean;
  department: ZipRef | undefined;
  roles: ZipRef[];
  userGroups: ZipRef[];
  createdAt: Date | undefined;
}

/** A role, user group or department from its own list. */
export interface ZipRecord {
  id: string;
  name: string;
  description: string | undefined;
}

const id = z.string().min(1);
const ref = z.object({ id, name: z.string() });
/** Known: Zip's times are Unix epoch seconds. */
const epochSeconds = z.number().nonnegative();
const text = z.string().nullish();

export const user = z
  .object({
    id, // known
    email: z.string(), // known
    first_name: text, // known
    last_name: text, // known
    is_active: z.boolean().optional(), // known, optional in working client code
    department: ref.nullish(), // inferred: the user's one department, null when none
    roles: z.array(ref), // inferred
    user_groups: z.array(ref), // inferred
    created_at: epochSeconds.nullish(), // inferred on users (known on other records)
  })
  .transform(
    (u): ZipUser => ({
      id: u.id,
      email: u.email,
      firstName: u.first_name?.trim() ?? "",
      lastName: u.last_name?.trim() ?? "",
      active: u.is_active !== false,
      department: u.department ?? undefined,
      roles: u.roles,
      userGroups: u.user_groups,
      createdAt: u.created_at == null ? undefined : new Date(u.created_at * 1000),
    }),
  );

/** Inferred: roles, user groups and departments share `{ id, name, description? }`. */
export const record = z
  .object({ id, name: z.string(), description: text })
  .transform((r): ZipRecord => ({ id: r.id, name: r.name, description: r.description ?? undefined }));

/** Known: write bodies are wrapped in `data`. */
const wrap = (data: Record<string, unknown>) => ({ data });

/**
 * How a user's roles or user groups are read from the user and written back. Inferred: PATCH
 * /users/{id} takes the user's full new list of ids (what is left out is removed).
 */
export interface MembershipField {
  /** The ids the user holds now. */
  held(u: ZipUser): string[];
  /** The PATCH body that makes `ids` the user's whole list. */
  body(ids: string[]): unknown;
}

export const memberships = {
  role: { held: (u) => u.roles.map((r) => r.id), body: (ids) => wrap({ role_ids: ids }) },
  group: { held: (u) => u.userGroups.map((g) => g.id), body: (ids) => wrap({ user_group_ids: ids }) },
} satisfies Record<string, MembershipField>;

export interface NewUser {
  email: string;
  firstName: string;
  lastName: string;
}

/** Inferred: POST /users takes email, first_name and last_name, and answers with the new user. */
export const newUserBody = (u: NewUser) =>
  wrap({ email: u.email, first_name: u.firstName, last_name: u.lastName });
