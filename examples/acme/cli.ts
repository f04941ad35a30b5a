// The example connector as a command: `node examples/acme/cli.ts --help` (after `pnpm build`).
// `node examples/acme/serve.ts` starts its mock API on 127.0.0.1 to point --base-url at.
import { main } from "@baton/sdk";
import { acme } from "./connector.ts";

await main(acme);
