#!/usr/bin/env bash
# Sign-in benchmark: full OIDC authorization-code + PKCE sign-ins against a production-mode Keycloak it starts
# with the pack (dev.gatehouse.bench.SignInBenchmark, built and run by bench/java.sh with a JDK 21+).
# Usage: bench/run.sh [--clients N] [--duration S] [--warmup S] [--rounds R]
#                     [--config name:realm-file:realm:client[:email-code]]...
# With no --config it runs the demo realm's demo-app twice: "password" (users without email codes) and
# "password+email-code" (each code read from an in-process SMTP server); ratios are to the first config.
# Env: GATEHOUSE_BENCH_HEAP (JVM heap options of the server, default "-Xms512m -Xmx1g")
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

exec bench/java.sh dev.gatehouse.bench.SignInBenchmark "$@"
