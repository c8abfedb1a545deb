#!/usr/bin/env bash
# Audit viewer query bench (not in CI; needs PostgreSQL, see scripts/postgres-up.sh, run as root for it):
# stages ROWS generated records once (bench/sql/audit-viewer-generate.sql: 20k users, 50k addresses, 30 clients,
# 90 days, skewed) in database GATEHOUSE_BENCH_PG_DATABASE, fills a production-mode Keycloak's schema with them
# (gatehouse-audit records and Keycloak's EVENT_ENTITY), then times every filter the viewer offers, alone and in
# pairs, and deep keyset pages, against Keycloak's own GET /admin/realms/{r}/events with the same filters.
# Usage: bench/audit-viewer.sh [--requests N] [--warmup N] [--refill] [--only kind+type,user,...,deep]
# Env: GATEHOUSE_BENCH_ROWS (10000000), GATEHOUSE_BENCH_PG_DATABASE (gatehouse_bench), GATEHOUSE_PG_* (see
#      scripts/postgres-up.sh), GATEHOUSE_BENCH_HEAP
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

rows="${GATEHOUSE_BENCH_ROWS:-10000000}"
db="${GATEHOUSE_BENCH_PG_DATABASE:-gatehouse_bench}"
[[ "$db" =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "GATEHOUSE_BENCH_PG_DATABASE must be a plain identifier" >&2; exit 1; }
[[ "$rows" =~ ^[0-9]+$ ]] || { echo "GATEHOUSE_BENCH_ROWS must be a number" >&2; exit 1; }

GATEHOUSE_PG_DATABASE="$db" scripts/postgres-up.sh
export GATEHOUSE_PG_DATABASE="$db"
export PGPASSWORD="${GATEHOUSE_PG_PASSWORD:-gatehouse}"
psql_bench() { psql -q -h "${GATEHOUSE_PG_HOST:-127.0.0.1}" -p "${GATEHOUSE_PG_PORT:-5432}" -U "${GATEHOUSE_PG_USER:-gatehouse}" -d "$db" "$@"; }

staged=$(psql_bench -tAc "SELECT CASE WHEN to_regclass('bench_src.records') IS NULL THEN 0 ELSE (SELECT count(*) FROM bench_src.records) END")
if [[ "$staged" != "$rows" ]]; then
  echo "audit-viewer: generating $rows records (once)"
  psql_bench -v rows="$rows" -v now_ms="$(($(date +%s) * 1000))" -f bench/sql/audit-viewer-generate.sql
  set -- --refill "$@"
fi
echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GB RAM, $(psql_bench -tAc 'SHOW server_version' | cut -d' ' -f1) PostgreSQL"
exec bench/java.sh dev.gatehouse.bench.AuditViewerBenchmark "$@"
