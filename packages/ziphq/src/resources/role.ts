// Zip roles. A user holds any number of them; granting or revoking one rewrites the user's role list.
import { recordType } from "./records.js";

export const ROLE = "role";
/** Held by the users whose records list the role. */
export const ASSIGNED = "assigned";

export const role = recordType({
  id: ROLE,
  displayName: "Role",
  description:
    "Zip roles. Granting or revoking a role updates the user's role list in Zip, keeping the user's other roles.",
  trait: "role",
  slug: ASSIGNED,
  entitlementTitle: "Role",
  entitlementDescription: (name) => `Zip users who hold the ${name} role`,
  recordType: "Roles",
  list: (client, token) => client.roles(token),
  membership: "role",
});
