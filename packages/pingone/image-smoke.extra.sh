#!/usr/bin/env bash
# Extra image check, run by the release tests after their own: a full sync inside the container,
# against the mock PingOne on the host, with a read-only root filesystem and only /data (a volume)
# writable; the secret comes from the environment and must not reach the output.
set -euo pipefail

out=$(mktemp -d)
chmod 777 "$out"
log=$(mktemp)
node --input-type=module -e '
  const { startMock } = await import(process.argv[1]);
  const mock = await startMock();
  console.log(JSON.stringify(mock.env));
' "$PACKAGE_DIR/mock/dist/server.js" >"$log" & # serves until killed on exit
mock_pid=$!
trap 'kill "$mock_pid" 2>/dev/null || true; rm -rf "$out" "$log"' EXIT
for _ in $(seq 50); do [ -s "$log" ] && break; sleep 0.1; done
field() { node -p "JSON.parse(process.argv[1]).$1" "$(head -1 "$log")"; }
secret=$(field BATON_PINGONE_CLIENT_SECRET)

output=$(podman run --rm --read-only --network host -v "$out:/data" \
  -e "BATON_PINGONE_CLIENT_SECRET=$secret" \
  -e "BATON_PINGONE_CLIENT_ID=$(field BATON_PINGONE_CLIENT_ID)" \
  -e "BATON_PINGONE_ENVIRONMENT_ID=$(field BATON_PINGONE_ENVIRONMENT_ID)" \
  "$IMAGE" --pingone-api-url "$(field BATON_PINGONE_API_URL)" --pingone-auth-url "$(field BATON_PINGONE_AUTH_URL)" \
  --log-format console 2>&1)
echo "$output" | tail -3
if grep -qF "$secret" <<<"$output"; then echo "FAIL: the client secret appears in the output" >&2; exit 1; fi
[ -s "$out/sync.c1z" ] || { echo "FAIL: no sync.c1z in the /data volume" >&2; exit 1; }
[ "$(ls -A "$out")" = "sync.c1z" ] || { echo "FAIL: /data holds more than sync.c1z: $(ls -A "$out")" >&2; exit 1; }
echo "sync in the container: only sync.c1z written ($(wc -c <"$out/sync.c1z") bytes, in the /data volume)"
