-- 0008: indexes for the monthly statistics export and the auditors' reports
-- (GewerbePostgres.PostgresStatistikQuelle, GewerbePostgres.PostgresBerichte).
--
-- Both run as gewerbe_report, which already reads every tenant table in scope (0004, 0005) and
-- appends audit events (0003); it writes nothing else, so no grant is added here.

-- The export's candidates of a month (docs/export-statistik.md): cases certified in the month ...
CREATE INDEX faelle_empfang ON faelle (ags, empfang_am) WHERE empfang_am IS NOT NULL;
-- ... cases withdrawn in the month (storno of an earlier month's record) ...
CREATE INDEX faelle_ruecknahme ON faelle (ags, ruecknahme_am) WHERE ruecknahme_am IS NOT NULL;
-- ... and corrections recorded in the month (korrektur).
CREATE INDEX anzeige_versionen_berichtigt ON anzeige_versionen (ags, erfasst_am) WHERE version > 1;

-- The Auskunft log of a period.
CREATE INDEX auskunft_protokoll_erteilt ON auskunft_protokoll (ags, erteilt_am);
