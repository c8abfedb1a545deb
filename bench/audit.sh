#!/usr/bin/env bash
# Audit log benchmarks: offline verification of a generated export vs raw SHA-256, then (needs PostgreSQL,
# see scripts/postgres-up.sh) appends/s with 1, 8 and 32 writers and seal throughput on a production-mode Keycloak.
# Usage: bench/audit.sh [all|verify [RECORDS]|database]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=../scripts/find-jdk.sh
source scripts/find-jdk.sh
gatehouse_find_jdk

./mvnw -B -q -DskipTests -pl bench -am package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
exec "$JAVA_HOME/bin/java" -Dgatehouse.work.dir=bench/target \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.gatehouse.bench.AuditBenchmark "$@"
