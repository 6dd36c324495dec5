#!/usr/bin/env bash
# Register search benchmark (docs/performance.md, section 5).
#
# Seeds ROWS Betriebe over the eleven municipalities into a throwaway PostgreSQL cluster (bulk
# SQL; varied names, persons, streets, WZ codes, dates), starts the release server on it and runs
# each kind of search of `GET /v1/betriebe` one after another with the token of one municipality
# (Sontra): latency p50/p99 over RUNDEN requests. Baseline of the same run: pgbench calling the
# same search function (gewerbe_register_suche, same criteria, same scope) straight in
# PostgreSQL, one connection. The difference is HTTP, token check, row-level security re-read of
# the page, the audit event of the read, and JSON.
#
# Usage: Benchmarks/search.sh [ROWS]      (default 2000000; about 3 GB of disk per 2M rows)
# Environment: RUNDEN (requests per search, default 200), BENCH_DIR, KEEP=1 keeps the cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-2000000}
RUNDEN=${RUNDEN:-200}
PG_BIN=${GEWERBE_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}
WORK=${BENCH_DIR:-$(mktemp -d /tmp/gewerbe-bench-search-XXXXXX)}
frei() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT=$(frei)
HTTP_PORT=$(frei)
export DATABASE_URL="postgres://postgres@127.0.0.1:${PORT}/bench?sslmode=disable"
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres -d bench)

