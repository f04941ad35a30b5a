import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["@baton/source"] },
  test: { name: "1password", environment: "node", testTimeout: 30_000 },
});
