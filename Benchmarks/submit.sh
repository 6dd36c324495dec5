#!/usr/bin/env bash
# Sustained submit rate of the HTTP write path (POST /v1/anzeigen, release build, wrk) against a
# pgbench baseline that performs the same database write (same tables, same row shape and
# payload, same hash-chain trigger) on the same PostgreSQL in the same run.
# Usage: Benchmarks/submit.sh   (env: DAUER=seconds per phase, VERBINDUNGEN=connections,
#        GEWERBE_BIN=a built binary to measure instead of this checkout's release build)
set -euo pipefail
cd "$(dirname "$0")/.."
DAUER=${DAUER:-30}
VERBINDUNGEN=${VERBINDUNGEN:-16}
PORT=${PORT:-18181}
export GEWERBE_PG_PORT=${GEWERBE_PG_PORT:-55433}
export GEWERBE_HTTP_PORT=$PORT
scripts/bootstrap >/dev/null
# GEWERBE_BIN runs a given binary instead (paired runs of two builds on the same machine).
if [ -n "${GEWERBE_BIN:-}" ]; then
    BIN=$GEWERBE_BIN
else
    swift build -c release --product gewerbe >/dev/null
    BIN="$(swift build -c release --show-bin-path)/gewerbe"
fi
DATA=$(mktemp -d /tmp/gewerbe-bench.XXXXXX)
chmod 755 "$DATA"
export GEWERBE_DATA_DIR="$DATA"
trap 'kill -TERM ${PID:-0} 2>/dev/null || true; wait ${PID:-0} 2>/dev/null || true; rm -rf "$DATA"' EXIT

"$BIN" migrate >/dev/null
"$BIN" tenants import config/kommunen.csv >/dev/null
KOMMUNEN=$(tail -n +2 config/kommunen.csv | cut -d, -f1 | sed 's/^/--kommune /' | tr '\n' ' ')
# shellcheck disable=SC2086
export GEWERBE_TOKEN=$("$BIN" tokens create --role sachbearbeitung $KOMMUNEN --label bench --nur-token)
export BENCH_HEUTE=$(TZ=Europe/Berlin date +%F)

"$BIN" serve --ohne-ablage >"$DATA/serve.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.2; done

# Warm-up, then the measured run.
wrk -t2 -c"$VERBINDUNGEN" -d5s -s Benchmarks/anmeldung.lua "http://127.0.0.1:$PORT" >/dev/null
wrk -t2 -c"$VERBINDUNGEN" -d"${DAUER}s" --latency -s Benchmarks/anmeldung.lua "http://127.0.0.1:$PORT" | tee "$DATA/wrk.txt"

# The baseline: the same write as one statement per transaction, straight into PostgreSQL.
python3 - "$DATA/pgbench.sql" <<'PY'
import json, sys
anzeige = open("docs/examples/anmeldung-einzelunternehmen.json", encoding="utf-8").read()
kompakt = json.dumps(json.loads(anzeige), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
zustand = json.dumps({"angaben": json.loads(anzeige), "status": "offen"}, ensure_ascii=False, separators=(",", ":"))
script = open("Benchmarks/pgbench-einreichen.sql", encoding="utf-8").read()
script = script.replace(":'anzeige'", "'" + kompakt.replace("'", "''") + "'")
script = script.replace(":'zustand'", "'" + zustand.replace("'", "''") + "'")
open(sys.argv[1], "w", encoding="utf-8").write(script)
PY
export PGPASSWORD=$(cat "$DATA/pg/password")
pgbench -h 127.0.0.1 -p "$GEWERBE_PG_PORT" -U postgres -n -c "$VERBINDUNGEN" -j 2 -T 5 -f "$DATA/pgbench.sql" gewerbe >/dev/null
pgbench -h 127.0.0.1 -p "$GEWERBE_PG_PORT" -U postgres -n -c "$VERBINDUNGEN" -j 2 -T "$DAUER" -P 10 -r \
    -f "$DATA/pgbench.sql" gewerbe | tee "$DATA/pgbench.txt"

HTTP=$(awk '/Requests\/sec/ {print $2}' "$DATA/wrk.txt")
P99=$(awk '/ 99%/ {print $2}' "$DATA/wrk.txt")
NON2XX=$(awk '/Non-2xx/ {print $5}' "$DATA/wrk.txt")
BASIS=$(awk '/^tps = / {print $3}' "$DATA/pgbench.txt")
echo
echo "HTTP submissions/s: $HTTP (p99 $P99, non-2xx: ${NON2XX:-0})"
echo "pgbench baseline tps: $BASIS"
python3 -c "print(f'ratio HTTP / pgbench: {float(\"$HTTP\") / float(\"$BASIS\"):.2f}')"
