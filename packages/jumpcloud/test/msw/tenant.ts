// A deterministic JumpCloud organization for tests and the demo. Every list the connector reads
// spans at least two pages of 100 (JumpCloud's largest `limit`), and it holds every case the
// connector must handle: each user state, a manager with many reports and one who does not exist,
// administrators matching one, none or two system users or having no email, a group of more than
// 100 members, and applications assigned directly, through groups, and both.

import type { z } from "@baton/sdk";
import { ROLE_NAMES } from "../../src/resources/role.js";
import type { AdminUser, Application, systemUser, UserGroup } from "../../src/schemas.js";

/** A system user as JumpCloud sends it: any state string (the connector knows four). */
export type SystemUser = z.input<typeof systemUser>;

/** The graph edges the mock keeps: a group's members and an application's associations. */
export interface Membership {
  groupId: string;
  /** user or user_group; any other string plays a member type JumpCloud adds. */
  type: string;
  id: string;
}
export interface Association {
  appId: string;
  type: "user" | "user_group";
  id: string;
}

export interface Tenant {
  /** The organization the API key belongs to. */
  orgId: string;
  orgName: string;
  apiKey: string;
  /**
   * A multi-tenant (MSP) administrator's key: it works for these organizations, and only with
   * x-org-id naming one. Empty for an ordinary key, which works without x-org-id (or with its own).
   */
  mspOrgIds: string[];
  systemUsers: SystemUser[];
  admins: AdminUser[];
  groups: UserGroup[];
  memberships: Membership[];
  applications: Application[];
  associations: Association[];
}

export const SIZES = { systemUsers: 250, admins: 105, groups: 120, applications: 105 } as const;

/** A JumpCloud object id: 24 hex digits, the kind in the first eight. */
export const oid = (kind: number, i: number) =>
  kind.toString(16).padStart(8, "0") + i.toString(16).padStart(16, "0");
const ORG = 0x5a000000;
const USER = 0x5a000001;
const ADMIN = 0x5a000002;
const GROUP = 0x5a000003;
const APP = 0x5a000004;

export const userId = (i: number) => oid(USER, i);
export const adminId = (i: number) => oid(ADMIN, i);
export const groupId = (i: number) => oid(GROUP, i);
export const appId = (i: number) => oid(APP, i);
export const ORG_ID = oid(ORG, 1);
/** A manager id that names no one (deleted since): the lookup answers 404. */
export const MISSING_MANAGER = oid(USER, 0xdead);

const FIRST = ["Ada", "Bo", "Chen", "Dara", "Eli", "Femi", "Gia", "Hugo", "Ines", "Jun", "Kai", "Lena"];
const LAST = ["Okafor", "Silva", "Tanaka", "Novak", "Haddad", "Larsen", "Ivanova", "Brennan", "Moreau"];

/** Notable system users (by index). */
export const USERS = {
  /** Manages users 2–60: many reports, one manager lookup. */
  manager: 1,
  /** Manages users 61–90, and is listed on a later page than most of them. */
  lateManager: 160,
  /** Their manager does not exist (404). */
  orphan: 91,
  /** No display name, first or last name. */
  nameless: 13,
  /** No email at all. */
  emailless: 200,
  /** Two system users with the same email, matched by one administrator. */
  sharedEmail: [248, 249],
} as const;

/** Notable administrators (by index); 0–99 are system users 0, 2, 4, … under another id. */
export const ADMINS = {
  /** Matches no system user: an admin-only account. */
  adminOnly: 100,
  /** Has no email. */
  noEmail: 101,
  /** Matches two system users. */
  ambiguous: 102,
  /** Admin-only and suspended. */
  suspended: 103,
  /** Holds a role JumpCloud added after this connector was written. */
  unknownRole: 104,
} as const;

/** Notable applications (by index). */
export const APPS = {
  /** Users 0–149 directly, and group 0 (everyone): 150 users both ways, 100 through the group only. */
  slack: 0,
  /** Groups 1 and 2, and user 1 directly (who is also in group 2). */
  github: 1,
  /** Three users directly, no group. */
  zoom: 2,
  /** 110 groups: two pages of group associations. */
  confluence: 3,
  /** Only the empty group: a group grant and no user. */
  archiveTool: 104,
} as const;

/** Notable groups (by index). */
export const GROUPS = {
  /** Every system user: three pages of members. */
  everyone: 0,
  /** No members. */
  empty: 118,
  /** Has a group among its members. */
  nested: 119,
} as const;

function state(i: number): string | undefined {
  switch (i % 10) {
    case 1:
      return "STAGED";
    case 2:
      return "SUSPENDED";
    case 3:
      return "";
    case 4:
      return undefined;
    case 5:
      // A state JumpCloud may add: the status is left unspecified, with a warning.
      return "PENDING_REVIEW";
    default:
      return "ACTIVATED";
  }
}

function manager(i: number): string | undefined {
  if (i >= 2 && i <= 60) return userId(USERS.manager);
  if (i >= 61 && i <= 90) return userId(USERS.lateManager);
  if (i === USERS.orphan) return MISSING_MANAGER;
  return undefined;
}

