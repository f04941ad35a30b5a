// Failure scenarios, layered over the tenant handlers with `network.use(...)` in one test.
import { failNext, serverError, tooManyRequests } from "@baton/testing";
import { HttpResponse, http } from "msw";
import { rateLimited, unauthenticated, zendeskError } from "./handlers.js";

const api = (path: string) => `*/api/v2${path}`;

/** The next request to `path` gets 429 with Retry-After (seconds); later ones go through. */
export const rateLimitedOnce = (path: string, retryAfterSeconds = 7) =>
  failNext("GET", api(path), tooManyRequests({ retryAfterSeconds, body: rateLimited }));

/** The next request to `path` gets 503 (Zendesk maintenance or overload); later ones go through. */
export const serverErrorOnce = (path: string) =>
  failNext(
    "GET",
    api(path),
    serverError({ body: () => zendeskError(503, "ServiceUnavailable", "Service temporarily unavailable") }),
  );

/** Every request is refused as Zendesk refuses a wrong email or API token. */
export const unauthorized = () => http.all(api("/*"), unauthenticated);

/** Every request is refused as Zendesk refuses a user without access (e.g. an end-user's token). */
export const forbidden = () =>
  http.all(api("/*"), () => zendeskError(403, "Forbidden", "You do not have access to this page."));

/** `path` answers 200 with an HTML page (e.g. a proxy's login page) instead of JSON. */
export const malformed = (path: string) =>
  http.get(
    api(path),
    () => new HttpResponse("<html><body>Sign in</body></html>", { headers: { "content-type": "text/html" } }),
  );

/** `path` answers users whose `role` is a number: a body that does not match the documented shape. */
export const schemaMismatch = (path: string) =>
  http.get(api(path), () =>
    HttpResponse.json({
      users: [{ id: 1, name: "X", email: "x@example.com", role: 3 }],
      meta: { has_more: false, after_cursor: null },
    }),
  );
