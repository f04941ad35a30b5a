// A deterministic Zendesk account for tests and the demo: sizes are chosen so that every list the
// connector reads spans at least two pages of 100 (cursor pagination's largest page).
import type { z } from "@baton/sdk";
import type {
  CustomRole,
  Group,
  GroupMembership,
  Organization,
  OrganizationMembership,
  user,
} from "../../src/schemas.js";

/** A user as Zendesk sends it: any role string (the connector knows three). */
export type User = z.input<typeof user>;

export interface Tenant {
  subdomain: string;
  /** The API token's owner (an admin) and the token. */
  email: string;
  apiToken: string;
  users: User[];
  groups: Group[];
  organizations: Organization[];
  customRoles: CustomRole[];
  groupMemberships: GroupMembership[];
  organizationMemberships: OrganizationMembership[];
  /** Next id for records the mock creates. */
  nextId: number;
}

export const SIZES = { users: 420, groups: 121, organizations: 110 } as const;

const FIRST = ["Ada", "Bo", "Chen", "Dara", "Eli", "Femi", "Gia", "Hugo", "Ines", "Jun", "Kai", "Lena", "Mo"];
const LAST = ["Okafor", "Silva", "Tanaka", "Novak", "Haddad", "Larsen", "de Souza", "Ivanova", "Brennan"];

const at = (day: number) =>
  new Date(Date.UTC(2021, 0, 1) + day * 86_400_000).toISOString().replace(".000Z", "Z");

/** Custom roles, as Zendesk Enterprise lists them (role_type 4 is the built-in administrator role). */
const ROLES: Array<[name: string, roleType: number]> = [
  ["Administrator", 4],
  ["Staff", 0],
  ["Team lead", 0],
  ["Advisor", 0],
  ["Light agent", 1],
  ["Auditor", 0],
];
export const ROLE_IDS = {
  administrator: 360_001,
  staff: 360_002,
  teamLead: 360_003,
  advisor: 360_004,
  lightAgent: 360_005,
  /** No one holds it. */
  auditor: 360_006,
} as const;

export const USER_BASE = 1_000;
export const GROUP_BASE = 20_000;
export const ORG_BASE = 30_000;

/**
 * User `USER_BASE + i`: i % 20 == 0 → admin (i = 0 owns the API token), 1–9 → agent, 10–19 → end-user.
 * Agents i % 20 in 1–6 hold Staff (over 100 of them), 7 Team lead, 8 Advisor, 9 Light agent.
 * Suspended: agents with i % 50 == 1 and admin i = 380. Deleted but still listed: agents with i % 50 == 3.
 */
function makeUser(i: number, subdomain: string): User {
  const kind = i % 20;
  const role = kind === 0 ? "admin" : kind < 10 ? "agent" : "end-user";
  const staffRole = [ROLE_IDS.staff, ROLE_IDS.teamLead, ROLE_IDS.advisor, ROLE_IDS.lightAgent];
  const customRoleId =
    role === "admin" ? ROLE_IDS.administrator : role === "agent" ? staffRole[Math.max(0, kind - 6)]! : null;
  const first = FIRST[i % FIRST.length]!;
  // One single-word name, to cover users without a family name.
  const name = i === 7 ? "Cher" : `${first} ${LAST[i % LAST.length]}`;
  const email = i === 0 ? `admin@${subdomain}.test` : `${first.toLowerCase()}.${i}@${subdomain}.test`;
  return {
    id: USER_BASE + i,
    url: `https://${subdomain}.zendesk.com/api/v2/users/${USER_BASE + i}.json`,
    name,
    email,
    role,
    active: !(role === "agent" && i % 50 === 3),
    suspended: (role === "agent" && i % 50 === 1) || i === 380,
    custom_role_id: customRoleId,
    created_at: at(i),
    last_login_at: i % 4 === 2 ? null : at(i + 30),
  };
}

const GROUP_NAMES = ["Support", "Billing", "Escalations", "VIP"];
const ORG_NAMES = ["Acme Corp", "Globex", "Initech", "Umbrella"];

export function generateTenant(subdomain = "acme"): Tenant {
  const users = Array.from({ length: SIZES.users }, (_, i) => makeUser(i, subdomain));
  const team = users.filter((u) => u.role !== "end-user");

  // Group 0 (Support) holds every team member (two pages of memberships); each team member is also in
  // one of groups 1–119; the last group (Archive) is empty.
  const groups = Array.from({ length: SIZES.groups }, (_, g) => ({
    id: GROUP_BASE + g,
    name: GROUP_NAMES[g] ?? (g === SIZES.groups - 1 ? "Archive" : `Team ${String(g).padStart(3, "0")}`),
  }));
  const groupPairs = team.flatMap((u) => [
    [u.id, GROUP_BASE],
    [u.id, GROUP_BASE + 1 + ((u.id - USER_BASE) % (SIZES.groups - 2))],
  ]);

  // Org 0 (Acme Corp) holds every user (five pages of users, admins among them); every other user is
  // also in one of orgs 1–108; the last org has no members, and most orgs have no admin.
  const organizations = Array.from({ length: SIZES.organizations }, (_, o) => ({
    id: ORG_BASE + o,
    name: ORG_NAMES[o] ?? `Customer ${String(o).padStart(3, "0")}`,
    url: `https://${subdomain}.zendesk.com/api/v2/organizations/${ORG_BASE + o}.json`,
  }));
  const orgPairs = users.flatMap((u, i) => [
    [u.id, ORG_BASE],
    ...(i % 2 === 1 ? [[u.id, ORG_BASE + 1 + (i % (SIZES.organizations - 2))]] : []),
  ]);

  let nextId = 5_000_000;
  return {
    subdomain,
    email: users[0]!.email!,
    apiToken: "test-token-0123456789",
    users,
    groups,
    organizations,
    customRoles: ROLES.map(([name, roleType], k) => ({
      id: 360_001 + k,
      name,
      description: `${name} role`,
      role_type: roleType,
    })),
    groupMemberships: groupPairs.map(([user_id, group_id]) => ({
      id: nextId++,
      user_id: user_id!,
      group_id: group_id!,
    })),
    organizationMemberships: orgPairs.map(([user_id, organization_id]) => ({
      id: nextId++,
      user_id: user_id!,
      organization_id: organization_id!,
    })),
    nextId,
  };
}
