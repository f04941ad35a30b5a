#!/usr/bin/env bash
# Before the release tests build the image: an offline stand-in for 1Password's op image, holding the
# fake op as /usr/local/bin/op and tagged 1password/op:2, so the image's EXTRA_IMAGE resolves to it
# without a registry. It needs the buildah environment of scripts/image-base.sh (CONTAINERS_* and
# BUILDAH_ISOLATION, storage in .image-work/) and PACKAGE_DIR.
set -euo pipefail
: "${PACKAGE_DIR:?}"
c=$(buildah from scratch)
trap 'buildah rm "$c" >/dev/null' EXIT
buildah copy --quiet --chmod 0755 "$c" "$PACKAGE_DIR/test/fake-op/op" /usr/local/bin/op >/dev/null
buildah commit --quiet "$c" localhost/1password/op:2 >/dev/null
echo "stand-in op image: localhost/1password/op:2"
