#!/usr/bin/env bash
# Runs stock Keycloak with the Gatehouse pack and the demo realm, plus GreenMail as the realm's mail server and the
# pack's dev SMS sender (text messages go to a file: $GATEHOUSE_DEV_DIR/sms-outbox.jsonl; never enabled elsewhere).
# Usage: ./dev.sh            (Ctrl-C or SIGTERM stops everything it started)
# Env:   GATEHOUSE_KEYCLOAK_VERSION (26.7.5), GATEHOUSE_HTTP_PORT (8080), GATEHOUSE_MANAGEMENT_PORT (9000), GATEHOUSE_SMTP_PORT (3025),
#        GATEHOUSE_MAIL_API_PORT (8025), KC_BOOTSTRAP_ADMIN_USERNAME (admin), KC_BOOTSTRAP_ADMIN_PASSWORD (admin),
#        GATEHOUSE_ALICE_PASSWORD (alice), GATEHOUSE_BOB_PASSWORD (bob), GATEHOUSE_CAROL_PASSWORD (carol),
#        GATEHOUSE_AUDITOR_PASSWORD (auditor),
#        GATEHOUSE_CACHE_DIR (.cache),
#        GATEHOUSE_DEV_DIR (.dev: Keycloak's data, logs, the SMS outbox)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

http_port="${GATEHOUSE_HTTP_PORT:-8080}"
management_port="${GATEHOUSE_MANAGEMENT_PORT:-9000}"
smtp_port="${GATEHOUSE_SMTP_PORT:-3025}"
mail_api_port="${GATEHOUSE_MAIL_API_PORT:-8025}"
cache_dir="${GATEHOUSE_CACHE_DIR:-$root/.cache}"
dev_dir="${GATEHOUSE_DEV_DIR:-$root/.dev}"
export KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}"
export KC_BOOTSTRAP_ADMIN_PASSWORD="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}"
export GATEHOUSE_ALICE_PASSWORD="${GATEHOUSE_ALICE_PASSWORD:-alice}"
export GATEHOUSE_BOB_PASSWORD="${GATEHOUSE_BOB_PASSWORD:-bob}"
export GATEHOUSE_CAROL_PASSWORD="${GATEHOUSE_CAROL_PASSWORD:-carol}"
export GATEHOUSE_AUDITOR_PASSWORD="${GATEHOUSE_AUDITOR_PASSWORD:-auditor}"

