// The container-image part of the release tests: every connector's image built from
// docker/connector.Dockerfile with the packages of the local registry, in one pass and without a
// Docker engine (buildah, podman with runc; scripts/image-base.sh sets them up), then run the way
// ConductorOne documents it: a one-shot sync writing to a mounted directory.
//
// A connector may add two scripts, run with the container configuration in the environment and
// PACKAGE_DIR, IMAGE, BIN and VERSION set: image-smoke.pre.sh before its build (e.g. a stand-in for
// an image the build copies from) and image-smoke.extra.sh after the checks below.
import { chownSync, existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
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
  } finally {
    await mock.close();
  }
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
