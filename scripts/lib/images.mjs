// The container-image part of the release tests: every connector's image built from
// docker/connector.Dockerfile with the packages of the local registry, in one pass and without a
// Docker engine (buildah, podman with runc; scripts/image-base.sh sets them up), then run the way
// ConductorOne documents it: a one-shot sync writing to a mounted directory.
//
// ConductorOne's one-shot form, a sync writing to a mounted directory, and service mode as the
// connector's generated deploy/kubernetes manifests configure it, against a fake ConductorOne. The
// same checks for every connector, each against its demo mock (mock/dist/server.js).
//
// A connector may add two scripts, run with the container configuration in the environment and
// PACKAGE_DIR, IMAGE, BIN and VERSION set: image-smoke.pre.sh before its build (e.g. a stand-in for
// an image the build copies from) and image-smoke.extra.sh after the checks below.
import { chownSync, existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { connectors, imageBuildArgs, publishedPackages, root } from "./packages.mjs";
import { mb, must, run } from "./run.mjs";
import { ensureDir } from "./tarball.mjs";

const work = join(root, ".image-work");
const containerEnv = () => ({
  ...process.env,
  CONTAINERS_STORAGE_CONF: join(work, "storage.conf"),
  CONTAINERS_CONF: join(work, "containers.conf"),
  BUILDAH_ISOLATION: "chroot",
  TMPDIR: join(work, "scratch"),
});

// The user a one-shot run maps to: the invoking user, or a stand-in for one when that is root (CI).
const uid = process.getuid() === 0 ? 4242 : process.getuid();
const gid = process.getgid() === 0 ? 4242 : process.getgid();

const podman = (args, opts = {}) => run("podman", args, { env: containerEnv(), timeoutMs: 180_000, ...opts });
const inspect = async (image, format) =>
  (
    await must("podman", ["image", "inspect", "--format", format, image], { env: containerEnv() })
  ).stdout.trim();

async function hook(c, script, image) {
  const file = join(c.dir, script);
  if (!existsSync(file)) return;
  await must("bash", [file], {
    cwd: root,
    env: { ...containerEnv(), PACKAGE_DIR: c.dir, IMAGE: image, BIN: c.bin, VERSION: c.version },
  });
}

async function build(c, registry) {
  const image = `localhost/${c.bin}:${c.version}`;
  await hook(c, "image-smoke.pre.sh", image);
  const args = {
    ...imageBuildArgs(c),
    BATON_REGISTRY: registry.url,
    // The stand-in base image holds this machine's CA bundle, which a TLS-intercepting proxy between
    // the build and the npm registry needs.
    NODE_EXTRA_CA_CERTS: "/etc/ssl/certs/ca-certificates.crt",
  };
  const started = Date.now();
  await must(
    "buildah",
    [
      "bud",
      "--quiet",
      "--network",
      "host",
      "--pull=never",
      "-f",
      join(root, "docker", "connector.Dockerfile"),
      ...Object.entries(args).flatMap(([k, v]) => ["--build-arg", `${k}=${v}`]),
      "-t",
      image,
      join(root, "docker"),
    ],
    { env: containerEnv(), timeoutMs: 600_000 },
  );
  return { image, buildSeconds: (Date.now() - started) / 1000 };
}

/** Labels, user and the commands that need no configuration. */
async function basics(c, image) {
  const problems = [];
  const labels = JSON.parse(await inspect(image, "{{json .Labels}}"));
  if (labels["org.opencontainers.image.version"] !== c.version)
    problems.push(`label org.opencontainers.image.version is ${labels["org.opencontainers.image.version"]}`);
  if (labels["org.opencontainers.image.title"] !== c.bin)
    problems.push("label org.opencontainers.image.title");
  if (!labels["org.opencontainers.image.description"])
    problems.push("no org.opencontainers.image.description");
  const user = await inspect(image, "{{.Config.User}}");
  if (["", "root", "0"].includes(user) || user.startsWith("0:"))
    problems.push(`runs as root (user "${user}")`);
  const version = await podman(["run", "--rm", "--read-only", image, "--version"]);
  if (version.stdout !== `${c.bin} version ${c.version}\n`)
    problems.push(`--version: ${version.stdout}${version.stderr}`);
  const help = await podman(["run", "--rm", "--read-only", image, "--help"]);
  if (!help.stdout.includes(`\n  ${c.bin} [flags]\n`))
    problems.push(`--help: ${help.stderr || "no usage line"}`);
  const caps = await podman(["run", "--rm", "--read-only", image, "capabilities"]);
  try {
    if (!JSON.parse(caps.stdout).resourceTypeCapabilities?.length) throw new Error();
  } catch {
    problems.push(`capabilities: ${caps.stdout}${caps.stderr}`);
  }
  if (problems.length) throw new Error(problems.join("\n"));
  return `user ${user}, labels of ${c.version}`;
}

function chownTree(dir, u, g) {
  chownSync(dir, u, g);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) chownTree(p, u, g);
    else chownSync(p, u, g);
  }
}

