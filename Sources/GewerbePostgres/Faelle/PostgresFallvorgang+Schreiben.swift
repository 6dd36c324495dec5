import Foundation
import GewerbeDomain
import Logging
import PostgresNIO

extension PostgresFallvorgang {
    /// One statement: the next Aktenzeichen number, the Betrieb (new row or new state), the case,
    /// version 1, the filing job, the idempotency record and the audit event. The counter and the
    /// audit chain are the locks that serialize a municipality's submissions; they come last.
    func schreibe(_ neu: NeuerFall) async throws -> Fall {
        let s = try Betriebsspalten(neu.betrieb, zuletzt: neu.anzeige)
        let akteur = neu.akteur
        let fallId = neu.id.lowercased
        let praefix = "\(neu.ags)-\(neu.eingang.jahr)-"
        let faellig = Fristen.empfangsbescheinigungFaellig(eingang: neu.eingang)
        let details = try JSONText.kodiere(neu.audit.details)
        let hash = neu.idempotenz == nil ? nil : sha256Hex(Data(neu.anzeigeJSON.utf8))
        let zeilen = try await connection.zeilen(
            """
            WITH nummer AS (
                INSERT INTO aktenzeichen_zaehler AS z (ags, jahr, letzte_nummer)
                VALUES (\(neu.ags), \(neu.eingang.jahr), 1)
                ON CONFLICT (ags, jahr) DO UPDATE SET letzte_nummer = z.letzte_nummer + 1
                RETURNING z.letzte_nummer
            ), betrieb AS (
                INSERT INTO betriebe AS b (
                    ags, id, status, zustand, name, sortname, such_name, such_personen, such_anschrift, personen,
                    betriebsanschrift, taetigkeit, wz, wz_praefixe, vergleich_ort, vergleich_personen, vergleich_firma,
                    beginn, ende, letzte_aenderung, anzahl_faelle, revision, erstellt_am, geaendert_am)
                VALUES (
                    \(neu.ags), \(neu.betriebId), \(s.status), \(s.zustandJSON)::jsonb, \(s.name), \(s.sortname),
                    \(s.suchName), \(s.suchPersonen), \(s.suchAnschrift), \(s.personen)::text[], \(s.betriebsanschrift),
                    \(s.taetigkeit), \(s.wz)::text[], \(s.wzPraefixe)::text[], \(s.vergleichOrt),
                    \(s.vergleichPersonen)::text[], \(s.vergleichFirma), \(s.beginn)::date, \(s.ende)::date,
                    \(s.letzteAenderung)::date, \(neu.position), 1, \(neu.jetzt), \(neu.jetzt))
                ON CONFLICT (ags, id) DO UPDATE SET
                    status = excluded.status, zustand = excluded.zustand, name = excluded.name,
                    sortname = excluded.sortname, such_name = excluded.such_name,
                    such_personen = excluded.such_personen, such_anschrift = excluded.such_anschrift,
                    personen = excluded.personen, betriebsanschrift = excluded.betriebsanschrift,
                    taetigkeit = excluded.taetigkeit, wz = excluded.wz, wz_praefixe = excluded.wz_praefixe,
                    vergleich_ort = excluded.vergleich_ort, vergleich_personen = excluded.vergleich_personen,
                    vergleich_firma = excluded.vergleich_firma, beginn = excluded.beginn, ende = excluded.ende,
                    letzte_aenderung = excluded.letzte_aenderung, anzahl_faelle = excluded.anzahl_faelle,
                    revision = b.revision + 1, geaendert_am = excluded.geaendert_am
                RETURNING b.id
            ), fall AS (
                INSERT INTO faelle (
                    ags, id, aktenzeichen, jahr, nummer, betrieb_id, position, meldeart, status, version, revision,
                    eingangsdatum, ereignisdatum, empfang_faellig, name, ablage, erstellt_am, erstellt_von,
                    erstellt_token, ausloesende_anzeige_id)
                SELECT \(neu.ags), \(neu.id),
                       \(praefix) || lpad(n.letzte_nummer::text, greatest(5, length(n.letzte_nummer::text)), '0'),
                       \(neu.eingang.jahr), n.letzte_nummer, b.id, \(neu.position), \(neu.anzeige.meldeart.rawValue),
                       'wirksam', 1, 1, \(neu.eingang.iso)::date, \(neu.anzeige.ereignisdatum?.iso)::date,
                       \(faellig.iso)::date, \(neu.anzeige.anzeigename), 'ausstehend', \(neu.jetzt),
                       \(akteur.bezeichnung), \(akteur.tokenId)::uuid, \(neu.ausloesend)::uuid
                FROM nummer n, betrieb b
                RETURNING aktenzeichen
            ), version AS (
                INSERT INTO anzeige_versionen (ags, fall_id, version, anzeige, hinweise, erfasst_am, erfasst_von, erfasst_token)
                SELECT \(neu.ags), \(neu.id), 1, \(neu.anzeigeJSON)::jsonb, \(try JSONText.kodiere(neu.hinweise))::jsonb,
                       \(neu.jetzt), \(akteur.bezeichnung), \(akteur.tokenId)::uuid
                FROM fall
            ), auftrag AS (
                INSERT INTO ablageauftraege (ags, id, fall_id, art, version, status, naechster_versuch, erstellt_am)
                SELECT \(neu.ags), \(UUID()), \(neu.id), 'anzeige', 1, 'ausstehend', \(neu.jetzt), \(neu.jetzt)
                FROM fall
            ), idem AS (
                INSERT INTO idempotenz (ags, akteur, schluessel, anfrage_sha256, fall_id, erstellt_am)
                SELECT \(neu.ags), \(neu.idempotenz?.kennung)::text, \(neu.idempotenz?.schluessel)::text, \(hash)::text,
                       \(neu.id), \(neu.jetzt)
                FROM fall
                WHERE \(neu.idempotenz?.schluessel)::text IS NOT NULL
            ), audit AS (
                INSERT INTO audit_events
                    (id, ags, actor_token_id, actor_label, actor_role, action, object_type, object_id, details)
                SELECT gen_random_uuid(), \(neu.audit.ags), \(neu.audit.akteur.tokenId)::uuid, \(neu.audit.akteur.bezeichnung),
                       \(neu.audit.akteur.rolle)::text, \(neu.audit.aktion), 'fall', \(fallId), \(details)::jsonb || jsonb_build_object('aktenzeichen', f.aktenzeichen)
                FROM fall f
            )
            SELECT aktenzeichen FROM fall
            """, (String).self, logger: logger)
        guard let aktenzeichen = zeilen.first else {
            throw GespeicherteDatenUngueltig("Der Fall konnte nicht gespeichert werden.")
        }
        return neu.fall(aktenzeichen: aktenzeichen)
    }

