// An example connector for a small REST API ("Acme"), using every SDK feature: typed config,
// a zod-validated HTTP client, paging with cursors, child resource types, entitlements and grants,
// grants read from the member's side (typeGrants), grant expansion, targeted sync and provisioning.
// Run it against examples/acme/mock.ts.

import {
  type ApiPath,
  BatonError,
  Code,
  defineConnector,
  entitlement,
  grant,
  groupResource,
  type HttpClient,
  path,
  ref,
  resource,
  resourceType,
  roleResource,
  userResource,
  z,
} from "@baton/sdk";

export const acmeConfig = z.object({
  baseUrl: z.url().describe("Acme API base URL"),
  apiKey: z.string().min(1).meta({ secret: true }).describe("Acme API key"),
  pageSize: z.number().int().min(1).max(100).default(25).describe("Items per page"),
});
export type AcmeConfig = z.infer<typeof acmeConfig>;

const userSchema = z.object({
  id: z.number(),
  name: z.string(),
  email: z.string(),
  active: z.boolean(),
  roles: z.array(z.number()),
});
const roleSchema = z.object({ id: z.number(), name: z.string() });
const teamSchema = z.object({ id: z.number(), name: z.string() });
const projectSchema = z.object({ id: z.string(), teamId: z.number(), name: z.string() });
const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), next_offset: z.number().nullable() });

/** The vendor client: one method per endpoint, each returning one page. */
export class AcmeClient {
  private readonly http: HttpClient;
  private readonly limit: number;
  constructor(http: HttpClient, limit: number) {
    this.http = http;
    this.limit = limit;
  }
  private async page<T extends z.ZodType>(endpoint: string | ApiPath, item: T, offset = 0) {
    const p = await this.http.get(endpoint, pageOf(item), { query: { offset, limit: this.limit } });
    return { items: p.items as z.infer<T>[], next: p.next_offset ?? undefined };
  }
  me = () => this.http.get("/me", z.object({ ok: z.boolean() }));
  users = (offset?: number) => this.page("/users", userSchema, offset);
  // path`…` keeps an id from --sync-resources one segment, whatever it holds ("../teams", "3?x=1").
  user = (id: string) => this.http.request({ path: path`/users/${id}`, schema: userSchema, expect: [404] });
  setRoles = (id: string, roles: number[]) =>
    this.http.request({ method: "PATCH", path: path`/users/${id}`, body: { roles }, schema: userSchema });
  roles = (offset?: number) => this.page("/roles", roleSchema, offset);
  role = (id: string) => this.http.request({ path: path`/roles/${id}`, schema: roleSchema, expect: [404] });
  teams = (offset?: number) => this.page("/teams", teamSchema, offset);
  members = (team: string, offset?: number) => this.page(path`/teams/${team}/members`, z.number(), offset);
  projects = (team: string, offset?: number) =>
    this.page(path`/teams/${team}/projects`, projectSchema, offset);
  projectTeams = (project: string, offset?: number) =>
    this.page(path`/projects/${project}/teams`, z.number(), offset);
  addMember = (team: string, uid: string) =>
    this.http.request({ method: "PUT", path: path`/teams/${team}/members/${uid}`, expect: [409] });
  removeMember = (team: string, uid: string) =>
    this.http.request({ method: "DELETE", path: path`/teams/${team}/members/${uid}`, expect: [404] });
}

const asUser = (u: z.infer<typeof userSchema>) =>
  userResource("user", u.id, {
    displayName: u.name,
    emails: [u.email],
    login: u.email,
    status: u.active ? "enabled" : "disabled",
    profile: { email: u.email },
  });
const asTeam = (id: number, name: string) =>
  groupResource("team", id, { displayName: name, children: ["project"] });

const ASSIGNED = "assigned";

const users = resourceType<AcmeClient, number>({
  id: "user",
  displayName: "User",
  traits: ["user"],
  // Users hold no entitlements of their own; typeGrants still runs.
  skipEntitlementsAndGrants: true,
  async list({ client, cursor }) {
    const p = await client.users(cursor);
    return { items: p.items.map(asUser), next: p.next };
  },
  // Acme lists each user with their role ids: one pass over the users gives every role grant.
  async typeGrants({ client, cursor }) {
    const p = await client.users(cursor);
    const items = p.items.flatMap((u) =>
      u.roles.map((r) => grant(ref("role", r), ASSIGNED, ref("user", u.id))),
    );
    return { items, next: p.next };
  },
  async get({ client, id }) {
    const r = await client.user(id.resource);
    return r.data && asUser(r.data);
  },
});

