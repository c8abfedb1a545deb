#!/usr/bin/env bash
# API keys beside Keycloak's own client_credentials grant, in one run on one production-mode Keycloak it starts
# with the pack and the demo realm: (a) client_credentials with a confidential client's secret, (b) the
# validation endpoint for gateways with a valid key, (c) the key-to-token exchange (grant
# urn:gatehouse:params:oauth:grant-type:api-key), in interleaved rounds at the same concurrency; prints
# requests/s, p50/p95, server CPU per request and the ratios b/a and c/a (goals: >= 10x and >= 1x), beside a yardstick:
# GET /realms/{realm} (Keycloak's lightest realm endpoint, the most any endpoint can reach on the machine).
# Usage: bench/api-keys.sh [--clients N] [--duration S] [--warmup S] [--rounds R] [--users U] [--service-accounts C]
#                          [--keys-per-owner K] [--no-service-account-keys] [--rate-limit PER_MINUTE] [--db postgres|dev-file]
#                          [--profile DIR] [--audit-off-rounds N] [--kinds client_credentials,validate,exchange,floor]
# --db postgres (the default) needs PostgreSQL (scripts/postgres-up.sh; GATEHOUSE_PG_* as for the tests).
# --profile DIR: afterwards each kind once more under a JFR recording of the server (DIR/<kind>.jfr), hot methods and
#   the share of CPU samples per part (API keys, counters, audit listener, signing, JDBC...) printed.
#   bench/api-keys.sh --breakdown FILE.jfr... prints that share for recordings made before.
# --audit-off-rounds N: a diagnostic, not the result: then N more rounds with the realm's gatehouse-audit listener removed
#   (what the audit record of each use costs).
# Env: GATEHOUSE_BENCH_HEAP (JVM heap options of the server, default "-Xms512m -Xmx1g")
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
  sed -n '8,10s/^# //p' bench/api-keys.sh
  exit 0
fi

exec bench/java.sh dev.gatehouse.bench.ApiKeyBenchmark "$@"
