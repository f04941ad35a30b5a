// Serves a mock Acme tenant on 127.0.0.1 until interrupted: `node examples/acme/serve.ts`.
import { serveHandlers } from "@baton/testing";
import { ACME_API_KEY, acmeHandlers } from "./mock.ts";
import { makeTenant } from "./tenant.ts";

const server = await serveHandlers(acmeHandlers(makeTenant()), { port: Number(process.env.PORT ?? 0) });
console.log(`mock Acme API on ${server.url}/api (API key: ${ACME_API_KEY})`);
console.log(
  `try: node examples/acme/cli.ts --base-url ${server.url}/api --api-key ${ACME_API_KEY} -f acme.c1z`,
);
process.on("SIGINT", () => void server.close().then(() => process.exit(0)));
