import Foundation
import GewerbeDomain
import Logging
import PostgresNIO

extension PostgresFallRepository {
    /// A case to change, with its Betrieb's whole history, the Betrieb row locked.
    struct Aenderungslage: Sendable {
        var fall: Fall
        /// Every case of the Betrieb, oldest first (the changed one included).
        var faelle: [Fall]
        var betriebAGS: String
        var betriebId: UUID
    }

    /// Locks the Betrieb of case `id` (visible to the actor) and loads all its cases; throws
    /// ``FallFehler/nichtGefunden(_:)`` when the case is not visible.
    func sperreBetrieb(
        vonFall id: UUID, sicht: Sicht, on connection: PostgresConnection
    ) async throws
        -> Aenderungslage
    {
        let zeilen = try await connection.zeilen(
            """
            SELECT b.ags::text, b.id
            FROM betriebe b
            WHERE (b.ags, b.id) IN (
                SELECT f.ags, f.betrieb_id
                FROM faelle f
                WHERE f.id = \(id) AND f.ags = ANY (\(sicht.kommunen)::char(8)[])
                  AND (\(sicht.nurToken)::uuid IS NULL OR f.erstellt_token = \(sicht.nurToken))
                  AND (\(sicht.nurVon)::text IS NULL OR (f.erstellt_token IS NULL AND f.erstellt_von = \(sicht.nurVon))))
            FOR UPDATE
            """, (String, UUID).self, logger: logger)
        guard let (ags, betriebId) = zeilen.first else {
            throw FallFehler.nichtGefunden("Fall \(id.uuidString.lowercased()) nicht gefunden.")
        }
        let faelle = try await ladeFaelle(betrieb: betriebId, ags: ags, on: connection)
        guard let fall = faelle.first(where: { $0.id == id }) else {
            throw FallFehler.nichtGefunden("Fall \(id.uuidString.lowercased()) nicht gefunden.")
        }
        return Aenderungslage(fall: fall, faelle: faelle, betriebAGS: ags, betriebId: betriebId)
    }

    /// `If-Match` must name the case's current ETag.
    func pruefeVorbedingung(_ ifMatch: String?, _ fall: Fall) throws {
        guard let ifMatch = ifMatch?.nichtLeer else { throw FallFehler.vorbedingungFehlt }
        let angegeben = ifMatch.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard angegeben.contains(fall.etag) else { throw FallFehler.veraltet(aktuellesEtag: fall.etag) }
    }

    /// The Betrieb's state from its effective cases, `geaendert` in place of its stored form;
    /// a history that no longer follows the lifecycle is a conflict.
    func betriebszustand(_ lage: Aenderungslage, mit geaendert: Fall) throws -> BetriebZustand? {
        let wirksam = lage.faelle.map { $0.id == geaendert.id ? geaendert : $0 }.filter { $0.status == .wirksam }
        do {
            return try Lebenszyklus.zustand(betriebId: lage.betriebId, anzeigen: wirksam.map(\.anzeige))
        } catch {
            throw FallFehler.konflikt(
                "Die übrige Geschichte des Betriebs wäre danach nicht mehr schlüssig (\(error.regel)): \(error.meldung)"
            )
        }
    }

    /// Writes the Betrieb's re-derived state (its row is locked by ``sperreBetrieb(vonFall:sicht:on:)``).
    func aktualisiereBetrieb(
        _ lage: Aenderungslage, _ zustand: BetriebZustand?, on connection: PostgresConnection
    )
        async throws
    {
        let s = try Betriebsspalten(zustand, zuletzt: lage.faelle.first?.anzeige ?? lage.fall.anzeige)
        try await connection.ausfuehren(
            """
            UPDATE betriebe
            SET status = \(s.status), zustand = \(s.zustandJSON)::jsonb, name = \(s.name), sortname = \(s.sortname),
                such_name = \(s.suchName), such_personen = \(s.suchPersonen), such_anschrift = \(s.suchAnschrift),
                personen = \(s.personen)::text[], betriebsanschrift = \(s.betriebsanschrift),
                taetigkeit = \(s.taetigkeit), wz = \(s.wz)::text[], wz_praefixe = \(s.wzPraefixe)::text[],
                vergleich_ort = \(s.vergleichOrt), vergleich_personen = \(s.vergleichPersonen)::text[],
                vergleich_firma = \(s.vergleichFirma), beginn = \(s.beginn)::date, ende = \(s.ende)::date,
                letzte_aenderung = \(s.letzteAenderung)::date, revision = revision + 1, geaendert_am = \(uhr.jetzt())
            WHERE ags = \(lage.betriebAGS)::char(8) AND id = \(lage.betriebId)
            """, logger: logger)
    }

