#!/usr/bin/env bash
# Audit log benchmarks: offline verification of a generated export vs raw SHA-256, then (needs PostgreSQL,
# see scripts/postgres-up.sh) appends/s with 1, 8 and 32 writers and seal throughput on a production-mode Keycloak.
# `signin` runs bench/run.sh with the demo realm (listener on) beside a copy whose only change is the listener
# list (listener off), in alternating rounds on one server.
# Usage: bench/audit.sh [all|verify [RECORDS]|database|signin [run.sh options]]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ "${1:-}" == signin ]]; then
  shift
  mkdir -p bench/target
  off=bench/target/demo-audit-off.json
  # Same realm under another name, with its own flow id, without the gatehouse-audit listener.
  sed -e 's/"realm": "demo"/"realm": "demo-audit-off"/' \
      -e 's/6a0d7c1e-5b2f-4e8a-9c3d-2f1e0b9a8c70/6a0d7c1e-5b2f-4e8a-9c3d-2f1e0b9a8c71/' \
      -e '/"gatehouse-audit"/d' -e 's/"jboss-logging",/"jboss-logging"/' realm-config/demo-realm.json > "$off"
  exec bench/run.sh --config "audit-off:$off:demo-audit-off:demo-app" \
    --config "audit-on:realm-config/demo-realm.json:demo:demo-app" "$@"
fi

exec bench/java.sh dev.gatehouse.bench.AuditBenchmark "$@"
