// The `baton-jumpcloud` binary (the build adds the #!/usr/bin/env node line).
import { main } from "@baton/sdk";
import { jumpcloud } from "./index.js";

await main(jumpcloud);
