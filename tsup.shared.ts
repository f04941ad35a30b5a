// The one place that knows which bundler builds our packages: every package's tsup.config.ts
// calls this, so swapping tsup for another bundler is a change here only.
import { defineConfig, type Options } from "tsup";

export function packageBuild(entry: Record<string, string>, extra: Partial<Options> = {}) {
  return defineConfig({
    entry,
    format: ["esm"],
    dts: { compilerOptions: { customConditions: [] } },
    sourcemap: true,
    clean: true,
    target: "node24",
    platform: "node",
    // tsup 9 rewrites `node:sqlite` to `sqlite` by default, which does not exist (toolchain.md §2.3).
    removeNodeProtocol: false,
    splitting: true,
    ...extra,
  });
}
