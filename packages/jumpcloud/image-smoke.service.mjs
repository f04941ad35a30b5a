// The mock JumpCloud for scripts/image-service.mjs: its settings replace the Secret's placeholders.
import { startMock } from "./dist/mock.js";

export async function vendor() {
  const mock = await startMock();
  return { env: mock.env, volumes: [], secrets: [mock.env.BATON_API_KEY], close: () => mock.close() };
}
