import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { entitlement, grant, groupResource, type Resource, resource, userResource } from "@baton/sdk";
import { openC1zForWrite } from "@baton/sdk/c1z";
import { create, ResourceType_Trait, ResourceTypeSchema } from "@baton/sdk/proto";

// An annotation of a type no registry knows: JSON output leaves it out.
export const UNKNOWN_ANNOTATION: Resource["annotations"][number] = {
  $typeName: "google.protobuf.Any",
  typeUrl: "type.googleapis.com/acme.v1.Unknown",
  value: new Uint8Array([8, 1]),
};

const resourceTypes = [
  create(ResourceTypeSchema, { id: "user", displayName: "User", traits: [ResourceType_Trait.USER] }),
  create(ResourceTypeSchema, { id: "group", displayName: "Group", traits: [ResourceType_Trait.GROUP] }),
  create(ResourceTypeSchema, { id: "repo", displayName: "Repository", annotations: [UNKNOWN_ANNOTATION] }),
];

const person = (id: string, name: string, first: string, last: string, status?: "disabled") =>
  userResource("user", id, {
    displayName: name,
    emails: [`${id}@example.com`],
    profile: { first_name: first, last_name: last, user_id: `u-${id}` },
    ...(status && { status }),
  });

export const alice = person("alice", "Alice", "Alice", "Liddell");
export const bob = person("bob", "Bob", "Bob", "Builder, Jr.", "disabled");
export const carol = person("carol", "Carol", "Carol", "Danvers");
export const dave = person("dave", "Dave", "Dave", "Bowman");
export const eng = groupResource("group", "eng", { displayName: "Engineering" });
export const api = resource("repo", "api", { displayName: 'API "core"', parent: eng });
/** A resource whose type is not in the file: shown with the MISSING RESOURCE TYPE placeholder. */
export const laptop = resource("device", "laptop-1", { displayName: "Laptop 1" });
export const ghost = { type: "user", id: "ghost" };

const member = entitlement(eng, "member", { description: "Member of Engineering" });
const admin = entitlement(api, "admin", { purpose: "permission", description: "Administers the API repo" });

interface SyncContent {
  resources: Resource[];
  members: (Resource | typeof ghost)[];
}

async function writeSyncs(path: string, syncs: SyncContent[], partial?: Resource[]): Promise<string[]> {
  const writer = await openC1zForWrite(path);
  const ids: string[] = [];
  try {
    for (const s of syncs) {
      const id = writer.startSync("full");
      writer.putResourceTypes(id, resourceTypes);
      writer.putResources(id, s.resources);
      writer.putEntitlements(id, [member, admin]);
      writer.putGrants(id, [
        ...s.members.map((p) => grant(eng, "member", p)),
        grant(api, "admin", alice),
        grant(api, "admin", eng),
        // Its entitlement group:eng:owner is not in the file.
        grant(eng, "owner", alice),
      ]);
      writer.endSync(id);
      ids.push(id);
      await sleep(5);
    }
    if (partial) {
      const id = writer.startSync("partial", ids.at(-1));
      writer.putResourceTypes(id, resourceTypes);
      writer.putResources(id, partial);
      writer.endSync(id);
      ids.push(id);
    }
    await writer.save();
  } finally {
    writer.close({ discardWork: true });
  }
  return ids;
}

export interface Sample {
  file: string;
  /** Two full syncs (older, newer) and a partial sync. */
  syncs: { first: string; second: string; partial: string };
  /** A second file for principals compare. */
  other: string;
}

/**
 * sample.c1z: sync 1 (alice, bob, carol in eng), sync 2 (alice renamed, carol gone, dave new;
 * ghost is a member that is not in the file), then a partial sync. other.c1z: alice, robert
 * (bob's email) and erin in eng.
 */
export async function writeSample(dir: string): Promise<Sample> {
  const file = join(dir, "sample.c1z");
  const renamed = person("alice", "Alice L.", "Alice", "Liddell");
  const [first, second, partial] = await writeSyncs(
    file,
    [
      { resources: [alice, bob, carol, eng, api, laptop], members: [alice, bob, carol] },
      { resources: [renamed, bob, dave, eng, api, laptop], members: [renamed, bob, dave, ghost] },
    ],
    [dave],
  );
  const other = join(dir, "other.c1z");
  const robert = userResource("user", "robert", { displayName: "Robert", emails: ["bob@example.com"] });
  const erin = person("erin", "Erin", "Erin", "Brockovich");
  await writeSyncs(other, [{ resources: [alice, robert, erin, eng, api], members: [alice, robert, erin] }]);
  return { file, syncs: { first: first!, second: second!, partial: partial! }, other };
}
