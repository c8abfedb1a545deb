#!/usr/bin/env bash
# Sign-in benchmark: full OIDC authorization-code + PKCE sign-ins against a Keycloak it starts with the pack.
# Usage: bench/run.sh [--clients N] [--duration S] [--warmup S] [--rounds R]
#                     [--config name:realm-file:realm:client[:email-code]]...
# With no --config it compares the demo realm's stock password flow with itself (an A/A run: the noise floor).
# Env: GATEHOUSE_BENCH_HEAP (JVM heap options of the server, default "-Xms512m -Xmx1g")
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

exec bench/java.sh dev.gatehouse.bench.SignInBenchmark "$@"
