#!/usr/bin/env node
// `npm test`: lint, build, typecheck and package checks, then every vitest project, then (in CI, or
// with BATON_IMAGE_TESTS=1) the container-image smoke test of every package with a Dockerfile.
// Always ends with one line "N passed, N failed" (read by CI).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

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

// Image smoke tests need root, apt and buildah/podman (installed by the script every time).
const images = readdirSync("packages").filter((p) => existsSync(join("packages", p, "Dockerfile")));
if (process.env.CI === "true" || process.env.BATON_IMAGE_TESTS === "1") {
  for (const p of images) {
    console.log(`\n=== image smoke test: packages/${p}`);
    if (step("bash", ["scripts/image-smoke.sh", join("packages", p)])) passed++;
    else failed++;
  }
} else if (images.length) {
  console.log(
    `\nimage smoke tests (${images.join(", ")}) not run: they run in CI, or here with BATON_IMAGE_TESTS=1 (root + apt)`,
  );
}

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(r.success === true && failed === 0 && passed > 0 ? 0 : 1);
