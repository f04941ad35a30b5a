// Benchmark (not a test): the built `baton grants -o json` on a file with 1,000,000 grants, in a
// child process whose stdout is a pipe read by this process. Prints the output size, the time and the
// child's peak RSS. The file is $BATON_BENCH_FILE, else one written once (with the SDK writer) to
// <tmpdir>/baton-cli-bench-1m.c1z. Run after a build: `pnpm --filter @baton/cli bench`.
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const GRANTS = 1_000_000;

const file = process.env.BATON_BENCH_FILE ?? join(tmpdir(), "baton-cli-bench-1m.c1z");
if (!existsSync(file)) {
  console.log(`writing ${GRANTS} grants to ${file} …`);
  execFileSync(process.execPath, [join(here, "write-grants.mjs"), file, String(GRANTS)], {
    stdio: "inherit",
  });
}

const started = performance.now();
const args = ["--import", join(here, "report-rss.mjs"), join(here, "../dist/cli.js"), "grants", "-o", "json"];
const child = spawn(process.execPath, [...args, "-f", file], { stdio: ["ignore", "pipe", "pipe"] });
let bytes = 0;
let head = "";
let tail = "";
child.stdout.on("data", (chunk) => {
  bytes += chunk.length;
  if (head.length < 11) head += chunk.toString("utf8", 0, 11);
  tail = (tail + chunk.toString("utf8", Math.max(0, chunk.length - 2))).slice(-2);
});
let stderr = "";
child.stderr.on("data", (chunk) => {
  stderr += chunk;
});
const code = await new Promise((resolve) => child.on("close", resolve));
if (code !== 0) throw new Error(`baton exited with ${code}: ${stderr}`);
const { maxRssMB } = JSON.parse(stderr.trim().split("\n").at(-1));
console.log(`node ${process.version}; ${file}`);
console.table([
  {
    command: "baton grants -o json",
    "output MB": +(bytes / 1e6).toFixed(1),
    starts: head.slice(0, 11),
    ends: tail,
    seconds: +((performance.now() - started) / 1000).toFixed(1),
    "peak RSS MB": maxRssMB,
  },
]);
