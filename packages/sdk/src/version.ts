import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The version in the nearest package.json above a module: `packageVersion(import.meta.url)`.
 * Works from sources and from the bundled dist/ alike.
 */
export function packageVersion(moduleUrl: string): string {
  let dir = dirname(fileURLToPath(moduleUrl));
  for (;;) {
    const file = join(dir, "package.json");
    if (existsSync(file)) return String(JSON.parse(readFileSync(file, "utf8")).version ?? "0.0.0");
    const up = dirname(dir);
    if (up === dir) return "0.0.0";
    dir = up;
  }
}
