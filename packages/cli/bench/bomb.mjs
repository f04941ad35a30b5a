// Benchmark (not a test): the built `baton stats` on decompression bombs, in a child process whose
// TMPDIR is a fresh directory watched by this process. Prints, per file, the exit status, the
// error line, the time to it and the most bytes the temporary directory held.
//   zeros:  C1ZF + zstd of 1 GiB of zero bytes (33 KB), the audit's file.
//   sqlite: the same, but the payload starts with a SQLite header that declares a 1 GiB database,
//           run with --max-decompressed-size 256MiB;
//   undeclared: a SQLite header without a page count and zstd frames without a content size
//           (nothing declares the size), same limit.
// Run after a build: `pnpm --filter @baton/cli bench`.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { constants as z, zstdCompressSync } from "node:zlib";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const GiB = 1 << 30;
const CHUNK = 64 << 20;
const work = mkdtempSync(join(tmpdir(), "baton-bomb-"));

/** C1ZF + one zstd frame of `size` bytes, compressed chunk by chunk (a 1 GiB buffer is not needed). */
function bomb(name, head, size, contentSize = true) {
  const frames = [Buffer.from("C1ZF\0", "latin1")];
  const params = { [z.ZSTD_c_compressionLevel]: 19, [z.ZSTD_c_contentSizeFlag]: contentSize ? 1 : 0 };
  for (let at = 0; at < size; at += CHUNK) {
    const chunk = Buffer.alloc(Math.min(CHUNK, size - at));
    if (at === 0) head.copy(chunk);
    frames.push(zstdCompressSync(chunk, { params }));
  }
  const path = join(work, name);
  writeFileSync(path, Buffer.concat(frames));
  return path;
}

/** A SQLite header (100 bytes) of a database of 4096-byte pages declaring `size` bytes. */
function sqliteHeader(size, declare = true) {
  const h = Buffer.alloc(100);
  h.write("SQLite format 3\0", 0, "latin1");
  h.writeUInt16BE(4096, 16);
  h[18] = 1;
  h[19] = 1;
  h[21] = 64;
  h[22] = 32;
  h[23] = 32;
  h.writeUInt32BE(1, 24);
  h.writeUInt32BE(declare ? size / 4096 : 0, 28);
  h.writeUInt32BE(1, 92);
  h.writeUInt32BE(3053004, 96);
  return h;
}

function bytesUnder(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile())
      try {
        total += statSync(join(entry.parentPath, entry.name)).size;
      } catch {}
  return total;
}

async function run(file, extra) {
  const tmp = join(work, `tmp-${Math.random().toString(36).slice(2)}`);
  mkdirSync(tmp);
  const started = performance.now();
  const child = spawn(process.execPath, [cli, "stats", "-f", file, ...extra], {
    env: { ...process.env, TMPDIR: tmp },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, bytesUnder(tmp));
  }, 10);
  const code = await new Promise((resolve) => child.on("close", resolve));
  clearInterval(timer);
  const seconds = (performance.now() - started) / 1000;
  const left = bytesUnder(tmp);
  return { code, seconds, peak, left, error: stderr.trim() };
}

const zeros = bomb("zeros.c1z", Buffer.alloc(0), GiB);
const headed = bomb("sqlite.c1z", sqliteHeader(GiB), GiB);
const undeclared = bomb("undeclared.c1z", sqliteHeader(GiB, false), GiB, false);
console.log(
  `node ${process.version}; zeros.c1z ${statSync(zeros).size} B, sqlite.c1z ${statSync(headed).size} B`,
);
const rows = [];
for (const [name, file, extra] of [
  ["zeros (default cap)", zeros, []],
  ["sqlite header, --max-decompressed-size 256MiB", headed, ["--max-decompressed-size", "256MiB"]],
  ["undeclared, --max-decompressed-size 256MiB", undeclared, ["--max-decompressed-size", "256MiB"]],
]) {
  const r = await run(file, extra);
  rows.push({
    file: name,
    exit: r.code,
    seconds: +r.seconds.toFixed(2),
    "peak temp MB": +(r.peak / 1e6).toFixed(1),
    "left behind B": r.left,
    error: r.error.slice(0, 140),
  });
}
rmSync(work, { recursive: true, force: true });
for (const row of rows) console.log(row);
