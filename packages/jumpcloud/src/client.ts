// One method per JumpCloud endpoint the connector uses; each list method returns ONE page. v1 lives
// under /api, v2 under /api/v2, and the administrators' list at /api/users (missing from JumpCloud's
// OpenAPI documents). Every id reaches a URL through path`…`, so it stays one segment.
import {
  type ApiPath,
  BatonError,
  type HttpClient,
  isRetryable,
  nextOffset,
  path,
  type QueryValue,
  type z,
} from "@baton/sdk";
import * as s from "./schemas.js";

/** One page of a list and the `skip` of the next one (absent on the last page). */
export interface ListPage<T> {
  items: T[];
  next?: number | undefined;
}

/** JumpCloud's largest `limit` on every list (the default is 10). */
export const PAGE_SIZE = 100;

/** A graph edit (POST …/members, …/associations): JumpCloud answers 204. */
export type GraphOp = "add" | "remove";

/**
 * What a graph edit did: "changed", or "unchanged" when there was nothing to do — 409 to an add
 * (the edge exists) or 404 to a remove (it does not), as the Go connector reads them.
 */
export type GraphEdit = "changed" | "unchanged";

/** What validate() needs to explain a refusal: the status and JumpCloud's message. */
export interface Refusal {
  status: number;
  message: string | undefined;
}

export class JumpCloudClient {
  constructor(private readonly http: HttpClient) {}

  /**
   * GET /api/v2/directories?limit=1, the Go connector's credential check: undefined when the key
   * works, else the refusal (400, 401, 403) for validate() to explain.
   */
  async checkAccess(): Promise<Refusal | undefined> {
    const res = await this.http.request({
      path: "/api/v2/directories",
      query: { limit: 1 },
      schema: s.directories,
      expect: [400, 401, 403],
    });
    if (res.status < 300) return undefined;
    return { status: res.status, message: errorMessage(res.errorBody) };
  }

  /**
   * The organizations the key reaches (GET /api/organizations): one for an ordinary administrator's
   * key, each managed one for a multi-tenant key. At most two are read; undefined when JumpCloud
   * does not let the key list them.
   */
  async organizations(): Promise<s.Organization[] | undefined> {
    const res = await this.http.request({
      path: "/api/organizations",
      query: { limit: 2 },
      schema: s.organizationsPage,
      expect: [401, 403, 404],
    });
    return res.data?.results;
  }

  /** Directory identities. Sorted by `_id`, as JumpCloud advises when paging with skip. */
  async systemUsers(skip = 0): Promise<ListPage<s.SystemUser>> {
    return this.#v1List("/api/systemusers", s.systemUsersPage, skip, { sort: "_id" });
  }

  /** One system user, or undefined when there is none with that id (an administrator's id, say). */
  async systemUser(id: string): Promise<s.SystemUser | undefined> {
    const res = await this.http.request({
      path: path`/api/systemusers/${id}`,
      schema: s.systemUser,
      expect: [404],
    });
    return res.status === 404 ? undefined : res.data;
  }

  /**
   * System users whose email is exactly `email` (filter email:$eq:…; values are case-sensitive). At
   * most two are read: the caller only tells one match from several.
   */
  async systemUsersWithEmail(email: string): Promise<s.SystemUser[]> {
    const body = await this.http.get("/api/systemusers", s.systemUsersPage, {
      query: { filter: `email:$eq:${email}`, limit: 2 },
    });
    return body.results;
  }

  /** Console administrators (GET /api/users). */
  async admins(skip = 0): Promise<ListPage<s.AdminUser>> {
    return this.#v1List("/api/users", s.adminUsersPage, skip);
  }

  /** SSO applications, sorted by `_id`. */
  async applications(skip = 0): Promise<ListPage<s.Application>> {
    return this.#v1List("/api/applications", s.applicationsPage, skip, { sort: "_id" });
  }

  async userGroups(skip = 0): Promise<ListPage<s.UserGroup>> {
    return this.#v2List("/api/v2/usergroups", s.userGroups, skip);
  }

  /** A group's direct members, as graph connections (users; JumpCloud may also name groups). */
  async groupMembers(groupId: string, skip = 0): Promise<ListPage<s.GraphConnection>> {
    return this.#v2List(path`/api/v2/usergroups/${groupId}/members`, s.graphConnections, skip);
  }

