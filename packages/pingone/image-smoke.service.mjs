// The mock PingOne for scripts/image-service.mjs: its settings replace the Secret's placeholders.
import { startMock } from "./dist/mock.js";

export async function vendor() {
  const mock = await startMock();
  return {
    env: mock.env,
    volumes: [],
    secrets: [mock.env.BATON_PINGONE_CLIENT_SECRET],
    close: () => mock.close(),
  };
}