    /// One statement: the case row at its new state (if its revision is still the loaded one),
    /// the new version, the Betrieb's re-derived state, the filing job and the audit event.
    func schreibe(_ a: Fallaenderung) async throws -> Fall? {
        var fall = a.fall
        let anzeige = fall.anzeige
        let eingang = anzeige.eingangsdatum ?? Datum(a.jetzt)
        let b = try a.betrieb.map { try Betriebsspalten($0.zustand, zuletzt: $0.zuletzt) }
        let version = a.neueVersion ? fall.aktuell : nil
        let audit = a.audit
        let satz = a.versand?.satz
        let auftraege = a.versand?.auftraege ?? []
        let vorher = satz?.vorher.map { String(decoding: $0.json(), as: UTF8.self) }
        let nachher = satz?.nachher.map { String(decoding: $0.json(), as: UTF8.self) }
        let nachrichten = try auftraege.map { try JSONText.kodiere($0.nachricht) }
        let zeilen = try await connection.zeilen(
            """
            WITH fall AS (
                UPDATE faelle
                SET version = \(fall.versionen.count), revision = revision + 1, status = \(fall.status.rawValue),
                    eingangsdatum = \(eingang.iso)::date, ereignisdatum = \(anzeige.ereignisdatum?.iso)::date,
                    empfang_faellig = \(Fristen.empfangsbescheinigungFaellig(eingang: eingang).iso)::date,
                    name = \(anzeige.anzeigename), empfang_am = \(fall.empfangsbescheinigung?.ausgestelltAm.iso)::date,
                    empfang_von = \(fall.empfangsbescheinigung?.ausgestelltVon), ruecknahme_grund = \(fall.ruecknahme?.grund),
                    ruecknahme_am = \(fall.ruecknahme?.am), ruecknahme_von = \(fall.ruecknahme?.von),
                    ablage = CASE WHEN ablage = 'geparkt' THEN 'geparkt' ELSE 'ausstehend' END
                WHERE ags = \(fall.gemeindeschluessel)::char(8) AND id = \(fall.id) AND revision = \(fall.revision)
                RETURNING revision, ablage, version
            ), version AS (
                INSERT INTO anzeige_versionen (
                    ags, fall_id, version, anzeige, hinweise, erfasst_am, erfasst_von, erfasst_token, berichtigungsgrund)
                SELECT \(fall.gemeindeschluessel), \(fall.id), \(version?.version),
                       \(version.map { String(decoding: $0.anzeige.json(), as: UTF8.self) })::jsonb,
                       \(try version.map { try JSONText.kodiere($0.hinweise) })::jsonb, \(a.jetzt), \(a.akteur.bezeichnung),
                       \(a.akteur.tokenId)::uuid, \(version?.berichtigungsgrund)
                FROM fall
                WHERE \(version?.version)::integer IS NOT NULL
            ), betrieb AS (
                UPDATE betriebe
                SET status = \(b?.status), zustand = \(b?.zustandJSON)::jsonb, name = \(b?.name), sortname = \(b?.sortname),
                    such_name = \(b?.suchName), such_personen = \(b?.suchPersonen), such_anschrift = \(b?.suchAnschrift),
                    personen = \(b?.personen)::text[], betriebsanschrift = \(b?.betriebsanschrift),
                    taetigkeit = \(b?.taetigkeit), wz = \(b?.wz)::text[], wz_praefixe = \(b?.wzPraefixe)::text[],
                    vergleich_ort = \(b?.vergleichOrt), vergleich_personen = \(b?.vergleichPersonen)::text[],
                    vergleich_firma = \(b?.vergleichFirma), beginn = \(b?.beginn)::date, ende = \(b?.ende)::date,
                    letzte_aenderung = \(b?.letzteAenderung)::date, revision = revision + 1, geaendert_am = \(a.jetzt)
                WHERE ags = \(a.betrieb?.ags)::char(8) AND id = \(a.betrieb?.id) AND EXISTS (SELECT 1 FROM fall)
            ), auftrag AS (
                INSERT INTO ablageauftraege (ags, id, fall_id, art, version, status, naechster_versuch, erstellt_am)
                SELECT \(fall.gemeindeschluessel), \(UUID()), \(fall.id), \(a.auftrag.rawValue), f.version, 'ausstehend',
                       \(a.jetzt), \(a.jetzt)
                FROM fall f
            ), entfallen AS (
                UPDATE uebermittlungsauftraege
                SET status = 'entfallen', rueckweisung_grund = NULL, rueckweisung_text = NULL,
                    rueckweisung_details = NULL
                WHERE \(a.uebermittlungEntfaellt) AND ags = \(fall.gemeindeschluessel)::char(8) AND fall_id = \(fall.id)
                  AND status IN ('ausstehend', 'abgewiesen', 'geparkt') AND EXISTS (SELECT 1 FROM fall)
            ), satz AS (
                INSERT INTO uebermittlungssaetze (
                    ags, id, fall_id, version, nachrichtenart, vorher, nachher, anhaltspunkte_zoll, erstellt_am)
                SELECT \(fall.gemeindeschluessel), \(satz?.id)::uuid, \(fall.id), \(satz?.version)::integer,
                       \(satz?.nachrichtenart.rawValue)::text, \(vorher)::jsonb, \(nachher)::jsonb,
                       \(satz?.anhaltspunkteZoll)::text, \(a.jetzt)
                FROM fall
                WHERE \(satz?.id)::uuid IS NOT NULL
                RETURNING id
            ), nachrichten AS (
                INSERT INTO uebermittlungsauftraege (
                    ags, id, satz_id, fall_id, empfaenger, nachrichtentyp, nachricht, status, naechster_versuch,
                    erstellt_am)
                SELECT \(fall.gemeindeschluessel), n.id, s.id, \(fall.id), n.empfaenger, n.typ, n.nachricht::jsonb,
                       'ausstehend', \(a.jetzt), \(a.jetzt)
                FROM satz s,
                     unnest(\(auftraege.map(\.id))::uuid[], \(auftraege.map(\.nachricht.empfaenger.rawValue))::text[],
                            \(auftraege.map(\.nachricht.nachrichtentyp))::text[], \(nachrichten)::text[])
                         AS n(id, empfaenger, typ, nachricht)
            ), audit AS (
                INSERT INTO audit_events
                    (id, ags, actor_token_id, actor_label, actor_role, action, object_type, object_id, details)
                SELECT gen_random_uuid(), \(audit.ags), \(audit.akteur.tokenId)::uuid, \(audit.akteur.bezeichnung),
                       \(audit.akteur.rolle)::text, \(audit.aktion), \(audit.objektTyp), \(audit.objektId),
                       \(try JSONText.kodiere(audit.details))::jsonb
                FROM fall
            )
            SELECT revision, ablage FROM fall
            """, (Int, String).self, logger: logger)
        guard let (revision, ablage) = zeilen.first else { return nil }
        fall.revision = revision
        fall.ablage = Ablagestatus(rawValue: ablage) ?? .ausstehend
        return fall
    }

