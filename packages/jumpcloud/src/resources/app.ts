// JumpCloud SSO applications (GET /api/applications), plus one synthetic app, "JumpCloud
// Administration", whose access stands for being a console administrator. An application's grants:
//   - each user group associated with it (…/associations?targets=user_group): a grant to the group,
//     expandable from the group's member entitlement;
//   - each user it reaches, directly or through those groups (the graph traversal …/users, which
//     names every user once with the paths to it): one grant per user under the Go connector's id,
//     whose sources name the groups it comes through (and the app itself when also direct).
import {
  appResource,
  BatonError,
  Code,
  type Entitlement,
  type Grant,
  type GrantOutcome,
  type HandlerContext,
  type Page,
  type Resource,
  type RevokeOutcome,
  ref,
  resourceType,
} from "@baton/sdk";
import type { JumpCloudClient } from "../client.js";
import type { JumpCloudConfig } from "../config.js";
import type { Application, GraphObjectWithPaths } from "../schemas.js";
import { adminIdentity } from "./admins.js";
import {
  APP,
  GROUP,
  jumpcloudId,
  keptEntitlement,
  keptGrant,
  principalKind,
  requestedId,
  USER,
} from "./common.js";
import { memberEntitlementId, systemUserPrincipal } from "./group.js";

type Ctx = HandlerContext<JumpCloudClient, JumpCloudConfig>;

export const ACCESS = "access";

/** The synthetic app of console administrators, under the Go connector's id. */
export const ADMIN_APP_ID = "2UjI0eIRo77RGFwi2GKpAa0Til0";
const ADMIN_APP_NAME = "JumpCloud Administration";
const CONSOLE_HINT =
  "administrators are added and removed in the JumpCloud console (Settings > Administrators), not through the API";

/** Where an application's grants are read: its group associations, then its users. */
export type AppGrantCursor = { phase: "admins" | "groups" | "users"; skip: number };

const adminApp = () => appResource(APP, ADMIN_APP_ID, { displayName: ADMIN_APP_NAME });

const appAsResource = (a: Application) =>
  appResource(APP, a._id, {
    displayName: a.displayLabel?.trim() || a.name?.trim() || a._id,
    description: a.description ?? "",
    helpUrl: a.learnMore ?? undefined,
    logo: a.logo?.url ?? undefined,
  });

/** The app's one entitlement, `app:{id}` as the Go connector names it. */
const accessEntitlement = (app: Resource) =>
  keptEntitlement(app, ACCESS, {
    displayName: `${app.displayName} app access`,
    description: `Assigned to ${app.displayName} app`,
    grantableTo: app.id?.resource === ADMIN_APP_ID ? [USER] : [USER, GROUP],
    purpose: "assignment",
  });

/** The groups a user reaches the app through (from the traversal's paths), and whether also directly. */
function routes(u: GraphObjectWithPaths): { direct: boolean; groups: string[] } {
  const paths = u.paths ?? [];
  const groups = new Set<string>();
  let direct = paths.length === 0;
  for (const path of paths) {
    const via = path.filter((c) => c.to.type === "user_group").map((c) => c.to.id);
    if (via.length === 0) direct = true;
    for (const g of via) groups.add(g);
  }
  return { direct, groups: [...groups] };
}

/** One page of administrators as grants of the administration app (GET /api/users). */
async function adminAppGrants(
  ctx: Ctx,
  access: Entitlement,
  skip: number,
): Promise<Page<Grant, AppGrantCursor>> {
  const page = await ctx.client.admins(skip);
  const items: Grant[] = [];
  for (const admin of page.items) items.push(keptGrant(access, (await adminIdentity(ctx, admin)).principal));
  return { items, next: page.next === undefined ? undefined : { phase: "admins", skip: page.next } };
}