as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  kill -TERM "${SERVER:-0}" 2>/dev/null || true
  wait "${SERVER:-0}" 2>/dev/null || true
  as_postgres "$PG_BIN/pg_ctl" -D "$WORK/data" -m fast stop >/dev/null 2>&1 || true
  [ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT

echo "== build (release)"
scripts/bootstrap >/dev/null
swift build -c release --product gewerbe >/dev/null
GEWERBE="$(swift build -c release --show-bin-path)/gewerbe"

echo "== cluster in $WORK (port $PORT)"
mkdir -p "$WORK/data"
[ "$(id -u)" -eq 0 ] && chown -R postgres "$WORK"
as_postgres "$PG_BIN/initdb" -D "$WORK/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/postgres.log" -w \
  -o "-p $PORT -k $WORK -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
psql -X -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -c "CREATE DATABASE bench"
"$GEWERBE" migrate >/dev/null
"$GEWERBE" tenants import config/kommunen.csv >/dev/null

echo "== seeding $ROWS Betriebe"
seed_start=$(date +%s)
"${PSQL[@]}" -v rows="$ROWS" <<'SQL'
CREATE TEMP TABLE gemeinden AS SELECT row_number() OVER (ORDER BY ags) - 1 AS nr, ags FROM kommunen;
-- Folded (lower case, no diacritics) as Suchtext.falte stores them.
CREATE TEMP TABLE teile AS SELECT
  ARRAY['mueller','schmidt','schneider','fischer','weber','meyer','wagner','becker','schulz','hoffmann',
        'koch','richter','klein','wolf','schroeder','neumann','schwarz','braun','zimmermann','krueger',
        'hartmann','lange','werner','krause','lehmann','koehler','herrmann','walter','koenig','mayer'] AS namen,
  ARRAY['schneiderei','baeckerei','friseursalon','elektro','malerbetrieb','kurierdienst','hausmeisterservice',
        'gaststaette','kiosk','versicherungsmakler','fahrschule','reinigung','dachdeckerei','tischlerei',
        'blumenladen','onlinehandel','fotostudio','bauunternehmen','pflegedienst','beratung'] AS arten,
  ARRAY['13.92','10.71','96.02','43.21','43.34','53.20','81.10','56.10','47.26','66.22',
        '85.53','81.21','43.91','16.23','47.76','47.91','74.20','41.20','88.10','70.22'] AS wz,
  ARRAY['bahnhofstrasse','marktplatz','hauptstrasse','kirchweg','lindenweg','am berg','muehlgasse',
        'schulstrasse','gartenweg','niederstadt','obere strasse','rathausplatz','feldweg','wiesenweg',
        'ringstrasse','bergstrasse','brunnenstrasse','kasseler strasse','eschweger strasse','waldweg',
        'talstrasse','sonnenweg','amselweg','birkenweg','eichenweg'] AS strassen;

INSERT INTO betriebe (ags, id, status, zustand, name, sortname, such_name, such_personen, such_anschrift, personen,
                      betriebsanschrift, taetigkeit, wz, wz_praefixe, vergleich_ort, vergleich_personen, vergleich_firma,
                      beginn, ende, anzahl_faelle, revision, erstellt_am, geaendert_am)
SELECT g.ags, gen_random_uuid(), CASE WHEN i % 4 = 0 THEN 'abgemeldet' ELSE 'offen' END, '{}'::jsonb,
       initcap(a) || ' ' || initcap(n) || ' ' || i, a || ' ' || n || ' ' || i, a || ' ' || n || ' ' || i,
       n || ' ' || v, s || ' ' || (i % 150 + 1), ARRAY[initcap(v) || ' ' || initcap(n)],
       initcap(s) || ' ' || (i % 150 + 1), initcap(a), ARRAY[w || '.0'],
       ARRAY[left(replace(w, '.', ''), 2), left(replace(w, '.', ''), 3), replace(w, '.', ''),
             replace(w, '.', '') || '0'],
       NULL, ARRAY[n || ' ' || v], NULL, d, CASE WHEN i % 4 = 0 THEN d + 400 END, 1, 1, now(), now()
FROM generate_series(0, :rows - 1) AS i
JOIN gemeinden g ON g.nr = i % 11
CROSS JOIN teile t
CROSS JOIN LATERAL (SELECT t.namen[1 + (i / 11) % 30] AS n, t.arten[1 + (i / 7) % 20] AS a,
                           t.wz[1 + (i / 7) % 20] AS w, t.strassen[1 + (i / 13) % 25] AS s,
                           (ARRAY['anna','jonas','elif','max','lena','paul','mia','ben'])[1 + i % 8] AS v,
                           date '2000-01-01' + (i % 9490) AS d) x;
VACUUM ANALYZE betriebe;
SQL
seed_end=$(date +%s)
echo "   seeded in $((seed_end - seed_start)) s, database $("${PSQL[@]}" -At -c "SELECT pg_size_pretty(pg_database_size('bench'))")"

SONTRA=06636011
TOKEN=$("$GEWERBE" tokens create --role sachbearbeitung --kommune "$SONTRA" --label bench --nur-token)
GEWERBE_HTTP_PORT=$HTTP_PORT "$GEWERBE" serve --ohne-ablage >"$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$HTTP_PORT/health" >/dev/null && break; sleep 0.2; done

# name | HTTP query | the function's arguments after p_kommunen (name, person, name_oder_person,
# anschrift, wz, status, beginn_von, beginn_bis, ende_von, ende_bis, nach_sortname, nach_id, limit)
SUCHEN=$(cat <<'EOF'
Name, selten (ein Betrieb)|name=Onlinehandel%20Koch%20110006&limit=20|'%onlinehandel koch 110006%',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,21
Name, häufig (erste Seite)|name=Baeckerei&limit=20|'%baeckerei%',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,21
Person|person=Mueller%20Anna&limit=20|NULL,'%mueller anna%',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,21
Anschrift|anschrift=Bahnhofstrasse%2012&limit=20|NULL,NULL,NULL,'%bahnhofstrasse 12%',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,21
WZ-Präfix und Status|wz=96.02&status=offen&limit=20|NULL,NULL,NULL,NULL,'9602','offen',NULL,NULL,NULL,NULL,NULL,NULL,21
Abgemeldet in einem Jahr|status=abgemeldet&endeVon=2020-01-01&endeBis=2020-12-31&limit=20|NULL,NULL,NULL,NULL,NULL,'abgemeldet',NULL,NULL,'2020-01-01','2020-12-31',NULL,NULL,21
EOF
)

echo
echo "| search | HTTP p50 ms | HTTP p99 ms | hits on page | pgbench ms/query | ratio (pgbench / HTTP p50) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
while IFS='|' read -r name query argumente; do
  read -r p50 p99 treffer < <(python3 - "http://127.0.0.1:$HTTP_PORT/v1/betriebe?$query" "$TOKEN" "$RUNDEN" <<'PY'
import json, sys, time, urllib.request
url, token, runden = sys.argv[1], sys.argv[2], int(sys.argv[3])
def eins():
    req = urllib.request.Request(url, headers={"Authorization": "Bearer " + token})
    start = time.perf_counter()
    with urllib.request.urlopen(req, timeout=60) as r:
        body = r.read()
    return (time.perf_counter() - start) * 1000, len(json.loads(body)["eintraege"])
for _ in range(10): eins()
zeiten = []
for _ in range(runden):
    ms, treffer = eins()
    zeiten.append(ms)
zeiten.sort()
print(f"{zeiten[len(zeiten) // 2]:.1f} {zeiten[min(len(zeiten) - 1, int(len(zeiten) * 0.99))]:.1f} {treffer}")
PY
)
  printf "SELECT set_config('gewerbe.kommunen', '%s', false);\nSELECT count(*) FROM gewerbe_register_suche(ARRAY['%s']::char(8)[], %s);\n" \
    "$SONTRA" "$SONTRA" "$argumente" >"$WORK/suche.sql"
  tps=$(pgbench -h 127.0.0.1 -p "$PORT" -U postgres -n -c 1 -T 5 -f "$WORK/suche.sql" bench 2>/dev/null | awk '/^tps = / {print $3}')
  python3 -c "
import sys
name, p50, p99, treffer, tps = sys.argv[1:]
basis = 1000 / float(tps)
print(f'| {name} | {float(p50):.1f} | {float(p99):.1f} | {treffer} | {basis:.2f} | {basis / float(p50):.2f} |')" \
    "$name" "$p50" "$p99" "$treffer" "$tps"
done <<<"$SUCHEN"
echo
echo "machine: $(nproc) cores, $("$PG_BIN/postgres" --version); RUNDEN=$RUNDEN sequential requests per search, one connection"
