#!/usr/bin/env bash
# Vault provider benchmarks, one JMH run (about 4 minutes): a cached lookup through our provider beside Keycloak's
# own files-plaintext provider reading the same secret, with and without the per-session create (with their
# ratios); a cold lookup per backend (env, aws, hashicorp, azure, gcp) through its in-process fake; then 64 threads
# missing one key at once. Prints a table at the end; JMH's JSON goes to bench/target/vault-jmh.json.
# Usage: bench/vault.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

exec bench/java.sh dev.gatehouse.bench.VaultBenchmark "$@"