  /** An application's direct associations with objects of one type (`user` or `user_group`). */
  async appAssociations(
    appId: string,
    targets: "user" | "user_group",
    skip = 0,
  ): Promise<ListPage<s.GraphConnection>> {
    return this.#v2List(path`/api/v2/applications/${appId}/associations`, s.graphConnections, skip, {
      targets,
    });
  }

  /** Every user bound to an application, directly or through user groups, once each with its paths. */
  async appUsers(appId: string, skip = 0): Promise<ListPage<s.GraphObjectWithPaths>> {
    return this.#v2List(path`/api/v2/applications/${appId}/users`, s.graphObjectsWithPaths, skip);
  }

  /** Adds a user to a group or removes them (POST /api/v2/usergroups/{id}/members). */
  async editGroupMembership(groupId: string, op: GraphOp, userId: string): Promise<GraphEdit> {
    return this.#graphEdit(path`/api/v2/usergroups/${groupId}/members`, op, {
      op,
      type: "user",
      id: userId,
    });
  }

  /** Associates a user or a user group with an application, or dissociates it. */
  async editAppAssociation(
    appId: string,
    op: GraphOp,
    target: { type: "user" | "user_group"; id: string },
  ): Promise<GraphEdit> {
    return this.#graphEdit(path`/api/v2/applications/${appId}/associations`, op, { op, ...target });
  }

  /**
   * A graph edit. It is sent once: after a 5xx or a dropped connection JumpCloud may have made the
   * change, and a second attempt would then read 409 or 404 and report it as already done. Running
   * the grant or revoke again is safe and says what happened.
   */
  async #graphEdit(endpoint: ApiPath, op: GraphOp, body: Record<string, string>): Promise<GraphEdit> {
    const unchanged = op === "add" ? 409 : 404;
    const res = await this.http
      .request({ method: "POST", path: endpoint, body, expect: [unchanged] })
      .catch((e: unknown) => {
        if (!isRetryable(e) || (e as BatonError).notProcessed) throw e;
        const err = e as BatonError;
        throw new BatonError(err.code, err.message, {
          hint: `JumpCloud may have made the change before the failure: run the same ${op === "add" ? "grant" : "revoke"} again (a change already made is reported as ${op === "add" ? "already exists" : "already revoked"})`,
          cause: err,
        });
      });
    return res.status === unchanged ? "unchanged" : "changed";
  }

  /** One v1 page ({ totalCount, results }): the list ends at totalCount, or on a short page without it. */
  async #v1List<T>(
    endpoint: string | ApiPath,
    schema: z.ZodType<{ totalCount?: number | undefined; results: T[] }>,
    skip: number,
    query: Record<string, QueryValue> = {},
  ): Promise<ListPage<T>> {
    const body = await this.http.get(endpoint, schema, { query: { ...query, skip, limit: PAGE_SIZE } });
    const next = nextOffset({
      offset: skip,
      limit: PAGE_SIZE,
      received: body.results.length,
      total: body.totalCount,
    });
    return { items: body.results, next };
  }

  /** One v2 page (a bare array): a page shorter than the limit is the last. */
  async #v2List<T>(
    endpoint: string | ApiPath,
    schema: z.ZodType<T[]>,
    skip: number,
    query: Record<string, QueryValue> = {},
  ): Promise<ListPage<T>> {
    const items = await this.http.get(endpoint, schema, { query: { ...query, skip, limit: PAGE_SIZE } });
    return { items, next: nextOffset({ offset: skip, limit: PAGE_SIZE, received: items.length }) };
  }
}

/**
 * JumpCloud's error text from a JSON error body: `message` ({ message }, { code, message, status },
 * { error, message }), else `error`. Undefined for anything else (an HTML page from a proxy).
 */
export function errorMessage(body: unknown): string | undefined {
  if (body === null || typeof body !== "object") return undefined;
  const e = body as { message?: unknown; error?: unknown } | null | undefined;
  if (typeof e?.message === "string" && e.message) return e.message;
  return typeof e?.error === "string" && e.error ? e.error : undefined;
}
