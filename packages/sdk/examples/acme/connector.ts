// An example connector over an in-memory tenant that uses every SDK feature: paging with typed
// cursors, child resource types, entitlements and grants, grant expansion, provisioning, accounts.
import { z } from "zod";
import {
  BatonError,
  Code,
  defineConnector,
  entitlement,
  grant,
  group,
  ref,
  resource,
  resourceType,
  user,
} from "../../src/index.ts";
import { type AcmeTenant, makeTenant } from "./tenant.ts";

export const acmeConfig = z.object({
  tenantSize: z.number().int().min(1).default(60).describe("Number of users in the in-memory tenant"),
  apiKey: z.string().min(1).meta({ secret: true }).describe("API key (any value; checked by validate)"),
  pageSize: z.number().int().min(1).max(100).default(25).describe("Items per page"),
});
type Config = z.infer<typeof acmeConfig>;

/** The "vendor client": pages over the tenant like a REST API would. */
export class AcmeClient {
  calls = 0;
  constructor(
    readonly tenant: AcmeTenant,
    readonly pageSize: number,
  ) {}
  page<T>(items: T[], offset = 0) {
    this.calls++;
    const slice = items.slice(offset, offset + this.pageSize);
    const next = offset + this.pageSize < items.length ? offset + this.pageSize : undefined;
    return { items: slice, next };
  }
}

const byOffset = z.number().int().min(0);

const users = resourceType<AcmeClient, number, Config>({
  id: "user",
  displayName: "User",
  traits: ["user"],
  skipEntitlementsAndGrants: true,
  async list({ client, cursor }) {
    const p = client.page(client.tenant.users, byOffset.parse(cursor ?? 0));
    return {
      items: p.items.map((u) =>
        user("user", u.id, {
          displayName: u.name,
          emails: [u.email],
          login: u.email,
          status: u.active ? "enabled" : "disabled",
          profile: { email: u.email },
        }),
      ),
      next: p.next,
    };
  },
  async get({ client, id }) {
    const u = client.tenant.users.find((x) => String(x.id) === id.resource);
    return u && user("user", u.id, { displayName: u.name, emails: [u.email], login: u.email });
  },
  async createAccount({ client, info }) {
    const email = info.emails[0]?.address;
    if (!email) throw new BatonError(Code.InvalidArgument, "an email is required");
    const existing = client.tenant.users.find((u) => u.email === email);
    if (existing)
      return {
        status: "already-exists",
        resource: user("user", existing.id, { displayName: existing.name }),
      };
    const u = {
      id: client.tenant.nextUserId++,
      name: String(info.profile?.name ?? email),
      email,
      active: true,
    };
    client.tenant.users.push(u);
    return { status: "created", resource: user("user", u.id, { displayName: u.name, emails: [email] }) };
  },
  async deleteResource({ client, id }) {
    const i = client.tenant.users.findIndex((u) => String(u.id) === id.resource);
    if (i < 0) return "already-gone";
    client.tenant.users.splice(i, 1);
    return "deleted";
  },
});

const teamResource = (t: { id: number; name: string }) =>
  group("team", t.id, { displayName: t.name, children: ["project"] });

const teams = resourceType<AcmeClient, number, Config>({
  id: "team",
  displayName: "Team",
  traits: ["group"],
  async list({ client, cursor }) {
    const p = client.page(client.tenant.teams, byOffset.parse(cursor ?? 0));
    return { items: p.items.map(teamResource), next: p.next };
  },
  async entitlements({ resource: r }) {
    return [entitlement(r, "member", { grantableTo: ["user"], description: "Member of the team" })];
  },
  async grants({ client, resource: r, cursor }) {
    const team = client.tenant.teams.find((t) => String(t.id) === r.id?.resource);
    if (!team) throw new BatonError(Code.NotFound, `team ${r.id?.resource} is gone`);
    const p = client.page([...team.members], byOffset.parse(cursor ?? 0));
    return { items: p.items.map((uid) => grant(r, "member", ref("user", uid))), next: p.next };
  },
  async grant({ client, principal, entitlement: e }) {
    const team = client.tenant.teams.find((t) => String(t.id) === e.resource?.id?.resource);
    if (!team) throw new BatonError(Code.NotFound, "no such team");
    const uid = Number(principal.id?.resource);
    if (team.members.has(uid)) return "already-exists";
    team.members.add(uid);
    return "granted";
  },
  async revoke({ client, grant: g }) {
    const team = client.tenant.teams.find((t) => String(t.id) === g.entitlement?.resource?.id?.resource);
    const uid = Number(g.principal?.id?.resource);
    if (!team?.members.has(uid)) return "already-revoked";
    team.members.delete(uid);
    return "revoked";
  },
});

const projects = resourceType<AcmeClient, number, Config>({
  id: "project",
  displayName: "Project",
  childOnly: true,
  async list({ client, parent, cursor }) {
    const mine = client.tenant.projects.filter((p) => String(p.teamId) === parent?.resource);
    const p = client.page(mine, byOffset.parse(cursor ?? 0));
    return {
      items: p.items.map((x) => resource("project", x.id, { displayName: x.name, parent })),
      next: p.next,
    };
  },
  async entitlements({ resource: r }) {
    return [entitlement(r, "contributor", { grantableTo: ["user", "team"], purpose: "permission" })];
  },
  async grants({ client, resource: r }) {
    const granted = client.tenant.projectTeams.get(r.id!.resource) ?? new Set();
    // Teams are granted contributor; their members inherit it through grant expansion.
    return [...granted].map((tid) =>
      grant(r, "contributor", teamResource({ id: tid, name: `Team ${tid}` }), {
        expandFrom: [[ref("team", tid), "member"]],
      }),
    );
  },
});

export function acmeConnector(tenant: AcmeTenant = makeTenant()) {
  return defineConnector({
    name: "acme",
    displayName: "Acme (example)",
    description: "An example connector over an in-memory tenant",
    version: "0.0.0",
    config: acmeConfig,
    client: (config) => new AcmeClient(tenant, config.pageSize),
    async validate({ config }) {
      if (config.apiKey === "bad")
        throw new BatonError(Code.Unauthenticated, "the API key was rejected", { hint: "check --api-key" });
    },
    resourceTypes: [users, teams, projects],
  });
}
