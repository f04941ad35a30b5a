// One method per PingOne Platform API endpoint the connector uses; each list method returns ONE page.
// Paths are relative to the API base (https://api.pingone.<tld>/v1) and every id reaches a URL
// through path`…`, so it stays one segment whatever it holds.
import {
  type ApiPath,
  allPages,
  BatonError,
  Code,
  type HttpClient,
  halNext,
  isBatonError,
  path,
  type SecretSet,
  type z,
} from "@baton/sdk";
import * as s from "./schemas.js";

/** One page of a list and the cursor of the next one (absent on the last page). */
export interface ListPage<T> {
  items: T[];
  next?: string | undefined;
}

/**
 * Page size asked of every paged list. PingOne documents 200 as the users endpoint's largest page
 * and says it may return fewer than asked, so a page is never taken as the last because it is short:
 * the last page is the one without `_links.next`.
 */
export const PAGE_LIMIT = 200;

/** The worker application's roles that each family of endpoints needs, for 403 hints. */
const NEEDS = {
  identity:
    "give the worker application the Identity Data Admin role on this environment " +
    "(Identity Data Read Only is enough to sync)",
  roles:
    "give the worker application the Environment Admin role on this environment (roles and role assignments)",
  environment:
    "give the worker application a role on this environment (Identity Data Admin, Environment Admin)",
} as const;

