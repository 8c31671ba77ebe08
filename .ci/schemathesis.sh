#!/usr/bin/env bash
# API fuzzing: a fresh SQLite database with a small demo, a live server on a free loopback port, and
# schemathesis generating requests from /api/schema/ with a broad read-and-write demo account's token.
# Fails on any 5xx, any response that does not match the schema and any undocumented status code.
# The one operation left out revokes a token: the fuzzer would revoke its own and test nothing after.
# Bounded: FUZZ_EXAMPLES cases per operation (default 25), FUZZ_MAX_TIME seconds at most (default 360).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
ST=${ST:-$PWD/.venv/bin/schemathesis}
EXAMPLES=${FUZZ_EXAMPLES:-25}
MAX_TIME=${FUZZ_MAX_TIME:-360}
FUZZ_USER=${FUZZ_USER:-demo_city}
work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# A database and var directory of its own; the rate limits are lifted (the fuzzer is one user sending
# thousands of requests on purpose) and the cache is the process's own memory.
export DATABASE_URL="sqlite:///$work/fuzz.sqlite3"
export FUPIN_VAR_DIR="$work/var"
export DEBUG=1
export CACHE_URL="locmem://"
export API_RATE=1000000/hour API_LIST_BURST_RATE=1000000/min API_LIST_RATE=1000000/hour
export JOBS_RUN_INLINE=1

echo "== schemathesis: database and demo"
$PY manage.py migrate --no-input -v 0
$PY manage.py demo --households "${FUZZ_HOUSEHOLDS:-200}" >/dev/null
key=$($PY manage.py shell -v 0 -c "
from fupin.accounts.models import User
from fupin.accounts.services import create_api_token
user = User.objects.get(username='$FUZZ_USER')
print(create_api_token(by=user, name='schemathesis', days=1)[1])
" | tail -n 1)

port=${FUZZ_PORT:-$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
$PY manage.py runserver "127.0.0.1:$port" --noreload >"$work/server.log" 2>&1 &
server=$!

echo "== schemathesis: fuzzing http://127.0.0.1:$port/api/v1/ as $FUZZ_USER"
status=0
# From the temporary directory: schemathesis keeps a cache in ./.schemathesis
cd "$work"
$ST --no-color run "http://127.0.0.1:$port/api/schema/" \
  --header "Authorization: Token $key" \
  --exclude-operation-id v1_tokens_destroy \
  --wait-for-schema 60 \
  --checks not_a_server_error,response_schema_conformance,status_code_conformance \
  --max-examples "$EXAMPLES" \
  --max-time "$MAX_TIME" \
  --workers 1 \
  --seed "${FUZZ_SEED:-20200301}" \
  --request-timeout 30 \
  --generation-database none \
  --phases "${FUZZ_PHASES:-examples,coverage,fuzzing}" \
  "$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo "== schemathesis failed; server errors:"
  grep -E "Error|Traceback|\" 5[0-9][0-9] " "$work/server.log" | tail -n 40 || true
fi
exit "$status"
