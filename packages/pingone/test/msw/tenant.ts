// A deterministic PingOne environment for tests and the demo. Sizes are chosen so that every list the
// connector reads spans several pages of what the mock serves at most (see handlers.ts), and the data
// holds every case the connector must tell apart: disabled, locked and unverified users, direct and
// indirect (nested, dynamic) memberships, population groups, and role assignments at every scope.
import type { Group, Population, Role, RoleAssignment, User } from "../../src/schemas.js";

export interface Membership {
  userId: string;
  groupId: string;
}

export interface StoredAssignment extends RoleAssignment {
  userId: string;
}

export interface StoredGroup extends Group {
  /** Members of these groups are indirect members of this one (PingOne nested groups). */
  nested?: string[];
  /** Users matching this predicate are indirect members (the group's SCIM userFilter). */
  userFilter?: string;
}

export interface Tenant {
  environmentId: string;
  environmentName: string;
  organizationId: string;
  /** A second environment of the same organization: role assignments scoped to it are not ours. */
  otherEnvironmentId: string;
  clientId: string;
  clientSecret: string;
  users: User[];
  groups: StoredGroup[];
  populations: Population[];
  roles: Role[];
  /** Direct memberships. */
  memberships: Membership[];
  roleAssignments: StoredAssignment[];
  /** Counter for ids the mock hands out. */
  serial: number;
}

export const SIZES = { users: 300, groups: 60 } as const;

/** A UUID made from a kind (one hex digit) and a number: stable across runs and readable in failures. */
export const uuid = (kind: number, n: number): string => {
  const hex = n.toString(16).padStart(12, "0");
  return `${kind.toString(16).repeat(8)}-0000-4000-8000-${hex}`;
};

export const ENVIRONMENT_ID = uuid(0xe, 1);
const OTHER_ENVIRONMENT_ID = uuid(0xe, 2);
const ORGANIZATION_ID = uuid(0xf, 1);
const APPLICATION_ID = uuid(0xa, 1);

export const userId = (i: number) => uuid(1, i);
export const groupId = (g: number) => uuid(2, g);
export const populationId = (p: number) => uuid(3, p);

/** The populations: Employees is the default one. */
export const POPULATIONS = {
  employees: populationId(0),
  contractors: populationId(1),
  partners: populationId(2),
};

/** Groups with a role in the data (the others are "Team 004" … "Team 059"). */
export const GROUPS = {
  /** Every user is a direct member. */
  allStaff: groupId(0),
  engineering: groupId(1),
  /** Nested in Engineering: its members are indirect members of Engineering. */
  engineeringLeads: groupId(2),
  /** Dynamic: every contractor, through the group's user filter (indirect memberships only). */
  contractorsDynamic: groupId(3),
  /** Belongs to the Partners population: it may only hold partners. */
  partnerPortal: groupId(4),
} as const;

/** PingOne's built-in admin roles, with the scopes each may be assigned at. */
const BUILT_IN_ROLES: Array<[name: string, applicableTo: string[]]> = [
  ["Organization Admin", ["ORGANIZATION"]],
  ["Environment Admin", ["ORGANIZATION", "ENVIRONMENT"]],
  ["Identity Data Admin", ["ENVIRONMENT", "POPULATION"]],
  ["Identity Data Read Only", ["ENVIRONMENT", "POPULATION"]],
  ["Client Application Developer", ["ENVIRONMENT"]],
  ["Configuration Read Only", ["ENVIRONMENT"]],
  ["Application Owner", ["APPLICATION"]],
  ["Help Desk Admin", ["ENVIRONMENT", "POPULATION"]],
];
export const roleId = (name: string) =>
  uuid(
    4,
    BUILT_IN_ROLES.findIndex(([n]) => n === name),
  );
