#!/usr/bin/env node
// Service mode inside a connector's image, run by scripts/image-smoke.sh (podman set up, IMAGE and
// PACKAGE_DIR set): the container gets the environment of the package's deploy/kubernetes manifests
// (the Secret's keys and the Deployment's env, ConductorOne's credentials replaced by a fake
// ConductorOne's on 127.0.0.1), with a read-only root filesystem and /tmp as its only writable place.
// It must say Hello, run one sync task and upload a valid .c1z, then exit 0 within 10 s of SIGTERM.
// <package-dir>/image-smoke.service.mjs exports `vendor(workDir)`: the mock vendor's settings
// ({ env, volumes, close }) that replace the Secret's placeholders.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const { IMAGE, PACKAGE_DIR } = process.env;
if (!IMAGE || !PACKAGE_DIR) throw new Error("IMAGE and PACKAGE_DIR must be set");
const root = resolve(import.meta.dirname, "..");
const testing = await import(pathToFileURL(join(root, "packages/testing/dist/index.js")).href);
const c1z = await import(pathToFileURL(join(root, "packages/sdk/dist/c1z.js")).href);
const hook = await import(pathToFileURL(join(PACKAGE_DIR, "image-smoke.service.mjs")).href);

const fail = (msg) => {
  throw new Error(`FAIL: ${msg}`);
};
const podman = (...args) => execFileSync("podman", args, { encoding: "utf8" }).trim();

const work = mkdtempSync(join(tmpdir(), "image-service-"));
chmodSync(work, 0o755);
const c1 = await testing.startFakeConductorOne({ nextPollMs: 200 });
const vendor = await hook.vendor(work);
const name = `image-service-${process.pid}`;
const started = Date.now();
try {
  // The environment a pod of deployment.yaml gets: the Secret (envFrom), then the container's env.
  const m = testing.readKubernetesManifests(join(PACKAGE_DIR, "deploy/kubernetes"));
  const container = m.deployment.spec.template.spec.containers[0];
  const env = { ...m.secret.stringData };
  for (const e of container.env ?? []) if (e.value !== undefined) env[e.name] = e.value;
  Object.assign(env, {
    BATON_CLIENT_ID: c1.env.BATON_CLIENT_ID,
    BATON_CLIENT_SECRET: c1.env.BATON_CLIENT_SECRET,
    BATON_C1_API_HOST: c1.env.BATON_C1_API_HOST,
    NODE_EXTRA_CA_CERTS: "/ca/ca.pem",
    ...vendor.env,
  });
  const left = Object.entries(env).filter(([, v]) => String(v).startsWith("<"));
  if (left.length) fail(`no test value for ${left.map(([k]) => k).join(", ")}`);
  const envFile = join(work, "env");
  writeFileSync(
    envFile,
    Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join("\n"),
    { mode: 0o600 },
  );
  const caDir = join(work, "ca");
  execFileSync("mkdir", ["-p", caDir]);
  writeFileSync(join(caDir, "ca.pem"), c1.caPem, { mode: 0o644 });

  podman(
    "run",
    "-d",
    "--name",
    name,
    "--network",
    "host",
    "--read-only",
    "--tmpfs",
    "/tmp:rw,mode=1777",
    "--cap-drop",
    "all",
    "--security-opt",
    "no-new-privileges",
    "-v",
    `${caDir}:/ca:ro`,
    ...vendor.volumes.flatMap((v) => ["-v", v]),
    "--env-file",
    envFile,
    IMAGE,
  );
  const logs = () => spawnSync("podman", ["logs", name], { encoding: "utf8" }).stderr;
  try {
    await c1.waitFor("the startup Hello", () => c1.hellos.length > 0, 30_000);
  } catch (e) {
    console.error(logs());
    throw e;
  }
  console.log(
    `hello: ${c1.hellos[0].buildInfo.package} ${c1.hellos[0].buildInfo.packageVersion}, ${c1.hellos[0].buildInfo.langVersion}`,
  );
  const id = c1.addTask({ taskType: { case: "syncFull", value: {} } });
  const fin = await c1.waitForFinish(id, 120_000);
  if (fin.finalState.case !== "success") fail(`the sync task failed: ${fin.status?.message}\n${logs()}`);
  const store = await c1.openAsset(c1.assets(id)[0]);
  const sync = store.latestFinishedSync();
  const problems = c1z.validateSync(store, sync.id);
  const counts = store.counts(sync.id);
  store.close();
  if (problems.length || counts.resources === 0)
    fail(`the upload is not a valid sync: ${problems.join("; ")}`);
  console.log(
    `sync task: uploaded ${c1.assets(id)[0].length} bytes, ${counts.resources} resources, ${counts.grants} grants`,
  );

  const signalled = Date.now();
  podman("kill", "--signal", "TERM", name);
  const code = Number(podman("wait", name));
  const tookMs = Date.now() - signalled;
  if (code !== 0) fail(`exit ${code} after SIGTERM\n${logs()}`);
  if (tookMs > 10_000) fail(`took ${tookMs} ms to stop after SIGTERM`);
  const lines = logs().trim().split("\n");
  const notJson = lines.filter((l) => {
    try {
      JSON.parse(l);
      return false;
    } catch {
      return true;
    }
  });
  if (notJson.length) fail(`log lines that are not JSON: ${notJson.slice(0, 3).join(" | ")}`);
  for (const secret of [c1.env.BATON_CLIENT_SECRET.split(":")[3], ...vendor.secrets])
    if (lines.some((l) => l.includes(secret))) fail("the log shows a secret");
  console.log(
    `SIGTERM: exit 0 after ${tookMs} ms; ${lines.length} JSON log lines; service mode took ${Date.now() - started} ms`,
  );
} finally {
  spawnSync("podman", ["rm", "--force", name], { stdio: "ignore" });
  await vendor.close();
  await c1.close();
  rmSync(work, { recursive: true, force: true });
}