    /// The current ETag of a case, after a concurrent change made an update miss.
    func veraltet(_ fall: Fall, on connection: PostgresConnection) async throws -> FallFehler {
        let revision = try await connection.zeilen(
            "SELECT revision FROM faelle WHERE ags = \(fall.gemeindeschluessel)::char(8) AND id = \(fall.id)",
            (Int).self, logger: logger
        ).first
        var aktuell = fall
        aktuell.revision = revision ?? fall.revision
        return .veraltet(aktuellesEtag: aktuell.etag)
    }

    // MARK: - Berichtigung

    public func berichtigen(
        fallId: UUID, anzeige: Anzeige, grund: String, ifMatch: String?, akteur: Akteur
    )
        async throws -> EinreichungsErgebnis
    {
        try pruefeSchreibrecht(akteur)
        let sicht = try await sicht(akteur)
        return try await database.transaktion(try art(sicht, lesend: false), versuche: einstellungen.versuche) {
            connection in
            let lage = try await sperreBetrieb(vonFall: fallId, sicht: sicht, on: connection)
            var fall = lage.fall
            try pruefeVorbedingung(ifMatch, fall)
            guard fall.status == .wirksam else {
                throw FallFehler.konflikt(
                    "Der Fall \(fall.aktenzeichen) ist zurückgenommen und kann nicht berichtigt werden.")
            }
            guard let grund = grund.nichtLeer else {
                throw FallFehler.unzulaessig("Ein Grund für die Berichtigung ist anzugeben.")
            }
            var neu = anzeige
            if neu.eingangsdatum == nil { neu.eingangsdatum = fall.anzeige.eingangsdatum }
            guard neu.meldeart == fall.meldeart else {
                throw FallFehler.unzulaessig(
                    "Die Meldeart eines Falls kann nicht berichtigt werden (Fall: \(fall.meldeart.rawValue)); die Anzeige ist zurückzunehmen und neu einzureichen."
                )
            }
            if let ags = neu.gemeindeschluessel?.nichtLeer, GewerbeDomain.AGS.istGueltig(ags), !sicht.sieht(ags) {
                throw FallFehler.nichtBerechtigt("Das Token ist für die Gemeinde \(ags) nicht zugelassen.")
            }
            if let ags = neu.gemeindeschluessel?.nichtLeer, ags != fall.gemeindeschluessel {
                throw FallFehler.unzulaessig(
                    "Die Gemeinde eines Falls (\(fall.gemeindeschluessel)) kann nicht berichtigt werden; die Anzeige ist zurückzunehmen und bei der zuständigen Gemeinde neu einzureichen."
                )
            }
            if fall.meldeart != .anmeldung, let betriebId = neu.betriebId, betriebId != fall.betriebId {
                throw FallFehler.unzulaessig("Der Betrieb eines Falls kann nicht berichtigt werden.")
            }
            let position = lage.faelle.firstIndex { $0.id == fall.id } ?? lage.faelle.count
            let vorherige = lage.faelle[..<position].filter { $0.status == .wirksam }
            let zustandVorher: BetriebZustand?
            do throws(LebenszyklusVerstoss) {
                zustandVorher = try Lebenszyklus.zustand(betriebId: lage.betriebId, anzeigen: vorherige.map(\.anzeige))
            } catch {
                throw FallFehler.konflikt(error.meldung)
            }
            let kontext = Pruefkontext(
                heute: uhr.heute(), zustaendigeGemeinden: Set(sicht.kommunen),
                betrieb: zustandVorher.map { .bekannt($0) } ?? .unbekannt,
                einstellungen: einstellungen.pruefeinstellungen)
            let ergebnis = Pruefer.pruefe(neu, kontext: kontext)
            guard ergebnis.istAnnehmbar else { return .abgelehnt(ergebnis) }

            let jetzt = uhr.jetzt()
            let version = Fallversion(
                version: fall.versionen.count + 1, anzeige: neu, hinweise: ergebnis.hinweise, erfasstAm: jetzt,
                erfasstVon: akteur.bezeichnung, berichtigungsgrund: grund)
            fall.versionen.append(version)
            try await aktualisiereBetrieb(lage, try betriebszustand(lage, mit: fall), on: connection)
            guard let eingang = neu.eingangsdatum else {
                throw FallFehler.unzulaessig("Das Eingangsdatum ist erforderlich.")
            }
            let details = try JSONText.kodiere(
                JSONWert.objekt([
                    "aktenzeichen": fall.aktenzeichen, "version": String(version.version), "grund": grund,
                ]))
            let zeilen = try await connection.zeilen(
                """
                WITH fall AS (
                    UPDATE faelle
                    SET version = \(version.version), revision = revision + 1, eingangsdatum = \(eingang.iso)::date,
                        ereignisdatum = \(neu.ereignisdatum?.iso)::date,
                        empfang_faellig = \(Fristen.empfangsbescheinigungFaellig(eingang: eingang).iso)::date,
                        name = \(neu.anzeigename),
                        ablage = CASE WHEN ablage = 'geparkt' THEN 'geparkt' ELSE 'ausstehend' END
                    WHERE ags = \(fall.gemeindeschluessel)::char(8) AND id = \(fall.id) AND revision = \(fall.revision)
                      AND status = 'wirksam'
                    RETURNING revision, ablage
                ), version AS (
                    INSERT INTO anzeige_versionen (
                        ags, fall_id, version, anzeige, hinweise, erfasst_am, erfasst_von, erfasst_token,
                        berichtigungsgrund)
                    SELECT \(fall.gemeindeschluessel), \(fall.id), \(version.version),
                           \(String(decoding: neu.json(), as: UTF8.self))::jsonb,
                           \(try JSONText.kodiere(ergebnis.hinweise))::jsonb, \(jetzt), \(akteur.bezeichnung),
                           \(akteur.tokenId)::uuid, \(grund)
                    FROM fall
                ), auftrag AS (
                    INSERT INTO ablageauftraege (ags, id, fall_id, art, version, status, naechster_versuch, erstellt_am)
                    SELECT \(fall.gemeindeschluessel), \(UUID()), \(fall.id), 'berichtigung', \(version.version),
                           'ausstehend', \(jetzt), \(jetzt)
                    FROM fall
                ), audit AS (
                    INSERT INTO audit_events
                        (id, ags, actor_token_id, actor_label, actor_role, action, object_type, object_id, details)
                    SELECT gen_random_uuid(), \(fall.gemeindeschluessel), \(akteur.tokenId)::uuid, \(akteur.bezeichnung),
                           \(akteur.rolle.rawValue), 'anzeige.berichtigen', 'fall', \(fall.id.uuidString.lowercased()),
                           \(details)::jsonb
                    FROM fall
                )
                SELECT revision, ablage FROM fall
                """, (Int, String).self, logger: logger)
            guard let (revision, ablage) = zeilen.first else { throw try await veraltet(lage.fall, on: connection) }
            fall.revision = revision
            fall.ablage = Ablagestatus(rawValue: ablage) ?? .ausstehend
            return .angenommen(fall, wiederholt: false)
        }
    }

