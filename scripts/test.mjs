#!/usr/bin/env node
// `npm test`: lint, build, typecheck and package checks, then every vitest project, then (in CI, or
// with BATON_RELEASE_TESTS=1 / BATON_IMAGE_TESTS=1) the release tests: every package published to a
// local registry and used from it, container images included.
// Always ends with one line "N passed, N failed" (read by CI).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";

const report = "test-results.json";
rmSync(report, { force: true });

const step = (cmd, args) => spawnSync(cmd, args, { stdio: "inherit" }).status === 0;
const ok =
  step("biome", ["ci", ".", "--colors=off"]) &&
  step("turbo", ["run", "build", "typecheck", "check:package", "--output-logs=errors-only"]);
if (ok) step("vitest", ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`]);

if (!existsSync(report)) {
  console.error(ok ? "vitest wrote no report" : "lint, build or typecheck failed: tests did not run");
  console.log("0 passed, 1 failed");
  process.exit(1);
}
const r = JSON.parse(readFileSync(report, "utf8"));
let passed = r.numPassedTests ?? 0;
// A file that failed without a failing test (e.g. it could not be imported) counts as one failure.
const brokenFiles = (r.testResults ?? []).filter(
  (f) => f.status === "failed" && !(f.assertionResults ?? []).some((a) => a.status === "failed"),
).length;
let failed = (r.numFailedTests ?? 0) + brokenFiles;
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);

// The release tests publish every package to a throwaway local registry and use them as a user
// would; with images they also build and run every connector's container image (root, apt, buildah).
const images = process.env.CI === "true" || process.env.BATON_IMAGE_TESTS === "1";
if (ok && (images || process.env.BATON_RELEASE_TESTS === "1")) {
  const results = "release-results.json";
  rmSync(results, { force: true });
  const started = Date.now();
  step("node", ["scripts/release-test.mjs", "--results", results, ...(images ? ["--images"] : [])]);
  console.log(`release tests took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (existsSync(results)) {
    const rr = JSON.parse(readFileSync(results, "utf8"));
    passed += rr.passed;
    failed += rr.failed;
  } else failed++;
} else if (ok) {
  console.log(
    "\nrelease tests not run: they run in CI, or here with BATON_RELEASE_TESTS=1 (registry, npx, library)" +
      " or BATON_IMAGE_TESTS=1 (and container images: root + apt)",
  );
}

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(r.success === true && failed === 0 && passed > 0 ? 0 : 1);
