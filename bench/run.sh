#!/usr/bin/env bash
# Sign-in benchmark: full OIDC authorization-code + PKCE sign-ins against a production-mode Keycloak it starts
# with the pack (dev.gatehouse.bench.SignInBenchmark, built and run by bench/java.sh with a JDK 21+).
# Usage: bench/run.sh [--clients N] [--duration S] [--warmup S] [--rounds R] [--users U] [--set codes|trust|all]
#                     [--config name:realm-file:realm:client[:totp|email-code|sms-code|trusted-device]]...
# With no --config it runs the demo realm's demo-app with one kind of user per configuration, ratios per round to
# the first, "password+totp" (Keycloak's auth-otp-form, codes computed by the client: the baseline). --set codes
# (the default) adds "password+email-code" (each code read from an in-process SMTP server) and "password+sms-code"
# (each code read from an in-process Twilio fake); --set trust adds "password-only" and "password+trusted-device"
# (TOTP answered once with "trust this browser" ticked, then each sign-in presents the user's newest trust cookie),
# and prints trusted / password-only and trusted / TOTP; --set all runs all five (about 5/3 the run time).
# The trust page shown after a second factor is answered in every configuration (ticked only for trusted devices).
# --users: users per client and config, signed in in turn (a TOTP user signs in at most once per 30 s step).
# Env: GATEHOUSE_BENCH_HEAP (JVM heap options of the server, default "-Xms512m -Xmx1g")
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
  sed -n '4,5s/^# //p' bench/run.sh
  exit 0
fi

exec bench/java.sh dev.gatehouse.bench.SignInBenchmark "$@"
