// A mock JumpCloud organization served on 127.0.0.1: the test handlers over the generated tenant.
// Used by the CLI end-to-end test, the conformance suite and the release tests; built to mock/dist/
// and not part of the published package.
import { type DemoMock, type DemoMockOptions, serveHandlers } from "@baton/testing";
import { jumpcloudHandlers } from "../test/msw/handlers.js";
import { generateTenant } from "../test/msw/tenant.js";

export interface MockJumpCloud {
  /** Pass as --base-url. */
  url: string;
  /** The key the mock accepts (--api-key / BATON_API_KEY). */
  apiKey: string;
  /** The organization; required as --org-id when the mock plays a multi-tenant key (`msp`). */
  orgId: string;
  close(): Promise<void>;
}

export async function startMockJumpCloud(o: { port?: number; msp?: boolean } = {}): Promise<MockJumpCloud> {
  const tenant = generateTenant({ msp: o.msp ?? false });
  const server = await serveHandlers(jumpcloudHandlers(tenant), o.port === undefined ? {} : { port: o.port });
  return { url: server.url, apiKey: tenant.apiKey, orgId: tenant.orgId, close: server.close };
}

/**
 * The mock as the connector's settings in BATON_* variables (the demo, the conformance suite's
 * kill-and-resume runs, the image's service-mode check); `msp` plays a multi-tenant key.
 */
export async function startMock(o: Partial<DemoMockOptions> & { msp?: boolean } = {}): Promise<DemoMock> {
  const mock = await startMockJumpCloud(o);
  return {
    env: {
      BATON_API_KEY: mock.apiKey,
      BATON_BASE_URL: mock.url,
      ...(o.msp && { BATON_ORG_ID: mock.orgId }),
    },
    close: mock.close,
  };
}
