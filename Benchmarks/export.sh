#!/usr/bin/env bash
# Statistics export benchmark (docs/performance.md, section 3).
#
# Seeds ROWS cases certified in November 2026 (and ROWS/10 in October, to compare memory at two
# sizes) into a throwaway PostgreSQL cluster with bulk SQL, then runs the release build's
# `gewerbe export statistik --monat ...` twice per month under /usr/bin/time -v (rows/s, peak
# RSS, byte-identical re-run), and, as the baseline of the same run, psql's \copy of the same
# candidate rows (the export's own query) to CSV.
#
# Usage: Benchmarks/export.sh [ROWS]      (default 2000000; needs about 4 GB of disk per 2M rows)
# Environment: BENCH_DIR (default a new folder under /tmp), KEEP=1 keeps the cluster folder.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-2000000}
SMALL=$((ROWS / 10))
PG_BIN=${GEWERBE_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}
WORK=${BENCH_DIR:-$(mktemp -d /tmp/gewerbe-bench-export-XXXXXX)}
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export DATABASE_URL="postgres://postgres@127.0.0.1:${PORT}/bench?sslmode=disable"
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres -d bench)

as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  as_postgres "$PG_BIN/pg_ctl" -D "$WORK/data" -m fast stop >/dev/null 2>&1 || true
  [ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT

echo "== build (release)"
swift build -c release --product gewerbe >/dev/null
GEWERBE="$(swift build -c release --show-bin-path)/gewerbe"

echo "== cluster in $WORK (port $PORT)"
mkdir -p "$WORK/data" "$WORK/out"
[ "$(id -u)" -eq 0 ] && chown -R postgres "$WORK"
as_postgres "$PG_BIN/initdb" -D "$WORK/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# Throwaway cluster: no durability needed while seeding. Memory settings are PostgreSQL's defaults.
as_postgres "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/postgres.log" -w \
  -o "-p $PORT -k $WORK -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
psql -X -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -c "CREATE DATABASE bench"
"$GEWERBE" migrate >/dev/null
"$GEWERBE" tenants import config/kommunen.csv >/dev/null

echo "== seeding $ROWS cases (2026-11) and $SMALL (2026-10)"
seed_start=$(date +%s)
"${PSQL[@]}" -v rows="$ROWS" -v small="$SMALL" <<'SQL'
-- One Anzeige as template (docs/examples/anmeldung-einzelunternehmen.json, as stored); each case
-- gets its municipality, its own names and addresses; every 10th name has separators, quotes
-- and a line break, so that the CSV quoting is exercised.
CREATE TEMP TABLE vorlage AS SELECT $json${
  "meldeart": "anmeldung", "formularversion": "2025", "gemeindeschluessel": "06636011",
  "entgegennehmendeStelle": "Ordnungsamt", "eingangsdatum": "2026-11-02", "eingangskanal": "schalter",
  "inhaber": {"rechtsform": "180"}, "geschaeftsbezeichnung": "Änderungsschneiderei Weiß",
  "personen": [{"funktion": "inhaber", "familienname": "Weiß", "vornamen": "Jürgen Günther", "geschlecht": "m",
    "geburtsdatum": "1984-03-17", "geburtsort": "Eschwege", "geburtsland": "Deutschland",
    "staatsangehoerigkeiten": ["000"],
    "wohnanschrift": {"strasse": "Niederstadt", "hausnummer": "12", "plz": "36205", "ort": "Sontra"},
    "kontakt": {"telefon": "05653 12345", "email": "weiss@example.org"}}],
  "beteiligungOeffentlicheHand": "nein",
  "betriebsstaette": {"anschrift": {"strasse": "Marktplatz", "hausnummer": "3", "plz": "36205", "ort": "Sontra"}},
  "taetigkeiten": [{"beschreibung": "Änderungsschneiderei und Reparatur von Bekleidung", "schwerpunkt": true,
    "wz": {"klassifikation": "WZ2008", "code": "95.29.0"}}],
  "nebenerwerb": false, "beginn": "2026-11-03", "betriebsart": {"sonstiges": true}, "beschaeftigte": {"keine": true},
  "niederlassungsart": "hauptniederlassung", "grundAnmeldung": "neugruendung", "datumUnterschrift": "2026-11-02"
}$json$::jsonb AS anzeige;

CREATE TEMP TABLE gemeinden AS SELECT row_number() OVER (ORDER BY ags) - 1 AS nr, ags FROM kommunen;

CREATE TEMP TABLE faelle_neu AS
SELECT i, g.ags, (i / 11) + 1 AS nummer, gen_random_uuid() AS id, gen_random_uuid() AS betrieb_id,
       CASE WHEN i < :rows THEN date '2026-11-02' + (i % 27) ELSE date '2026-10-01' + (i % 28) END AS eingang
FROM generate_series(0, :rows + :small - 1) AS i
JOIN gemeinden g ON g.nr = i % 11;

INSERT INTO betriebe (ags, id, status, zustand, name, sortname, such_name, such_personen, such_anschrift, personen,
                      betriebsanschrift, taetigkeit, wz, wz_praefixe, vergleich_ort, vergleich_personen, vergleich_firma,
                      beginn, anzahl_faelle, revision, erstellt_am, geaendert_am)
SELECT ags, betrieb_id, 'offen', '{}'::jsonb, 'Betrieb ' || i, 'betrieb ' || i, 'betrieb ' || i, 'weiss ' || i,
       'marktplatz ' || i, ARRAY['Weiß ' || i], 'Marktplatz ' || i, 'Änderungsschneiderei', ARRAY['95.29.0'],
       ARRAY['95', '952', '9529', '95290'], NULL, ARRAY['weiss ' || i], NULL, eingang + 1, 1, 1, now(), now()
FROM faelle_neu;

INSERT INTO faelle (ags, id, aktenzeichen, jahr, nummer, betrieb_id, position, meldeart, status, version, revision,
                    eingangsdatum, ereignisdatum, empfang_faellig, name, empfang_am, empfang_von, ablage,
                    erstellt_am, erstellt_von)
SELECT ags, id, ags || '-2026-' || lpad(nummer::text, greatest(5, length(nummer::text)), '0'), 2026, nummer,
       betrieb_id, 1, 'anmeldung', 'wirksam', 1, 2, eingang, eingang + 1, eingang + 3, 'Betrieb ' || i,
       eingang + 1, 'Benchmark', 'abgelegt', eingang::timestamptz + interval '10 hours', 'Benchmark'
FROM faelle_neu;

INSERT INTO anzeige_versionen (ags, fall_id, version, anzeige, hinweise, erfasst_am, erfasst_von)
SELECT f.ags, f.id, 1,
       jsonb_set(jsonb_set(jsonb_set(jsonb_set(jsonb_set(v.anzeige,
           '{gemeindeschluessel}', to_jsonb(f.ags::text)),
           '{eingangsdatum}', to_jsonb(f.eingang::text)),
           '{geschaeftsbezeichnung}', to_jsonb(CASE WHEN f.i % 10 = 0
               THEN 'Café „Zur Linde“; Inh. "Müller" Nr. ' || f.i || E'\nMittagstisch'
               ELSE 'Änderungsschneiderei Weiß Nr. ' || f.i END)),
           '{personen,0,familienname}', to_jsonb('Weiß-' || f.i)),
           '{betriebsstaette,anschrift,hausnummer}', to_jsonb((f.i % 200 + 1)::text)),
       '[]'::jsonb, f.eingang::timestamptz + interval '10 hours', 'Benchmark'
FROM faelle_neu f, vorlage v;

VACUUM ANALYZE betriebe, faelle, anzeige_versionen;
SQL
seed_end=$(date +%s)
db_size=$("${PSQL[@]}" -At -c "SELECT pg_size_pretty(pg_database_size('bench'))")
echo "   seeded in $((seed_end - seed_start)) s, database $db_size"

# Runs a command under /usr/bin/time -v; prints "seconds peak_rss_kib".
measure() {
  local log="$WORK/out/time.log"
  /usr/bin/time -v "$@" 2>"$log" >/dev/null || { cat "$log"; exit 1; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  python3 -c "
import sys
p = sys.argv[1].split(':')
s = sum(float(x) * 60 ** i for i, x in enumerate(reversed(p)))
print(f'{s:.2f} {sys.argv[2]}')" "$wall" "$rss"
}

# The export's candidate query (PostgresStatistikQuelle.abfrage) for a month, as text for psql.
baseline_sql() {
  local erster=$1 letzter=$2
  cat <<SQL
\\copy (WITH kandidaten AS (SELECT f.ags, f.id FROM faelle f WHERE f.ags = ANY ((SELECT array_agg(ags) FROM kommunen)::char(8)[]) AND f.empfang_am BETWEEN '$erster'::date AND '$letzter'::date UNION SELECT f.ags, f.id FROM faelle f WHERE f.ags = ANY ((SELECT array_agg(ags) FROM kommunen)::char(8)[]) AND f.ruecknahme_am >= ('$erster'::date - 1)::timestamptz AND f.ruecknahme_am < ('$letzter'::date + 2)::timestamptz UNION SELECT v.ags, v.fall_id FROM anzeige_versionen v WHERE v.ags = ANY ((SELECT array_agg(ags) FROM kommunen)::char(8)[]) AND v.version > 1 AND v.erfasst_am >= ('$erster'::date - 1)::timestamptz AND v.erfasst_am < ('$letzter'::date + 2)::timestamptz), geordnet AS (SELECT f.* FROM kandidaten k JOIN faelle f ON f.ags = k.ags AND f.id = k.id WHERE f.empfang_am <= '$letzter'::date ORDER BY f.ags, f.aktenzeichen) SELECT f.ags::text, f.id, f.aktenzeichen, f.betrieb_id, f.meldeart, f.status, f.revision, f.empfang_am::text, f.empfang_von, f.ablage, f.ruecknahme_grund, f.ruecknahme_am, f.ruecknahme_von, f.ausloesende_anzeige_id, v.version, v.anzeige::text, v.hinweise::text, v.erfasst_am, v.erfasst_von, v.berichtigungsgrund FROM geordnet f CROSS JOIN LATERAL (SELECT * FROM anzeige_versionen v WHERE v.ags = f.ags AND v.fall_id = f.id ORDER BY v.version) v ORDER BY f.ags, f.aktenzeichen, v.version) TO '$WORK/out/baseline.csv' WITH (FORMAT csv)
SQL
}

run_month() {
  local monat=$1 rows=$2 erster=$3 letzter=$4
  echo "== month $monat ($rows rows)"
  read -r b_s b_rss < <(measure "${PSQL[@]}" -c "$(baseline_sql "$erster" "$letzter")")
  read -r e1_s e1_rss < <(measure "$GEWERBE" export statistik --monat "$monat" --out "$WORK/out/export1.csv")
  # The RSS over a third run, sampled every 0.5 s: flat after the start means constant memory.
  "$GEWERBE" export statistik --monat "$monat" --out "$WORK/out/export3.csv" 2>/dev/null &
  local pid=$! samples="$WORK/out/rss.log"
  : >"$samples"
  while kill -0 "$pid" 2>/dev/null; do
    awk '/VmRSS/ {print $2}' "/proc/$pid/status" >>"$samples" 2>/dev/null || true
    sleep 0.5
  done
  wait "$pid"
  read -r e2_s e2_rss < <(measure "$GEWERBE" export statistik --monat "$monat" --out "$WORK/out/export2.csv")
  local lines identical
  lines=$(($(python3 -c "import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline=''), delimiter=';')))" "$WORK/out/export1.csv") - 1))
  identical=$(cmp -s "$WORK/out/export1.csv" "$WORK/out/export2.csv" && echo yes || echo NO)
  local size
  size=$(du -m "$WORK/out/export1.csv" | cut -f1)
  python3 - "$monat" "$rows" "$lines" "$b_s" "$b_rss" "$e1_s" "$e1_rss" "$e2_s" "$e2_rss" "$identical" "$size" "$samples" <<'PY'
import sys
monat, rows, lines, b_s, b_rss, e1_s, e1_rss, e2_s, e2_rss, same, size, samples = sys.argv[1:]
rows, lines = int(rows), int(lines)
def n(x): return f"{x:,.0f}".replace(",", " ")
for was, s, rss in [("psql \\copy (baseline)", b_s, b_rss), ("gewerbe export, run 1", e1_s, e1_rss),
                    ("gewerbe export, run 2", e2_s, e2_rss)]:
    print(f"| {monat} | {n(rows)} | {was} | {float(s):.1f} | {n(rows / float(s))} | {int(rss) // 1024} |")
print(f"   rows in file: {lines} (expected {rows}); run 2 byte-identical: {same}; file {size} MiB;"
      f" export/baseline: {float(b_s) / float(e1_s):.2f}x")
rss = [int(x) // 1024 for x in open(samples).read().split()]
if rss:
    tenths = [rss[min(len(rss) - 1, round(i * (len(rss) - 1) / 10))] for i in range(11)]
    print(f"   RSS of run 3 at 0 %, 10 %, ..., 100 % of its {len(rss) / 2:.0f} s (MiB): {' '.join(map(str, tenths))}")
if lines != rows or same != "yes":
    sys.exit("export does not match")
PY
}

echo
echo "| month | rows | what | seconds | rows/s | peak RSS MiB |"
echo "| --- | ---: | --- | ---: | ---: | ---: |"
run_month 2026-10 "$SMALL" 2026-10-01 2026-10-31
run_month 2026-11 "$ROWS" 2026-11-01 2026-11-30
echo
echo "load average before: $(cut -d" " -f1-3 /proc/loadavg); machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $("$PG_BIN/postgres" --version), $(swift --version 2>/dev/null | head -n 1)"
