// An in-memory SaaS tenant for the example connector: users with their roles, teams with members,
// projects under teams. Deterministic, sized by `scale`.
export interface AcmeUser {
  id: number;
  name: string;
  email: string;
  active: boolean;
  /** Role ids: Acme reports role membership on the user only. */
  roles: number[];
}
export interface AcmeRole {
  id: number;
  name: string;
}
export interface AcmeTeam {
  id: number;
  name: string;
  members: Set<number>;
}
export interface AcmeProject {
  id: string;
  teamId: number;
  name: string;
}
export interface AcmeTenant {
  users: AcmeUser[];
  roles: AcmeRole[];
  teams: AcmeTeam[];
  projects: AcmeProject[];
  /** Teams that are granted a project's "contributor" access (expanded to their members). */
  projectTeams: Map<string, Set<number>>;
  nextUserId: number;
}

export const ROLE_COUNT = 8;

export function makeTenant(scale = { users: 60, teams: 12 }): AcmeTenant {
  const roles = Array.from({ length: ROLE_COUNT }, (_, i) => ({ id: i + 1, name: `Role ${i + 1}` }));
  // Every user holds one or two roles; the last role is held by nobody.
  const users = Array.from({ length: scale.users }, (_, i) => ({
    id: i + 1,
    name: `User ${i + 1}`,
    email: `user${i + 1}@acme.test`,
    active: i % 7 !== 0,
    roles: i % 3 === 0 ? [(i % 7) + 1, ((i + 3) % 7) + 1] : [(i % 7) + 1],
  }));
  const teams = Array.from({ length: scale.teams }, (_, i) => ({
    id: i + 1,
    name: `Team ${i + 1}`,
    members: new Set(
      users.filter((u) => u.id % scale.teams === i % scale.teams || u.id === i + 1).map((u) => u.id),
    ),
  }));
  const projects = teams.flatMap((t) =>
    [1, 2].map((n) => ({ id: `p-${t.id}-${n}`, teamId: t.id, name: `${t.name} project ${n}` })),
  );
  const projectTeams = new Map(projects.map((p, i) => [p.id, new Set([((i + 1) % scale.teams) + 1])]));
  return { users, roles, teams, projects, projectTeams, nextUserId: users.length + 1 };
}
