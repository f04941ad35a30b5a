// A deterministic Zip tenant for tests and the demo. Sizes are chosen so that every list the
// connector reads spans at least two pages of 100 (Zip's largest page_size).

/** A user as the mock stores it: memberships by id, rendered with names when served. */
export interface TenantUser {
  id: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  is_active: boolean;
  department_id: string | null;
  role_ids: string[];
  user_group_ids: string[];
  /** Epoch seconds. */
  created_at: number;
  updated_at: number;
}

export interface TenantRecord {
  id: string;
  name: string;
  description?: string;
}

export interface Tenant {
  apiKey: string;
  users: TenantUser[];
  roles: TenantRecord[];
  userGroups: TenantRecord[];
  departments: TenantRecord[];
  /** Sequence number of the next record the mock creates. */
  nextSeq: number;
}

export const SIZES = { users: 345, roles: 104, userGroups: 122, departments: 103 } as const;

/** A GUID-shaped id: Zip's ids are opaque strings of this form. */
const guid = (kind: number, seq: number) =>
  `${kind.toString(16).padStart(8, "0")}-0000-4000-8000-${seq.toString(16).padStart(12, "0")}`;
export const userId = (i: number) => guid(0x7e3f0c1a, i);
export const roleId = (i: number) => guid(0x5b1d9e42, i);
export const userGroupId = (i: number) => guid(0x9c4a7f10, i);
export const departmentId = (i: number) => guid(0x2d8e6b35, i);

/** Roles by index: 5–102 are per-cost-center approver roles; nobody holds Auditor. */
export const ROLES = {
  admin: 0,
  requester: 1,
  approver: 2,
  procurement: 3,
  finance: 4,
  auditor: 103,
} as const;
/**
 * User groups by index: 1–118 are teams. Late joiners' members are all users 250 and up, who are
 * served on the third and fourth pages only; Empty has no members.
 */
export const USER_GROUPS = { allEmployees: 0, lateJoiners: 119, contractors: 120, empty: 121 } as const;
export const LATE_JOINERS_FROM = 250;
/** Departments by index: 8–101 are cost centers; nobody is in Dormant. */
export const DEPARTMENTS = { it: 0, dormant: 102 } as const;

const FIRST = ["Ana", "Bo", "Chen", "Dara", "Eli", "Femi", "Gia", "Hugo", "Ines", "Jun", "Kai", "Lena", "Mo"];
const LAST = ["Diaz", "Okafor", "Silva", "Tanaka", "Novak", "Haddad", "Larsen", "Ivanova", "Brennan"];
const DEPARTMENT_NAMES = [
  "IT",
  "People",
  "Legal",
  "Finance",
  "Sales",
  "Marketing",
  "Engineering",
  "Operations",
];

const JAN_2022 = 1_640_995_200;
const pad = (n: number) => String(n).padStart(3, "0");

/** Cost-center approver role of user i (indexes 5–102). */
const costCenterRole = (i: number) => 5 + (i % 98);

/**
 * User i: i % 6 picks the roles — 0 none, 1 Requester, 2 Requester and Approver, 3 four roles,
 * 4 Admin, 5 Requester and a cost-center role. i % 10 == 7 is in no user group; everyone else is in
 * All employees and one team. i % 9 == 4 has no department. i % 25 == 24 is deactivated. User 13
 * has no name.
 */
function makeUser(i: number): TenantUser {
  const r = ROLES;
  const roles = [
    [],
    [r.requester],
    [r.requester, r.approver],
    [r.requester, r.approver, r.finance, costCenterRole(i)],
    [r.admin],
    [r.requester, costCenterRole(i)],
  ][i % 6]!;
  const groups =
    i % 10 === 7
      ? []
      : [
          USER_GROUPS.allEmployees,
          1 + (i % 118),
          ...(i >= LATE_JOINERS_FROM ? [USER_GROUPS.lateJoiners] : []),
          ...(i % 15 === 0 ? [USER_GROUPS.contractors] : []),
        ];
  const first = FIRST[i % FIRST.length]!;
  const last = LAST[i % LAST.length]!;
  return {
    id: userId(i),
    email: `${first.toLowerCase()}.${last.toLowerCase()}.${i}@acme.test`,
    first_name: i === 13 ? null : first,
    last_name: i === 13 ? null : last,
    is_active: i % 25 !== 24,
    department_id: i % 9 === 4 ? null : departmentId(i % 102),
    role_ids: roles.map(roleId),
    user_group_ids: groups.map(userGroupId),
    created_at: JAN_2022 + i * 86_400,
    updated_at: JAN_2022 + i * 86_400 + 3_600,
  };
}

function roleName(k: number): string {
  const named = ["Admin", "Requester", "Approver", "Procurement manager", "Finance"][k];
  return named ?? (k === ROLES.auditor ? "Auditor" : `Approver: cost center ${pad(k)}`);
}

function userGroupName(k: number): string {
  const named: Record<number, string> = {
    [USER_GROUPS.allEmployees]: "All employees",
    [USER_GROUPS.lateJoiners]: "Late joiners",
    [USER_GROUPS.contractors]: "Contractors",
    [USER_GROUPS.empty]: "Empty",
  };
  return named[k] ?? `Team ${pad(k)}`;
}

function departmentName(k: number): string {
  return DEPARTMENT_NAMES[k] ?? (k === DEPARTMENTS.dormant ? "Dormant" : `Cost center ${pad(k)}`);
}

export function generateTenant(): Tenant {
  const records = (
    n: number,
    id: (k: number) => string,
    name: (k: number) => string,
    withDescription: boolean,
  ) =>
    Array.from({ length: n }, (_, k) => ({
      id: id(k),
      name: name(k),
      ...(withDescription && k % 3 === 0 ? { description: `${name(k)} in Acme's Zip` } : {}),
    }));
  return {
    apiKey: "zip-test-key-0123456789abcdef",
    users: Array.from({ length: SIZES.users }, (_, i) => makeUser(i)),
    roles: records(SIZES.roles, roleId, roleName, true),
    userGroups: records(SIZES.userGroups, userGroupId, userGroupName, true),
    departments: records(SIZES.departments, departmentId, departmentName, false),
    nextSeq: SIZES.users,
  };
}