    func revision(_ fall: Fall) async throws -> Int? {
        try await connection.zeilen(
            "SELECT revision FROM faelle WHERE ags = \(fall.gemeindeschluessel)::char(8) AND id = \(fall.id)",
            (Int).self, logger: logger
        ).first
    }

    /// Records a Rueckmeldung, done or pending, with its audit event.
    func vermerke(_ r: Rueckmeldungsvermerk) async throws {
        let erledigt = r.istOffen ? nil : r.jetzt
        try await connection.ausfuehren(
            """
            WITH vermerk AS (
                INSERT INTO rueckmeldungen (
                    ags, id, status, grund, meldung, anmeldung_ags, anmeldung_fall_id, anmeldung_aktenzeichen,
                    herkunft_ags, herkunft_betrieb_id, abmeldung_fall_id, erstellt_am, erledigt_am, erledigt_von)
                VALUES (
                    \(r.ags), \(r.id), \(r.istOffen ? "offen" : "ausgefuehrt"), \(r.grund), \(r.meldung),
                    \(r.anmeldung.gemeindeschluessel), \(r.anmeldung.id), \(r.anmeldung.aktenzeichen), \(r.herkunftAGS),
                    \(r.anmeldung.anzeige.herkunft?.betriebId), \(r.abmeldungFallId), \(r.jetzt), \(erledigt),
                    \(r.istOffen ? nil : r.audit.akteur.bezeichnung))
                RETURNING id
            )
            INSERT INTO audit_events
                (id, ags, actor_token_id, actor_label, actor_role, action, object_type, object_id, details)
            SELECT gen_random_uuid(), \(r.audit.ags), \(r.audit.akteur.tokenId)::uuid, \(r.audit.akteur.bezeichnung),
                   \(r.audit.akteur.rolle)::text, \(r.audit.aktion), \(r.audit.objektTyp), \(r.audit.objektId),
                   \(try JSONText.kodiere(r.audit.details))::jsonb
            FROM vermerk
            """, logger: logger)
    }

