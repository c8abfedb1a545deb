#!/usr/bin/env bash
# Vault provider benchmarks: cached lookup latency (JMH), cold lookups through the AWS SDK and the Vault client
# against the in-process fakes, and 64 threads missing one key at once (backend calls counted).
# Usage: bench/vault.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=../scripts/find-jdk.sh
source scripts/find-jdk.sh
gatehouse_find_jdk

./mvnw -B -q -DskipTests -pl bench -am package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
exec "$JAVA_HOME/bin/java" -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.gatehouse.bench.VaultBenchmark "$@"
