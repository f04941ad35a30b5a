// The `baton-jumpcloud` binary (the build adds the #!/usr/bin/env node line). --version and --help
// come from the outputs the build recorded; other commands load the connector.
import { launch } from "@baton/sdk/launch";

await launch(import.meta.url, async () => (await import("./index.js")).jumpcloud);
