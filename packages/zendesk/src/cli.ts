// The `baton-zendesk` binary (the build adds the #!/usr/bin/env node line).
import { main } from "@baton/sdk";
import { zendesk } from "./index.js";

await main(zendesk);
