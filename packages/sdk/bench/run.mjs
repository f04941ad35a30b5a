// Benchmark of the .c1z writer (not a test): 100,000 resources plus 100,000 and 1,000,000 grants
// written through C1zWriter + save(), against a floor measured in the same run: the same rows
// inserted by a bare node:sqlite prepared-statement loop in one transaction (same DDL and pragmas,
// blobs encoded outside the timed section), plus zstd of that database. The worker is compiled with
// tsc first so it runs as plain JavaScript, like the published package. Each measurement is a fresh
// process, so its peak RSS is its own. Wall and CPU time (user+system of all threads) are both
// reported: on a shared machine CPU time is the stable figure. BENCH_REPEAT=n repeats each pair
// (floor, writer) n times and keeps the one with the least CPU time of each. The 1M-grant file is kept at $BATON_BENCH_C1Z
// (default <tmpdir>/baton-bench-1m.c1z) for the inspector CLI's measurements.
import { rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { compileWorker, runWorker } from "./worker.mjs";

const keep = process.env.BATON_BENCH_C1Z ?? join(tmpdir(), "baton-bench-1m.c1z");
const scratch = join(tmpdir(), `baton-bench-${process.pid}.c1z`);
const repeat = Number(process.env.BENCH_REPEAT ?? 1);

const worker = compileWorker("c1z-worker");

const run = (mode, grants, out) => runWorker(worker, [mode, grants, out]);
const fastest = (runs) => runs.reduce((a, b) => (b.totalCpuMs < a.totalCpuMs ? b : a));

console.log(`node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), repeat ${repeat}`);
const rows = [];
for (const grants of [100_000, 1_000_000]) {
  const out = grants === 1_000_000 ? keep : scratch;
  const floors = [];
  const writers = [];
  for (let i = 0; i < repeat; i++) {
    floors.push(run("floor", grants, scratch));
    writers.push(run("writer", grants, out));
  }
  const floor = fastest(floors);
  const writer = fastest(writers);
  const read = run("read", grants, out);
  // 2 resource types + 1,000 groups + 100,000 users + 1,000 entitlements + the grants.
  const objects = 2 + 1_000 + 100_000 + 1_000 + grants;
  const s = (ms) => +(ms / 1000).toFixed(1);
  rows.push({
    grants,
    objects,
    "writer obj/s": Math.round(objects / (writer.totalMs / 1000)),
    "floor obj/s": Math.round(objects / (floor.totalMs / 1000)),
    "ratio (wall)": +(writer.totalMs / floor.totalMs).toFixed(2),
    "ratio (CPU)": +(writer.totalCpuMs / floor.totalCpuMs).toFixed(2),
    "writer s (insert+save)": `${s(writer.insertMs)}+${s(writer.saveMs)}`,
    "writer CPU s": `${s(writer.insertCpuMs)}+${s(writer.saveCpuMs)}`,
    "floor s (insert+zstd)": `${s(floor.insertMs)}+${s(floor.saveMs)}`,
    "floor CPU s": `${s(floor.insertCpuMs)}+${s(floor.saveCpuMs)}`,
    "c1z MB": +(writer.bytes / 1e6).toFixed(1),
    "writer peak RSS MB": Math.round(Math.max(...writers.map((w) => w.maxRssMB))),
    "floor peak RSS MB": Math.round(Math.max(...floors.map((f) => f.maxRssMB))),
    "read all grants s": s(read.totalMs),
    "read peak RSS MB": Math.round(read.maxRssMB),
  });
}
rmSync(scratch, { force: true });
rmSync(`${scratch}.work`, { recursive: true, force: true });
for (const row of rows) console.log(row);
console.log(`1M-grant file kept at ${keep}`);