    // MARK: - Ruecknahme

    public func zuruecknehmen(fallId: UUID, grund: String, ifMatch: String?, akteur: Akteur) async throws -> Fall {
        try pruefeSchreibrecht(akteur)
        let sicht = try await sicht(akteur)
        return try await database.transaktion(try art(sicht, lesend: false), versuche: einstellungen.versuche) {
            connection in
            let lage = try await sperreBetrieb(vonFall: fallId, sicht: sicht, on: connection)
            try pruefeVorbedingung(ifMatch, lage.fall)
            guard lage.fall.status == .wirksam else {
                throw FallFehler.konflikt("Der Fall \(lage.fall.aktenzeichen) ist bereits zurückgenommen.")
            }
            guard let grund = grund.nichtLeer else {
                throw FallFehler.unzulaessig("Ein Grund für die Rücknahme ist anzugeben.")
            }
            let fall = try await nimmZurueck(
                lage, grund: grund, akteur: akteur, details: ["aktenzeichen": .text(lage.fall.aktenzeichen)],
                on: connection)
            try await nimmRueckmeldungZurueck(ausgeloestVon: fall, grund: grund, sicht: sicht, on: connection)
            return fall
        }
    }

    /// Marks the locked case withdrawn, re-derives its Betrieb, queues the Ruecknahmevermerk for
    /// the eAkte and appends the audit event.
    func nimmZurueck(
        _ lage: Aenderungslage, grund: String, akteur: Akteur, details zusatz: [String: JSONWert],
        on connection: PostgresConnection
    ) async throws -> Fall {
        var fall = lage.fall
        let jetzt = uhr.jetzt()
        fall.status = .zurueckgenommen
        try await aktualisiereBetrieb(lage, try betriebszustand(lage, mit: fall), on: connection)
        fall.ruecknahme = Ruecknahme(grund: grund, am: jetzt, von: akteur.bezeichnung)
        var angaben = zusatz
        angaben["grund"] = .text(grund)
        let details = try JSONText.kodiere(JSONWert.objekt(angaben))
        let zeilen = try await connection.zeilen(
            """
            WITH fall AS (
                UPDATE faelle
                SET status = 'zurueckgenommen', revision = revision + 1, ruecknahme_grund = \(grund),
                    ruecknahme_am = \(jetzt), ruecknahme_von = \(akteur.bezeichnung),
                    ablage = CASE WHEN ablage = 'geparkt' THEN 'geparkt' ELSE 'ausstehend' END
                WHERE ags = \(fall.gemeindeschluessel)::char(8) AND id = \(fall.id) AND revision = \(lage.fall.revision)
                  AND status = 'wirksam'
                RETURNING revision, ablage, version
            ), auftrag AS (
                INSERT INTO ablageauftraege (ags, id, fall_id, art, version, status, naechster_versuch, erstellt_am)
                SELECT \(fall.gemeindeschluessel), \(UUID()), \(fall.id), 'ruecknahme', f.version, 'ausstehend',
                       \(jetzt), \(jetzt)
                FROM fall f
            ), audit AS (
                INSERT INTO audit_events
                    (id, ags, actor_token_id, actor_label, actor_role, action, object_type, object_id, details)
                SELECT gen_random_uuid(), \(fall.gemeindeschluessel), \(akteur.tokenId)::uuid, \(akteur.bezeichnung),
                       \(akteur.rolle.rawValue), 'anzeige.zuruecknehmen', 'fall', \(fall.id.uuidString.lowercased()),
                       \(details)::jsonb
                FROM fall
            )
            SELECT revision, ablage FROM fall
            """, (Int, String).self, logger: logger)
        guard let (revision, ablage) = zeilen.first else { throw try await veraltet(lage.fall, on: connection) }
        fall.revision = revision
        fall.ablage = Ablagestatus(rawValue: ablage) ?? .ausstehend
        return fall
    }