/** The user a role is granted to or revoked from, as Acme returns it. */
async function roleHolder(client: AcmeClient, userId: string) {
  const u = (await client.user(userId)).data;
  if (!u) throw new BatonError(Code.NotFound, `Acme user ${userId} does not exist`, { hint: "sync again" });
  return u;
}

const asRole = (r: z.infer<typeof roleSchema>) => roleResource("role", r.id, { displayName: r.name });

const roles = resourceType<AcmeClient, number>({
  id: "role",
  displayName: "Role",
  traits: ["role"],
  async list({ client, cursor }) {
    const p = await client.roles(cursor);
    return { items: p.items.map(asRole), next: p.next };
  },
  async get({ client, id }) {
    const r = await client.role(id.resource);
    return r.data && asRole(r.data);
  },
  async entitlements({ resource: r }) {
    return [entitlement(r, ASSIGNED, { grantableTo: ["user"], description: `Holds ${r.displayName}` })];
  },
  // No grants handler: the user type's typeGrants returns the role grants.
  async grant({ client, principal, entitlement: e }) {
    const u = await roleHolder(client, principal.id!.resource);
    const role = Number(e.resource!.id!.resource);
    if (u.roles.includes(role)) return "already-exists";
    await client.setRoles(String(u.id), [...u.roles, role]);
    return "granted";
  },
  async revoke({ client, grant: g }) {
    const u = await roleHolder(client, g.principal!.id!.resource);
    const role = Number(g.entitlement!.resource!.id!.resource);
    if (!u.roles.includes(role)) return "already-revoked";
    await client.setRoles(
      String(u.id),
      u.roles.filter((r) => r !== role),
    );
    return "revoked";
  },
});

const teams = resourceType<AcmeClient, number>({
  id: "team",
  displayName: "Team",
  traits: ["group"],
  async list({ client, cursor }) {
    const p = await client.teams(cursor);
    return { items: p.items.map((t) => asTeam(t.id, t.name)), next: p.next };
  },
  async entitlements({ resource: r }) {
    return [entitlement(r, "member", { grantableTo: ["user"], description: "Member of the team" })];
  },
  async grants({ client, resource: r, cursor }) {
    const p = await client.members(r.id!.resource, cursor);
    return { items: p.items.map((uid) => grant(r, "member", ref("user", uid))), next: p.next };
  },
  async grant({ client, principal, entitlement: e }) {
    const res = await client.addMember(e.resource!.id!.resource, principal.id!.resource);
    return res.status === 409 ? "already-exists" : "granted";
  },
  async revoke({ client, grant: g }) {
    const res = await client.removeMember(g.entitlement!.resource!.id!.resource, g.principal!.id!.resource);
    return res.status === 404 ? "already-revoked" : "revoked";
  },
});

const projects = resourceType<AcmeClient, number>({
  id: "project",
  displayName: "Project",
  childOnly: true,
  async list({ client, parent, cursor }) {
    const p = await client.projects(parent!.resource, cursor);
    return {
      items: p.items.map((x) => resource("project", x.id, { displayName: x.name, parent })),
      next: p.next,
    };
  },
  async entitlements({ resource: r }) {
    return [entitlement(r, "contributor", { grantableTo: ["user", "team"], purpose: "permission" })];
  },
  async grants({ client, resource: r, cursor }) {
    const p = await client.projectTeams(r.id!.resource, cursor);
    // Teams are granted contributor; their members inherit it through grant expansion.
    const items = p.items.map((tid) =>
      grant(r, "contributor", ref("team", tid), { expandFrom: [[ref("team", tid), "member"]] }),
    );
    return { items, next: p.next };
  },
});

export const acme = defineConnector({
  name: "acme",
  displayName: "Acme (example)",
  description: "An example connector for a small REST API",
  version: "0.0.0",
  config: acmeConfig,
  client: (config, ctx) =>
    new AcmeClient(
      ctx.http({ baseUrl: config.baseUrl, headers: { authorization: `Bearer ${config.apiKey}` } }),
      config.pageSize,
    ),
  async validate({ client }) {
    await client.me().catch((e) => {
      if (e instanceof BatonError && e.code === Code.Unauthenticated) {
        throw new BatonError(Code.Unauthenticated, "Acme rejected the API key", { hint: "check --api-key" });
      }
      throw e;
    });
  },
  resourceTypes: [users, roles, teams, projects],
});