/**
 * A sync in the image against the connector's demo mock (on the host's loopback), with `volumes`
 * (host directory → path in the container) owned by `owner` and the mock's files in the first one.
 * The credentials go in an env file, as they would come from a secret, not on the command line.
 */
async function syncInContainer(c, image, { startMock, tmp }, { volumes, owner, user, args }) {
  const [[mockDir, mockDirInContainer]] = volumes;
  const mock = await startMock(c, mockDir, mockDirInContainer);
  try {
    for (const [dir] of volumes) chownTree(dir, ...owner);
    const env = join(tmp, "images", `${c.bin}-${volumes.length}.env`);
    writeFileSync(
      env,
      Object.entries(mock.env)
        .map(([k, v]) => `${k}=${v}\n`)
        .join(""),
    );
    const r = await podman([
      "run",
      "--rm",
      "--read-only",
      "--network",
      "host",
      ...(user ? ["--user", user] : []),
      ...volumes.flatMap(([dir, at]) => ["-v", `${dir}:${at}`]),
      "--env-file",
      env,
      image,
      ...args,
      "--log-format",
      "json",
    ]);
    if (r.code !== 0)
      throw new Error(`the sync exited ${r.code}:\n${r.stderr.split("\n").slice(-10).join("\n")}`);
    logProblems(r.stderr, await secretValues(c, mock.env));
  } finally {
    await mock.close();
  }
}

/** A module of the workspace's build (dist/ of a package), for the checks that need the real thing. */
const fromBuild = (path) => import(pathToFileURL(join(root, path)).href);

/** The values in `env` of the settings the connector or the SDK marks secret (tokens, passwords…). */
async function secretValues(c, env) {
  const sdk = await fromBuild("packages/sdk/dist/index.js");
  const connector = Object.values(await import(pathToFileURL(join(c.dir, "dist", "index.js")).href)).find(
    (v) => v && typeof v === "object" && Array.isArray(v.resourceTypes) && v.config,
  );
  if (!connector) throw new Error(`${c.name} exports no connector`);
  return [...sdk.describeFields(connector.config), ...sdk.describeFields(sdk.standardConfig)]
    .filter((f) => f.secret && env[f.env])
    .map((f) => env[f.env]);
}

/** Throws unless `log` (stderr with --log-format json, or service mode's) is JSON lines showing no secret. */
function logProblems(log, secrets) {
  const lines = log.trim().split("\n").filter(Boolean);
  const notJson = lines.filter((l) => {
    try {
      JSON.parse(l);
      return false;
    } catch {
      return true;
    }
  });
  if (notJson.length) throw new Error(`log lines that are not JSON: ${notJson.slice(0, 3).join(" | ")}`);
  const shown = secrets.filter((v) => log.includes(v));
  if (shown.length) throw new Error(`the log shows ${shown.length} secret value(s)`);
  return lines.length;
}

/**
 * ConductorOne's one-shot form, `-v "$PWD:/out" … -f /out/sync.c1z`, as the invoking user's id, then the
 * inspector (installed from the registry) lists the resources of the file.
 */
async function oneShot(c, image, ctx) {
  const out = ensureDir(join(ctx.tmp, "images", c.bin, "out"));
  await syncInContainer(c, image, ctx, {
    volumes: [[out, "/out"]],
    owner: [uid, gid],
    user: `${uid}:${gid}`,
    args: ["-f", "/out/sync.c1z"],
  });
  const file = join(out, "sync.c1z");
  if (!existsSync(file)) throw new Error("no sync.c1z in the mounted directory");
  const st = statSync(file);
  if (st.uid !== uid || st.gid !== gid)
    throw new Error(`sync.c1z is owned by ${st.uid}:${st.gid}, not ${uid}:${gid}`);
  if (!(st.mode & 0o400))
    throw new Error(`sync.c1z is not readable by its owner (mode ${st.mode.toString(8)})`);
  const leftovers = readdirSync(out).filter((f) => f.startsWith("sync.c1z") && f !== "sync.c1z");
  if (leftovers.length) throw new Error(`the sync left ${leftovers.join(", ")} behind`);
  const listed = await must("npx", [ctx.cli, "resources", "-f", file, "-o", "json"], {
    cwd: out,
    env: ctx.userEnv(ctx.registry.env),
  });
  const resources = JSON.parse(listed.stdout).resources ?? [];
  if (!resources.length) throw new Error(`baton resources lists nothing: ${listed.stdout.slice(0, 300)}`);
  return `sync.c1z owned by ${uid}:${gid}, mode ${(st.mode & 0o777).toString(8)}; baton resources: ${resources.length}`;
}