    /// Rueckmeldeverfahren undone: an Anmeldung "Verlegung aus anderem Meldebezirk" that is withdrawn
    /// as erroneous takes back the Abmeldung it caused at the former municipality of this instance
    /// (same transaction, by the system, with the reason), so that the Betrieb there is open again.
    /// The former office sees it in the case, its audit trail, its eAkte and its next statistics.
    func nimmRueckmeldungZurueck(
        ausgeloestVon anmeldung: Fall, grund: String, sicht: Sicht, on connection: PostgresConnection
    ) async throws {
        guard anmeldung.meldeart == .anmeldung, let herkunft = anmeldung.anzeige.herkunft?.gemeindeschluessel,
            AGS.isValid(herkunft), herkunft != anmeldung.gemeindeschluessel
        else { return }
        // The transaction's scope widens to the former municipality for this step only.
        let erweitert = try TenantScope(kommunen: sicht.kommunen + [herkunft])
        try await connection.ausfuehren(
            "SELECT set_config('gewerbe.kommunen', \(erweitert.setting), true)", logger: logger)
        let ausgeloest = try await connection.zeilen(
            """
            SELECT id FROM faelle
            WHERE ags = \(herkunft)::char(8) AND ausloesende_anzeige_id = \(anmeldung.id) AND status = 'wirksam'
            """, (UUID).self, logger: logger)
        let system = Akteur(tokenId: nil, bezeichnung: Akteur.system.bezeichnung, rolle: .system, kommunen: [herkunft])
        let systemSicht = Sicht(kommunen: [herkunft], akteur: system)
        for id in ausgeloest {
            let lage = try await sperreBetrieb(vonFall: id, sicht: systemSicht, on: connection)
            // Something followed the Abmeldung there (checked before any write): the former
            // office decides; the withdrawal here stands.
            var ohne = lage.fall
            ohne.status = .zurueckgenommen
            do {
                _ = try betriebszustand(lage, mit: ohne)
            } catch {
                logger.warning(
                    "Abmeldung aus der Rückmeldung bleibt bestehen",
                    metadata: ["aktenzeichen": "\(lage.fall.aktenzeichen)", "grund": "\(error)"])
                continue
            }
            _ = try await nimmZurueck(
                lage,
                grund:
                    "Die auslösende Anmeldung \(anmeldung.aktenzeichen) (Verlegung) wurde zurückgenommen: \(grund)",
                akteur: system,
                details: [
                    "aktenzeichen": .text(lage.fall.aktenzeichen),
                    "ausloesendes_aktenzeichen": .text(anmeldung.aktenzeichen),
                    "ausgeloest_von": .text(sicht.akteur.bezeichnung),
                ], on: connection)
        }
        let eigene = try TenantScope(kommunen: sicht.kommunen)
        try await connection.ausfuehren(
            "SELECT set_config('gewerbe.kommunen', \(eigene.setting), true)", logger: logger)
    }

