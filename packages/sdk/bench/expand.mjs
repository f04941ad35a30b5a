// Grant-expansion benchmark (not a test): three graph shapes at N and 2N, each run in a fresh
// process, timing expandGrants alone (see expand-worker.ts). Linear work doubles from N to 2N;
// quadratic work quadruples. CPU time is the stable figure on a shared machine; BENCH_EXPAND_N sets
// N (default 25,000).
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileWorker, runWorker } from "./worker.mjs";

const N = Number(process.env.BENCH_EXPAND_N ?? 25_000);
const out = join(tmpdir(), `baton-expand-bench-${process.pid}.c1z`);
const worker = compileWorker("expand-worker");
const run = (shape, n) => runWorker(worker, [shape, n, out]);

console.log(`grant expansion — node ${process.version}, N = ${N}`);
const rows = [];
for (const shape of ["members", "fanout", "nested"]) {
  const small = run(shape, N);
  const large = run(shape, 2 * N);
  rows.push({
    shape,
    [`grants changed at ${N}`]: small.changes,
    [`CPU s at ${N}`]: +(small.cpuMs / 1000).toFixed(2),
    [`CPU s at ${2 * N}`]: +(large.cpuMs / 1000).toFixed(2),
    "CPU ratio (2 = linear)": +(large.cpuMs / small.cpuMs).toFixed(2),
    "wall ratio": +(large.ms / small.ms).toFixed(2),
  });
}
console.table(rows);
