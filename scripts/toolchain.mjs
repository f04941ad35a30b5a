#!/usr/bin/env node
// Runs a root script with the pinned toolchain (Node 24 + pnpm 12), installing both from the
// npm registry into the git-ignored .tools/ folder when the running Node is older.
// Must stay runnable by Node >= 20 with only npm available: no dependencies, no TypeScript.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const NODE_VERSION = "24.21.0";
const NODE_MIN = [24, 15]; // node:sqlite is warning-free from 24.15
const PNPM_VERSION = "12.21.0";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const tools = join(root, ".tools");
const say = (msg) => process.stderr.write(`[toolchain] ${msg}\n`);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...opts });
  if (r.error) {
    say(`could not run ${cmd}: ${r.error.message}`);
    process.exit(1);
  }
  return r.status ?? 1;
}

function npmInstall(prefix, spec, ignoreScripts) {
  say(`installing ${spec} into ${prefix} (once)`);
  const args = ["install", "--prefix", prefix, "--no-save", "--no-audit", "--no-fund", "--loglevel=error"];
  if (ignoreScripts) args.push("--ignore-scripts");
  const status = run(process.platform === "win32" ? "npm.cmd" : "npm", [...args, spec]);
  if (status !== 0) {
    say(`npm could not install ${spec}; check your access to the npm registry and retry`);
    process.exit(status);
  }
}

function nodeIsRecentEnough() {
  const [maj, min] = process.versions.node.split(".").map(Number);
  return maj > NODE_MIN[0] || (maj === NODE_MIN[0] && min >= NODE_MIN[1]);
}

function ensureNode() {
  if (nodeIsRecentEnough()) return dirname(process.execPath);
  const pkg = `node-${process.platform}-${process.arch}`;
  const prefix = join(tools, `node-${NODE_VERSION}`);
  const bin = join(prefix, "node_modules", pkg, "bin");
  if (!existsSync(join(bin, "node"))) npmInstall(prefix, `${pkg}@${NODE_VERSION}`, true);
  return bin;
}

function ensurePnpm() {
  const prefix = join(tools, `pnpm-${PNPM_VERSION}`);
  const bin = join(prefix, "node_modules", ".bin");
  if (!existsSync(join(bin, "pnpm"))) npmInstall(prefix, `pnpm@${PNPM_VERSION}`, false);
  return bin;
}

function ensureDependencies(env) {
  const lock = join(root, "pnpm-lock.yaml");
  const stamp = join(root, "node_modules", ".baton-install-stamp");
  const manifests = [lock, join(root, "package.json"), join(root, "pnpm-workspace.yaml")];
  const hash = createHash("sha256");
  for (const f of manifests) if (existsSync(f)) hash.update(readFileSync(f));
  const digest = hash.digest("hex");
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === digest) return;
  say("installing dependencies with pnpm");
  const status = run("pnpm", ["install", "--frozen-lockfile", "--reporter=append-only"], { env });
  if (status !== 0) process.exit(status);
  writeFileSync(stamp, digest);
}

const [mode, script, ...rest] = process.argv.slice(2);
if (mode !== "run" || !script) {
  say("usage: node scripts/toolchain.mjs run <script> [args...]");
  process.exit(2);
}
const PATH = [ensureNode(), ensurePnpm(), process.env.PATH ?? ""].join(delimiter);
const env = { ...process.env, PATH, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" };
ensureDependencies(env);
process.exit(run("pnpm", ["run", "--silent", script, ...rest], { env }));
