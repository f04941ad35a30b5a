// Failure scenarios, layered over the organization's handlers with `network.use(...)` in one test.
import { failNext, serverError, tooManyRequests } from "@baton/testing";
import { jcError, rateLimited } from "./handlers.js";

/** An MSW pattern for a path under /api (`/systemusers`, `/v2/usergroups`). */
export const api = (path: string) => `*/api${path}`;

/** The next request to `path` gets 429, with Retry-After (seconds) when given. */
export const rateLimitedOnce = (path: string, retryAfterSeconds?: number) =>
  failNext("*", api(path), tooManyRequests({ retryAfterSeconds, body: rateLimited }));

/** The next request to `path` gets a 5xx with JumpCloud's error body. */
export const serverErrorOnce = (path: string, status = 503, method: "GET" | "POST" = "GET") =>
  failNext(method, api(path), serverError({ body: () => jcError(status, "Internal Server Error") }));
