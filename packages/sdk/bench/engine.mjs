// Engine benchmark (not a test): 100,000 users, 1,000 groups and 100k / 1M grants synced through the
// engine (read per group, and read from the users' side by typeGrants), against the store-only floor
// measured in the same run (the same objects written with C1zWriter directly, in the same order).
// Each measurement runs in a fresh process so its peak RSS is its own.
import { rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runWorker } from "./worker.mjs";

const worker = fileURLToPath(new URL("engine-worker.ts", import.meta.url));
const out = join(tmpdir(), `baton-engine-bench-${process.pid}.c1z`);
const run = (mode, grants) => runWorker(worker, [mode, grants, out]);

console.log(`engine benchmark — node ${process.version}, ${cpus().length} cores`);
const rows = [];
for (const grants of [100_000, 1_000_000]) {
  const store = run("store", grants);
  const engine = run("engine", grants);
  const typeFloor = run("store-type", grants);
  const typeScoped = run("engine-type", grants);
  const objects = 2 + 100_000 + 1_000 + 1_000 + grants;
  rows.push({
    grants,
    "engine obj/s": Math.round(objects / (engine.totalMs / 1000)),
    "store-only obj/s": Math.round(objects / (store.totalMs / 1000)),
    "engine s": +(engine.totalMs / 1000).toFixed(2),
    "store-only s": +(store.totalMs / 1000).toFixed(2),
    ratio: +(engine.totalMs / store.totalMs).toFixed(2),
    "engine peak RSS MB": Math.round(engine.maxRssMB),
    "store-only peak RSS MB": Math.round(store.maxRssMB),
    "typeGrants s": +(typeScoped.totalMs / 1000).toFixed(2),
    "by-user store-only s": +(typeFloor.totalMs / 1000).toFixed(2),
    "typeGrants ratio": +(typeScoped.totalMs / typeFloor.totalMs).toFixed(2),
    "typeGrants peak RSS MB": Math.round(typeScoped.maxRssMB),
  });
}
rmSync(out, { force: true });
console.table(rows);
