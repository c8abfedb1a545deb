#!/usr/bin/env bash
# The test command (README, .ci/run): everything ./mvnw verify needs on a fresh machine, then ./mvnw verify.
# Finds a JDK 21+ (scripts/find-jdk.sh), starts the local PostgreSQL and creates its role and database
# (scripts/postgres-up.sh), installs Debian's Chromium and ChromeDriver if missing, then builds and runs every test.
# Starting PostgreSQL and installing Chromium need root; without root (or apt-get, or pg_ctlcluster) the step
# says so, and the tests that need it skip with the reason (docs/testing.md).
# Usage: scripts/test.sh [extra ./mvnw arguments, e.g. -Dgatehouse.kc.dist.version=26.7.5]
# Env:   JAVA_HOME (tried first), GATEHOUSE_PG_* (scripts/postgres-up.sh), GATEHOUSE_CHROMIUM, GATEHOUSE_CHROMEDRIVER,
#        GATEHOUSE_TEST_SETUP (1; 0 runs ./mvnw verify without starting or installing anything)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { echo "test.sh: $*"; }

# shellcheck source=find-jdk.sh
source scripts/find-jdk.sh
gatehouse_find_jdk || exit 1
say "JAVA_HOME=$JAVA_HOME"

if [ "${GATEHOUSE_TEST_SETUP:-1}" != 0 ]; then
  # PostgreSQL for TwoNodeClusterIT and AuditDatabaseIT.
  if [ -n "${GATEHOUSE_PG_HOST:-}" ] && [ "${GATEHOUSE_PG_HOST}" != 127.0.0.1 ] && [ "${GATEHOUSE_PG_HOST}" != localhost ]; then
    say "using PostgreSQL at $GATEHOUSE_PG_HOST (GATEHOUSE_PG_HOST)"
  elif ! command -v pg_ctlcluster >/dev/null 2>&1; then
    say "no local PostgreSQL (apt-get install -y postgresql): the PostgreSQL tests will skip"
  elif [ "$(id -u)" != 0 ]; then
    say "not root: PostgreSQL not started (run scripts/postgres-up.sh as root); the PostgreSQL tests skip if it is down"
  else
    scripts/postgres-up.sh
  fi

  # Headless Chromium for the browser tests, from Debian's packages (never a downloaded browser).
  browser="${GATEHOUSE_CHROMIUM:-/usr/bin/chromium}"
  driver="${GATEHOUSE_CHROMEDRIVER:-/usr/bin/chromedriver}"
  if [ -x "$browser" ] && [ -x "$driver" ]; then
    :
  elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing chromium and chromium-driver (log: /tmp/gatehouse-apt.log)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver) \
      >/tmp/gatehouse-apt.log 2>&1 \
      || say "could not install Chromium (see /tmp/gatehouse-apt.log): the browser tests will skip"
  else
    say "Chromium not installed and not root with apt-get: the browser tests will skip (apt-get install -y chromium chromium-driver)"
  fi
fi

exec ./mvnw -B verify "$@"
