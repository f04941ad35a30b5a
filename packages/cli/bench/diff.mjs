// Benchmark (not a test): the built `baton diff` on a file whose older full sync has N users
// (default 200,000) and whose newer one has 1, so N - 1 objects are deleted. Runs in a child process
// whose stdout is a pipe read by this process; prints the exit status, output size, time and the
// child's peak RSS. The users are copies of one encoded user with the digits of its id patched,
// inserted with SQL (encoding 200,000 objects would take longer than the diff).
// Run after a build: `pnpm --filter @baton/cli bench`; BENCH_DIFF_USERS=n changes N.
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { create, openC1zForWrite, ResourceType_Trait, ResourceTypeSchema, user } from "@baton/sdk";

const here = fileURLToPath(new URL(".", import.meta.url));
const USERS = Number(process.env.BENCH_DIFF_USERS ?? 200_000);
const file = join(tmpdir(), `baton-diff-bench-${process.pid}.c1z`);

const userType = create(ResourceTypeSchema, {
  id: "user",
  displayName: "User",
  traits: [ResourceType_Trait.USER],
});
const person = (id) => user("user", id, { displayName: `User ${id}`, emails: [`${id}@example.com`] });

const w = await openC1zForWrite(file);
const older = w.startSync("full");
w.putResourceTypes(older, [userType]);
w.putResources(older, [person("u0000000")]);
w.commit();
const template = Buffer.from(w.db.prepare("select data from v1_resources where sync_id = ?").get(older).data);
const at = [];
for (let i = template.indexOf("0000000"); i >= 0; i = template.indexOf("0000000", i + 7)) at.push(i);
const insert = w.db.prepare(
  "insert into v1_resources (resource_type_id, external_id, data, sync_id, discovered_at) select resource_type_id, ?, ?, sync_id, discovered_at from v1_resources where sync_id = ? and external_id = 'user:u0000000'",
);
w.db.exec("begin");
for (let n = 1; n < USERS; n++) {
  const digits = String(n).padStart(7, "0");
  const blob = Buffer.from(template);
  for (const i of at) blob.write(digits, i, "latin1");
  insert.run(`user:u${digits}`, blob, older);
}
w.db.exec("commit");
w.endSync(older);
const newer = w.startSync("full");
w.putResourceTypes(newer, [userType]);
w.putResources(newer, [person("u0000001")]);
w.endSync(newer);
await w.save();
w.close({ discardWork: true });

const started = performance.now();
const args = ["--import", join(here, "report-rss.mjs"), join(here, "../dist/cli.js"), "diff", "-f", file];
const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
let bytes = 0;
child.stdout.on("data", (chunk) => {
  bytes += chunk.length;
});
let stderr = "";
child.stderr.on("data", (chunk) => {
  stderr += chunk;
});
const code = await new Promise((resolve) => child.on("close", resolve));
const lines = stderr.trim().split("\n");
const { maxRssMB } = JSON.parse(lines.at(-1));
rmSync(file, { force: true });
console.log(`node ${process.version}; ${USERS - 1} deleted users`);
console.table([
  {
    command: "baton diff",
    exit: code,
    "output MB": +(bytes / 1e6).toFixed(1),
    seconds: +((performance.now() - started) / 1000).toFixed(1),
    "peak RSS MB": maxRssMB,
    error: lines.slice(0, -1).join(" ").slice(0, 100),
  },
]);
