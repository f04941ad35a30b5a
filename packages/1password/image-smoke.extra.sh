#!/usr/bin/env bash
# Run by scripts/image-smoke.sh after its checks (IMAGE and PACKAGE_DIR set; the image was built with the
# stand-in op of image-smoke.pre.sh): the documented flow inside the image — a sync with the op on PATH
# against the fake tenant, a look at the file, and a one-shot grant from it.
set -euo pipefail
: "${IMAGE:?}" "${PACKAGE_DIR:?}"
fail() { echo "FAIL: $*" >&2; exit 1; }

W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cp "$PACKAGE_DIR/test/fake-op/tenants/business.json" "$W/tenant.json"
# The image runs as node (uid 1000): let it write the tenant, its call log and sync.c1z.
chmod 0777 "$W" && chmod 0666 "$W/tenant.json"
# Credentials in an env file, as they would come from a secret, never on podman's command line.
node -e '
  const a = require(process.argv[1]).auth;
  console.log(["FAKE_OP_TENANT=/work/tenant.json", "FAKE_OP_LOG=/work/calls.jsonl",
    `BATON_ADDRESS=${a.address}`, `BATON_EMAIL=${a.email}`,
    `BATON_SECRET_KEY=${a.secretKey}`, `BATON_PASSWORD=${a.password}`].join("\n"));
' "$W/tenant.json" >"$W/env"
run() { podman run --rm --read-only -v "$W:/work" --env-file "$W/env" "$IMAGE" --file /work/sync.c1z "$@"; }

run --log-format json 2>"$W/sync.log" || { cat "$W/sync.log" >&2; fail "sync exited non-zero"; }
[ "$(head -c 4 "$W/sync.c1z")" = "C1ZF" ] || fail "sync.c1z is not a c1z file"
grep -q '"argv":\["--version"\]' "$W/calls.jsonl" || fail "op on PATH was not run"
if grep -q -e "$(node -p "require('$W/tenant.json').auth.password")" "$W/sync.log"; then fail "the log shows the password"; fi
(cd "$PACKAGE_DIR" && node --input-type=module -e '
  import { openC1z, validateSync } from "@baton/sdk/c1z";
  const store = await openC1z(process.argv[1]);
  const run = store.selectSync();
  const problems = validateSync(store, run.id);
  const types = new Set([...store.resources(run.id)].map((r) => r.id.resourceType));
  const grants = [...store.grants(run.id)].length;
  store.close();
  if (problems.length || types.size !== 4) throw new Error(`bad sync: ${problems.join("; ")} types ${[...types]}`);
  console.log(`sync in the image: ${[...types].join(", ")}; ${grants} grants`);
' "$W/sync.c1z") || fail "sync.c1z does not hold a valid sync of all four resource types"

out=$(run -p --grant-entitlement "vault:VENG:view items" --grant-principal-type group --grant-principal GOPS 2>"$W/grant.log") ||
  { cat "$W/grant.log" >&2; fail "grant exited non-zero"; }
[ "$out" = "granted vault:VENG:view items to group GOPS" ] || fail "grant printed: $out"
grep -q '"argv":\["vault","group","grant","--vault","VENG","--group","GOPS"' "$W/calls.jsonl" || fail "no op vault group grant"
echo "grant in the image: $out"
