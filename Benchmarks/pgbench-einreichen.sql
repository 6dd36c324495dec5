-- pgbench baseline: the database work of one submission as a single statement of the same
-- shape as the write of PostgresFallvorgang.schreibe(NeuerFall) (counter, Betrieb, case, immutable
-- version, outbox job, audit event with its hash-chain trigger), on the same tables, with the same payload.
\set k random(1, 11)
\set n random(1, 1000000000)
BEGIN;
WITH p AS (
    SELECT (ARRAY['06636001','06636002','06636005','06636007','06636009','06636010','06636011','06636012',
                  '06636014','06636015','06636016'])[:k]::char(8) AS ags,
           gen_random_uuid() AS fall, gen_random_uuid() AS betrieb, now() AS jetzt
), nummer AS (
    INSERT INTO aktenzeichen_zaehler AS z (ags, jahr, letzte_nummer)
    SELECT ags, 2026, 1 FROM p
    ON CONFLICT (ags, jahr) DO UPDATE SET letzte_nummer = z.letzte_nummer + 1
    RETURNING z.letzte_nummer
), betrieb AS (
    INSERT INTO betriebe (ags, id, status, zustand, name, sortname, such_name, such_personen, such_anschrift, personen,
                          betriebsanschrift, taetigkeit, wz, wz_praefixe, vergleich_ort, vergleich_personen,
                          vergleich_firma, beginn, ende, letzte_aenderung, anzahl_faelle, revision, erstellt_am,
                          geaendert_am)
    SELECT p.ags, p.betrieb, 'offen', :'zustand'::jsonb, 'Schneiderei Nr. ' || :n, 'schneiderei nr ' || :n,
           'schneiderei nr ' || :n, 'juergen lastmann' || :n, 'marktplatz ' || :n || ' 36205 sontra',
           ARRAY['Jürgen Lastmann' || :n], 'Marktplatz ' || :n || ', 36205 Sontra',
           'Änderungsschneiderei und Reparatur von Bekleidung', ARRAY['95.29.0'], ARRAY['95','95.2','95.29','95.29.0'],
           'marktplatz|' || :n || '|36205|sontra', ARRAY['lastmann' || :n], NULL, current_date, NULL, NULL, 1, 1,
           p.jetzt, p.jetzt
    FROM p
    RETURNING id
), fall AS (
    INSERT INTO faelle (ags, id, aktenzeichen, jahr, nummer, betrieb_id, position, meldeart, status, version, revision,
                        eingangsdatum, ereignisdatum, empfang_faellig, name, ablage, erstellt_am, erstellt_von,
                        erstellt_token, ausloesende_anzeige_id)
    SELECT p.ags, p.fall, p.ags || '-2026-' || lpad(n.letzte_nummer::text, greatest(5, length(n.letzte_nummer::text)), '0'),
           2026, n.letzte_nummer, b.id, 1, 'anmeldung', 'wirksam', 1, 1, current_date, current_date,
           current_date + 3, 'Schneiderei Nr. ' || :n, 'ausstehend', p.jetzt, 'pgbench', NULL, NULL
    FROM p, nummer n, betrieb b
    RETURNING ags, id, aktenzeichen
), version AS (
    INSERT INTO anzeige_versionen (ags, fall_id, version, anzeige, hinweise, erfasst_am, erfasst_von, erfasst_token)
    SELECT f.ags, f.id, 1, :'anzeige'::jsonb, '[]'::jsonb, now(), 'pgbench', NULL FROM fall f
), auftrag AS (
    INSERT INTO ablageauftraege (ags, id, fall_id, art, version, status, naechster_versuch, erstellt_am)
    SELECT f.ags, gen_random_uuid(), f.id, 'anzeige', 1, 'ausstehend', now(), now() FROM fall f
), audit AS (
    INSERT INTO audit_events (id, ags, actor_token_id, actor_label, actor_role, action, object_type, object_id, details)
    SELECT gen_random_uuid(), f.ags, NULL, 'pgbench', 'sachbearbeitung', 'anzeige.create', 'fall', f.id::text,
           jsonb_build_object('aktenzeichen', f.aktenzeichen, 'meldeart', 'anmeldung')
    FROM fall f
)
SELECT aktenzeichen FROM fall;
COMMIT;
