#!/usr/bin/env node
// Benchmark (not a test): cold start of the inspector and of every connector, as ratios to a bare
// `node -e 0` measured in the same run. Each command runs --runs times (default 15), the
// commands interleaved so that load on the machine hits them alike; wall time is the median, peak RSS
// the median of the child's own maxRSS (a preloaded hook reports it). Targets: --version and --help
// within 2× of `node -e 0`, `baton stats` on a small file within 4×; a miss is printed and makes the
// exit status 1.
//
//   node scripts/bench-startup.mjs [--runs N] [--root DIR]   (DIR: another built checkout, to compare)
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { connectors, root as here } from "./lib/packages.mjs";

const argv = process.argv.slice(2);
const root = argv.includes("--root") ? argv[argv.indexOf("--root") + 1] : here;
const RUNS = argv.includes("--runs") ? Number(argv[argv.indexOf("--runs") + 1]) : 15;
const tmp = mkdtempSync(join(tmpdir(), "baton-startup-"));

// Peak RSS of the measured process itself, written on exit to the file named by the environment.
const hook = join(tmp, "rss.mjs");
writeFileSync(
  hook,
  'import { writeFileSync } from "node:fs";\n' +
    'process.on("exit", () => writeFileSync(process.env.BATON_BENCH_RSS, String(process.resourceUsage().maxRSS)));\n',
);

/** A small .c1z (a few hundred objects): the first connector's sync of its demo mock. */
async function smallC1z() {
  const file = join(tmp, "small.c1z");
  const [c] = connectors();
  const { startMock } = await import(pathToFileURL(join(c.dir, "mock", "dist", "server.js")).href);
  const mock = await startMock({ dir: tmp });
  try {
    const child = spawn(process.execPath, [join(c.dir, "dist", "cli.js"), "-f", file], {
      env: { PATH: [...(mock.path ?? []), process.env.PATH].join(":"), ...mock.env },
      stdio: "ignore",
    });
    const code = await new Promise((resolve) => child.on("close", resolve));
    if (code !== 0) throw new Error(`${c.bin} exited ${code} syncing its demo mock`);
  } finally {
    await mock.close();
  }
  return file;
}

const cli = (pkgDir) => join(root, "packages", pkgDir, "dist", "cli.js");
const cases = [{ label: "node -e 0", args: ["-e", "0"], baseline: true }];
cases.push(
  { label: "baton --version", args: [cli("cli"), "--version"], target: 2 },
  { label: "baton --help", args: [cli("cli"), "--help"], target: 2 },
);
for (const c of connectors()) {
  const dir = c.dir.split("/").pop();
  cases.push(
    { label: `${c.bin} --version`, args: [cli(dir), "--version"], target: 2 },
    { label: `${c.bin} --help`, args: [cli(dir), "--help"], target: 2 },
  );
}

let statsFile;
try {
  statsFile = await smallC1z();
} catch (e) {
  console.error(`no small .c1z for baton stats: ${e.message}`);
}
if (statsFile)
  cases.push({ label: "baton stats (small file)", args: [cli("cli"), "stats", "-f", statsFile], target: 4 });

function once(c, rss) {
  const env = {
    ...process.env,
    ...(rss ? { BATON_BENCH_RSS: join(tmp, "rss"), NODE_OPTIONS: `--import=${pathToFileURL(hook)}` } : {}),
  };
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, c.args, { env, stdio: ["ignore", "ignore", "pipe"] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`${c.label} exited ${r.status}: ${r.stderr}`);
  return rss ? Number(readFileSync(join(tmp, "rss"), "utf8")) / 1024 : ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const times = new Map(cases.map((c) => [c, []]));
const rss = new Map(cases.map((c) => [c, []]));
try {
  for (const c of cases) once(c, false); // warm the file system cache
  for (let i = 0; i < RUNS; i++) for (const c of cases) times.get(c).push(once(c, false));
  for (let i = 0; i < 3; i++) for (const c of cases) rss.get(c).push(once(c, true));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const base = cases[0];
const baseMs = median(times.get(base));
const baseRss = median(rss.get(base));
let missed = 0;
console.log(`node ${process.version}, ${RUNS} runs each, medians; root ${root}`);
console.log(
  `${"command".padEnd(34)} ${"wall ms".padStart(8)} ${"×node".padStart(6)} ${"RSS MB".padStart(7)} ${"×node".padStart(6)}  target`,
);
for (const c of cases) {
  const ms = median(times.get(c));
  const mb = median(rss.get(c));
  const ratio = ms / baseMs;
  const verdict =
    c.target === undefined ? "" : ratio <= c.target ? `≤ ${c.target}× ok` : `≤ ${c.target}× MISSED`;
  if (c.target !== undefined && ratio > c.target) missed++;
  console.log(
    `${c.label.padEnd(34)} ${ms.toFixed(0).padStart(8)} ${ratio.toFixed(2).padStart(6)} ${mb.toFixed(0).padStart(7)} ${(mb / baseRss).toFixed(2).padStart(6)}  ${verdict}`,
  );
}
process.exit(missed ? 1 : 0);
