// The demo mock of the release tests: the fake op (test/fake-op/op) over a copy of the business
// tenant, signed in as its user. Built to mock/dist/ and not part of the published package.
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DemoMock, DemoMockOptions } from "@baton/testing";

/** The package directory, from mock/ (sources) or mock/dist/ (the build). */
function packageDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) dir = dirname(dir);
  return dir;
}

export async function startMock({ dir, dirInConnector = dir }: DemoMockOptions): Promise<DemoMock> {
  const fakeOp = join(packageDir(), "test", "fake-op");
  const tenant = join(dir, "tenant.json");
  copyFileSync(join(fakeOp, "tenants", "business.json"), tenant);
  const { auth } = JSON.parse(readFileSync(tenant, "utf8"));
  return {
    env: {
      FAKE_OP_TENANT: `${dirInConnector}/tenant.json`,
      FAKE_OP_LOG: `${dirInConnector}/op-calls.jsonl`,
      BATON_ADDRESS: auth.address,
      BATON_EMAIL: auth.email,
      BATON_SECRET_KEY: auth.secretKey,
      BATON_PASSWORD: auth.password,
    },
    path: [fakeOp],
    close: async () => {},
  };
}
