// Zip user groups. Granting or revoking membership rewrites the user's user-group list.
import { recordType } from "./records.js";

export const GROUP = "group";
/** Held by the users whose records list the user group. */
export const MEMBER = "member";

export const group = recordType({
  id: GROUP,
  displayName: "Group",
  description:
    "Zip user groups. Granting or revoking membership updates the user's user-group list in Zip, " +
    "keeping the user's other groups.",
  trait: "group",
  slug: MEMBER,
  entitlementTitle: "Group Member",
  entitlementDescription: (name) => `Members of the ${name} user group in Zip`,
  recordType: "User groups",
  list: (client, token) => client.userGroups(token),
  membership: "group",
});
