// The SDK's conformance suite against the fake op. op has no paging, so every type is `unpaged`;
// the HTTP failure checks do not apply (no HTTP) — op's own failure modes are in runner/session tests.
import { parseConfig } from "@baton/sdk";
import { runConformance } from "@baton/testing";
import { onePassword, onePasswordConfig } from "../src/index.js";
import { FakeOp } from "./helpers.js";

const fake = new FakeOp("business");

runConformance({
  connector: onePassword,
  config: parseConfig(onePasswordConfig, { ...fake.userConfig(), opPath: fake.opPath() }),
  unpaged: ["account", "user", "group", "vault"],
  provisioning: [
    { entitlementId: "group:GENG:member", principal: { type: "user", id: "UDAN" } },
    { entitlementId: "vault:VPRIV:view items", principal: { type: "group", id: "GOPS" } },
  ],
});
