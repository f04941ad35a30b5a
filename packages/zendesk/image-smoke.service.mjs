// The mock Zendesk for scripts/image-service.mjs: its settings replace the Secret's placeholders.
import { startMockZendesk } from "./dist/mock.js";

export async function vendor() {
  const mock = await startMockZendesk();
  return {
    env: {
      BATON_SUBDOMAIN: mock.subdomain,
      BATON_EMAIL: mock.email,
      BATON_API_TOKEN: mock.apiToken,
      BATON_BASE_URL: mock.url,
    },
    volumes: [],
    secrets: [mock.apiToken],
    close: () => mock.close(),
  };
}
