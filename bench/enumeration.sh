#!/usr/bin/env bash
# Address-enumeration timing (finding 3): interleaved pairs of passwordless address requests, one address with an
# account and one without, in random order per pair, each on a fresh authentication session, against a
# production-mode Keycloak it starts with the pack and the demo realm (send budgets lifted for the run).
# Prints both medians, the median paired difference with a bootstrap 95% CI, the sign test and the Wilcoxon
# signed-rank p-value.
# Usage: bench/enumeration.sh [--pairs N (default 300, at least 200)] [--warmup N (default 40)] [--seed S]
# Env: GATEHOUSE_BENCH_HEAP (JVM heap options of the server, default "-Xms512m -Xmx1g")
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

exec bench/java.sh dev.gatehouse.bench.EnumerationBenchmark "$@"
