#!/usr/bin/env bash
# The console's end-to-end tests: a journal from the demo shift of
# stations/fietslamp-1, three accounts, `oss serve` on it, then the three
# drivers of Tests/console/ against it:
#   validate_openapi.py   docs/openapi.yaml valid, and served as is at /api/openapi.yaml
#   browser_test.py       headless Chromium: log in, a station moves (a second
#                         `oss simulate` on the journal), a level, an xlsx
#                         download equal to `oss export`, axe-core and
#                         screenshots of every page in nl and en, log out
#   schemathesis_run.py   as admin, supervisor and assessor
# and last that `oss serve` stops on SIGTERM with exit status 0.
#
# Usage: Tests/console/run.sh [OSS_BINARY]     (default .build/debug/oss)
# Settings: OSS_CONSOLE_OUT (default .build-console/), OSS_CONSOLE_SCREENSHOTS
# (default $OSS_CONSOLE_OUT/screenshots; docs/console to renew the
# repository's pictures), OSS_SCHEMATHESIS_MAX_EXAMPLES, OSS_SCHEMATHESIS_SEED.
# The last line is `console: N passed, M failed` (one per driver and the
# stop); the exit status is non-zero when M > 0. A missing tool fails.
set -uo pipefail
cd "$(dirname "$0")/../.."

oss="$(realpath -m "${1:-.build/debug/oss}")"
python=.build-py/bin/python
station=stations/fietslamp-1
shift_script=$station/scripts/demo-shift.jsonl
passed=0
failed=0
tally() { # tally LABEL STATUS
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); echo "PASS $1"; else failed=$((failed + 1)); echo "FAIL $1 (exit status $2)"; fi
}
give_up() {
  echo "error: $1" >&2
  echo "console: $passed passed, $((failed + 1)) failed"
  exit 1
}

[ -x "$oss" ] || give_up "$oss is missing: build it first (swift build --product oss)"
[ -x "$python" ] || give_up "$python is missing: scripts/python-env.sh makes it"

work="$(mktemp -d /tmp/oss-console-test.XXXXXX)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill -KILL "$server_pid" 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT

export OSS_CONSOLE_OUT="${OSS_CONSOLE_OUT:-.build-console}"
mkdir -p "$OSS_CONSOLE_OUT"
journal="$work/oss.db"

# The journal: a shift's finished cycles, and the station registered.
"$oss" simulate --station "$station" --events "$shift_script" --journal "$journal" --start 2026-03-02T08:00:00Z \
  || give_up "oss simulate of $shift_script failed"

# One account per role, each with a fresh password that only this run knows.
for role in admin supervisor assessor; do
  name="console.$role"
  password="$("$python" -c 'import secrets; print(secrets.token_urlsafe(18))')"
  printf '%s\n' "$password" | "$oss" user add --journal "$journal" --name "$name" --role "$role" --password-stdin \
    >/dev/null || give_up "oss user add $name failed"
  upper="$(echo "$role" | tr a-z A-Z)"
  export "OSS_CONSOLE_$upper=$name" "OSS_CONSOLE_${upper}_PASSWORD=$password"
done

# What the export download must equal.
export OSS_CONSOLE_EXPECTED_XLSX="$work/expected-cycles.xlsx"
"$oss" export --journal "$journal" --what cycles --format xlsx --out "$OSS_CONSOLE_EXPECTED_XLSX" \
  || give_up "oss export --format xlsx failed"

# The station moves while the browser watches: the first cycle of the shift
# again, up to the middle of a cycle, so the station ends at work on a step.
head -n 13 "$shift_script" >"$work/move.jsonl"
export OSS_CONSOLE_MOVE_COMMAND="'$oss' simulate --station '$station' --events '$work/move.jsonl' --journal '$journal' >/dev/null"

# The level is set for a worker and product of the shift.
export OSS_CONSOLE_WORKER=W205 OSS_CONSOLE_PRODUCT=koplamp-led

# The server, on a free port of the loopback.
port="$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$oss" serve --journal "$journal" --listen "127.0.0.1:$port" >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
for _ in $(seq 1 300); do
  grep -q "^listening on http://127.0.0.1:$port\$" "$work/serve.out" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
grep -q "^listening on http://127.0.0.1:$port\$" "$work/serve.out" 2>/dev/null || {
  cat "$work/serve.out" "$work/serve.err" >&2
  give_up "oss serve printed no 'listening on http://127.0.0.1:$port' within 30 s"
}
export OSS_CONSOLE_URL="http://127.0.0.1:$port"
echo "oss serve on $OSS_CONSOLE_URL (journal $journal)"

OSS_BIN="$oss" "$python" Tests/console/validate_openapi.py
tally "validate_openapi.py" $?
"$python" Tests/console/browser_test.py
tally "browser_test.py" $?
"$python" Tests/console/schemathesis_run.py
tally "schemathesis_run.py" $?

# A clean stop: SIGTERM, exit status 0 within 10 s.
kill -TERM "$server_pid"
stopped=1
for _ in $(seq 1 100); do
  kill -0 "$server_pid" 2>/dev/null || { stopped=0; break; }
  sleep 0.1
done
if [ "$stopped" -eq 0 ]; then wait "$server_pid"; status=$?; server_pid=""; else status=124; fi
tally "oss serve stops on SIGTERM with exit status 0" "$status"
if [ -s "$work/serve.err" ]; then
  cp "$work/serve.err" "$OSS_CONSOLE_OUT/serve.err"
  echo "(oss serve's standard error: $OSS_CONSOLE_OUT/serve.err)"
fi
echo "console: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
