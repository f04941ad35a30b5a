// The `baton-pingone` binary, also installed as `baton-ping-one` (the build adds the #!/usr/bin/env node line).
import { main } from "@baton/sdk";
import { pingone } from "./index.js";

await main(pingone);