async function appGrants(
  ctx: Ctx,
  access: Entitlement,
  cursor: AppGrantCursor,
): Promise<Page<Grant, AppGrantCursor>> {
  const appId = jumpcloudId(access.resource);
  if (cursor.phase === "groups") {
    const page = await ctx.client.appAssociations(appId, "user_group", cursor.skip);
    const items = page.items
      .filter((c) => c.to.type === "user_group")
      .map((c) =>
        keptGrant(access, ref(GROUP, c.to.id), {
          expandFrom: [memberEntitlementId(c.to.id)],
          expandTo: [USER],
        }),
      );
    const next: AppGrantCursor =
      page.next === undefined ? { phase: "users", skip: 0 } : { phase: "groups", skip: page.next };
    return { items, next };
  }
  const page = await ctx.client.appUsers(appId, cursor.skip);
  const items = page.items
    .filter((u) => u.type === "user")
    .map((u) => {
      const { direct, groups } = routes(u);
      const sources = groups.length
        ? [...(direct ? [access] : []), ...groups.map(memberEntitlementId)]
        : undefined;
      return keptGrant(access, ref(USER, u.id), sources ? { sources } : {});
    });
  return { items, next: page.next === undefined ? undefined : { phase: "users", skip: page.next } };
}

/** The ids of the user groups a stored grant says its principal reaches the app through. */
const groupSources = (g: Grant) =>
  Object.keys(g.sources?.sources ?? {})
    .filter((id) => id.startsWith(`${GROUP}:`))
    .map((id) => id.slice(GROUP.length + 1));

/** The list pages by `skip`; an application's grants by phase and `skip`. */
type Cursor = number | AppGrantCursor;

export const app = resourceType<JumpCloudClient, Cursor, JumpCloudConfig>({
  id: APP,
  displayName: "App",
  description:
    "JumpCloud SSO applications, and the synthetic JumpCloud Administration app held by every console " +
    "administrator. Granting access associates a system user or a user group with an application and " +
    "revoking removes the association; the administration app is read-only (JumpCloud console).",
  traits: ["app"],

  async list({ client, cursor }) {
    const page = await client.applications(typeof cursor === "number" ? cursor : 0);
    const items = page.items.map(appAsResource);
    return { items: cursor === undefined ? [adminApp(), ...items] : items, next: page.next };
  },

  async entitlements({ resource }) {
    return [accessEntitlement(resource)];
  },

  async grants(ctx) {
    const access = accessEntitlement(ctx.resource);
    const cursor = typeof ctx.cursor === "object" ? ctx.cursor : undefined;
    if (ctx.resource.id?.resource === ADMIN_APP_ID) return adminAppGrants(ctx, access, cursor?.skip ?? 0);
    return appGrants(ctx, access, cursor ?? { phase: "groups", skip: 0 });
  },

  async grant(ctx): Promise<GrantOutcome> {
    const { entitlement, principal } = ctx;
    if (entitlement.resource?.id?.resource === ADMIN_APP_ID) throw readOnlyAdminApp("grant");
    const appId = requestedId(entitlement.resource);
    const target =
      principalKind(principal) === "group"
        ? { type: "user_group" as const, id: requestedId(principal) }
        : {
            type: "user" as const,
            id: await systemUserPrincipal(ctx, principal, `access to ${entitlement.resource?.displayName}`),
          };
    const edit = await ctx.client.editAppAssociation(appId, "add", target);
    return edit === "changed" ? "granted" : "already-exists";
  },

  async revoke(ctx): Promise<RevokeOutcome> {
    const { grant } = ctx;
    if (grant.entitlement?.resource?.id?.resource === ADMIN_APP_ID) throw readOnlyAdminApp("revoke");
    const appId = requestedId(grant.entitlement?.resource);
    const kind = principalKind(grant.principal);
    if (!kind)
      throw new BatonError(
        Code.FailedPrecondition,
        `cannot revoke ${grant.id}: it names neither a user nor a group`,
      );
    const principalId = requestedId(grant.principal);
    const edit = await ctx.client.editAppAssociation(appId, "remove", {
      type: kind === "group" ? "user_group" : "user",
      id: principalId,
    });
    const groups = kind === "user" ? groupSources(grant) : [];
    if (groups.length) {
      const done = edit === "changed" ? "removed the direct assignment, but " : "";
      throw new BatonError(
        Code.FailedPrecondition,
        `${done}user ${principalId} keeps access to ${grant.entitlement?.resource?.displayName ?? appId} through user group ${groups.join(", ")}`,
        { hint: "revoke the user's membership of those groups, or those groups' access to the app" },
      );
    }
    return edit === "changed" ? "revoked" : "already-revoked";
  },
});

const readOnlyAdminApp = (op: "grant" | "revoke") =>
  new BatonError(
    Code.FailedPrecondition,
    `cannot ${op} ${ADMIN_APP_NAME}: it stands for being a JumpCloud administrator`,
    {
      hint: CONSOLE_HINT,
    },
  );
