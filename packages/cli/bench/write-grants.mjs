// Writes a c1z with one finished full sync: 100,000 users, 1,000 groups with a member entitlement,
// and N grants of membership (unique group/user pairs), through the SDK writer.
// Usage: node write-grants.mjs <out.c1z> <grants> (uses the built @baton/sdk)
import { entitlement, grant, groupResource, userResource } from "@baton/sdk";
import { openC1zForWrite } from "@baton/sdk/c1z";
import { create, ResourceType_Trait, ResourceTypeSchema } from "@baton/sdk/proto";

const [out, grantsArg] = process.argv.slice(2);
const GRANTS = Number(grantsArg);
const USERS = 100_000;
const GROUPS = 1_000;
const BATCH = 10_000;

const users = (from, to) =>
  Array.from({ length: to - from }, (_, i) =>
    userResource("user", `user-${from + i}`, {
      displayName: `User ${from + i}`,
      emails: [`user-${from + i}@example.com`],
    }),
  );
const groups = Array.from({ length: GROUPS }, (_, i) =>
  groupResource("group", `group-${i}`, { displayName: `Group ${i}` }),
);

const writer = await openC1zForWrite(out);
try {
  const sync = writer.startSync("full");
  writer.putResourceTypes(sync, [
    create(ResourceTypeSchema, { id: "user", displayName: "User", traits: [ResourceType_Trait.USER] }),
    create(ResourceTypeSchema, { id: "group", displayName: "Group", traits: [ResourceType_Trait.GROUP] }),
  ]);
  for (let i = 0; i < USERS; i += BATCH) writer.putResources(sync, users(i, Math.min(USERS, i + BATCH)));
  writer.putResources(sync, groups);
  writer.putEntitlements(
    sync,
    groups.map((g) => entitlement(g, "member")),
  );
  for (let i = 0; i < GRANTS; i += BATCH) {
    const batch = [];
    for (let j = i; j < Math.min(GRANTS, i + BATCH); j++) {
      // Grant j: user (j mod USERS) in group (j div USERS × 7 + j) mod GROUPS — unique pairs.
      const g = groups[(Math.floor(j / USERS) * 7 + j) % GROUPS];
      batch.push(grant(g, "member", { type: "user", id: `user-${j % USERS}` }));
    }
    writer.putGrants(sync, batch);
  }
  writer.endSync(sync);
  await writer.save();
} finally {
  writer.close({ discardWork: true });
}
