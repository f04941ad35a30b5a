import { packageBuild } from "../../tsup.shared.ts";

export default packageBuild(
  // `mock` is the mock PingOne environment for `npm run demo` and the CLI tests; it is not published
  // (see "files").
  { index: "src/index.ts", cli: "src/cli.ts", mock: "mock/server.ts" },
  { banner: { js: "#!/usr/bin/env node" }, external: ["msw", "@mswjs/interceptors", "@baton/testing"] },
);
