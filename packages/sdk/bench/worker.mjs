// Benchmark workers: each measurement runs in a fresh process (so its peak RSS is its own) and prints
// one JSON line last. Workers importing ../src are compiled with tsc into node_modules/.cache first,
// so the measured code runs as plain JavaScript like the published package.
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const pkg = fileURLToPath(new URL("..", import.meta.url));

/** Compiles bench/<name>.ts; returns the path of the JavaScript. */
export function compileWorker(name) {
  const build = join(pkg, "node_modules", ".cache", name);
  rmSync(build, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  // biome-ignore format: one flag per pair
  execFileSync(process.execPath, [
    tsc, "--ignoreConfig", "--outDir", build, "--rootDir", pkg,
    "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2024", "--types", "node",
    "--skipLibCheck", "--rewriteRelativeImportExtensions", "--declaration", "false", "--sourceMap", "false",
    join(pkg, "bench", `${name}.ts`),
  ], { stdio: "inherit" });
  return join(build, "bench", `${name}.js`);
}

/** Runs a worker with these arguments and returns the JSON of its last stdout line. */
export const runWorker = (worker, args) =>
  JSON.parse(
    execFileSync(process.execPath, [worker, ...args.map(String)], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    })
      .trim()
      .split("\n")
      .at(-1),
  );