    // MARK: - Empfangsbescheinigung

    public func bescheinigeEmpfang(fallId: UUID, am: Datum?, akteur: Akteur) async throws -> Fall {
        try pruefeSchreibrecht(akteur)
        let sicht = try await sicht(akteur)
        return try await database.transaktion(try art(sicht, lesend: false), versuche: einstellungen.versuche) {
            connection in
            // The case row is locked: a concurrent second Empfangsbescheinigung waits and then sees this one.
            let gesperrt = try await connection.zeilen(
                """
                SELECT f.id FROM faelle f
                WHERE f.id = \(fallId) AND f.ags = ANY (\(sicht.kommunen)::char(8)[])
                  AND (\(sicht.nurToken)::uuid IS NULL OR f.erstellt_token = \(sicht.nurToken))
                  AND (\(sicht.nurVon)::text IS NULL OR (f.erstellt_token IS NULL AND f.erstellt_von = \(sicht.nurVon)))
                FOR UPDATE
                """, (UUID).self, logger: logger)
            guard !gesperrt.isEmpty,
                var fall = try await ladeFaelle([fallId], kommunen: sicht.kommunen, on: connection).first
            else { throw FallFehler.nichtGefunden("Fall \(fallId.uuidString.lowercased()) nicht gefunden.") }
            if let vorhanden = fall.empfangsbescheinigung {
                throw FallFehler.konflikt(
                    "Für den Fall \(fall.aktenzeichen) wurde die Empfangsbescheinigung bereits am \(vorhanden.ausgestelltAm.deutsch) ausgestellt."
                )
            }
            guard fall.status == .wirksam else {
                throw FallFehler.konflikt("Der Fall \(fall.aktenzeichen) ist zurückgenommen.")
            }
            let heute = uhr.heute()
            let datum = am ?? heute
            if let eingang = fall.anzeige.eingangsdatum, datum < eingang {
                throw FallFehler.unzulaessig(
                    "Die Empfangsbescheinigung kann nicht vor dem Eingang der Anzeige (\(eingang.deutsch)) ausgestellt sein."
                )
            }
            if datum > heute {
                throw FallFehler.unzulaessig(
                    "Die Empfangsbescheinigung kann nicht in der Zukunft (\(datum.deutsch)) ausgestellt sein.")
            }
            let jetzt = uhr.jetzt()
            let details = try JSONText.kodiere(
                JSONWert.objekt(["aktenzeichen": fall.aktenzeichen, "ausgestellt_am": datum.iso]))
            let zeilen = try await connection.zeilen(
                """
                WITH fall AS (
                    UPDATE faelle
                    SET empfang_am = \(datum.iso)::date, empfang_von = \(akteur.bezeichnung), revision = revision + 1,
                        ablage = CASE WHEN ablage = 'geparkt' THEN 'geparkt' ELSE 'ausstehend' END
                    WHERE ags = \(fall.gemeindeschluessel)::char(8) AND id = \(fall.id) AND revision = \(fall.revision)
                      AND empfang_am IS NULL
                    RETURNING revision, ablage, version
                ), auftrag AS (
                    INSERT INTO ablageauftraege (ags, id, fall_id, art, version, status, naechster_versuch, erstellt_am)
                    SELECT \(fall.gemeindeschluessel), \(UUID()), \(fall.id), 'empfangsbescheinigung', f.version,
                           'ausstehend', \(jetzt), \(jetzt)
                    FROM fall f
                ), audit AS (
                    INSERT INTO audit_events
                        (id, ags, actor_token_id, actor_label, actor_role, action, object_type, object_id, details)
                    SELECT gen_random_uuid(), \(fall.gemeindeschluessel), \(akteur.tokenId)::uuid, \(akteur.bezeichnung),
                           \(akteur.rolle.rawValue), 'anzeige.empfangsbescheinigung', 'fall',
                           \(fall.id.uuidString.lowercased()), \(details)::jsonb
                    FROM fall
                )
                SELECT revision, ablage FROM fall
                """, (Int, String).self, logger: logger)
            guard let (revision, ablage) = zeilen.first else { throw try await veraltet(fall, on: connection) }
            fall.empfangsbescheinigung = Empfangsbescheinigung(ausgestelltAm: datum, ausgestelltVon: akteur.bezeichnung)
            fall.revision = revision
            fall.ablage = Ablagestatus(rawValue: ablage) ?? .ausstehend
            return fall
        }
    }
}
