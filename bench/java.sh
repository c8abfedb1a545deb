#!/usr/bin/env bash
# Builds the bench module (and what it needs) and runs one of its main classes with a JDK 21+.
# Usage: bench/java.sh MAIN_CLASS [args...]
# Env: GATEHOUSE_BENCH_HEAP (JVM heap options of the Keycloak servers benchmarks start, default "-Xms512m -Xmx1g")
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=../scripts/find-jdk.sh
source scripts/find-jdk.sh
gatehouse_find_jdk

./mvnw -B -q -DskipTests -pl bench -am package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
main="$1"
shift
exec "$JAVA_HOME/bin/java" -Dgatehouse.work.dir=bench/target \
  -Dgatehouse.kc.heap="${GATEHOUSE_BENCH_HEAP:--Xms512m -Xmx1g}" \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" "$main" "$@"
