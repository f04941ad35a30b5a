import { defineProject } from "vitest/config";

// Workspace packages resolve to their TypeScript sources (the "@baton/source" export condition);
// vitest runs in Vite's SSR environment, which takes its own conditions.
const conditions = ["@baton/source"];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: { name: "jumpcloud", environment: "node", testTimeout: 30_000 },
});
