import { packageBuild } from "../../tsup.shared.ts";

export default packageBuild(
  // `mock` is the mock JumpCloud organization for demos and the image check; it is not published (see "files").
  { index: "src/index.ts", cli: "src/cli.ts", mock: "mock/server.ts" },
  { banner: { js: "#!/usr/bin/env node" }, external: ["msw", "@mswjs/interceptors", "@baton/testing"] },
);
