// A mock Zendesk account served on 127.0.0.1: the test handlers over the generated tenant.
// Used by `npm run demo`, the CLI end-to-end test and the release tests; built to mock/dist/ and not
// part of the published package.
import { type DemoMock, serveHandlers } from "@baton/testing";
import { zendeskHandlers } from "../test/msw/handlers.js";
import { generateTenant } from "../test/msw/tenant.js";

export interface MockZendesk {
  /** Pass as --base-url. */
  url: string;
  /** Credentials the mock accepts: --subdomain, --email, --api-token. */
  subdomain: string;
  email: string;
  apiToken: string;
  close(): Promise<void>;
}

export async function startMockZendesk(o: { port?: number } = {}): Promise<MockZendesk> {
  const tenant = generateTenant();
  const server = await serveHandlers(zendeskHandlers(tenant), o);
  return {
    url: server.url,
    subdomain: tenant.subdomain,
    email: tenant.email,
    apiToken: tenant.apiToken,
    close: server.close,
  };
}

/** The demo mock of the release tests: the connector's settings as BATON_* variables. */
export async function startMock(): Promise<DemoMock> {
  const mock = await startMockZendesk();
  return {
    env: {
      BATON_SUBDOMAIN: mock.subdomain,
      BATON_EMAIL: mock.email,
      BATON_API_TOKEN: mock.apiToken,
      BATON_BASE_URL: mock.url,
    },
    close: mock.close,
  };
}
