// PingOne populations. Every user belongs to exactly one; its grants come from each user's
// population (user.ts). Sync only, as in ConductorOne's PingOne connector: a user is moved between
// populations rather than granted one, which also drops their memberships of the old population's
// groups, so it is left to PingOne.
import { entitlement, groupResource, type Resource, resourceType } from "@baton/sdk";
import type { PingOneClient } from "../client.js";
import type { PingOneConfig } from "../config.js";
import type { Population } from "../schemas.js";
import { POPULATION, pingOneId, USER } from "./common.js";

export const populationAsResource = (p: Population): Resource =>
  groupResource(POPULATION, p.id, {
    displayName: p.name,
    description: p.description ?? "",
    profile: { population_name: p.name, description: p.description, default: p.default ?? false },
  });

export const population = resourceType<PingOneClient, string, PingOneConfig>({
  id: POPULATION,
  displayName: "Population",
  description:
    "PingOne populations; member is held by the users of the population. Sync only: a user is " +
    "moved to another population in PingOne, not granted one.",
  traits: ["group"],
  syncOnly: {
    reason:
      "a PingOne user belongs to exactly one population and is moved between populations, not granted one",
    hint: "move the user to another population in the PingOne admin console",
  },

  async list({ client, cursor }) {
    const page = await client.populations(cursor);
    return { items: page.items.map(populationAsResource), next: page.next };
  },

  async get({ client, id }) {
    const p = await client.population(pingOneId(id, "population"));
    return p && populationAsResource(p);
  },

  async entitlements({ resource }) {
    return [
      entitlement(resource, "member", {
        displayName: `${resource.displayName} Population Member`,
        description: `User of the ${resource.displayName} population in PingOne (sync only)`,
        grantableTo: [USER],
      }),
    ];
  },
});