function makeSystemUser(i: number): SystemUser {
  const first = FIRST[i % FIRST.length]!;
  const last = LAST[i % LAST.length]!;
  const email = (USERS.sharedEmail as readonly number[]).includes(i)
    ? "shared@acme.test"
    : `${first.toLowerCase()}.${i}@acme.test`;
  const nameless = i === USERS.nameless;
  return {
    _id: userId(i),
    username: `${first.toLowerCase()}${i}`,
    email: i === USERS.emailless ? undefined : email,
    ...(i % 3 === 0 && { alternateEmail: `${first.toLowerCase()}.${i}@personal.test` }),
    ...(i % 7 !== 0 && !nameless && { displayname: `${first} ${last}` }),
    ...(!nameless && { firstname: first, lastname: last }),
    ...(i % 4 === 0 && { jobTitle: i % 8 === 0 ? "Engineer" : "" }),
    ...(i % 5 === 0 && { organization: "Acme", department: i % 10 === 0 ? "R&D" : null }),
    ...(i % 6 === 0 && { employeeIdentifier: `E${1000 + i}`, employeeType: "full-time" }),
    ...(manager(i) && { manager: manager(i) }),
    ...(state(i) !== undefined && { state: state(i) }),
    account_locked: i % 25 === 7,
    suspended: i % 40 === 9,
  };
}

function makeAdmin(i: number, users: SystemUser[]): AdminUser {
  const roleName = i === ADMINS.unknownRole ? "Custom Auditor" : ROLE_NAMES[i % ROLE_NAMES.length];
  const base = { _id: adminId(i), roleName, organization: ORG_ID, suspended: false };
  if (i < 100) {
    const u = users[i * 2]!;
    return { ...base, email: u.email, firstname: u.firstname, lastname: u.lastname };
  }
  const email =
    i === ADMINS.noEmail ? "" : i === ADMINS.ambiguous ? "shared@acme.test" : `it-admin.${i}@acme.test`;
  return {
    ...base,
    email,
    firstname: "IT",
    lastname: `Admin ${i}`,
    suspended: i === ADMINS.suspended,
  };
}

const GROUP_NAMES = ["All Users", "Engineering", "Design"];

function makeGroup(g: number): UserGroup {
  const name =
    GROUP_NAMES[g] ?? (g === GROUPS.empty ? "Archive" : g === GROUPS.nested ? "Contractors" : `Team ${g}`);
  return {
    id: groupId(g),
    name,
    ...(g % 2 === 0 && { description: `${name} group` }),
    ...(g === 1 && { email: "engineering@acme.test" }),
    type: "user_group",
  };
}

const APP_NAMES = ["Slack", "GitHub", "Zoom", "Confluence"];

function makeApplication(a: number): Application {
  const label = APP_NAMES[a] ?? (a === APPS.archiveTool ? "Archive Tool" : `App ${a}`);
  return {
    _id: appId(a),
    name: label.toLowerCase().replace(/\s+/g, "-"),
    displayLabel: label,
    ...(a % 2 === 0 && { description: `${label} single sign-on` }),
    ...(a % 3 === 0 && { learnMore: `https://support.acme.test/apps/${a}` }),
    ...(a % 4 === 0 && { logo: { url: `https://cdn.acme.test/logos/${a}.png` } }),
  };
}

export function generateTenant(o: { msp?: boolean } = {}): Tenant {
  const systemUsers = Array.from({ length: SIZES.systemUsers }, (_, i) => makeSystemUser(i));
  const admins = Array.from({ length: SIZES.admins }, (_, i) => makeAdmin(i, systemUsers));
  const groups = Array.from({ length: SIZES.groups }, (_, g) => makeGroup(g));

  // Everyone is in group 0; user i is also in group 1 + (i % 117); 118 is empty; 119 holds group 1.
  const memberships: Membership[] = systemUsers.flatMap((u, i) => [
    { groupId: groupId(GROUPS.everyone), type: "user" as const, id: u._id },
    { groupId: groupId(1 + (i % 117)), type: "user" as const, id: u._id },
  ]);
  memberships.push({ groupId: groupId(GROUPS.nested), type: "user_group", id: groupId(1) });

  const applications = Array.from({ length: SIZES.applications }, (_, a) => makeApplication(a));
  const direct = (a: number, users: number[]) =>
    users.map((i) => ({ appId: appId(a), type: "user" as const, id: userId(i) }));
  const viaGroups = (a: number, gs: number[]) =>
    gs.map((g) => ({ appId: appId(a), type: "user_group" as const, id: groupId(g) }));
  const associations: Association[] = [
    ...direct(
      APPS.slack,
      Array.from({ length: 150 }, (_, i) => i),
    ),
    ...viaGroups(APPS.slack, [GROUPS.everyone]),
    ...viaGroups(APPS.github, [1, 2]),
    ...direct(APPS.github, [1]),
    ...direct(APPS.zoom, [5, 6, 7]),
    ...viaGroups(
      APPS.confluence,
      Array.from({ length: 110 }, (_, g) => g + 1),
    ),
    ...viaGroups(APPS.archiveTool, [GROUPS.empty]),
  ];

  return {
    orgId: ORG_ID,
    orgName: "Acme",
    apiKey: "jca_test0key0123456789abcdefghijklmnopq",
    mspOrgIds: o.msp ? [ORG_ID, oid(ORG, 2)] : [],
    systemUsers,
    admins,
    groups,
    memberships,
    applications,
    associations,
  };
}
