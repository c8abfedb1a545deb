#!/usr/bin/env bash
# Prints the one-time code of the newest mail GreenMail (./dev.sh) received for an address.
# Usage: scripts/last-code.sh alice@example.com
# Env: GATEHOUSE_MAIL_API_PORT (8025)
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 <email address>" >&2; exit 2; }
port="${GATEHOUSE_MAIL_API_PORT:-8025}"
json="$(curl -fsS "http://localhost:$port/api/user/$1/messages/")" \
  || { echo "last-code: GreenMail not reachable on port $port: is ./dev.sh running?" >&2; exit 1; }
# The text part has the code alone on an indented line; in the JSON its line breaks are escaped.
code="$(printf '%s' "$json" | grep -oE '\\r\\n +[0-9]{4,10}\\r\\n' | tail -n 1 | grep -oE '[0-9]{4,10}' || true)"
[ -n "$code" ] || { echo "last-code: no code in the mail for $1" >&2; exit 1; }
echo "$code"
