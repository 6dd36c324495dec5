-- 0005: the transactional outbox of filing jobs (design section 4). The case store writes a job in
-- the same transaction as the case change it files; the outbox worker (GewerbeEAkte) claims due
-- jobs with FOR UPDATE SKIP LOCKED under a lease, files them into the eAkte and reports back
-- (GewerbePostgres.PostgresAblageauftragQueue). Status values are the domain's
-- (Ablageauftragsstatus raw values).

CREATE TABLE ablageauftraege (
    ags               ags_code NOT NULL,
    id                uuid NOT NULL,
    fall_id           uuid NOT NULL,
    art               text NOT NULL CHECK (art IN ('anzeige', 'berichtigung', 'empfangsbescheinigung', 'ruecknahme')),
    -- The case version the job files.
    version           integer NOT NULL CHECK (version > 0),
    status            text NOT NULL CHECK (status IN ('ausstehend', 'inArbeit', 'erledigt', 'geparkt')),
    -- Failed attempts so far.
    versuche          integer NOT NULL DEFAULT 0 CHECK (versuche >= 0),
    naechster_versuch timestamptz NOT NULL,
    letzter_fehler    text,
    -- The lease: which worker holds the job, and until when (then another worker may take it).
    gesperrt_von      text,
    gesperrt_bis      timestamptz,
    erstellt_am       timestamptz NOT NULL,
    erledigt_am       timestamptz,
    -- eAkte object ids of the Akte (per Betrieb) and the Vorgang (per case) the job filed into.
    akte_id           text,
    vorgang_id        text,
    PRIMARY KEY (ags, id),
    FOREIGN KEY (ags, fall_id) REFERENCES faelle (ags, id),
    CHECK ((status = 'inArbeit') = (gesperrt_bis IS NOT NULL)),
    CHECK ((status = 'erledigt') = (erledigt_am IS NOT NULL))
);

-- Due jobs, oldest first (the claim query walks this index and skips locked rows).
CREATE INDEX ablageauftraege_faellig ON ablageauftraege (naechster_versuch, erstellt_am)
    WHERE status IN ('ausstehend', 'inArbeit');
CREATE INDEX ablageauftraege_fall ON ablageauftraege (ags, fall_id);
CREATE INDEX ablageauftraege_offen ON ablageauftraege (status, erstellt_am) WHERE status <> 'erledigt';

-- Every document a job filed: what `gewerbe filing verify` checks against the eAkte.
CREATE TABLE ablage_dokumente (
    ags         ags_code NOT NULL,
    auftrag_id  uuid NOT NULL,
    name        text NOT NULL CHECK (name <> ''),
    dokumentart text NOT NULL,
    sha256      char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    groesse     bigint NOT NULL CHECK (groesse >= 0),
    objekt_id   text NOT NULL,
    abgelegt_am timestamptz NOT NULL,
    PRIMARY KEY (ags, auftrag_id, name),
    FOREIGN KEY (ags, auftrag_id) REFERENCES ablageauftraege (ags, id)
);

-- Every failed attempt, with its error (the job keeps only the last one).
CREATE TABLE ablage_versuche (
    ags        ags_code NOT NULL,
    auftrag_id uuid NOT NULL,
    nummer     integer NOT NULL CHECK (nummer > 0),
    am         timestamptz NOT NULL,
    worker     text NOT NULL,
    fehler     text NOT NULL,
    geparkt    boolean NOT NULL,
    PRIMARY KEY (ags, auftrag_id, nummer),
    FOREIGN KEY (ags, auftrag_id) REFERENCES ablageauftraege (ags, id)
);

CALL gewerbe_enable_tenancy('ablageauftraege');
CALL gewerbe_enable_tenancy('ablage_dokumente');
CALL gewerbe_enable_tenancy('ablage_versuche');

REVOKE ALL ON ablageauftraege, ablage_dokumente, ablage_versuche FROM PUBLIC;
GRANT SELECT ON ablageauftraege, ablage_dokumente, ablage_versuche TO gewerbe_app, gewerbe_report;
GRANT INSERT ON ablageauftraege, ablage_dokumente, ablage_versuche TO gewerbe_app;
GRANT UPDATE (status, versuche, naechster_versuch, letzter_fehler, gesperrt_von, gesperrt_bis, erledigt_am,
        akte_id, vorgang_id)
    ON ablageauftraege TO gewerbe_app;
