// A mock Zip tenant served on 127.0.0.1: the test handlers over the generated tenant.
// Used by the CLI end-to-end test and the image check; not part of the published package.
import { type DemoMock, serveHandlers } from "@baton/testing";
import { zipHandlers } from "../test/msw/handlers.js";
import { generateTenant, type Tenant } from "../test/msw/tenant.js";

export interface MockZip {
  /** Pass as --baton-ziphq-base-url. */
  url: string;
  /** The key the mock accepts: --baton-ziphq-api-key. */
  apiKey: string;
  /** The tenant it serves, changed by the connector's writes. */
  tenant: Tenant;
  close(): Promise<void>;
}

export async function startMockZip(o: { port?: number } = {}): Promise<MockZip> {
  const tenant = generateTenant();
  const server = await serveHandlers(zipHandlers(tenant), o);
  return { url: server.url, apiKey: tenant.apiKey, tenant, close: server.close };
}

/** The mock as the connector's settings, as BATON_* variables (for demos and release checks). */
export async function startMock(): Promise<DemoMock> {
  const mock = await startMockZip();
  return {
    env: { BATON_BATON_ZIPHQ_API_KEY: mock.apiKey, BATON_BATON_ZIPHQ_BASE_URL: mock.url },
    close: mock.close,
  };
}