export const ROLES = {
  organizationAdmin: roleId("Organization Admin"),
  environmentAdmin: roleId("Environment Admin"),
  identityDataAdmin: roleId("Identity Data Admin"),
  identityDataReadOnly: roleId("Identity Data Read Only"),
  applicationOwner: roleId("Application Owner"),
  helpDeskAdmin: roleId("Help Desk Admin"),
  /** A custom admin role: not in GET /roles. */
  custom: uuid(5, 1),
} as const;

const FIRST = ["Ada", "Bo", "Chen", "Dara", "Eli", "Femi", "Gia", "Hugo", "Ines", "Jun", "Kai", "Lena", "Mo"];
const LAST = ["Okafor", "Silva", "Tanaka", "Novak", "Haddad", "Larsen", "de Souza", "Ivanova", "Brennan"];

const at = (day: number) => new Date(Date.UTC(2022, 0, 1) + day * 86_400_000).toISOString();

/** The population of user i: three in five are employees, then contractors, then partners. */
export const populationOf = (i: number) =>
  i % 5 < 3 ? POPULATIONS.employees : i % 5 === 3 ? POPULATIONS.contractors : POPULATIONS.partners;

/**
 * User i. Disabled: i % 17 == 5. Locked: i % 23 == 7. Verification required: i % 11 == 3. Signed in
 * with SAML: i % 13 == 4. User 7 has only a username; user 8 has a formatted name differing from
 * given + family; user 9 has no email.
 */
function makeUser(i: number): User {
  const first = FIRST[i % FIRST.length]!;
  const last = LAST[i % LAST.length]!;
  const username = `${first.toLowerCase()}.${i}`;
  return {
    id: userId(i),
    username,
    ...(i === 9 ? {} : { email: `${username}@example.com` }),
    ...(i === 7
      ? {}
      : {
          name: {
            given: first,
            family: last,
            formatted: i === 8 ? `Dr. ${first} ${last}` : `${first} ${last}`,
          },
        }),
    enabled: i % 17 !== 5,
    population: { id: populationOf(i) },
    lifecycle: { status: i % 11 === 3 ? "VERIFICATION_REQUIRED" : "ACCOUNT_OK" },
    account: { status: i % 23 === 7 ? "LOCKED" : "OK" },
    identityProvider: { type: i % 13 === 4 ? "SAML" : "PING_ONE" },
    mfaEnabled: i % 2 === 0,
    createdAt: at(i),
    ...(i % 4 === 2 ? {} : { lastSignOn: { at: at(i + 400) } }),
  };
}

/**
 * Direct group memberships of user i (see GROUPS). User 0 is in every group but the dynamic one and
 * the partners' one: more memberships than the mock serves on a page.
 */
function groupsOf(i: number): string[] {
  const special = new Set<string>([GROUPS.contractorsDynamic, GROUPS.partnerPortal]);
  if (i === 0)
    return Array.from({ length: SIZES.groups }, (_, g) => groupId(g)).filter((g) => !special.has(g));
  const out = [GROUPS.allStaff, groupId(5 + (i % (SIZES.groups - 5)))];
  // Leads (i % 8 == 1) are members of Engineering through the nested group only.
  if (i % 8 === 5) out.push(GROUPS.engineering);
  if (i % 8 === 1) out.push(GROUPS.engineeringLeads);
  if (populationOf(i) === POPULATIONS.partners && i % 2 === 0) out.push(GROUPS.partnerPortal);
  return out;
}

