// Benchmark (not a test): the built `baton diff` on a file whose older full sync has N users
// (default 200,000) and whose newer one has 1, so N - 1 objects are deleted. Runs in a child process
// whose stdout is a pipe read by this process; prints the exit status, output size, time and the
// child's peak RSS.
// Run after a build: `pnpm --filter @baton/cli bench`; BENCH_DIFF_USERS=n changes N.
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeDeletedUsers } from "./deleted-users.ts";

const here = fileURLToPath(new URL(".", import.meta.url));
const USERS = Number(process.env.BENCH_DIFF_USERS ?? 200_000);
const file = join(tmpdir(), `baton-diff-bench-${process.pid}.c1z`);

await writeDeletedUsers(file, USERS);

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
