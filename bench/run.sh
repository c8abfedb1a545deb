#!/usr/bin/env bash
# Sign-in benchmark: full OIDC authorization-code + PKCE sign-ins against a production-mode Keycloak it starts
# with the pack (dev.gatehouse.bench.SignInBenchmark, built and run by bench/java.sh with a JDK 21+).
# Usage: bench/run.sh [--clients N] [--duration S] [--warmup S] [--rounds R] [--users U]
#                     [--config name:realm-file:realm:client[:totp|email-code|sms-code]]...
# With no --config it runs the demo realm's demo-app three times: "password+totp" (Keycloak's auth-otp-form, codes
# computed by the client: the baseline), "password+email-code" (each code read from an in-process SMTP server) and
# "password+sms-code" (each code read from an in-process Twilio fake); ratios are to the first config, per round.
# --users: users per client and config, signed in in turn (a TOTP user signs in at most once per 30 s step).
# Env: GATEHOUSE_BENCH_HEAP (JVM heap options of the server, default "-Xms512m -Xmx1g")
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
  sed -n '4,5s/^# //p' bench/run.sh
  exit 0
fi

exec bench/java.sh dev.gatehouse.bench.SignInBenchmark "$@"
