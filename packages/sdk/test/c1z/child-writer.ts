// Run by crash.test.ts in a separate Node process that the test kills with a signal.
//   save-big <path>:     writes a large sync, prints "saving", then saves (killed during the save).
//   resume <path>:       writes 500 resources, commits, prints "committed <sync id>", writes 500 more
//                        without committing, then waits to be killed.
//   read <path>:         opens the file for reading, prints "open", then waits.
//   read-handled <path>: the same with a SIGINT handler of its own, which prints "handled", reads
//                        on and exits with 0 without closing the store.
//   open-slowly <path>:  prints "decompressing" and opens a (large) existing file for writing.
import { randomBytes } from "node:crypto";
import { create } from "@bufbuild/protobuf";
import { openC1z, openC1zForWrite } from "../../src/c1z/index.ts";
import { ResourceSchema, ResourceType_Trait, ResourceTypeSchema } from "../../src/proto.ts";

const [mode, path] = process.argv.slice(2) as [string, string];
const resources = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) =>
    create(ResourceSchema, {
      id: { resourceType: "blob", resource: `r${from + i}` },
      description: randomBytes(1000).toString("hex"),
    }),
  );

if (mode === "read" || mode === "read-handled") {
  const store = await openC1z(path);
  if (mode === "read-handled")
    process.on("SIGINT", () => {
      process.stdout.write("handled\n");
      setTimeout(() => {
        const sync = store.selectSync().id;
        process.stdout.write(`still reading ${store.counts(sync).resources} resources\n`);
        process.exit(0);
      }, 50);
    });
  process.stdout.write("open\n");
  setInterval(() => {}, 1000);
} else if (mode === "open-slowly") {
  process.stdout.write("decompressing\n");
  await openC1zForWrite(path);
  process.stdout.write("opened\n");
} else await write();

async function write() {
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
}
