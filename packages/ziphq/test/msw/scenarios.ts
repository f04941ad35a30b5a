// Failure scenarios, layered over the tenant handlers with `network.use(...)` in one test.
import { failNext, serverError, tooManyRequests } from "@baton/testing";
import { HttpResponse, http } from "msw";
import { invalidKey, rateLimited, zipError } from "./handlers.js";

type Method = Parameters<typeof failNext>[0];

/** The next request to `path` gets Zip's 429, with Retry-After (seconds) only when given. */
export const rateLimitedOnce = (path: string, retryAfterSeconds?: number, method: Method = "GET") =>
  failNext(method, `*${path}`, tooManyRequests({ retryAfterSeconds, body: rateLimited }));

/** The next request to `path` gets a 5xx with Zip's error body; later ones go through. */
export const serverErrorOnce = (path: string, status = 500, method: Method = "GET") =>
  failNext(method, `*${path}`, serverError({ body: () => zipError(status, "Internal Server Error") }));

/** Every request is refused as Zip refuses a wrong key. */
export const unauthorized = () => http.all("*", invalidKey);

/** Every request to `path` is refused with 403, as for a Restricted key without that record type. */
export const forbidden = (path: string) =>
  http.all(`*${path}`, () => zipError(403, "This API key does not have access to this resource"));

/** `path` answers 200 with an HTML page (a proxy's login page) instead of JSON. */
export const malformed = (path: string) =>
  http.get(
    `*${path}`,
    () => new HttpResponse("<html><body>Sign in</body></html>", { headers: { "content-type": "text/html" } }),
  );

/** `path` answers users without the roles and user_groups fields: not the shape the connector assumes. */
export const usersWithoutMemberships = () =>
  http.get("*/users", () =>
    HttpResponse.json({
      list: [{ id: "u1", email: "x@acme.test", first_name: "X", last_name: "Y", is_active: true }],
      size: 1,
      total: 1,
    }),
  );
