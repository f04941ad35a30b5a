// The one place that knows which bundler builds our packages: every package's tsup.config.ts
// calls this, so swapping tsup for another bundler is a change here only.
import { execFileSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { defineConfig, type Options } from "tsup";

const common: Options = {
  format: ["esm"],
  sourcemap: true,
  clean: true,
  target: "node24",
  platform: "node",
  // tsup 9 rewrites `node:sqlite` to `sqlite` by default, which does not exist.
  removeNodeProtocol: false,
};

const HELP_FILE = "dist/cli-help.json";

/**
 * After the build of a binary (`cli` entry): runs it once to record its --version and --help outputs
 * into dist/cli-help.json, from which `launch()` (@baton/sdk/launch) answers them without loading the
 * program.
 */
async function recordCliHelp() {
  rmSync(HELP_FILE, { force: true });
  execFileSync(process.execPath, ["dist/cli.js"], {
    env: { ...process.env, BATON_RECORD_CLI_HELP: HELP_FILE },
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (!existsSync(HELP_FILE))
    console.warn(
      `${HELP_FILE} was not written: src/cli.ts should start the binary with launch() or launchProgram() from @baton/sdk/launch`,
    );
}

export function packageBuild(entry: Record<string, string>, extra: Partial<Options> = {}) {
  return defineConfig({
    ...common,
    entry,
    // Types for the library entries only: a binary (`cli`) is run, never imported.
    dts: {
      entry: Object.fromEntries(Object.entries(entry).filter(([name]) => name !== "cli")),
      compilerOptions: { customConditions: [] },
    },
    splitting: true,
    ...(entry.cli ? { onSuccess: recordCliHelp } : {}),
    ...extra,
  });
}

/**
 * A connector's demo mock (`mock/server.ts` → `mock/dist/server.js`), built on its own so that no
 * chunk of it lands in `dist/` and the published package. Workspace packages and the test kit stay
 * imports: the mock runs inside the workspace only.
 */
export function mockBuild(entry = "mock/server.ts") {
  return defineConfig({
    ...common,
    entry: { server: entry },
    outDir: "mock/dist",
    dts: false,
    external: [/^@baton\//, "msw", /^@mswjs\//, "vitest"],
  });
}
