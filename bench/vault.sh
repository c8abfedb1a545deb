#!/usr/bin/env bash
# Vault provider benchmarks: cached lookup latency (JMH), cold lookups through the AWS SDK and the Vault client
# against the in-process fakes, and 64 threads missing one key at once (backend calls counted).
# Usage: bench/vault.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

exec bench/java.sh dev.gatehouse.bench.VaultBenchmark "$@"
