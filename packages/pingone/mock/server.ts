// A mock PingOne environment served on 127.0.0.1 (auth host and Platform API on one origin): the test
// handlers over the generated tenant. Used by the CLI end-to-end test and the release tests; built to
// mock/dist/ and not part of the published package.
import { type DemoMock, serveHandlers } from "@baton/testing";
import { type MockOptions, pingoneHandlers } from "../test/msw/handlers.js";
import { generateTenant } from "../test/msw/tenant.js";

export interface MockPingOne {
  /** Pass as --pingone-api-url. */
  apiUrl: string;
  /** Pass as --pingone-auth-url. */
  authUrl: string;
  /** Credentials the mock accepts: --pingone-environment-id, --pingone-client-id, --pingone-client-secret. */
  environmentId: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

export async function startMockPingOne(o: { port?: number; mock?: MockOptions } = {}): Promise<MockPingOne> {
  const tenant = generateTenant();
  const server = await serveHandlers(pingoneHandlers(tenant, o.mock), { ...(o.port && { port: o.port }) });
  return {
    apiUrl: `${server.url}/v1`,
    authUrl: server.url,
    environmentId: tenant.environmentId,
    clientId: tenant.clientId,
    clientSecret: tenant.clientSecret,
    close: server.close,
  };
}

/** The demo mock: the connector's settings as BATON_* variables. */
export async function startMock(): Promise<DemoMock> {
  const mock = await startMockPingOne();
  return {
    env: {
      BATON_PINGONE_CLIENT_ID: mock.clientId,
      BATON_PINGONE_CLIENT_SECRET: mock.clientSecret,
      BATON_PINGONE_ENVIRONMENT_ID: mock.environmentId,
      BATON_PINGONE_API_URL: mock.apiUrl,
      BATON_PINGONE_AUTH_URL: mock.authUrl,
    },
    close: mock.close,
  };
}
