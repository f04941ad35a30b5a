// Run by crash.test.ts in a separate Node process that the test kills with SIGKILL.
//   save-big <path>: writes a large sync, prints "saving", then saves (killed during the save).
//   resume <path>:   writes 500 resources, commits, prints "committed <sync id>", writes 500 more
//                    without committing, then waits to be killed.
import { randomBytes } from "node:crypto";
import { create } from "@bufbuild/protobuf";
import { openC1zForWrite } from "../../src/c1z/index.ts";
import { ResourceSchema, ResourceType_Trait, ResourceTypeSchema } from "../../src/proto.ts";

const [mode, path] = process.argv.slice(2) as [string, string];
const resources = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) =>
    create(ResourceSchema, {
      id: { resourceType: "blob", resource: `r${from + i}` },
      description: randomBytes(1000).toString("hex"),
    }),
  );

const w = await openC1zForWrite(path);
const sync = w.startSync("full");
w.putResourceTypes(sync, [
  create(ResourceTypeSchema, { id: "blob", traits: [ResourceType_Trait.UNSPECIFIED] }),
]);
if (mode === "save-big") {
  for (let i = 0; i < 40_000; i += 1000) w.putResources(sync, resources(i, 1000));
  w.endSync(sync);
  w.commit();
  process.stdout.write("saving\n");
  await w.save();
  process.stdout.write("saved\n");
} else {
  w.putResources(sync, resources(0, 500));
  w.commit();
  process.stdout.write(`committed ${sync}\n`);
  w.putResources(sync, resources(500, 500));
  setInterval(() => {}, 1000);
}
