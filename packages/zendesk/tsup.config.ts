import { packageBuild } from "../../tsup.shared.ts";

export default packageBuild(
  // `mock` is the mock Zendesk tenant for `npm run demo`; it is not published (see "files").
  { index: "src/index.ts", cli: "src/cli.ts", mock: "mock/server.ts" },
  { banner: { js: "#!/usr/bin/env node" }, external: ["msw", "@mswjs/interceptors", "@baton/testing"] },
);
