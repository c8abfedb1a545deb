#!/usr/bin/env bash
# Prints the one-time code of the newest mail the dev mail server received for an address: GreenMail (./dev.sh)
# or Mailpit (docker-compose.yml); or, with "sms", of the newest text message in the dev SMS sender's outbox
# (./dev.sh), to any number or to the one given.
# Usage: scripts/last-code.sh alice@example.com
#        scripts/last-code.sh sms [+12015550123]
# Env: GATEHOUSE_MAIL_API_PORT (8025), GATEHOUSE_MAIL_API (auto: Mailpit if /api/v1/info answers, else GreenMail;
#      or greenmail, mailpit), GATEHOUSE_SMS_OUTBOX ($GATEHOUSE_DEV_DIR/sms-outbox.jsonl), GATEHOUSE_DEV_DIR (.dev)
set -euo pipefail
usage() { echo "usage: $0 <email address> | $0 sms [+number in E.164]" >&2; exit 2; }
die() { echo "last-code: $*" >&2; exit 1; }

# The outbox holds one JSON object per message, oldest first: {"time":…,"to":"+1…","body":"…"}. The body's last
# line is the WebOTP line "@host #code", so the code is read from there and not from the message's wording.
sms_code() {
  local number="$1" outbox to line code
  outbox="${GATEHOUSE_SMS_OUTBOX:-${GATEHOUSE_DEV_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.dev}/sms-outbox.jsonl}"
  [ -f "$outbox" ] || die "no SMS outbox at $outbox: is ./dev.sh running (it enables the dev sender)?"
  to='"to" *: *"'
  if [ -n "$number" ]; then
    [[ "$number" =~ ^\+[1-9][0-9]{5,14}$ ]] || die "the number must be in E.164 form, like +12015550123"
    to="$to\\$number\""
  fi
  line="$(grep -E "$to" "$outbox" | tail -n 1 || true)"
  [ -n "$line" ] || die "no text message${number:+ to $number} in $outbox"
  code="$(printf '%s\n' "$line" | grep -oE '@[^ "\\]+ #[0-9]{4,10}' | tail -n 1 | grep -oE '[0-9]+$' || true)"
  [ -n "$code" ] || die "no code in the newest text message${number:+ to $number}"
  echo "$code"
}

case "${1:-}" in
  "") usage ;;
  sms) [ $# -le 2 ] || usage; sms_code "${2:-}"; exit 0 ;;
esac
[ $# -eq 1 ] || usage
address="$1"
port="${GATEHOUSE_MAIL_API_PORT:-8025}"
base="http://localhost:$port"
api="${GATEHOUSE_MAIL_API:-auto}"

if [ "$api" = auto ]; then
  if curl -fsS -o /dev/null "$base/api/v1/info" 2>/dev/null; then api=mailpit; else api=greenmail; fi
fi

# The text part has the code alone on an indented line; in the JSON its line breaks are escaped (\r\n or \n).
code_in() { grep -oE '\\n +[0-9]{4,10}(\\r)?\\n' | tail -n 1 | grep -oE '[0-9]{4,10}' || true; }

case "$api" in
  greenmail)
    json="$(curl -fsS "$base/api/user/$address/messages/")" \
      || die "GreenMail not reachable on port $port: is ./dev.sh running?"
    # Oldest first: the last code in the list is the newest mail's.
    code="$(printf '%s' "$json" | code_in)"
    ;;
  mailpit)
    found="$(curl -fsS -G "$base/api/v1/search" --data-urlencode "query=to:\"$address\"" --data-urlencode limit=1)" \
      || die "Mailpit not reachable on port $port: is docker-compose up?"
    # Newest first: the first ID is the newest matching message's.
    id="$(printf '%s' "$found" | grep -oE '"ID": *"[A-Za-z0-9_-]+"' | head -n 1 | sed -E 's/.*"([^"]+)"$/\1/' || true)"
    [ -n "$id" ] || die "no mail for $address in Mailpit"
    message="$(curl -fsS "$base/api/v1/message/$id")" || die "Mailpit did not return message $id"
    code="$(printf '%s' "$message" | grep -oE '"Text": *"([^"\\]|\\.)*"' | code_in)"
    ;;
  *) die "GATEHOUSE_MAIL_API must be auto, greenmail or mailpit, not '$api'" ;;
esac
[ -n "$code" ] || die "no code in the newest mail for $address"
echo "$code"
