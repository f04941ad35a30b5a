import { defineProject } from "vitest/config";

// Tests of the repository's own scripts: generated files, release flow, package contents.
export default defineProject({
  test: { name: "scripts", environment: "node", include: ["test/**/*.test.mjs"], testTimeout: 60_000 },
});
