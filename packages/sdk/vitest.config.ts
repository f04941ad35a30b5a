import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["@baton/source"] },
  test: { name: "sdk", environment: "node", testTimeout: 30_000 },
});
