// One method per Zip endpoint the connector uses; each list method returns ONE page. Paths, field
// names and write bodies come from adapter.ts; ids reach URLs through path`…` there.
import { type HttpClient, nextPageToken, z } from "@baton/sdk";
import { paths, record, USER_EMAIL_FILTER, user, type ZipRecord, type ZipUser, zipId } from "./adapter.js";
import { listPage } from "./schemas.js";

/** One page of a list and the token of the next one (absent on the last page). */
export interface ListPage<T> {
  items: T[];
  next?: string | undefined;
}

/** Zip's largest `page_size`. */
export const PAGE_SIZE = 100;

const usersPage = listPage(user);
const recordsPage = listPage(record);

export class ZipClient {
  constructor(private readonly http: HttpClient) {}

  /** One page of users, active and deactivated, each with their roles, user groups and department. */
  async users(token?: string, pageSize = PAGE_SIZE): Promise<ListPage<ZipUser>> {
    return this.#page(paths.users, usersPage, token, pageSize);
  }

  /** One user, read fresh; undefined when Zip has no such user (never had, or deleted). */
  async user(id: string): Promise<ZipUser | undefined> {
    const res = await this.http.request({
      path: paths.user(zipId(id, "user id")),
      schema: user,
      expect: [404],
    });
    return res.data;
  }

  /**
   * The users with this email address in any case. Zip's filter is exact-match, so the address is
   * asked for as given and, when that finds nobody, in lower case.
   */
  async usersByEmail(email: string): Promise<ZipUser[]> {
    for (const form of new Set([email, email.toLowerCase()])) {
      const body = await this.http.get(paths.users, usersPage, { query: { [USER_EMAIL_FILTER]: form } });
      const found = body.list.filter((u) => u.email.toLowerCase() === email.toLowerCase());
      if (found.length) return found;
    }
    return [];
  }

  async roles(token?: string): Promise<ListPage<ZipRecord>> {
    return this.#page(paths.roles, recordsPage, token);
  }

  async userGroups(token?: string): Promise<ListPage<ZipRecord>> {
    return this.#page(paths.userGroups, recordsPage, token);
  }

  async departments(token?: string): Promise<ListPage<ZipRecord>> {
    return this.#page(paths.departments, recordsPage, token);
  }

  /**
   * PATCH /users/{id} with a body from adapter.ts. Never retried by the HTTP client after a 5xx (a
   * PATCH is not idempotent): callers re-read the user before trying again. The answer is not
   * relied on, since its shape is not documented.
   */
  async updateUser(id: string, body: unknown): Promise<void> {
    await this.http.request({ method: "PATCH", path: paths.user(zipId(id, "user id")), body });
  }

  /** POST /users; the answer, unvalidated (see createAccount for how it is read). */
  async createUser(body: unknown): Promise<unknown> {
    return (await this.http.request({ method: "POST", path: paths.users, body, schema: z.unknown() })).data;
  }

  /** DELETE /users/{id}: false when there was no such user. Not retried blindly after a 5xx. */
  async deleteUser(id: string): Promise<boolean> {
    const res = await this.http.request({
      method: "DELETE",
      path: paths.user(zipId(id, "user id")),
      expect: [404],
    });
    return res.status !== 404;
  }

  /** One page: `page_size` and, after the first page, `page_token`; no other parameter (Zip answers 400). */
  async #page<T>(
    endpoint: string,
    schema: z.ZodType<{ list: T[]; next_page_token?: string | null | undefined }>,
    token: string | undefined,
    pageSize = PAGE_SIZE,
  ): Promise<ListPage<T>> {
    const body = await this.http.get(endpoint, schema, {
      query: { page_size: pageSize, page_token: token || undefined },
    });
    return { items: body.list, next: nextPageToken(body.next_page_token) };
  }
}
