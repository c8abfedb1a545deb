#!/usr/bin/env bash
# Exports a realm's audit log from the running ./dev.sh stack and verifies it offline with the verifier CLI.
# Usage: scripts/audit-verify.sh [realm]        (default realm: demo)
# Env: GATEHOUSE_HTTP_PORT (8080), KC_BOOTSTRAP_ADMIN_USERNAME/PASSWORD (admin/admin), GATEHOUSE_DEV_DIR (.dev)
# Files land in $GATEHOUSE_DEV_DIR/audit/: audit.jsonl, checkpoints.txt, key.pub, and accepted.txt (the last
# checkpoint accepted, so a later run refuses a log that went back in time). Edit audit.jsonl and run
# the verifier line printed at the end to see it name the record.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
realm="${1:-demo}"
base="http://localhost:${GATEHOUSE_HTTP_PORT:-8080}"
out="${GATEHOUSE_DEV_DIR:-$root/.dev}/audit"
mkdir -p "$out"

# shellcheck source=find-jdk.sh
source "$root/scripts/find-jdk.sh"
gatehouse_find_jdk

token="$(curl -fsS -d grant_type=password -d client_id=admin-cli \
  --data-urlencode "username=${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}" --data-urlencode "password=${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}" \
  "$base/realms/master/protocol/openid-connect/token" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')" \
  || { echo "audit-verify: cannot log in to Keycloak at $base: is ./dev.sh running?" >&2; exit 1; }
# Checkpoints before the export: the export then always reaches the newest checkpoint, even mid-seal.
for part in checkpoints:checkpoints.txt export:audit.jsonl public-key:key.pub; do
  curl -fsS -H "Authorization: Bearer $token" "$base/admin/realms/$realm/gatehouse-audit/${part%%:*}" -o "$out/${part#*:}" \
    || { echo "audit-verify: cannot fetch ${part%%:*} of realm $realm" >&2; exit 1; }
done
jar="$(ls "$root"/dist/target/providers/gatehouse-event-listeners-*.jar | head -n 1)"
cmd=("$JAVA_HOME/bin/java" -jar "$jar" --export "$out/audit.jsonl" --checkpoints "$out/checkpoints.txt" --key "$out/key.pub" --state "$out/accepted.txt")
echo "audit-verify: $(wc -l <"$out/audit.jsonl") records exported to $out"
echo "verifier: ${cmd[*]}"
"${cmd[@]}"
