// The SDK's conformance suite against the fake op. op has no paging, so every type is `unpaged`;
// the HTTP fault cases become op's own failures (a 429, a 503, a dropped connection, a command
// slower than the timeout, output cut off, sessions that expire), each once per command.
import { fileURLToPath } from "node:url";
import { parseConfig } from "@baton/sdk";
import { runConformance, type VendorFault } from "@baton/testing";
import { startMock } from "../mock/server.js";
import { onePassword, onePasswordConfig } from "../src/index.js";
import { FakeOp } from "./helpers.js";

const fake = new FakeOp("business");
const configWith = (env: Record<string, string> = {}) =>
  parseConfig(onePasswordConfig, { ...fake.userConfig(), opPath: fake.opPath(env) });
/** Each command's first run misbehaves in this way (the fake op's FAKE_OP_FAULT). */
const once = (fault: string, extra: Record<string, string> = {}): VendorFault => ({
  config: configWith({ FAKE_OP_FAULT: fault, ...extra }),
  injected: () => fake.faults(fault),
});

runConformance({
  connector: onePassword,
  config: configWith(),
  unpaged: ["account", "user", "group", "vault"],
  provisioning: [
    { entitlementId: "group:GENG:member", principal: { type: "user", id: "UDAN" } },
    { entitlementId: "vault:VPRIV:view items", principal: { type: "group", id: "GOPS" } },
  ],
  vendorFaults: {
    "op answers (429) Too Many Requests once per command": once("rate-limited"),
    "op answers (503) Service Unavailable once per command": once("unavailable"),
    "op's connection is reset once per command": once("reset"),
    "op prints output cut off once per command": once("malformed"),
    "each command is slower than the timeout once": {
      ...once("slow", { FAKE_OP_SLOW_MS: "3000" }),
      syncOptions: { httpTimeoutMs: 1_000 },
    },
    "sessions expire after every 5 commands": {
      config: configWith({ FAKE_OP_SESSION_TTL: "5" }),
      injected: () => fake.expiredSessions(5),
    },
  },
  cli: { bin: fileURLToPath(new URL("../dist/cli.js", import.meta.url)), mock: startMock },
});
