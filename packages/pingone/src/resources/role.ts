// PingOne's built-in admin roles (GET /roles). `assigned` means "assigned to the user at the scope of
// the configured environment"; assignments at the organization's, a population's, an application's
// or another environment's scope are not grants of it. Its grants are read from each user (user.ts).
import { BatonError, Code, entitlement, type Resource, resourceType, roleResource } from "@baton/sdk";
import type { PingOneClient } from "../client.js";
import type { PingOneConfig } from "../config.js";
import type { Role, RoleAssignment } from "../schemas.js";
import { builtInRoles, pingOneId, principalUser, ROLE, USER } from "./common.js";

export const ASSIGNED = "assigned";

/** Whether PingOne lets the role be assigned at an environment's scope. */
export const assignableToEnvironment = (r: Role): boolean => r.applicableTo.includes("ENVIRONMENT");

export const roleAsResource = (r: Role): Resource =>
  roleResource(ROLE, r.id, {
    displayName: r.name,
    description: r.description ?? "",
    profile: { role_name: r.name, description: r.description, applicable_to: r.applicableTo.join(",") },
  });

/** The user's assignment of the role at the configured environment's scope. */
const atEnvironment = (assignments: RoleAssignment[], roleId: string, env: string) =>
  assignments.find(
    (a) =>
      a.role.id.toLowerCase() === roleId &&
      a.scope.type === "ENVIRONMENT" &&
      a.scope.id.toLowerCase() === env,
  );

export const role = resourceType<PingOneClient, string, PingOneConfig>({
  id: ROLE,
  displayName: "Role",
  description:
    "PingOne built-in admin roles. assigned is held by the users the role is assigned to at this " +
    "environment's scope; granting assigns it at that scope (only roles PingOne allows at environment " +
    "scope), revoking removes that assignment.",
  traits: ["role"],

  async list(ctx) {
    return [...(await builtInRoles(ctx)).values()].map(roleAsResource);
  },

  async get({ client, id }) {
    const r = await client.role(pingOneId(id, "role"));
    return r && roleAsResource(r);
  },

  async entitlements(ctx) {
    const { resource } = ctx;
    const r = (await builtInRoles(ctx)).get(pingOneId(resource, "role"));
    const grantable = r ? assignableToEnvironment(r) : true;
    return [
      entitlement(resource, ASSIGNED, {
        displayName: `${resource.displayName} Role`,
        description: grantable
          ? `Assigned the ${resource.displayName} role in this PingOne environment`
          : `Assigned the ${resource.displayName} role in this PingOne environment (PingOne assigns it at ` +
            `${r?.applicableTo.join(", ").toLowerCase()} scope only, so it cannot be granted here)`,
        grantableTo: grantable ? [USER] : [],
        purpose: "permission",
      }),
    ];
  },

  async grant({ client, principal, entitlement }) {
    const user = await principalUser(client, principal);
    const roleId = pingOneId(entitlement.resource, "role");
    const r = await client.role(roleId);
    if (!r) throw new BatonError(Code.NotFound, `PingOne has no built-in role ${roleId}`);
    if (!assignableToEnvironment(r)) {
      throw new BatonError(
        Code.FailedPrecondition,
        `the PingOne role ${r.name} cannot be assigned at environment scope (PingOne allows ${r.applicableTo.join(", ") || "no scope"})`,
        { hint: "assign it in the PingOne admin console at a scope it allows" },
      );
    }
    const env = client.environmentId;
    if (atEnvironment(await client.roleAssignments(user.id), roleId, env)) return "already-exists";
    await client.assignEnvironmentRole(user.id, roleId);
    return "granted";
  },

  async revoke({ client, grant }) {
    const userId = pingOneId(grant.principal, "user");
    const roleId = pingOneId(grant.entitlement?.resource, "role");
    const name = grant.entitlement?.resource?.displayName || roleId;
    const assignment = atEnvironment(await client.roleAssignments(userId), roleId, client.environmentId);
    if (!assignment) return "already-revoked";
    if (assignment.readOnly) {
      throw new BatonError(
        Code.FailedPrecondition,
        `the ${name} role assignment of PingOne user ${userId} is read only for the worker application`,
        {
          hint:
            "PingOne lets an actor remove only assignments of roles it may assign: remove it in the admin " +
            "console, or give the worker application a role that can assign it (Environment Admin)",
        },
      );
    }
    const outcome = await client.removeRoleAssignment(userId, assignment.id);
    if (outcome === "gone") return "already-revoked";
    if (outcome === "read-only") {
      // PingOne reports an assignment made a moment ago as read only until it settles: it refused
      // the deletion (nothing was done), so the revoke may be tried again shortly.
      throw new BatonError(
        Code.Unavailable,
        `PingOne reports the ${name} role assignment as read only for now`,
        { retryAfterMs: 2_000, notProcessed: true },
      );
    }
    return "revoked";
  },
});
