-- Permanent failures of a filing job are counted apart from transient ones: a job that waited
-- out a long eAkte outage (many transient failures) must not be parked by its first permanent
-- error; it is parked after `maxDauerhafteFehler` permanent errors (docs/operations.md).
ALTER TABLE ablageauftraege
    ADD COLUMN dauerhafte_fehlschlaege integer NOT NULL DEFAULT 0 CHECK (dauerhafte_fehlschlaege >= 0);

GRANT UPDATE (dauerhafte_fehlschlaege) ON ablageauftraege TO gewerbe_app;
