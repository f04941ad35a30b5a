import { defineConnector } from "@baton/sdk";
import pkg from "../package.json" with { type: "json" };
import { OnePasswordClient } from "./client.js";
import { config } from "./config.js";
import { account } from "./resources/account.js";
import { group } from "./resources/group.js";
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
  client: (c, { log, signal, secrets }) => new OnePasswordClient({ ...c, log, signal, secrets }),
  async validate({ client }) {
    await client.whoami();
  },
  // Sync order of the Go connector: user, group, account, vault.
  resourceTypes: [user, group, account, vault],
});

export default onePassword;
export { OnePasswordClient } from "./client.js";
export { config as onePasswordConfig, type OnePasswordConfig } from "./config.js";
