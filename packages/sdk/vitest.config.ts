import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

const src = (p: string) => fileURLToPath(new URL(`./src/${p}`, import.meta.url));

export default defineProject({
  resolve: {
    conditions: ["@baton/source"],
    // The examples import the package by name (as users do); tests run them against the sources.
    alias: [
      { find: /^@baton\/sdk\/testing$/, replacement: src("testing/index.ts") },
      { find: /^@baton\/sdk$/, replacement: src("index.ts") },
    ],
  },
  test: { name: "sdk", environment: "node", testTimeout: 30_000 },
});
