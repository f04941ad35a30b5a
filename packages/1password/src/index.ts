import { defineConnector } from "@baton/sdk";
import pkg from "../package.json" with { type: "json" };
import { OnePasswordClient } from "./client.js";
import { config } from "./config.js";
import { account } from "./resources/account.js";
import { group } from "./resources/group.js";
import { accountOf } from "./resources/shared.js";
import { user } from "./resources/user.js";
import { vault } from "./resources/vault.js";

export const onePassword = defineConnector({
  name: "1password",
  displayName: "1Password",
  description:
    "Connector that syncs users, groups, accounts, vaults and permissions from 1Password to Baton.",
  helpUrl: "https://www.conductorone.com/docs/baton/1password",
  version: pkg.version,
  config,
  client: (c, { log, signal, secrets, timeoutMs }) =>
    new OnePasswordClient({ ...c, log, signal, secrets, timeoutMs }),
  async validate(ctx) {
    await ctx.client.whoami();
    // The account itself (op account get's id): a rerun signed in to another account never resumes
    // this one's interrupted sync.
    return { accountId: (await accountOf(ctx)).id };
  },
  // Every call starts an op process: a few at once keep a sync fast without flooding the machine
  // or 1Password's rate limits.
  maxWorkers: 4,
  // Sync order of the Go connector: user, group, account, vault.
  resourceTypes: [user, group, account, vault],
});

export default onePassword;
export { OnePasswordClient } from "./client.js";
export { config as onePasswordConfig, type OnePasswordConfig } from "./config.js";