/** A SCIM filter string literal: PingOne's filters quote values in "…" with \-escapes. */
const quoted = (value: string) => `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;

export interface NewUser {
  username: string;
  email: string;
  givenName?: string | undefined;
  familyName?: string | undefined;
  populationId?: string | undefined;
  /** An initial password the user must change at first sign-on. */
  password?: string | undefined;
}

/** What deleting a role assignment came to. */
export type RemoveAssignment = "removed" | "gone" | "read-only";

export class PingOneClient {
  readonly #http: HttpClient;
  readonly #env: string;
  readonly #secrets: SecretSet;

  constructor(http: HttpClient, environmentId: string, secrets: SecretSet) {
    this.#http = http;
    this.#env = environmentId.toLowerCase();
    this.#secrets = secrets;
  }

  get environmentId(): string {
    return this.#env;
  }

  /** The configured environment (GET /environments/{id}): proves the token and the worker app's role. */
  environment(): Promise<s.Environment> {
    return hint(this.#http.get(path`/environments/${this.#env}`, s.environment), NEEDS.environment);
  }

  users(cursor?: string): Promise<ListPage<s.User>> {
    return this.#page(path`/environments/${this.#env}/users`, s.usersPage, "users", cursor, NEEDS.identity);
  }

  /** One user, or undefined when there is no such user. */
  async user(userId: string): Promise<s.User | undefined> {
    const res = await hint(
      this.#http.request({
        path: path`/environments/${this.#env}/users/${userId}`,
        schema: s.user,
        expect: [404],
      }),
      NEEDS.identity,
    );
    return res.data;
  }

  /** The user with this username (unique in an environment), if any: `filter=username eq "…"`. */
  async userByUsername(username: string): Promise<s.User | undefined> {
    const body = await hint(
      this.#http.get(path`/environments/${this.#env}/users`, s.usersPage, {
        query: { filter: `username eq ${quoted(username)}`, limit: PAGE_LIMIT },
      }),
      NEEDS.identity,
    );
    const wanted = username.toLowerCase();
    return body._embedded.users.find((u) => u.username.toLowerCase() === wanted);
  }

  /** Creates a user (POST /environments/{id}/users → 201). The password, if any, joins the run's secrets. */
  createUser(u: NewUser): Promise<s.User> {
    if (u.password) this.#secrets.add(u.password);
    const name =
      u.givenName || u.familyName
        ? { ...(u.givenName && { given: u.givenName }), ...(u.familyName && { family: u.familyName }) }
        : undefined;
    const body = {
      username: u.username,
      email: u.email,
      ...(name && { name }),
      ...(u.populationId && { population: { id: u.populationId } }),
      ...(u.password && { password: { value: u.password, forceChange: true } }),
    };
    return hint(this.#http.post(path`/environments/${this.#env}/users`, body, s.user), NEEDS.identity);
  }

  /**
   * Deletes a user (204); false when there was no such user (404). The SDK sends a DELETE once:
   * after a 5xx or a dropped connection PingOne may have deleted the user, and a second DELETE
   * would answer 404 for a deletion the first one made.
   */
  async deleteUser(userId: string): Promise<boolean> {
    const res = await hint(
      this.#http.request({
        method: "DELETE",
        path: path`/environments/${this.#env}/users/${userId}`,
        expect: [404],
      }),
      NEEDS.identity,
    );
    return res.status !== 404;
  }

  groups(cursor?: string): Promise<ListPage<s.Group>> {
    return this.#page(
      path`/environments/${this.#env}/groups`,
      s.groupsPage,
      "groups",
      cursor,
      NEEDS.identity,
    );
  }

  /** One group, or undefined when there is no such group. */
  async group(groupId: string): Promise<s.Group | undefined> {
    const res = await hint(
      this.#http.request({
        path: path`/environments/${this.#env}/groups/${groupId}`,
        schema: s.group,
        expect: [404],
      }),
      NEEDS.identity,
    );
    return res.data;
  }

  /** One population, or undefined when there is no such population. */
  async population(populationId: string): Promise<s.Population | undefined> {
    const res = await hint(
      this.#http.request({
        path: path`/environments/${this.#env}/populations/${populationId}`,
        schema: s.population,
        expect: [404],
      }),
      NEEDS.identity,
    );
    return res.data;
  }

  populations(cursor?: string): Promise<ListPage<s.Population>> {
    return this.#page(
      path`/environments/${this.#env}/populations`,
      s.populationsPage,
      "populations",
      cursor,
      NEEDS.identity,
    );
  }

  /** The user's group memberships, direct and indirect (GET /users/{id}/memberOfGroups), one page. */
  memberships(userId: string, cursor?: string): Promise<ListPage<s.GroupMembership>> {
    return this.#page(
      path`/environments/${this.#env}/users/${userId}/memberOfGroups`,
      s.groupMembershipsPage,
      "groupMemberships",
      cursor,
      NEEDS.identity,
    );
  }

  /** The user's membership of one group, or undefined when the user is not a member (404). */
  async membership(userId: string, groupId: string): Promise<s.GroupMembership | undefined> {
    const res = await hint(
      this.#http.request({
        path: path`/environments/${this.#env}/users/${userId}/memberOfGroups/${groupId}`,
        schema: s.groupMembership,
        expect: [404],
      }),
      NEEDS.identity,
    );
    return res.data;
  }

  /** Adds the user to the group directly (POST /users/{id}/memberOfGroups with `{ id }` → 201). */
  addMembership(userId: string, groupId: string): Promise<s.GroupMembership> {
    return hint(
      this.#http.post(
        path`/environments/${this.#env}/users/${userId}/memberOfGroups`,
        { id: groupId },
        s.groupMembership,
      ),
      NEEDS.identity,
    );
  }

  /** Removes a direct membership (204); false when there was none (404). */
  async removeMembership(userId: string, groupId: string): Promise<boolean> {
    const res = await hint(
      this.#http.request({
        method: "DELETE",
        path: path`/environments/${this.#env}/users/${userId}/memberOfGroups/${groupId}`,
        expect: [404],
      }),
      NEEDS.identity,
    );
    return res.status !== 404;
  }

  /** PingOne's built-in admin roles (GET /roles, at the API root; PingOne documents it as unpaged). */
  roles(): Promise<s.Role[]> {
    return this.#whole("/roles", s.rolesList, "roles", NEEDS.roles);
  }

  /** One built-in role, or undefined when there is none with this id. */
  async role(roleId: string): Promise<s.Role | undefined> {
    const res = await hint(
      this.#http.request({ path: path`/roles/${roleId}`, schema: s.role, expect: [404] }),
      NEEDS.roles,
    );
    return res.data;
  }

  /** Every role assignment of the user, at every scope (PingOne documents it as unpaged). */
  roleAssignments(userId: string): Promise<s.RoleAssignment[]> {
    return this.#whole(
      path`/environments/${this.#env}/users/${userId}/roleAssignments`,
      s.roleAssignmentsList,
      "roleAssignments",
      NEEDS.roles,
    );
  }

  /** Assigns the role to the user at this environment's scope (→ 201). */
  assignEnvironmentRole(userId: string, roleId: string): Promise<s.RoleAssignment> {
    const body = { role: { id: roleId }, scope: { id: this.#env, type: "ENVIRONMENT" } };
    return hint(
      this.#http.post(
        path`/environments/${this.#env}/users/${userId}/roleAssignments`,
        body,
        s.roleAssignment,
      ),
      NEEDS.roles,
    );
  }

  /**
   * Deletes a role assignment (204). A 404 means it is gone; PingOne refuses (400) to delete one that
   * is read only for this actor, which it also reports for a moment right after creating one.
   */
  async removeRoleAssignment(userId: string, assignmentId: string): Promise<RemoveAssignment> {
    const res = await hint(
      this.#http.request({
        method: "DELETE",
        path: path`/environments/${this.#env}/users/${userId}/roleAssignments/${assignmentId}`,
        expect: [400, 404],
      }),
      NEEDS.roles,
    );
    if (res.status === 404) return "gone";
    if (res.status !== 400) return "removed";
    const text = errorText(res.errorBody) ?? "";
    if (/read.?only/i.test(text)) return "read-only";
    throw new BatonError(
      Code.InvalidArgument,
      `PingOne refused to delete role assignment ${assignmentId}: ${text}`,
    );
  }

  /** One page of a HAL collection: `limit` on the first request, then the `_links.next` URL as it is. */
  async #page<K extends string, T>(
    first: ApiPath,
    schema: z.ZodType<{ _links?: { next?: { href: string } } | undefined; _embedded: Record<K, T[]> }>,
    key: K,
    cursor: string | undefined,
    need: string,
  ): Promise<ListPage<T>> {
    const body = await hint(this.#http.get(cursor ?? first, schema, { query: { limit: PAGE_LIMIT } }), need);
    return { items: body._embedded[key], next: halNext(body) };
  }

  /**
   * Every item of a collection PingOne documents as unpaged (roles, a user's role assignments): one
   * request without `limit`, and should a response ever carry a next link, the SDK follows it.
   */
  #whole<K extends string, T>(
    first: string | ApiPath,
    schema: z.ZodType<{ _links?: { next?: { href: string } } | undefined; _embedded: Record<K, T[]> }>,
    key: K,
    need: string,
  ): Promise<T[]> {
    return allPages(
      async (cursor: string | undefined) => {
        const body = await hint(this.#http.get(cursor ?? first, schema), need);
        return { items: body._embedded[key], next: halNext(body) };
      },
      { what: `GET ${String(first)}` },
    );
  }
}

/** PingOne's error text: the first detail's message when there is one, else the message, with the code. */
export function errorText(body: unknown): string | undefined {
  const parsed = s.errorBody.safeParse(body);
  if (!parsed.success) return undefined;
  const { code, message, details } = parsed.data;
  const detail = details?.find((d) => d.message);
  const text = detail ? `${detail.target ? `${detail.target}: ` : ""}${detail.message}` : message;
  if (!text) return undefined;
  return code ? `${code}: ${text}` : text;
}

/** A 403 from PingOne, told in terms of the worker application's role that the endpoint needs. */
async function hint<T>(call: Promise<T>, need: string): Promise<T> {
  try {
    return await call;
  } catch (e) {
    if (isBatonError(e) && e.code === Code.PermissionDenied) {
      throw new BatonError(e.code, e.message, { hint: need, cause: e });
    }
    throw e;
  }
}
