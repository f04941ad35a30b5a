// What a published tarball must and must not hold. Each check returns problems as one-line strings.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";

/** Files that are for the workspace only: tests, fixtures, mocks, tool configs, secrets, build state. */
const FORBIDDEN = [
  [
    /(^|\/)(test|tests|__tests__|__mocks__|fixtures|mock|mocks|bench)\//,
    "a test, fixture, mock or bench file",
  ],
  [/\.(test|spec|bench)\.[cm]?[jt]sx?(\.map)?$/, "a test file"],
  [/(^|\/)\.env(\.|$)/, "an .env file"],
  [/(^|\/)(tsconfig[^/]*\.json|vitest\.config\.[^/]+|tsup\.config\.[^/]+|turbo\.json)$/, "a tool config"],
  [/\.(tsbuildinfo|c1z|tgz|log)$/, "a build or run artefact"],
  [/(^|\/)src\/.*\.ts$/, "TypeScript source (the package ships dist/)"],
];

/** Export conditions the workspace resolves for its own tests; consumers never set them. */
export const WORKSPACE_CONDITIONS = new Set(["@baton/source"]);

const DEP_FIELDS = ["dependencies", "peerDependencies", "optionalDependencies", "devDependencies"];

export function listFiles(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? listFiles(p, base) : [relative(base, p)];
  });
}

/** Every file an `exports`/`bin`/`main`/`types` entry names (workspace-only conditions aside). */
export function entryFiles(manifest) {
  const out = new Set();
  const walk = (v) => {
    if (typeof v === "string") out.add(normalize(v));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object")
      for (const [k, sub] of Object.entries(v)) if (!WORKSPACE_CONDITIONS.has(k)) walk(sub);
  };
  walk(manifest.exports);
  walk(typeof manifest.bin === "string" ? manifest.bin : Object.values(manifest.bin ?? {}));
  walk(manifest.main);
  walk(manifest.types);
  return [...out].filter((f) => f !== "package.json");
}

const RELATIVE_IMPORT =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g;

/** The .js, .d.ts and .map files reachable from the entries through relative imports. */
function reachable(dir, entries) {
  const seen = new Set();
  const queue = [...entries];
  while (queue.length) {
    const file = queue.pop();
    if (seen.has(file) || !existsSync(join(dir, file))) continue;
    seen.add(file);
    if (existsSync(join(dir, `${file}.map`))) seen.add(`${file}.map`);
    const text = readFileSync(join(dir, file), "utf8");
    for (const [, spec] of text.matchAll(RELATIVE_IMPORT)) {
      const target = normalize(join(dirname(file), spec));
      queue.push(target);
      if (file.endsWith(".d.ts")) queue.push(target.replace(/\.js$/, ".d.ts"));
    }
  }
  return seen;
}

/**
 * Problems of an unpacked package directory (`package/` of the tarball): forbidden or unreachable files,
 * missing README/LICENSE/entries, unpublishable ranges, source maps of tests, engines.
 */
export function tarballProblems(dir, { engines } = {}) {
  const problems = [];
  const files = listFiles(dir);
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));

  for (const f of files) for (const [re, what] of FORBIDDEN) if (re.test(f)) problems.push(`${f} is ${what}`);
  for (const required of ["README.md", "LICENSE"])
    if (!files.includes(required)) problems.push(`no ${required}`);

  for (const bin of typeof manifest.bin === "string" ? [manifest.bin] : Object.values(manifest.bin ?? {})) {
    const help = join(dirname(normalize(bin)), "cli-help.json");
    if (!files.includes(help))
      problems.push(`no ${help}: the binary's --version and --help would load everything`);
  }
  const entries = entryFiles(manifest);
  for (const e of entries) if (!files.includes(e)) problems.push(`entry ${e} is not in the tarball`);
  const used = reachable(dir, entries);
  for (const f of files)
    if (/\.(js|d\.ts|map)$/.test(f) && !used.has(f))
      problems.push(`${f} is not reachable from any entry point (exports, bin)`);

  for (const f of files.filter((x) => x.endsWith(".map"))) {
    // Sources as paths in the package: src/mock/ of the testing kit is product code, test/ is not.
    const sources = (JSON.parse(readFileSync(join(dir, f), "utf8")).sources ?? []).map((s) =>
      normalize(join(dirname(f), s)),
    );
    const bad = sources.filter((s) => /^(test|tests|mock|fixtures|bench)\//.test(s));
    if (bad.length) problems.push(`${f} maps test or mock sources (${bad[0]})`);
  }

  for (const field of DEP_FIELDS)
    for (const [dep, range] of Object.entries(manifest[field] ?? {}))
      if (/^(workspace|catalog|link|file):/.test(range))
        problems.push(`${field}.${dep} is "${range}", not a semver range`);

  if (manifest.type !== "module") problems.push('"type" is not "module"');
  if (!manifest.license) problems.push("no license");
  if (!manifest.engines?.node) problems.push("no engines.node");
  else if (engines && manifest.engines.node !== engines)
    problems.push(`engines.node is "${manifest.engines.node}", the workspace tests "${engines}"`);
  return { manifest, files, problems };
}

/** Tarball and unpacked sizes in bytes. */
export function sizes(tgz, dir) {
  const total = listFiles(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
  return { tarball: statSync(tgz).size, unpacked: total };
}

export function ensureDir(dir) {
  mkdirSync(dir, { recursive: true });
  return dir;
}
