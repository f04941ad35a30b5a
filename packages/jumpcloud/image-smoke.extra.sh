#!/usr/bin/env bash
# Extra image check, run by scripts/image-smoke.sh: a full sync inside the container, against the mock
# JumpCloud on the host, with a read-only root filesystem and only /data (a volume) writable.
set -euo pipefail

out=$(mktemp -d)
chmod 777 "$out"
log=$(mktemp)
node --input-type=module -e '
  const { startMockJumpCloud } = await import(process.argv[1]);
  const mock = await startMockJumpCloud();
  console.log(JSON.stringify({ url: mock.url, apiKey: mock.apiKey }));
' "$PACKAGE_DIR/dist/mock.js" >"$log" & # serves until killed on exit
mock_pid=$!
trap 'kill "$mock_pid" 2>/dev/null || true; rm -rf "$out" "$log"' EXIT
for _ in $(seq 50); do [ -s "$log" ] && break; sleep 0.1; done
field() { node -p "JSON.parse(process.argv[1]).$1" "$(head -1 "$log")"; }

podman run --rm --read-only --network host -v "$out:/data" -e "BATON_API_KEY=$(field apiKey)" "$IMAGE" \
  --base-url "$(field url)" --log-format console
[ -s "$out/sync.c1z" ] || { echo "FAIL: no sync.c1z in the /data volume" >&2; exit 1; }
[ "$(ls -A "$out")" = "sync.c1z" ] || { echo "FAIL: /data holds more than sync.c1z: $(ls -A "$out")" >&2; exit 1; }
echo "sync in the container: only sync.c1z written ($(wc -c <"$out/sync.c1z") bytes, in the /data volume)"
