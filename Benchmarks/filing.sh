#!/usr/bin/env bash
# Filing throughput and backlog drain after an outage: N Anmeldungen are submitted while the eAkte
# (a real WsgiDAV WebDAV server) is down; then it starts and the release-build server's filing
# worker drains the backlog (each case: Akte, Vorgang, PDF, JSON, properties, sidecars). Baseline
# in the same run: the same number of folder-and-upload rounds straight to the same WsgiDAV.
# Usage: Benchmarks/filing.sh   (env: ANZAHL=cases, default 500)
set -euo pipefail
cd "$(dirname "$0")/.."
ANZAHL=${ANZAHL:-500}
PORT=${PORT:-18191}
DAVPORT=${DAVPORT:-18192}
export GEWERBE_PG_PORT=${GEWERBE_PG_PORT:-55436}
export GEWERBE_HTTP_PORT=$PORT
scripts/bootstrap >/dev/null
swift build -c release --product gewerbe >/dev/null
BIN="$(swift build -c release --show-bin-path)/gewerbe"
DATA=$(mktemp -d /tmp/gewerbe-filing.XXXXXX)
chmod 755 "$DATA"
export GEWERBE_DATA_DIR="$DATA"
mkdir -p "$DATA/dav" "$DATA/dav-baseline"
trap 'kill -TERM ${PID:-0} ${DAV:-0} 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$DATA"' EXIT

# WsgiDAV as the tests run it (GewerbeTestSupport.WsgiDAVServer): anonymous, with a property
# manager, so that the adapter's PROPPATCH of the metadata succeeds.
starte_dav() {
    cat >"$1.json" <<JSON
{ "host": "127.0.0.1", "port": $DAVPORT, "provider_mapping": { "/": "$1" },
  "http_authenticator": { "domain_controller": null, "accept_basic": true, "accept_digest": false, "default_to_digest": false },
  "simple_dc": { "user_mapping": { "*": true } },
  "property_manager": { "class": "wsgidav.prop_man.property_manager.ShelvePropertyManager", "kwargs": { "storage_path": "$1.shelve" } },
  "lock_storage": true, "verbose": 1, "dir_browser": { "enable": false } }
JSON
    .venv/bin/wsgidav -c "$1.json" >"$1.log" 2>&1 &
    DAV=$!
}

cat >"$DATA/eakte.json" <<JSON
{ "standard": { "art": "webdav", "url": "http://127.0.0.1:$DAVPORT/gewerbe" },
  "worker": { "parallel": 4, "abfrageSekunden": 1, "wartezeitBasisMillisekunden": 500, "wartezeitMaxSekunden": 5 } }
JSON
export GEWERBE_EAKTE_CONFIG="$DATA/eakte.json"
"$BIN" migrate >/dev/null
"$BIN" tenants import config/kommunen.csv >/dev/null
KOMMUNEN=$(tail -n +2 config/kommunen.csv | cut -d, -f1 | sed 's/^/--kommune /' | tr '\n' ' ')
# shellcheck disable=SC2086
TOKEN=$("$BIN" tokens create --role sachbearbeitung $KOMMUNEN --label bench --nur-token)

"$BIN" serve >"$DATA/serve.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.2; done

echo "eAkte down; submitting $ANZAHL Anmeldungen ..."
SUBMIT=$(python3 Benchmarks/filing.py submit "http://127.0.0.1:$PORT" "$TOKEN" "$ANZAHL")
echo "submitted in ${SUBMIT}s"
sleep 3
starte_dav "$DATA/dav"
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$DAVPORT/" && break; sleep 0.1; done
curl -s -X MKCOL "http://127.0.0.1:$DAVPORT/gewerbe" >/dev/null
START=$(date +%s.%N)
while true; do
    OFFEN=$("$BIN" filing status --format json 2>/dev/null | python3 -c 'import json,sys; a=json.load(sys.stdin)["anzahl"]; print(-1 if a.get("geparkt",0) else a.get("ausstehend",0)+a.get("inArbeit",0))')
    [ "$OFFEN" = "-1" ] && { echo "jobs parked; see $DATA/serve.log" >&2; tail -n 5 "$DATA/serve.log" >&2; exit 1; }
    [ "$OFFEN" = "0" ] && break
    sleep 0.5
done
ENDE=$(date +%s.%N)
DRAIN=$(python3 -c "print(f'{$ENDE - $START:.1f}')")
DOKUMENTE=$(find "$DATA/dav/gewerbe" -type f \( -name '*.pdf' -o -name '*.json' \) ! -name '*.metadata.json' | wc -l)
"$BIN" filing verify | tail -n 1
kill -TERM "$DAV"; wait "$DAV" 2>/dev/null || true

starte_dav "$DATA/dav-baseline"
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$DAVPORT/" && break; sleep 0.1; done
BASIS=$(python3 Benchmarks/filing.py baseline "http://127.0.0.1:$DAVPORT" "$ANZAHL")

echo
echo "backlog of $ANZAHL cases ($DOKUMENTE documents) drained in ${DRAIN}s after the eAkte came back"
python3 -c "print(f'filing throughput: {$ANZAHL / $DRAIN:.1f} cases/s, {$DOKUMENTE / $DRAIN:.1f} documents/s')"
python3 -c "print(f'baseline (plain MKCOL+PUT rounds to the same WsgiDAV): {$ANZAHL / $BASIS:.1f} cases/s; ratio {($ANZAHL / $DRAIN) / ($ANZAHL / $BASIS):.2f}')"
