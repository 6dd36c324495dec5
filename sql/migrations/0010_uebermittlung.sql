-- 0010: the transactional outbox of XGewerbeordnung messages (issue 11, docs/uebermittlung.md).
-- The case store writes a Satz and one job per message in the same transaction as the case
-- change that causes them (the Empfangsbescheinigung, a Berichtigung after transmission); the
-- XGewO worker claims due jobs with FOR UPDATE SKIP LOCKED under a lease, writes the message,
-- checks it against its schema and profile, hands it to the gateway and reports back
-- (GewerbePostgres.PostgresUebermittlungsauftragQueue). The job id is the message UUID: the
-- gateway deduplicates by it, so a message sent again after a crash arrives once. Status values
-- are the domain's (Uebermittlungsstatus raw values).

-- One transmission of a case version: what its messages are written from besides the case.
CREATE TABLE uebermittlungssaetze (
    ags                ags_code NOT NULL,
    id                 uuid NOT NULL,
    fall_id            uuid NOT NULL,
    version            integer NOT NULL CHECK (version > 0),
    nachrichtenart     text NOT NULL CHECK (nachrichtenart IN ('anmeldung', 'ummeldung', 'abmeldung', 'datenaktualisierung')),
    -- The Betrieb's declared data before the Anzeige / after an Ummeldung (Anzeige JSON).
    vorher             jsonb,
    nachher            jsonb,
    anhaltspunkte_zoll text,
    erstellt_am        timestamptz NOT NULL,
    PRIMARY KEY (ags, id),
    FOREIGN KEY (ags, fall_id) REFERENCES faelle (ags, id)
);
CREATE INDEX uebermittlungssaetze_fall ON uebermittlungssaetze (ags, fall_id, erstellt_am);

CREATE TABLE uebermittlungsauftraege (
    ags                ags_code NOT NULL,
    -- The message UUID (nachrichtenUUID of the header).
    id                 uuid NOT NULL,
    satz_id            uuid NOT NULL,
    fall_id            uuid NOT NULL,
    empfaenger         text NOT NULL,
    nachrichtentyp     text NOT NULL,
    -- The planned message (GeplanteNachricht JSON: rules, reasons, Verdachtsmoment, target AGS).
    nachricht          jsonb NOT NULL,
    status             text NOT NULL
        CHECK (status IN ('ausstehend', 'inArbeit', 'gesendet', 'abgewiesen', 'geparkt', 'entfallen')),
    versuche           integer NOT NULL DEFAULT 0 CHECK (versuche >= 0),
    naechster_versuch  timestamptz NOT NULL,
    letzter_fehler     text,
    gesperrt_von       text,
    gesperrt_bis       timestamptz,
    erstellt_am        timestamptz NOT NULL,
    gesendet_am        timestamptz,
    -- What the gateway confirmed: the DVDV address, the SHA-256 and size of the bytes sent.
    leser              text,
    sha256             char(64) CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    groesse            integer CHECK (groesse >= 0),
    -- A rejection (code of rueckweisungsgruende_1, its text, the details the gateway gave).
    rueckweisung_grund text,
    rueckweisung_text  text,
    rueckweisung_details text[],
    abgewiesen_am      timestamptz,
    PRIMARY KEY (ags, id),
    FOREIGN KEY (ags, satz_id) REFERENCES uebermittlungssaetze (ags, id),
    FOREIGN KEY (ags, fall_id) REFERENCES faelle (ags, id),
    CHECK ((status = 'inArbeit') = (gesperrt_bis IS NOT NULL)),
    CHECK ((status = 'gesendet') = (gesendet_am IS NOT NULL)),
    CHECK ((status = 'abgewiesen') = (rueckweisung_grund IS NOT NULL))
);
-- A message UUID is unique across the instance (the gateway's key), not only per municipality.
CREATE UNIQUE INDEX uebermittlungsauftraege_nachricht ON uebermittlungsauftraege (id);
CREATE INDEX uebermittlungsauftraege_faellig ON uebermittlungsauftraege (naechster_versuch, erstellt_am)
    WHERE status IN ('ausstehend', 'inArbeit');
CREATE INDEX uebermittlungsauftraege_fall ON uebermittlungsauftraege (ags, fall_id);
CREATE INDEX uebermittlungsauftraege_offen ON uebermittlungsauftraege (status, erstellt_am)
    WHERE status NOT IN ('gesendet', 'entfallen');

-- Every failed attempt and every rejection (the job keeps only the last one).
CREATE TABLE uebermittlung_versuche (
    ags        ags_code NOT NULL,
    auftrag_id uuid NOT NULL,
    nummer     integer NOT NULL CHECK (nummer > 0),
    am         timestamptz NOT NULL,
    worker     text NOT NULL,
    fehler     text NOT NULL,
    ergebnis   text NOT NULL CHECK (ergebnis IN ('wiederholen', 'geparkt', 'abgewiesen')),
    PRIMARY KEY (ags, auftrag_id, nummer),
    FOREIGN KEY (ags, auftrag_id) REFERENCES uebermittlungsauftraege (ags, id)
);

CALL gewerbe_enable_tenancy('uebermittlungssaetze');
CALL gewerbe_enable_tenancy('uebermittlungsauftraege');
CALL gewerbe_enable_tenancy('uebermittlung_versuche');

REVOKE ALL ON uebermittlungssaetze, uebermittlungsauftraege, uebermittlung_versuche FROM PUBLIC;
GRANT SELECT ON uebermittlungssaetze, uebermittlungsauftraege, uebermittlung_versuche TO gewerbe_app, gewerbe_report;
GRANT INSERT ON uebermittlungssaetze, uebermittlungsauftraege, uebermittlung_versuche TO gewerbe_app;
GRANT UPDATE (status, versuche, naechster_versuch, letzter_fehler, gesperrt_von, gesperrt_bis, gesendet_am, leser,
        sha256, groesse, rueckweisung_grund, rueckweisung_text, rueckweisung_details, abgewiesen_am)
    ON uebermittlungsauftraege TO gewerbe_app;
