// A throwaway npm registry for the release tests: verdaccio on 127.0.0.1, its storage in a temporary
// directory, no uplinks. It serves @baton/* only; npm and pnpm fetch every other package from their
// usual registry, through a scoped `@baton:registry` setting in an npmrc of its own.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { join } from "node:path";
import { root } from "./packages.mjs";

const require = createRequire(join(root, "package.json"));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Runs in the child: verdaccio's server, ended when the parent goes away (stdin closes) or after an
// hour at most, so a crashed test run leaves no registry behind.
const child = `
const { runServer } = require(process.argv[1]);
const [config, port] = process.argv.slice(2);
process.stdin.on("end", () => process.exit(0)).resume();
setTimeout(() => process.exit(0), 3_600_000);
runServer(config).then((app) => app.listen(Number(port), "127.0.0.1", () => console.log("listening")));
`;

/**
 * Starts the registry in `dir` (storage, config, log, npmrc and npm cache all inside it) and signs a
 * user in. `env` points npm and pnpm at it: use it for every command that publishes or installs.
 */
export async function startRegistry(dir) {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const config = join(dir, "verdaccio.yaml");
  writeFileSync(
    config,
    [
      `storage: ${JSON.stringify(join(dir, "storage"))}`,
      "auth:",
      `  htpasswd: { file: ${JSON.stringify(join(dir, "htpasswd"))}, max_users: 1 }`,
      "uplinks: {}",
      "packages:",
      '  "@baton/*": { access: $all, publish: $authenticated, unpublish: $authenticated }',
      '  "**": { access: $all }',
      "log: { type: stdout, format: pretty, level: warn }",
      "web: { enable: false }",
      "",
    ].join("\n"),
  );
  const proc = spawn(process.execPath, ["-e", child, require.resolve("verdaccio"), config, String(port)], {
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, NODE_NO_WARNINGS: "1" },
  });
  let log = "";
  proc.stdout.on("data", (d) => (log += d));
  proc.stderr.on("data", (d) => (log += d));
  const exited = new Promise((resolve) => proc.once("exit", resolve));
  const stop = async () => {
    proc.stdin.end();
    proc.kill();
    await exited;
  };

  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ok = await fetch(`${url}-/ping`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (proc.exitCode !== null || Date.now() > deadline)
        throw new Error(`verdaccio did not start on ${url}:\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const res = await fetch(`${url}-/user/org.couchdb.user:ci`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "ci", password: "ci-registry-only" }),
    });
    const { token } = await res.json();
    if (!token) throw new Error(`verdaccio gave no token (HTTP ${res.status})`);

    const npmrc = join(dir, "npmrc");
    writeFileSync(npmrc, `@baton:registry=${url}\n//127.0.0.1:${port}/:_authToken=${token}\n`);
    const env = {
      npm_config_userconfig: npmrc,
      npm_config_cache: join(dir, "npm-cache"),
      npm_config_update_notifier: "false",
      npm_config_fund: "false",
      npm_config_audit: "false",
    };
    return { url, port, npmrc, env, log: () => log, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