/** The image's own user (no --user) writes to its working directory, /data, on a volume, and nowhere else. */
async function defaultUser(c, image, ctx) {
  const mockDir = ensureDir(join(ctx.tmp, "images", c.bin, "data-mock"));
  const data = ensureDir(join(ctx.tmp, "images", c.bin, "data"));
  await syncInContainer(c, image, ctx, {
    volumes: [
      [mockDir, "/mock"],
      [data, "/data"],
    ],
    owner: [1000, 1000],
    args: [],
  });
  const files = readdirSync(data);
  if (files.join() !== "sync.c1z")
    throw new Error(`/data holds ${files.join(", ") || "nothing"}, not sync.c1z alone`);
  return `only sync.c1z in /data (${mb(statSync(join(data, "sync.c1z")).size)})`;
}

/** The environment a Pod of the connector's deploy/kubernetes/deployment.yaml gets: the Secret, then env. */
function deploymentEnv(manifests) {
  const container = manifests.deployment.spec.template.spec.containers[0];
  const env = { ...manifests.secret.stringData };
  for (const e of container.env ?? []) if (e.value !== undefined) env[e.name] = String(e.value);
  return env;
}

/**
 * Service mode as Kubernetes runs it: the image with the generated Deployment's environment (its
 * placeholders filled from the fake ConductorOne and the demo mock), the image's own user, a
 * read-only root filesystem with /tmp the only writable place (the image's /data volume left out, as
 * Kubernetes does), no capabilities. It must say Hello, run one sync task and upload a valid .c1z,
 * log JSON lines without secrets, and exit 0 within 10 s of SIGTERM.
 */
