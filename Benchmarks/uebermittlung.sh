#!/usr/bin/env bash
# Drain time of a backlog of XGewO messages against the gateway test peer (release build):
# ANZAHL Anmeldungen are submitted and certified with the transmission worker off, then
# `gewerbe transmissions run --einmal` sends the backlog to the peer (Tests/Peers/xgewo_gateway.py,
# which validates every message with lxml). Baseline of the same run: the peer alone, the same
# messages re-posted straight from its store to a second peer by 8 Python threads.
# Usage: Benchmarks/uebermittlung.sh   (env: ANZAHL=Anmeldungen, GEWERBE_BIN=a built binary)
set -euo pipefail
cd "$(dirname "$0")/.."
ANZAHL=${ANZAHL:-300}
PORT=${PORT:-18182}
export GEWERBE_PG_PORT=${GEWERBE_PG_PORT:-55434}
export GEWERBE_HTTP_PORT=$PORT
scripts/bootstrap >/dev/null
if [ -n "${GEWERBE_BIN:-}" ]; then
    BIN=$GEWERBE_BIN
else
    swift build -c release --product gewerbe >/dev/null
    BIN="$(swift build -c release --show-bin-path)/gewerbe"
fi
DATA=$(mktemp -d /tmp/gewerbe-uebermittlung.XXXXXX)
chmod 755 "$DATA"
export GEWERBE_DATA_DIR="$DATA"
cleanup() {
    for p in ${PID:-} ${PEER:-} ${PEER2:-}; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
    rm -rf "$DATA"
}
trap cleanup EXIT