    /// The Auskunft log: one row per municipality, each with its audit event.
    func vermerke(_ v: Auskunftsvermerk) async throws {
        let anfrage = v.anfrage
        let suchkriterien = try JSONText.kodiere(
            Auditwert.objekt(["name": anfrage.name, "anschrift": anfrage.anschrift, "kommune": anfrage.kommune]))
        for zeile in v.zeilen {
            let audit = zeile.audit
            try await connection.ausfuehren(
                """
                WITH protokoll AS (
                    INSERT INTO auskunft_protokoll (
                        ags, id, erteilt_am, akteur, akteur_token, art, rechtsgrundlage, anfragender, begruendung,
                        aktenzeichen_anfragender, suchkriterien, betriebe, felder)
                    VALUES (
                        \(zeile.ags), \(v.auskunft.id), \(v.auskunft.erteiltAm), \(v.akteur.bezeichnung), \(v.akteur.tokenId)::uuid,
                        \(anfrage.art.rawValue), \(v.auskunft.rechtsgrundlage), \(anfrage.anfragender), \(anfrage.begruendung),
                        \(anfrage.aktenzeichenAnfragender), \(suchkriterien)::jsonb, \(zeile.betriebe)::uuid[], \(v.felder)::text[])
                    RETURNING id
                )
                INSERT INTO audit_events
                    (id, ags, actor_token_id, actor_label, actor_role, action, object_type, object_id, details)
                SELECT gen_random_uuid(), \(audit.ags), \(audit.akteur.tokenId)::uuid, \(audit.akteur.bezeichnung),
                       \(audit.akteur.rolle)::text, \(audit.aktion), \(audit.objektTyp), \(audit.objektId),
                       \(try JSONText.kodiere(audit.details))::jsonb
                FROM protokoll
                """, logger: logger)
        }
    }

    /// Appends the events in one statement (the audit trigger links each into its chain).
    func protokolliere(_ ereignisse: [Auditereignis]) async throws {
        guard !ereignisse.isEmpty else { return }
        try await connection.ausfuehren(
            """
            INSERT INTO audit_events
                (id, ags, actor_token_id, actor_label, actor_role, action, object_type, object_id, details)
            SELECT gen_random_uuid(), e.ags, nullif(e.token, '')::uuid, e.bezeichnung, nullif(e.rolle, ''), e.aktion,
                   nullif(e.typ, ''), nullif(e.objekt, ''), e.details::jsonb
            FROM unnest(\(ereignisse.map(\.ags))::text[],
                        \(ereignisse.map { $0.akteur.tokenId?.lowercased ?? "" })::text[],
                        \(ereignisse.map(\.akteur.bezeichnung))::text[], \(ereignisse.map { $0.akteur.rolle ?? "" })::text[],
                        \(ereignisse.map(\.aktion))::text[], \(ereignisse.map { $0.objektTyp ?? "" })::text[],
                        \(ereignisse.map { $0.objektId ?? "" })::text[], \(try ereignisse.map { try JSONText.kodiere($0.details) })::text[])
                 AS e(ags, token, bezeichnung, rolle, aktion, typ, objekt, details)
            """, logger: logger)
    }
}