async function serviceMode(c, image, ctx) {
  const testing = await fromBuild("packages/testing/dist/index.js");
  const { validateSync } = await fromBuild("packages/sdk/dist/c1z.js");
  const work = ensureDir(join(ctx.tmp, "images", c.bin, "service"));
  const mockDir = ensureDir(join(work, "mock"));
  const caDir = ensureDir(join(work, "ca"));
  const name = `baton-service-${c.bin}-${process.pid}`;
  const c1 = await testing.startFakeConductorOne({ nextPollMs: 200 });
  const mock = await ctx.startMock(c, mockDir, "/mock");
  try {
    const manifests = testing.readKubernetesManifests(join(c.dir, "deploy", "kubernetes"));
    const env = {
      ...deploymentEnv(manifests),
      ...mock.env,
      BATON_CLIENT_ID: c1.env.BATON_CLIENT_ID,
      BATON_CLIENT_SECRET: c1.env.BATON_CLIENT_SECRET,
      BATON_C1_API_HOST: c1.env.BATON_C1_API_HOST,
      NODE_EXTRA_CA_CERTS: "/ca/ca.pem",
    };
    const unfilled = Object.keys(env).filter((k) => String(env[k]).startsWith("<"));
    if (unfilled.length)
      throw new Error(`the demo mock gives no value for ${unfilled.join(", ")} of the Secret`);
    const envFile = join(work, "env");
    writeFileSync(
      envFile,
      Object.entries(env)
        .map(([k, v]) => `${k}=${v}\n`)
        .join(""),
      { mode: 0o600 },
    );
    writeFileSync(join(caDir, "ca.pem"), c1.caPem, { mode: 0o644 });
    chownTree(mockDir, 1000, 1000);

    const started = Date.now();
    const up = await podman([
      "run",
      "-d",
      "--name",
      name,
      "--network",
      "host",
      "--read-only",
      "--image-volume",
      "ignore",
      "--tmpfs",
      "/tmp:rw,mode=1777",
      "--cap-drop",
      "all",
      "--security-opt",
      "no-new-privileges",
      "-v",
      `${caDir}:/ca:ro`,
      "-v",
      `${mockDir}:/mock`,
      "--env-file",
      envFile,
      image,
    ]);
    if (up.code !== 0) throw new Error(`podman run: ${up.stderr}`);
    const logs = async () => (await podman(["logs", name])).stderr;
    const failWith = async (message) => {
      throw new Error(`${message}\n${(await logs()).trim().split("\n").slice(-10).join("\n")}`);
    };
    try {
      await c1.waitFor("the Hello", () => c1.hellos.length > 0, 60_000);
    } catch (e) {
      await failWith(e.message);
    }
    const hello = c1.hellos[0].buildInfo;
    if (hello.package !== c.name || hello.packageVersion !== c.version)
      await failWith(`Hello names ${hello.package} ${hello.packageVersion}, not ${c.name} ${c.version}`);
    const id = c1.addTask({ taskType: { case: "syncFull", value: {} } });
    const fin = await c1.waitForFinish(id, 120_000);
    if (fin.finalState.case !== "success") await failWith(`the sync task failed: ${fin.status?.message}`);
    const [asset] = c1.assets(id);
    const store = await c1.openAsset(asset);
    let counts;
    try {
      const sync = store.latestFinishedSync();
      const problems = validateSync(store, sync.id);
      counts = store.counts(sync.id);
      if (problems.length || !counts.resources)
        throw new Error(`the upload is not a valid sync: ${problems.join("; ") || "no resources"}`);
    } finally {
      store.close();
    }

    const signalled = Date.now();
    await must("podman", ["kill", "--signal", "TERM", name], { env: containerEnv() });
    const code = Number((await must("podman", ["wait", name], { env: containerEnv() })).stdout.trim());
    const stopMs = Date.now() - signalled;
    if (code !== 0) await failWith(`exit ${code} after SIGTERM`);
    if (stopMs > 10_000) throw new Error(`took ${stopMs} ms to stop after SIGTERM`);
    const lines = logProblems(await logs(), [
      c1.env.BATON_CLIENT_SECRET,
      c1.env.BATON_CLIENT_SECRET.split(":").pop(),
      ...(await secretValues(c, env)),
    ]);
    return (
      `Hello, a sync uploaded (${mb(asset.length)}, ${counts.resources} resources, ${counts.grants} grants), ` +
      `exit 0 ${stopMs} ms after SIGTERM; ${lines} JSON log lines; ${((Date.now() - started) / 1000).toFixed(1)} s`
    );
  } finally {
    await podman(["rm", "--force", name]);
    await mock.close();
    await c1.close();
  }
}

export async function imagesSection(ctx) {
  const { checks, registry, report, budget } = ctx;
  const cli = `@baton/cli@${publishedPackages().find((p) => p.name === "@baton/cli")?.version}`;
  const ready = await checks.check("image tools and the stand-in node:24-slim", async () => {
    await must("bash", [join(root, "scripts", "image-base.sh")], { cwd: root, timeoutMs: 600_000 });
  });
  if (!ready) return;
  try {
    for (const c of connectors()) {
      let built;
      const ok = await checks.check(`${c.name}: image builds from docker/connector.Dockerfile`, async () => {
        built = await build(c, registry);
        const bytes = Number(await inspect(built.image, "{{.Size}}"));
        report.images.push({ name: c.name, bytes, buildSeconds: built.buildSeconds });
        const limit = budget("imageBytes", c.name);
        if (bytes > limit) throw new Error(`image is ${mb(bytes)}, over its budget of ${mb(limit)}`);
        return `${built.image}, ${mb(bytes)} (budget ${mb(limit)}), ${built.buildSeconds.toFixed(1)} s`;
      });
      if (!ok) continue;
      await checks.check(`${c.name}: image labels, non-root user, --version, --help, capabilities`, () =>
        basics(c, built.image),
      );
      await checks.check(
        `${c.name}: image one-shot sync to -v $PWD:/out as the user's id, then baton resources`,
        () => oneShot(c, built.image, { ...ctx, cli }),
      );
      await checks.check(`${c.name}: image as its own user writes only /data/sync.c1z`, () =>
        defaultUser(c, built.image, ctx),
      );
      await checks.check(
        `${c.name}: image in service mode with deploy/kubernetes' environment against a fake ConductorOne`,
        () => serviceMode(c, built.image, ctx),
      );
      if (existsSync(join(c.dir, "image-smoke.extra.sh")))
        await checks.check(`${c.name}: image-smoke.extra.sh`, () =>
          hook(c, "image-smoke.extra.sh", built.image),
        );
    }
  } finally {
    await run("bash", ["-c", `. ${JSON.stringify(join(work, "env.sh"))} && release_image_mounts`], {
      cwd: root,
    });
  }
}
