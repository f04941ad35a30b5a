#!/usr/bin/env node
// `npm run demo`: the Zendesk connector syncs a built-in mock Zendesk account (served on 127.0.0.1)
// into ./sync.c1z, then the baton inspector shows what it found. Runs on the built packages.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const { startMockZendesk } = await import(join(root, "packages/zendesk/mock/dist/server.js"));
const zendeskCli = join(root, "packages/zendesk/dist/cli.js");
const batonCli = join(root, "packages/cli/dist/cli.js");

// Children run asynchronously: the mock server lives in this process and must keep answering.
async function step(title, cli, args, env = {}) {
  console.log(`\n$ ${title}`);
  const child = spawn(process.execPath, [cli, ...args], {
    stdio: "inherit",
    cwd: root,
    env: { ...process.env, ...env },
  });
  const status = await new Promise((resolve) => child.on("close", resolve));
  if (status !== 0) {
    console.error(`demo: "${title}" failed (exit ${status})`);
    process.exitCode = status ?? 1;
    return false;
  }
  return true;
}

const mock = await startMockZendesk();
console.log(`Mock Zendesk account "${mock.subdomain}" listening on ${mock.url}`);
try {
  const synced = await step(
    `baton-zendesk --subdomain ${mock.subdomain} --email ${mock.email} --base-url ${mock.url} -f sync.c1z   (API token from $BATON_API_TOKEN)`,
    zendeskCli,
    [
      "--subdomain",
      mock.subdomain,
      "--email",
      mock.email,
      "--base-url",
      mock.url,
      "-f",
      "sync.c1z",
      "--log-format",
      "console",
    ],
    { BATON_API_TOKEN: mock.apiToken },
  );
  if (synced) {
    await step("baton stats -f sync.c1z", batonCli, ["stats", "-f", "sync.c1z"]);
    await step("baton resources -f sync.c1z -t role", batonCli, [
      "resources",
      "-f",
      "sync.c1z",
      "-t",
      "role",
    ]);
    console.log(
      "\nExplore it further with the inspector: node packages/cli/dist/cli.js <resources|entitlements|grants|access|…> -f sync.c1z" +
        "\n(published as `npx @baton/cli …`; see packages/cli/README.md)",
    );
  }
} finally {
  await mock.close();
}
