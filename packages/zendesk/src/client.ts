// One method per Zendesk endpoint the connector uses; each list method returns ONE page.
// Paths follow developer.zendesk.com/api-reference/ticketing (all relative to /api/v2); every id
// reaches a URL through path`…`, so it stays one segment whatever it holds.
import { type ApiPath, type HttpClient, path, type QueryValue, type z } from "@baton/sdk";
import * as s from "./schemas.js";

/** One page of a list and the cursor of the next one (absent on the last page). */
export interface ListPage<T> {
  items: T[];
  next?: string | undefined;
}

/** Zendesk's largest `page[size]` for cursor pagination. */
export const PAGE_SIZE = 100;

type CursorBody = { meta: { has_more: boolean; after_cursor: string | null } };

export class ZendeskClient {
  constructor(private readonly http: HttpClient) {}

  /** The user the API token belongs to (GET /users/me): the cheapest authenticated call. */
  async me(): Promise<s.User> {
    return (await this.http.get("/api/v2/users/me", s.userEnvelope)).user;
  }

  /** Agents and admins, suspended and active alike; end-users (customers) are left out by Zendesk. */
  async teamMembers(cursor?: string): Promise<ListPage<s.User>> {
    const page = await this.#list("/api/v2/users", s.usersPage, cursor, { "role[]": ["agent", "admin"] });
    return { items: page.body.users, next: page.next };
  }

  /** Users whose custom role is `roleId` (`permission_set` filter, Enterprise plans). */
  async usersWithCustomRole(roleId: number, cursor?: string): Promise<ListPage<s.User>> {
    const page = await this.#list("/api/v2/users", s.usersPage, cursor, { permission_set: roleId });
    return { items: page.body.users, next: page.next };
  }

  /** One user, or undefined when there is no such (non-deleted) user. */
  async user(userId: number): Promise<s.User | undefined> {
    const res = await this.http.request({
      path: path`/api/v2/users/${userId}`,
      schema: s.userEnvelope,
      expect: [404],
    });
    return res.data?.user;
  }

  /** The user with this email address, if any (Search Users with `email:`). */
  async userByEmail(email: string): Promise<s.User | undefined> {
    const found = await this.http.get("/api/v2/users/search", s.userSearch, {
      query: { query: `email:${email}` },
    });
    return found.users.find((u) => u.email?.toLowerCase() === email.toLowerCase());
  }

  /** Creates an agent (Create User with role "agent"). */
  async createAgent(agent: { name: string; email: string }): Promise<s.User> {
    const body = { user: { ...agent, role: "agent" } };
    return (await this.http.post("/api/v2/users", body, s.userEnvelope)).user;
  }

  /** Deletes a user; Zendesk cannot restore deleted users. false when there was no such user. */
  async deleteUser(userId: number): Promise<boolean> {
    return this.#delete(path`/api/v2/users/${userId}`);
  }

  /** Assigns the agent's custom role (an agent holds exactly one). */
  async setCustomRole(userId: number, roleId: number): Promise<s.User> {
    const body = { user: { custom_role_id: roleId } };
    return (await this.http.put(path`/api/v2/users/${userId}`, body, s.userEnvelope)).user;
  }

  async groups(cursor?: string): Promise<ListPage<s.Group>> {
    const page = await this.#list("/api/v2/groups", s.groupsPage, cursor);
    return { items: page.body.groups, next: page.next };
  }

  /** A group's memberships, each with its user (side-loaded with `include=users`). */
  async groupMemberships(
    groupId: number,
    cursor?: string,
  ): Promise<ListPage<{ membership: s.GroupMembership; user: s.User | undefined }>> {
    const page = await this.#list(
      path`/api/v2/groups/${groupId}/memberships`,
      s.groupMembershipsPage,
      cursor,
      {
        include: "users",
      },
    );
    const users = new Map(page.body.users.map((u) => [u.id, u]));
    const items = page.body.group_memberships.map((m) => ({ membership: m, user: users.get(m.user_id) }));
    return { items, next: page.next };
  }

  async userGroupMemberships(userId: number, cursor?: string): Promise<ListPage<s.GroupMembership>> {
    const page = await this.#list(
      path`/api/v2/users/${userId}/group_memberships`,
      s.userGroupMembershipsPage,
      cursor,
    );
    return { items: page.body.group_memberships, next: page.next };
  }

  async addGroupMembership(userId: number, groupId: number): Promise<s.GroupMembership> {
    const body = { group_membership: { user_id: userId, group_id: groupId } };
    return (await this.http.post("/api/v2/group_memberships", body, s.groupMembershipEnvelope))
      .group_membership;
  }

  /** false when the membership was already gone. */
  async deleteGroupMembership(membershipId: number): Promise<boolean> {
    return this.#delete(path`/api/v2/group_memberships/${membershipId}`);
  }

  async organizations(cursor?: string): Promise<ListPage<s.Organization>> {
    const page = await this.#list("/api/v2/organizations", s.organizationsPage, cursor);
    return { items: page.body.organizations, next: page.next };
  }

  /** Every user in the organization, end-users included. */
  async organizationUsers(organizationId: number, cursor?: string): Promise<ListPage<s.User>> {
    const page = await this.#list(path`/api/v2/organizations/${organizationId}/users`, s.usersPage, cursor);
    return { items: page.body.users, next: page.next };
  }

  async userOrganizationMemberships(
    userId: number,
    cursor?: string,
  ): Promise<ListPage<s.OrganizationMembership>> {
    const page = await this.#list(
      path`/api/v2/users/${userId}/organization_memberships`,
      s.userOrganizationMembershipsPage,
      cursor,
    );
    return { items: page.body.organization_memberships, next: page.next };
  }

  async addOrganizationMembership(userId: number, organizationId: number): Promise<s.OrganizationMembership> {
    const body = { organization_membership: { user_id: userId, organization_id: organizationId } };
    const res = await this.http.post(
      "/api/v2/organization_memberships",
      body,
      s.organizationMembershipEnvelope,
    );
    return res.organization_membership;
  }

  /** false when the membership was already gone. */
  async deleteOrganizationMembership(membershipId: number): Promise<boolean> {
    return this.#delete(path`/api/v2/organization_memberships/${membershipId}`);
  }

  /** Every custom agent role (Enterprise plans); the endpoint returns them all at once. */
  async customRoles(): Promise<s.CustomRole[]> {
    return (await this.http.get("/api/v2/custom_roles", s.customRoles)).custom_roles;
  }

  /** One page with cursor pagination: `page[size]`, then `page[after]` until `meta.has_more` is false. */
  async #list<B extends CursorBody>(
    endpoint: string | ApiPath,
    schema: z.ZodType<B>,
    cursor: string | undefined,
    query: Record<string, QueryValue> = {},
  ): Promise<{ body: B; next: string | undefined }> {
    const body = await this.http.get(endpoint, schema, {
      query: { ...query, "page[size]": PAGE_SIZE, "page[after]": cursor },
    });
    return { body, next: body.meta.has_more ? body.meta.after_cursor! : undefined };
  }

  /**
   * DELETE that reports whether there was anything to delete (404 → false). The SDK sends it once:
   * after a 5xx or a dropped connection Zendesk may have deleted it, and a second DELETE would get
   * 404 and report "already gone" for a change this one made.
   */
  async #delete(endpoint: ApiPath): Promise<boolean> {
    const res = await this.http.request({
      method: "DELETE",
      path: endpoint,
      expect: [404],
    });
    return res.status !== 404;
  }
}
