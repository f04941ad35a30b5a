// The `baton-ziphq` binary (the build adds the #!/usr/bin/env node line).
import { main } from "@baton/sdk";
import { ziphq } from "./index.js";

await main(ziphq);
