// Zip departments. Sync only: a user's department comes from the HR system Zip syncs with.
import { recordType } from "./records.js";

export const DEPARTMENT = "department";
/** Held by the users whose department it is (at most one per user). */
export const MEMBER = "member";

export const department = recordType({
  id: DEPARTMENT,
  displayName: "Department",
  description:
    "Zip departments, with the users in each. Sync only: departments are managed by Zip's HR sync, " +
    "so grants and revokes are refused.",
  trait: "group",
  slug: MEMBER,
  entitlementTitle: "Department Member",
  entitlementDescription: (name) => `Zip users in the ${name} department`,
  recordType: "Departments",
  list: (client, token) => client.departments(token),
  syncOnly: {
    reason: "departments are managed by Zip's HR sync",
    hint: "change the user's department in the HR system Zip syncs with",
  },
});
