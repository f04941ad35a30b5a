#!/usr/bin/env node
// `npm test`: lint, build, typecheck and package checks, then every vitest project.
// Always ends with one line "N passed, N failed" (read by CI).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";

const report = "test-results.json";
rmSync(report, { force: true });

const step = (cmd, args) => spawnSync(cmd, args, { stdio: "inherit" }).status === 0;
const ok =
  step("biome", ["ci", "."]) &&
  step("turbo", ["run", "build", "typecheck", "check:package", "--output-logs=errors-only"]);
if (ok) step("vitest", ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`]);

if (!existsSync(report)) {
  console.error(ok ? "vitest wrote no report" : "lint, build or typecheck failed: tests did not run");
  console.log("0 passed, 1 failed");
  process.exit(1);
}
const r = JSON.parse(readFileSync(report, "utf8"));
const passed = r.numPassedTests ?? 0;
const failed = (r.numFailedTests ?? 0) + (r.numFailedTestSuites ?? 0);
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(r.success === true && failed === 0 && passed > 0 ? 0 : 1);