# A recipient directory with a DVDV key for every recipient (the shipped one has mostly none).
.venv/bin/python - "$DATA/empfaenger.csv" <<'PY'
import csv, sys
zeilen = list(csv.DictReader(open("config/empfaenger.csv", encoding="utf-8")))
with open(sys.argv[1], "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=zeilen[0].keys())
    w.writeheader()
    for z in zeilen:
        z["kennung"] = z["kennung"] or "BENCH-" + z["empfaenger"]
        w.writerow(z)
PY
export GEWERBE_EMPFAENGER="$DATA/empfaenger.csv"

"$BIN" migrate >/dev/null
"$BIN" tenants import config/kommunen.csv >/dev/null
KOMMUNEN=$(tail -n +2 config/kommunen.csv | cut -d, -f1 | sed 's/^/--kommune /' | tr '\n' ' ')
# shellcheck disable=SC2086
export GEWERBE_TOKEN=$("$BIN" tokens create --role sachbearbeitung $KOMMUNEN --label bench --nur-token)
"$BIN" serve --ohne-ablage --ohne-uebermittlung >"$DATA/serve.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.2; done

echo "Einreichen und bescheinigen: $ANZAHL Anmeldungen"
.venv/bin/python - "$PORT" "$ANZAHL" <<'PY'
import json, os, sys, urllib.request, datetime
port, anzahl = sys.argv[1], int(sys.argv[2])
heute = datetime.date.today().isoformat()
kommunen = ["06636001", "06636002", "06636005", "06636007", "06636009", "06636010", "06636011", "06636012",
            "06636014", "06636015", "06636016"]
kopf = {"Authorization": "Bearer " + os.environ["GEWERBE_TOKEN"], "Content-Type": "application/json"}
def post(pfad, daten):
    anfrage = urllib.request.Request(f"http://127.0.0.1:{port}{pfad}", data=json.dumps(daten).encode(), headers=kopf)
    return json.load(urllib.request.urlopen(anfrage))
for n in range(anzahl):
    anzeige = {"meldeart": "anmeldung", "formularversion": "2025", "gemeindeschluessel": kommunen[n % 11],
        "eingangsdatum": heute, "eingangskanal": "online", "inhaber": {"rechtsform": "180"},
        "geschaeftsbezeichnung": f"Schneiderei Nr. {n}",
        "personen": [{"funktion": "inhaber", "familienname": f"Lastmann{n}", "vornamen": "Jürgen", "geschlecht": "m",
            "geburtsdatum": "1984-03-17", "geburtsort": "Eschwege", "geburtsland": "Deutschland",
            "staatsangehoerigkeiten": ["000"],
            "wohnanschrift": {"strasse": "Niederstadt", "hausnummer": str(n + 1), "plz": "36205", "ort": "Sontra"}}],
        "beteiligungOeffentlicheHand": "nein",
        "betriebsstaette": {"anschrift": {"strasse": "Marktplatz", "hausnummer": str(n + 1), "plz": "36205", "ort": "Sontra"}},
        "taetigkeiten": [{"beschreibung": "Änderungsschneiderei und Reparatur von Bekleidung", "schwerpunkt": True,
            "wz": {"klassifikation": "WZ2008", "code": "95.29.0"}}],
        "nebenerwerb": False, "beginn": heute, "betriebsart": {"sonstiges": True}, "beschaeftigte": {"keine": True},
        "niederlassungsart": "hauptniederlassung", "grundAnmeldung": "neugruendung"}
    fall = post("/v1/anzeigen", anzeige)
    post(f"/v1/anzeigen/{fall['id']}/empfangsbescheinigung", {})
PY
kill -TERM $PID; wait $PID 2>/dev/null || true; PID=

PEERPORT=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$DATA/peer" "$DATA/peer2"
.venv/bin/python Tests/Peers/xgewo_gateway.py --port "$PEERPORT" --speicher "$DATA/peer" --schemata schemas/xgewo \
    >/dev/null 2>"$DATA/peer.log" &
PEER=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PEERPORT/health" >/dev/null && break; sleep 0.1; done
export GEWERBE_GATEWAY="http://127.0.0.1:$PEERPORT"
"$BIN" transmissions run --einmal 2>"$DATA/run.log" | tee "$DATA/run.txt"
# The drain as the command timed it (without process start and database connection).
SEKUNDEN=$(sed -n 's/.* in \([0-9.]*\) seconds.*/\1/p' "$DATA/run.txt")
NACHRICHTEN=$(curl -s "http://127.0.0.1:$PEERPORT/v1/postfach" | .venv/bin/python -c 'import json,sys; print(json.load(sys.stdin)["angenommen"])')

PEERPORT2=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
.venv/bin/python Tests/Peers/xgewo_gateway.py --port "$PEERPORT2" --speicher "$DATA/peer2" --schemata schemas/xgewo \
    >/dev/null 2>"$DATA/peer2.log" &
PEER2=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PEERPORT2/health" >/dev/null && break; sleep 0.1; done
PEERALLEIN=$(.venv/bin/python - "$DATA/peer" "$PEERPORT2" <<'PY'
import pathlib, re, sys, time, urllib.request
from concurrent.futures import ThreadPoolExecutor
speicher, port = pathlib.Path(sys.argv[1]), sys.argv[2]
dateien = sorted(p for p in speicher.glob("*/*/*.xml"))
def sende(p):
    xml = p.read_bytes()
    typ = re.search(rb"<xga:([a-z]+\.gewerbemeldung\.[0-9]+)", xml).group(1).decode()
    kopf = {"Content-Type": "application/xml", "X-Nachricht-UUID": p.stem, "X-Nachrichtentyp": typ,
            "X-XGewO-Version": "1.6-vorlaeufig", "X-Leser": f"{p.parent.parent.name}:{p.parent.name}"}
    urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/v1/nachrichten", data=xml, headers=kopf)).read()
start = time.monotonic()
with ThreadPoolExecutor(8) as pool:
    list(pool.map(sende, dateien))
print(f"{len(dateien) / (time.monotonic() - start):.0f}")
PY
)
.venv/bin/python - "$SEKUNDEN" "$NACHRICHTEN" "$PEERALLEIN" <<'PY'
import sys
dauer, n, allein = float(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
rate = n / dauer
print(f"Rückstau: {n} Nachrichten in {dauer:.1f} s = {rate:.0f} Nachrichten/s (geschrieben, geprüft, gesendet)")
print(f"Test-Gateway allein (dieselben Nachrichten, 8 Threads): {allein:.0f} Nachrichten/s; Verhältnis {rate / allein:.2f}")
PY
