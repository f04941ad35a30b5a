// The `baton-1password` binary (the build adds the #!/usr/bin/env node line).
import { main } from "@baton/sdk";
import { onePassword } from "./index.js";

await main(onePassword);
