// Zendesk organizations (of customers and staff). An org's grants name its agents and admins by role.
import { BatonError, Code, entitlement, grant, ref, resource, resourceType } from "@baton/sdk";
import type { ZendeskClient } from "../client.js";
import type { ZendeskConfig } from "../config.js";
import type { Organization, OrganizationMembership } from "../schemas.js";
import {
  addMembership,
  type Memberships,
  principalUser,
  removeMembership,
  roleOf,
  TEAM_MEMBER,
  zendeskId,
} from "./common.js";

export const ORG = "org";

/**
 * One entitlement per Zendesk user role, held by the org's members with that role. end-user is kept for
 * the Go connector's ids but never has grants: end-users are customers and are not synced.
 */
const ROLES = [
  { slug: "end-user", title: "End-User" },
  { slug: "admin", title: "Admin" },
  { slug: "agent", title: "Agent" },
] as const;

/** A user's organization memberships, for provisioning. */
const orgMemberships = (client: ZendeskClient): Memberships<OrganizationMembership> => ({
  ofUser: (userId, cursor) => client.userOrganizationMemberships(userId, cursor),
  target: (m) => m.organization_id,
  add: (userId, targetId) => client.addOrganizationMembership(userId, targetId),
  remove: (membershipId) => client.deleteOrganizationMembership(membershipId),
});

const orgAsResource = (o: Organization) =>
  resource(ORG, o.id, { displayName: o.name, profile: { org_id: o.id, org_name: o.name } });

export const org = resourceType<ZendeskClient, string, ZendeskConfig>({
  id: ORG,
  displayName: "Org",
  description:
    "Zendesk organizations; --orgs limits the sync to the named ones. Granting the entitlement that " +
    "matches the user's Zendesk role adds an organization membership; revoking removes it.",

  async list({ client, config, cursor }) {
    const page = await client.organizations(cursor);
    const wanted = (o: Organization) => config.orgs.length === 0 || config.orgs.includes(o.name);
    return { items: page.items.filter(wanted).map(orgAsResource), next: page.next };
  },

  async entitlements({ resource }) {
    const name = resource.displayName;
    return ROLES.map(({ slug, title }) =>
      entitlement(resource, slug, {
        displayName: `${name} Organization ${title}`,
        description: `Zendesk ${slug} in the ${name} organization`,
        grantableTo: [TEAM_MEMBER],
        purpose: "permission",
      }),
    );
  },

  async grants(ctx) {
    const { client, resource, cursor } = ctx;
    const page = await client.organizationUsers(zendeskId(resource), cursor);
    const items = page.items.flatMap((u) => {
      const role = roleOf(u, ctx);
      return role === "agent" || role === "admin" ? [grant(resource, role, ref(TEAM_MEMBER, u.id))] : [];
    });
    return { items, next: page.next };
  },

  async grant(ctx) {
    const { client, principal, entitlement } = ctx;
    const user = await principalUser(ctx, principal);
    const role = roleOf(user, ctx);
    if (entitlement.slug !== role) {
      throw new BatonError(
        Code.FailedPrecondition,
        `Zendesk user ${user.id} is an ${role}: organization ${entitlement.slug} follows the user's Zendesk role`,
        { hint: `grant the organization's ${role} entitlement instead` },
      );
    }
    return addMembership(orgMemberships(client), user.id, zendeskId(entitlement.resource));
  },

  async revoke({ client, grant }) {
    return removeMembership(orgMemberships(client), grant);
  },
});