/** Role assignments of user i, at every scope kind PingOne has. */
function assignmentsOf(i: number): Array<Omit<StoredAssignment, "id" | "userId">> {
  const env = { id: ENVIRONMENT_ID, type: "ENVIRONMENT" };
  const out: Array<Omit<StoredAssignment, "id" | "userId">> = [];
  if (i % 10 === 0) out.push({ role: { id: ROLES.identityDataAdmin }, scope: env, readOnly: i === 50 });
  if (i % 25 === 1) out.push({ role: { id: ROLES.environmentAdmin }, scope: env, readOnly: false });
  if (i % 30 === 2)
    out.push({ role: { id: ROLES.organizationAdmin }, scope: { id: ORGANIZATION_ID, type: "ORGANIZATION" } });
  if (i % 20 === 3)
    out.push({ role: { id: ROLES.helpDeskAdmin }, scope: { id: populationOf(i), type: "POPULATION" } });
  if (i % 40 === 4)
    out.push({ role: { id: ROLES.applicationOwner }, scope: { id: APPLICATION_ID, type: "APPLICATION" } });
  if (i % 15 === 5)
    out.push({
      role: { id: ROLES.identityDataReadOnly },
      scope: { id: OTHER_ENVIRONMENT_ID, type: "ENVIRONMENT" },
    });
  if (i === 6) out.push({ role: { id: ROLES.custom }, scope: env });
  return out;
}

export function generateTenant(): Tenant {
  const users = Array.from({ length: SIZES.users }, (_, i) => makeUser(i));
  const populations: Population[] = [
    { id: POPULATIONS.employees, name: "Employees", description: "Staff", default: true },
    { id: POPULATIONS.contractors, name: "Contractors", default: false },
    { id: POPULATIONS.partners, name: "Partners", description: "External partners", default: false },
  ];
  const names = ["All Staff", "Engineering", "Engineering Leads", "Contractors (dynamic)", "Partner Portal"];
  const groups: StoredGroup[] = Array.from({ length: SIZES.groups }, (_, g) => ({
    id: groupId(g),
    name: names[g] ?? `Team ${String(g).padStart(3, "0")}`,
    ...(g === 1
      ? { description: "Engineers; Engineering Leads are nested in it", nested: [GROUPS.engineeringLeads] }
      : {}),
    ...(g === 3 ? { userFilter: `population.id eq "${POPULATIONS.contractors}"` } : {}),
    ...(g === 4 ? { population: { id: POPULATIONS.partners } } : {}),
  }));
  let serial = 1;
  const roleAssignments = users.flatMap((u, i) =>
    assignmentsOf(i).map((a) => ({ ...a, id: uuid(6, serial++), userId: u.id })),
  );
  return {
    environmentId: ENVIRONMENT_ID,
    environmentName: "Acme Production",
    organizationId: ORGANIZATION_ID,
    otherEnvironmentId: OTHER_ENVIRONMENT_ID,
    clientId: "0c9f1a3e-7d2b-4e5c-8a6f-1b2c3d4e5f60",
    clientSecret: "worker-app-secret-0123456789abcdef",
    users,
    groups,
    populations,
    roles: BUILT_IN_ROLES.map(([name, applicableTo], k) => ({
      id: uuid(4, k),
      name,
      description: `PingOne built-in ${name} role`,
      applicableTo,
    })),
    memberships: users.flatMap((u, i) => groupsOf(i).map((g) => ({ userId: u.id, groupId: g }))),
    roleAssignments,
    serial: 10_000,
  };
}

/** The direct groups and the indirect ones (nesting, user filters) of a user, as PingOne reports them. */
export function membershipsOf(
  t: Tenant,
  uid: string,
): Array<{ group: StoredGroup; type: "DIRECT" | "INDIRECT" }> {
  const direct = new Set(t.memberships.filter((m) => m.userId === uid).map((m) => m.groupId));
  const user = t.users.find((u) => u.id === uid);
  const out: Array<{ group: StoredGroup; type: "DIRECT" | "INDIRECT" }> = [];
  for (const g of t.groups) {
    if (direct.has(g.id)) out.push({ group: g, type: "DIRECT" });
    else if (
      g.nested?.some((n) => direct.has(n)) ||
      (g.userFilter && user && matchesUserFilter(g.userFilter, user))
    )
      out.push({ group: g, type: "INDIRECT" });
  }
  return out;
}

/** The tenant's user filters are all `population.id eq "…"`. */
function matchesUserFilter(filter: string, u: User): boolean {
  const m = /^population\.id eq "([^"]+)"$/.exec(filter);
  return m !== null && u.population?.id === m[1];
}
