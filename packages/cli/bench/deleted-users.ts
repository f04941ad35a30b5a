// A c1z whose older full sync has `users` users and whose newer one has 1: a diff of it deletes
// `users - 1` objects. The users are copies of one encoded user with the digits of its id patched
// (same length, so the protobuf stays valid) inserted with SQL, which is much faster than encoding
// each of them. Used by the diff benchmark and the tests.
import { userResource } from "@baton/sdk";
import { openC1zForWrite } from "@baton/sdk/c1z";
import { create, ResourceType_Trait, ResourceTypeSchema } from "@baton/sdk/proto";

export const userType = create(ResourceTypeSchema, {
  id: "user",
  displayName: "User",
  traits: [ResourceType_Trait.USER],
});
const person = (id: string) =>
  userResource("user", id, { displayName: `User ${id}`, emails: [`${id}@example.com`] });

export async function writeDeletedUsers(
  path: string,
  users: number,
): Promise<{ older: string; newer: string }> {
  const width = String(users).length;
  const zero = "0".repeat(width);
  const w = await openC1zForWrite(path);
  const older = w.startSync("full");
  w.putResourceTypes(older, [userType]);
  w.putResources(older, [person(`u${zero}`)]);
  w.commit();
  const row = w.db.prepare("select data from v1_resources where sync_id = ?").get(older) as {
    data: Uint8Array;
  };
  const template = Buffer.from(row.data);
  const at: number[] = [];
  for (let i = template.indexOf(zero); i >= 0; i = template.indexOf(zero, i + width)) at.push(i);
  const insert = w.db.prepare(
    `insert into v1_resources (resource_type_id, external_id, data, sync_id, discovered_at)
     select resource_type_id, ?, ?, sync_id, discovered_at from v1_resources where sync_id = ? and external_id = ?`,
  );
  w.db.exec("begin");
  for (let n = 1; n < users; n++) {
    const digits = String(n).padStart(width, "0");
    const blob = Buffer.from(template);
    for (const i of at) blob.write(digits, i, "latin1");
    insert.run(`user:u${digits}`, blob, older, `user:u${zero}`);
  }
  w.db.exec("commit");
  w.endSync(older);
  const newer = w.startSync("full");
  w.putResourceTypes(newer, [userType]);
  w.putResources(newer, [person(`u${"1".padStart(width, "0")}`)]);
  w.endSync(newer);
  await w.save();
  w.close({ discardWork: true });
  return { older, newer };
}
