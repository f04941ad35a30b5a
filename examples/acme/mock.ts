// MSW handlers serving an AcmeTenant as a small REST API: bearer auth, offset paging
// (`?offset=&limit=` → `{ items, next_offset }`), JSON errors.
import { offsetPage, requireBearer } from "@baton/testing";
import { HttpResponse, http } from "msw";
import type { AcmeTenant } from "./tenant.ts";

export const ACME_API_KEY = "acme-secret-key";

const page = <T>(request: Request, items: T[]) =>
  offsetPage(new URL(request.url), items, {
    offsetParam: "offset",
    limit: { name: "limit", default: 25, max: 100, tooLarge: "clamp" },
    badRequest: (error) => HttpResponse.json({ error }, { status: 400 }),
    envelope: (items, { nextOffset }) => ({ items, next_offset: nextOffset ?? null }),
  });

/** `apiKey`: the key this tenant accepts (default ACME_API_KEY). */
export function acmeHandlers(tenant: AcmeTenant, o: { latencyMs?: number; apiKey?: string } = {}) {
  const authenticate = requireBearer(o.apiKey ?? ACME_API_KEY, () =>
    HttpResponse.json({ error: "invalid api key" }, { status: 401 }),
  );
  const guard =
    <A extends { request: Request; params: Record<string, string | readonly string[] | undefined> }>(
      fn: (a: A) => Response | Promise<Response>,
    ) =>
    async (a: A) => {
      if (o.latencyMs) await new Promise((r) => setTimeout(r, o.latencyMs));
      return authenticate(a.request) ?? fn(a);
    };
  const team = (id: unknown) => tenant.teams.find((t) => String(t.id) === String(id));
  // `*` matches across slashes, so the more specific routes come first.
  return [
    http.get(
      "*/projects/:id/teams",
      guard(({ request, params }) => page(request, [...(tenant.projectTeams.get(String(params.id)) ?? [])])),
    ),
    http.get(
      "*/me",
      guard(() => HttpResponse.json({ ok: true })),
    ),
    http.get(
      "*/users",
      guard(({ request }) => page(request, tenant.users)),
    ),
    http.get("*/users/:id", ({ params }) => {
      const u = tenant.users.find((x) => String(x.id) === params.id);
      return u ? HttpResponse.json(u) : HttpResponse.json({ error: "no such user" }, { status: 404 });
    }),
    // Replaces the user's roles: Acme has no membership endpoint for roles.
    http.patch(
      "*/users/:id",
      guard(async ({ request, params }) => {
        const u = tenant.users.find((x) => String(x.id) === params.id);
        if (!u) return HttpResponse.json({ error: "no such user" }, { status: 404 });
        const body = (await request.json()) as { roles?: unknown };
        const ids = Array.isArray(body.roles) ? body.roles : undefined;
        if (!ids?.every((r) => typeof r === "number" && tenant.roles.some((x) => x.id === r)))
          return HttpResponse.json({ error: "roles must be known role ids" }, { status: 400 });
        u.roles = [...new Set(ids as number[])];
        return HttpResponse.json(u);
      }),
    ),
    http.get(
      "*/roles",
      guard(({ request }) => page(request, tenant.roles)),
    ),
    http.get(
      "*/roles/:id",
      guard(({ params }) => {
        const r = tenant.roles.find((x) => String(x.id) === params.id);
        return r ? HttpResponse.json(r) : HttpResponse.json({ error: "no such role" }, { status: 404 });
      }),
    ),
    http.get(
      "*/teams",
      guard(({ request }) =>
        page(
          request,
          tenant.teams.map(({ id, name }) => ({ id, name })),
        ),
      ),
    ),
    http.get(
      "*/teams/:id/members",
      guard(({ request, params }) => {
        const t = team(params.id);
        return t
          ? page(request, [...t.members])
          : HttpResponse.json({ error: "no such team" }, { status: 404 });
      }),
    ),
    http.put(
      "*/teams/:id/members/:uid",
      guard(({ params }) => {
        const t = team(params.id);
        if (!t) return HttpResponse.json({ error: "no such team" }, { status: 404 });
        if (t.members.has(Number(params.uid)))
          return HttpResponse.json({ error: "already a member" }, { status: 409 });
        t.members.add(Number(params.uid));
        return new HttpResponse(null, { status: 204 });
      }),
    ),
    http.delete(
      "*/teams/:id/members/:uid",
      guard(({ params }) => {
        const t = team(params.id);
        if (!t?.members.delete(Number(params.uid)))
          return HttpResponse.json({ error: "not a member" }, { status: 404 });
        return new HttpResponse(null, { status: 204 });
      }),
    ),
    http.get(
      "*/teams/:id/projects",
      guard(({ request, params }) =>
        page(
          request,
          tenant.projects.filter((p) => String(p.teamId) === params.id),
        ),
      ),
    ),
  ];
}
