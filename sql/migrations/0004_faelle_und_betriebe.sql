-- 0004: the case store: Betriebe (state derived from their Anzeigen), cases (Faelle) with their
-- immutable Anzeige versions, the gap-free Aktenzeichen counter, idempotency keys, pending
-- Rueckmeldungen and the Auskunft log. Written by GewerbePostgres.PostgresFallRepository.
--
-- Conventions (ADR 0004): every row carries its municipality's AGS, every primary and unique key
-- starts with it, every table has the standard tenancy (row-level security by gewerbe_scope()).
-- gewerbe_app writes what the service writes and nothing else (no DELETE anywhere, UPDATE only of
-- the columns that change); gewerbe_report reads.

-- Refuses UPDATE, DELETE and TRUNCATE: for the tables that record what was declared or disclosed.
CREATE FUNCTION gewerbe_unveraenderlich() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        RAISE EXCEPTION '% is immutable: % is not allowed', TG_TABLE_NAME, TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END
    $$;

-- A Betrieb: its current state as Lebenszyklus.zustand derives it from the effective Anzeigen
-- (cached here for speed, re-derived on every change), plus the columns the register search, the
-- double-Anmeldung hint (GEW-LZ-007) and the Rueckmeldeverfahren look at. The search columns hold
-- text folded as the service folds it (case, diacritics and width ignored), so that a plain LIKE
-- finds "Müller" for "muller".
CREATE TABLE betriebe (
    ags                ags_code NOT NULL,
    id                 uuid NOT NULL,
    -- NULL (with zustand) when every Anzeige of the Betrieb was withdrawn.
    status             text CHECK (status IN ('offen', 'abgemeldet')),
    -- BetriebZustand as JSON (the domain type's Codable form).
    zustand            jsonb,
    name               text NOT NULL,
    -- The folded name: the register's sort order (byte order, so that keyset cursors are stable).
    sortname           text COLLATE "C" NOT NULL,
    -- Folded name, field 1 and field 3, separated by line feeds.
    such_name          text NOT NULL,
    -- Folded names of the persons (fields 4/5), separated by line feeds.
    such_personen      text NOT NULL,
    -- Folded Betriebsanschrift (one line).
    such_anschrift     text NOT NULL,
    personen           text[] NOT NULL,
    betriebsanschrift  text NOT NULL,
    taetigkeit         text NOT NULL,
    -- WZ codes as given (dotted), and every prefix (2 digits and more, without dots) of each.
    wz                 text[] NOT NULL,
    wz_praefixe        text[] NOT NULL,
    -- Anschrift.vergleichsschluessel of the Betriebsstaette, folded person names, folded field 1.
    vergleich_ort      text,
    vergleich_personen text[] NOT NULL,
    vergleich_firma    text,
    beginn             date,
    ende               date,
    letzte_aenderung   date,
    -- Cases of the Betrieb so far, withdrawn ones included: the next case gets position + 1.
    anzahl_faelle      integer NOT NULL CHECK (anzahl_faelle > 0),
    revision           integer NOT NULL CHECK (revision > 0),
    erstellt_am        timestamptz NOT NULL,
    geaendert_am       timestamptz NOT NULL,
    PRIMARY KEY (ags, id),
    CHECK ((status IS NULL) = (zustand IS NULL))
);

CREATE INDEX betriebe_id ON betriebe (id);
-- Register order per municipality (the search's keyset).
CREATE INDEX betriebe_register ON betriebe (ags, sortname, id) WHERE status IS NOT NULL;
-- Open Betriebe at an address: double Anmeldung (GEW-LZ-007) and the Rueckmeldeverfahren.
CREATE INDEX betriebe_ort ON betriebe (ags, vergleich_ort) WHERE status = 'offen';
CREATE INDEX betriebe_wz ON betriebe USING gin (wz_praefixe) WITH (fastupdate = off) WHERE status IS NOT NULL;
CREATE INDEX betriebe_beginn ON betriebe (ags, beginn) WHERE status IS NOT NULL;
CREATE INDEX betriebe_ende ON betriebe (ags, ende) WHERE ende IS NOT NULL;

-- A case (Vorgang): one Anzeige of one Betrieb, with its Aktenzeichen and its state. What was
-- declared lives in anzeige_versionen; the columns here are the current version's searchable
-- facts and the case's own state.
CREATE TABLE faelle (
    ags                    ags_code NOT NULL,
    id                     uuid NOT NULL,
    -- <AGS>-<year of receipt>-<number, at least 5 digits>, numbers gap-free per municipality and year.
    aktenzeichen           text COLLATE "C" NOT NULL,
    jahr                   integer NOT NULL,
    nummer                 integer NOT NULL CHECK (nummer > 0),
    betrieb_id             uuid NOT NULL,
    -- Place in the Betrieb's history (1 = the opening Anmeldung).
    position               integer NOT NULL CHECK (position > 0),
    meldeart               text NOT NULL CHECK (meldeart IN ('anmeldung', 'ummeldung', 'abmeldung')),
    status                 text NOT NULL CHECK (status IN ('wirksam', 'zurueckgenommen')),
    -- The current version (anzeige_versionen.version) and the ETag's revision.
    version                integer NOT NULL CHECK (version > 0),
    revision               integer NOT NULL CHECK (revision > 0),
    eingangsdatum          date NOT NULL,
    ereignisdatum          date,
    -- The day the Empfangsbescheinigung is due (Fristen.empfangsbescheinigungFaellig).
    empfang_faellig        date NOT NULL,
    name                   text NOT NULL,
    empfang_am             date,
    empfang_von            text,
    ablage                 text NOT NULL CHECK (ablage IN ('ausstehend', 'abgelegt', 'geparkt')),
    ruecknahme_grund       text,
    ruecknahme_am          timestamptz,
    ruecknahme_von         text,
    erstellt_am            timestamptz NOT NULL,
    erstellt_von           text NOT NULL,
    -- The token that submitted the case (the intake role reads back only its own cases).
    erstellt_token         uuid,
    -- For an Abmeldung of the Rueckmeldeverfahren: the Anmeldung (case id) at the new office.
    ausloesende_anzeige_id uuid,
    PRIMARY KEY (ags, id),
    UNIQUE (ags, aktenzeichen),
    UNIQUE (ags, betrieb_id, position),
    FOREIGN KEY (ags, betrieb_id) REFERENCES betriebe (ags, id),
    CHECK ((empfang_am IS NULL) = (empfang_von IS NULL)),
    CHECK ((status = 'zurueckgenommen') = (ruecknahme_grund IS NOT NULL))
);

CREATE INDEX faelle_id ON faelle (id);
-- The work list, ordered by receipt (keyset), and its most used filter.
CREATE INDEX faelle_liste ON faelle (ags, eingangsdatum, aktenzeichen);
CREATE INDEX faelle_ohne_empfang ON faelle (ags, eingangsdatum, aktenzeichen)
    WHERE status = 'wirksam' AND empfang_am IS NULL;

-- Every version of every case, as declared: never updated, never deleted. A correction is a new
-- version; version 1 is the Anzeige as submitted.
CREATE TABLE anzeige_versionen (
    ags                ags_code NOT NULL,
    fall_id            uuid NOT NULL,
    version            integer NOT NULL CHECK (version > 0),
    -- The Anzeige in its canonical JSON form (Anzeige.json()).
    anzeige            jsonb NOT NULL,
    -- The hinweis findings at acceptance ([Befund]); fehler are never stored.
    hinweise           jsonb NOT NULL,
    erfasst_am         timestamptz NOT NULL,
    erfasst_von        text NOT NULL,
    erfasst_token      uuid,
    berichtigungsgrund text,
    PRIMARY KEY (ags, fall_id, version),
    FOREIGN KEY (ags, fall_id) REFERENCES faelle (ags, id),
    CHECK ((version = 1) = (berichtigungsgrund IS NULL))
);

CREATE TRIGGER anzeige_versionen_unveraenderlich BEFORE UPDATE OR DELETE ON anzeige_versionen
    FOR EACH ROW EXECUTE FUNCTION gewerbe_unveraenderlich();
CREATE TRIGGER anzeige_versionen_kein_truncate BEFORE TRUNCATE ON anzeige_versionen
    FOR EACH STATEMENT EXECUTE FUNCTION gewerbe_unveraenderlich();

-- The last Aktenzeichen number per municipality and year. Incremented inside the case's
-- transaction (INSERT ... ON CONFLICT DO UPDATE), so a rollback returns the number: gap-free. The
-- row lock serializes the submissions of one municipality from the increment to the commit.
CREATE TABLE aktenzeichen_zaehler (
    ags           ags_code NOT NULL,
    jahr          integer NOT NULL CHECK (jahr BETWEEN 1 AND 9999),
    letzte_nummer integer NOT NULL CHECK (letzte_nummer > 0),
    PRIMARY KEY (ags, jahr)
);

-- Idempotency keys of submissions, per actor (token). The row lives in the municipality of the
-- case it created. Lookups run under pg_advisory_xact_lock(hash of actor and key), so concurrent
-- duplicates wait for the first and then find its row, whatever AGS their body names.
CREATE TABLE idempotenz (
    ags            ags_code NOT NULL,
    akteur         text NOT NULL,
    schluessel     text NOT NULL CHECK (schluessel <> ''),
    -- SHA-256 of the Anzeige's canonical JSON: a different body under the same key is a conflict.
    anfrage_sha256 char(64) NOT NULL,
    fall_id        uuid NOT NULL,
    erstellt_am    timestamptz NOT NULL,
    PRIMARY KEY (ags, akteur, schluessel),
    FOREIGN KEY (ags, fall_id) REFERENCES faelle (ags, id)
);

-- Rueckmeldeverfahren (section 14 Abs. 1 GewO since 1 November 2025): an Anmeldung "Verlegung
-- aus anderem Meldebezirk" is also the Abmeldung at the former office. When the former
-- municipality belongs to this instance and its Betrieb is identified, the Abmeldung is stored in
-- the same transaction (status 'ausgefuehrt', abmeldung_fall_id set). Otherwise the Rueckmeldung
-- waits here ('offen') for the office named by ags to act: the former municipality when it belongs
-- to this instance (identify the Betrieb), else the new one (forward it outside).
CREATE TABLE rueckmeldungen (
    ags                  ags_code NOT NULL,
    id                   uuid NOT NULL,
    status               text NOT NULL CHECK (status IN ('offen', 'ausgefuehrt', 'erledigt')),
    grund                text NOT NULL CHECK (grund IN (
                             'ausgefuehrt', 'herkunft_fehlt', 'gemeinde_nicht_in_instanz',
                             'betrieb_nicht_gefunden', 'betrieb_mehrdeutig', 'abmeldung_unzulaessig')),
    meldung              text NOT NULL,
    anmeldung_ags        ags_code NOT NULL,
    anmeldung_fall_id    uuid NOT NULL,
    anmeldung_aktenzeichen text NOT NULL,
    herkunft_ags         text,
    herkunft_betrieb_id  uuid,
    abmeldung_fall_id    uuid,
    erstellt_am          timestamptz NOT NULL,
    erledigt_am          timestamptz,
    erledigt_von         text,
    PRIMARY KEY (ags, id)
);

CREATE INDEX rueckmeldungen_offen ON rueckmeldungen (ags, erstellt_am) WHERE status = 'offen';

-- Every Registerauskunft (section 14 Abs. 5-7 GewO): who asked, on what ground, what was searched,
-- which Betriebe and which of their fields were disclosed. One row per municipality whose data
-- was disclosed (or the asking office's municipality when nothing was found). Append-only.
CREATE TABLE auskunft_protokoll (
    ags                      ags_code NOT NULL,
    id                       uuid NOT NULL,
    erteilt_am               timestamptz NOT NULL,
    akteur                   text NOT NULL,
    akteur_token             uuid,
    art                      text NOT NULL CHECK (art IN ('einfach', 'erweitert', 'oeffentlicheStelle')),
    rechtsgrundlage          text NOT NULL,
    anfragender              text NOT NULL,
    begruendung              text,
    aktenzeichen_anfragender text,
    suchkriterien            jsonb NOT NULL,
    betriebe                 uuid[] NOT NULL,
    felder                   text[] NOT NULL,
    PRIMARY KEY (ags, id)
);

CREATE TRIGGER auskunft_protokoll_unveraenderlich BEFORE UPDATE OR DELETE ON auskunft_protokoll
    FOR EACH ROW EXECUTE FUNCTION gewerbe_unveraenderlich();
CREATE TRIGGER auskunft_protokoll_kein_truncate BEFORE TRUNCATE ON auskunft_protokoll
    FOR EACH STATEMENT EXECUTE FUNCTION gewerbe_unveraenderlich();

-- Tenancy and privileges.
CALL gewerbe_enable_tenancy('betriebe');
CALL gewerbe_enable_tenancy('faelle');
CALL gewerbe_enable_tenancy('anzeige_versionen');
CALL gewerbe_enable_tenancy('aktenzeichen_zaehler');
CALL gewerbe_enable_tenancy('idempotenz');
CALL gewerbe_enable_tenancy('rueckmeldungen');
CALL gewerbe_enable_tenancy('auskunft_protokoll');

REVOKE ALL ON betriebe, faelle, anzeige_versionen, aktenzeichen_zaehler, idempotenz, rueckmeldungen,
    auskunft_protokoll FROM PUBLIC;
GRANT SELECT ON betriebe, faelle, anzeige_versionen, aktenzeichen_zaehler, idempotenz, rueckmeldungen,
    auskunft_protokoll TO gewerbe_app, gewerbe_report;
GRANT INSERT ON betriebe, faelle, anzeige_versionen, aktenzeichen_zaehler, idempotenz, rueckmeldungen,
    auskunft_protokoll TO gewerbe_app;
GRANT UPDATE (status, zustand, name, sortname, such_name, such_personen, such_anschrift, personen,
        betriebsanschrift, taetigkeit, wz, wz_praefixe, vergleich_ort, vergleich_personen, vergleich_firma,
        beginn, ende, letzte_aenderung, anzahl_faelle, revision, geaendert_am)
    ON betriebe TO gewerbe_app;
GRANT UPDATE (status, version, revision, eingangsdatum, ereignisdatum, empfang_faellig, name, empfang_am,
        empfang_von, ablage, ruecknahme_grund, ruecknahme_am, ruecknahme_von)
    ON faelle TO gewerbe_app;
GRANT UPDATE (letzte_nummer) ON aktenzeichen_zaehler TO gewerbe_app;
GRANT UPDATE (status, erledigt_am, erledigt_von, abmeldung_fall_id) ON rueckmeldungen TO gewerbe_app;
