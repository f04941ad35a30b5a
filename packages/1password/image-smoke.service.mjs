// The fake op's tenant for scripts/image-service.mjs (the image holds the fake op as op, see
// image-smoke.pre.sh): the service account token replaces the Secret's placeholder.
import { chmodSync, copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";

export async function vendor(work) {
  const tenant = join(work, "tenant.json");
  copyFileSync(new URL("./test/fake-op/tenants/business.json", import.meta.url), tenant);
  // The image runs as node (uid 1000): it may write the tenant and its call log.
  chmodSync(work, 0o777);
  chmodSync(tenant, 0o666);
  const { auth } = JSON.parse(readFileSync(tenant, "utf8"));
  return {
    env: {
      OP_SERVICE_ACCOUNT_TOKEN: auth.serviceToken,
      FAKE_OP_TENANT: "/work/tenant.json",
      FAKE_OP_LOG: "/work/calls.jsonl",
    },
    volumes: [`${work}:/work`],
    secrets: [auth.serviceToken],
    close: async () => {},
  };
}