pids=()
cleanup() {
  trap - EXIT INT TERM
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'echo; echo "dev.sh: stopping"; exit 0' INT TERM

die() { echo "dev.sh: $*" >&2; exit 1; }

pom_property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$root/pom.xml" | head -n 1; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# shellcheck source=scripts/find-jdk.sh
source "$root/scripts/find-jdk.sh"
gatehouse_find_jdk || exit 1

for spec in "$http_port:GATEHOUSE_HTTP_PORT" "$management_port:GATEHOUSE_MANAGEMENT_PORT" \
            "$smtp_port:GATEHOUSE_SMTP_PORT" "$mail_api_port:GATEHOUSE_MAIL_API_PORT"; do
  port="${spec%%:*}"
  if port_in_use "$port"; then
    die "port $port is already in use: stop what listens there, or choose another with ${spec#*:}=<port>"
  fi
done

# The newest patched 26.7.x server: its distribution zip is on Maven Central (its SPI jars are not, so the pack
# is compiled against pom.xml's keycloak.version and runs on this one; the compatibility statement is in README).
keycloak_version="${GATEHOUSE_KEYCLOAK_VERSION:-26.7.5}"
[[ "$keycloak_version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "GATEHOUSE_KEYCLOAK_VERSION must look like 26.7.5"
greenmail_version="$(pom_property greenmail.version)"
mkdir -p "$cache_dir" "$dev_dir"
cache_dir="$(cd "$cache_dir" && pwd)"
dev_dir="$(cd "$dev_dir" && pwd)"
keycloak_home="$cache_dir/keycloak-$keycloak_version"
greenmail_jar="$cache_dir/greenmail-standalone-$greenmail_version.jar"

# 1. The pack: rebuilt when a pom or any file under a module's src/ is newer than the last build. The module
#    list is read from pom.xml, so a new module is watched without editing this script.
stamp="$dev_dir/.build-stamp"
read -r -a modules <<<"$(sed -n 's:.*<module>\(.*\)</module>.*:\1:p' pom.xml | tr '\n' ' ')"
if [ ! -d dist/target/providers ] || [ ! -f "$stamp" ] || \
   [ -n "$(find pom.xml "${modules[@]}" -newer "$stamp" -type f \( -name pom.xml -o -path '*/src/*' \) \
           -not -path '*/target/*' -print -quit)" ]; then
  echo "dev.sh: building the pack (log: $dev_dir/build.log)"
  ./mvnw -B -q -DskipTests -pl dist -am package >"$dev_dir/build.log" 2>&1 \
    || die "the pack did not build: see $dev_dir/build.log"
  touch "$stamp"
fi

# 2. Stock Keycloak and GreenMail from Maven Central, cached.
fetch() { # artifact coordinates, output folder
  ./mvnw -B -q -N dependency:copy -Dartifact="$1" -DoutputDirectory="$2" >"$dev_dir/download.log" 2>&1 \
    || die "could not download $1 from Maven Central (network or proxy?): see $dev_dir/download.log"
}
if [ ! -x "$keycloak_home/bin/kc.sh" ]; then
  echo "dev.sh: downloading Keycloak $keycloak_version"
  # The zip, because some patches (26.7.5) are served only as a zip; the JDK's jar tool unpacks it (no unzip
  # needed) but keeps no file modes, hence the chmod.
  fetch "org.keycloak:keycloak-quarkus-dist:$keycloak_version:zip" "$cache_dir/downloads"
  rm -rf "$cache_dir/unpack" && mkdir -p "$cache_dir/unpack"
  (cd "$cache_dir/unpack" && "$JAVA_HOME/bin/jar" xf "$cache_dir/downloads/keycloak-quarkus-dist-$keycloak_version.zip") \
    || die "could not unpack the Keycloak archive: delete $cache_dir and retry"
  chmod +x "$cache_dir/unpack/keycloak-$keycloak_version"/bin/*.sh
  rm -rf "$keycloak_home" && mv "$cache_dir/unpack/keycloak-$keycloak_version" "$keycloak_home"
  rm -rf "$cache_dir/unpack" "$cache_dir/downloads/keycloak-quarkus-dist-$keycloak_version.zip"
fi
if [ ! -f "$greenmail_jar" ]; then
  echo "dev.sh: downloading GreenMail $greenmail_version"
  fetch "com.icegreen:greenmail-standalone:$greenmail_version:jar" "$cache_dir"
fi

# 3. Install the pack's jars (and only those: jars a previous run installed are removed first).
installed="$keycloak_home/providers/.gatehouse-installed"
if [ -f "$installed" ]; then
  while IFS= read -r jar; do rm -f "$keycloak_home/providers/$jar"; done <"$installed"
fi
: >"$installed"
for jar in dist/target/providers/*.jar; do
  cp "$jar" "$keycloak_home/providers/"
  basename "$jar" >>"$installed"
done

# 4. Keycloak's data (embedded H2, imports) lives under .dev/ so it survives restarts and cache wipes.
mkdir -p "$dev_dir/keycloak-data/import"
if [ ! -L "$keycloak_home/data" ]; then
  rm -rf "$keycloak_home/data"
  ln -s "$dev_dir/keycloak-data" "$keycloak_home/data"
fi
cp realm-config/*-realm.json "$dev_dir/keycloak-data/import/"

# 5. The audit log's checkpoint signing key (Ed25519 seed), generated once for this dev stack.
audit_key="$dev_dir/audit-signing.seed"
if [ ! -s "$audit_key" ]; then
  (umask 077 && head -c 32 /dev/urandom | base64 >"$audit_key")
fi

# 6. The realm's SMTP password, generated once. Keycloak reads it through the gatehouse vault provider's
#    environment backend (${vault.smtp-password} in realm demo -> KC_VAULT_demo__smtp_2Dpassword), and GreenMail
#    accepts only it, so mail that arrives proves the vault resolved it.
smtp_password_file="$dev_dir/smtp-password"
if [ ! -s "$smtp_password_file" ]; then
  (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$smtp_password_file")
fi
smtp_password="$(cat "$smtp_password_file")"

# 7. The dev SMS sender's outbox: one JSON line per text message ({"time","to","body"}), read by
#    scripts/last-code.sh sms. Only this script enables that sender; the realm's "sender: dev" alone can't.
sms_outbox="$dev_dir/sms-outbox.jsonl"
touch "$sms_outbox"

# 8. GreenMail: SMTP for the realm (user mailer), REST API (and web UI) to read what was sent.
echo "dev.sh: starting GreenMail (log: $dev_dir/greenmail.log)"
"$JAVA_HOME/bin/java" -Dgreenmail.smtp.hostname=127.0.0.1 -Dgreenmail.smtp.port="$smtp_port" \
  -Dgreenmail.api.hostname=127.0.0.1 -Dgreenmail.api.port="$mail_api_port" \
  -Dgreenmail.users="mailer:$smtp_password@gatehouse.test" \
  -jar "$greenmail_jar" >"$dev_dir/greenmail.log" 2>&1 &
pids+=("$!")

# 9. Keycloak in dev mode; the realm import skips realms that already exist, so changes made in the console stay.
echo "dev.sh: starting Keycloak $keycloak_version (log: $dev_dir/keycloak.log)"
echo "dev.sh: SMS messages go to $sms_outbox (dev sender)"
GATEHOUSE_SMTP_HOST=127.0.0.1 GATEHOUSE_SMTP_PORT="$smtp_port" GATEHOUSE_SMTP_AUTH=true GATEHOUSE_SMTP_USER=mailer \
  KC_VAULT_demo__smtp_2Dpassword="$smtp_password" \
  "$keycloak_home/bin/kc.sh" start-dev --http-port="$http_port" --http-management-port="$management_port" \
  --health-enabled=true --import-realm --spi-vault--provider=gatehouse \
  --spi-events-listener--gatehouse-audit--signing-key-file="$audit_key" --spi-events-listener--gatehouse-audit--webhook-allow-private=true \
  --spi-gatehouse-sms-sender--dev--enabled=true --spi-gatehouse-sms-sender--dev--outbox="$sms_outbox" \
  >"$dev_dir/keycloak.log" 2>&1 &
keycloak_pid="$!"
pids+=("$keycloak_pid")

for _ in $(seq 1 300); do
  if ! kill -0 "$keycloak_pid" 2>/dev/null; then
    echo "dev.sh: Keycloak stopped during start; last lines of $dev_dir/keycloak.log:" >&2
    tail -n 20 "$dev_dir/keycloak.log" >&2
    exit 1
  fi
  if curl -fsS -o /dev/null "http://localhost:$management_port/health/ready" 2>/dev/null; then
    break
  fi
  sleep 1
done
curl -fsS -o /dev/null "http://localhost:$management_port/health/ready" \
  || die "Keycloak not ready after 300 s: see $dev_dir/keycloak.log"

cat <<BANNER

  Gatehouse dev stack is up (Keycloak $keycloak_version, $(basename "$JAVA_HOME"))

  Admin console     http://localhost:$http_port/admin/        ($KC_BOOTSTRAP_ADMIN_USERNAME / $KC_BOOTSTRAP_ADMIN_PASSWORD)
  Account console   http://localhost:$http_port/realms/demo/account/
  OIDC discovery    http://localhost:$http_port/realms/demo/.well-known/openid-configuration
  Demo users        alice / $GATEHOUSE_ALICE_PASSWORD, then the emailed code: scripts/last-code.sh alice@example.com
                    bob / $GATEHOUSE_BOB_PASSWORD, then he enrols a phone (e.g. 201-555-0123) and every later
                    sign-in asks for a texted code: scripts/last-code.sh sms
                    carol / $GATEHOUSE_CAROL_PASSWORD, a new user: the MFA policy has her choose a second factor
                    (authenticator app, passkey, text message or email) and gives her recovery codes
  SMS (dev sender)  $sms_outbox (one JSON line per message)
  Mail (GreenMail)  SMTP 127.0.0.1:$smtp_port, messages at http://localhost:$mail_api_port/api/user/<address>/messages/
  Audit log         scripts/audit-verify.sh   (exports realm demo's log and verifies it offline)
  Audit viewer      http://localhost:$http_port/realms/demo/gatehouse-audit-viewer/   (auditor / $GATEHOUSE_AUDITOR_PASSWORD,
                    view-events only; "Set up later" at the factor choice, up to three times)
  API keys          bob: account console > Signing in > API keys > Set up (the key is shown once), then:
                    curl -s http://localhost:$http_port/realms/demo/protocol/openid-connect/token \\
                      -d grant_type=urn:gatehouse:params:oauth:grant-type:api-key -d client_id=gatehouse-api-keys \\
                      --data-urlencode api_key=<key>
  Vault             provider gatehouse, env backend: realm demo's \${vault.smtp-password} = KC_VAULT_demo__smtp_2Dpassword
  Logs              $dev_dir/keycloak.log, $dev_dir/greenmail.log

  Ctrl-C stops everything.
BANNER

wait "$keycloak_pid" || true
echo "dev.sh: Keycloak exited; see $dev_dir/keycloak.log" >&2
exit 1
