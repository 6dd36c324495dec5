import Foundation
import GewerbeDomain
import Logging
import PostgresNIO

extension PostgresFallRepository {
    // MARK: - One case

    public func fall(id: UUID, akteur: Akteur) async throws -> Fall {
        let sicht = try await sicht(akteur)
        return try await database.transaktion(try art(sicht, lesend: true), versuche: einstellungen.versuche) {
            connection in
            let zeilen = try await connection.zeilen(
                """
                SELECT \(unescaped: Self.fallSpalten)
                FROM faelle f
                JOIN anzeige_versionen v ON v.ags = f.ags AND v.fall_id = f.id
                WHERE f.id = \(id) AND f.ags = ANY (\(sicht.kommunen)::char(8)[])
                  AND (\(sicht.nurToken)::uuid IS NULL OR f.erstellt_token = \(sicht.nurToken))
                  AND (\(sicht.nurVon)::text IS NULL OR (f.erstellt_token IS NULL AND f.erstellt_von = \(sicht.nurVon)))
                ORDER BY v.version
                """, Fallzeilentyp.self, logger: logger)
            guard let fall = try Self.faelle(aus: zeilen).first else {
                throw FallFehler.nichtGefunden("Fall \(id.uuidString.lowercased()) nicht gefunden.")
            }
            try await protokolliere(
                [
                    Protokolleintrag(
                        ags: fall.gemeindeschluessel, aktion: "fall.lesen", objektTyp: "fall",
                        objektId: fall.id.uuidString.lowercased(),
                        details: try JSONText.kodiere(JSONWert.objekt(["aktenzeichen": fall.aktenzeichen])))
                ], akteur: sicht.audit, on: connection)
            return fall
        }
    }

    // MARK: - The work list

    public func faelle(_ filter: Fallfilter, akteur: Akteur) async throws -> Seite<Fallzeile> {
        let sicht = try await sicht(akteur)
        let nach = try filter.cursor.map { try Cursor.lies($0, art: "f", teile: 2) }
        if let nach, Datum(iso: nach[0]) == nil { throw FallFehler.unzulaessig("Der Cursor ist ungültig.") }
        let kommunen = sicht.auswahl(filter.kommune)
        guard !kommunen.isEmpty else { return Seite(eintraege: [], naechsterCursor: nil) }
        let groesse = seitengroesse(filter.limit)
        let heute = uhr.heute()
        // One municipality: an equality (the array's only element), so that the index gives the rows
        // in list order; several: `= ANY`.
        let einzeln = kommunen.count == 1
        return try await database.transaktion(try art(sicht, lesend: true), versuche: einstellungen.versuche) {
            connection in
            let query: PostgresQuery = """
                SELECT f.id, f.aktenzeichen, f.ags::text, f.betrieb_id, f.meldeart, f.status, f.name,
                       f.eingangsdatum::text, f.ereignisdatum::text, f.empfang_am::text, f.empfang_von,
                       f.empfang_faellig::text,
                       (f.status = 'wirksam' AND f.empfang_am IS NULL AND f.empfang_faellig < \(heute.iso)::date),
                       f.ablage, f.version
                FROM faelle f
                WHERE f.ags = \(unescaped: einzeln ? "" : "ANY ")(\(kommunen)::char(8)[])\(unescaped: einzeln ? "[1]" : "")
                  AND (\(sicht.nurToken)::uuid IS NULL OR f.erstellt_token = \(sicht.nurToken))
                  AND (\(sicht.nurVon)::text IS NULL OR (f.erstellt_token IS NULL AND f.erstellt_von = \(sicht.nurVon)))
                  AND (\(filter.ohneEmpfangsbescheinigung)::boolean IS NULL
                       OR (f.status = 'wirksam' AND f.empfang_am IS NULL) = \(filter.ohneEmpfangsbescheinigung))
                  AND (\(filter.ueberfaellig)::boolean IS NULL
                       OR (f.status = 'wirksam' AND f.empfang_am IS NULL AND f.empfang_faellig < \(heute.iso)::date)
                          = \(filter.ueberfaellig))
                  AND (\(filter.meldeart?.rawValue)::text IS NULL OR f.meldeart = \(filter.meldeart?.rawValue))
                  AND (\(filter.status?.rawValue)::text IS NULL OR f.status = \(filter.status?.rawValue))
                  AND (\(filter.ablage?.rawValue)::text IS NULL OR f.ablage = \(filter.ablage?.rawValue))
                  AND (\(filter.eingangVon?.iso)::date IS NULL OR f.eingangsdatum >= \(filter.eingangVon?.iso)::date)
                  AND (\(filter.eingangBis?.iso)::date IS NULL OR f.eingangsdatum <= \(filter.eingangBis?.iso)::date)
                  AND (\(nach?[0])::date IS NULL
                       OR (f.eingangsdatum, f.aktenzeichen) > (\(nach?[0])::date, \(nach?[1])::text COLLATE "C"))
                ORDER BY f.eingangsdatum, f.aktenzeichen
                LIMIT \(groesse + 1)
                """
            let zeilen = try await connection.zeilen(
                query,
                (
                    UUID, String, String, UUID, String, String, String, String, String?, String?, String?, String,
                    Bool, String, Int
                ).self, logger: logger)
            var eintraege: [Fallzeile] = []
            for z in zeilen.prefix(groesse) {
                guard let meldeart = Meldeart(rawValue: z.4), let status = Fallstatus(rawValue: z.5),
                    let eingang = Datum(iso: z.7), let faellig = Datum(iso: z.11),
                    let ablage = Ablagestatus(rawValue: z.13)
                else { throw FallFehler.konflikt("Fall \(z.1): gespeicherte Werte sind ungültig.") }
                eintraege.append(
                    Fallzeile(
                        id: z.0, aktenzeichen: z.1, gemeindeschluessel: z.2, betriebId: z.3, meldeart: meldeart,
                        status: status, name: z.6, eingangsdatum: eingang, ereignisdatum: z.8.flatMap(Datum.init(iso:)),
                        empfangsbescheinigung: z.9.flatMap(Datum.init(iso:)).map {
                            Empfangsbescheinigung(ausgestelltAm: $0, ausgestelltVon: z.10 ?? "")
                        }, empfangsbescheinigungFaellig: faellig, ueberfaellig: z.12, ablage: ablage, version: z.14))
            }
            let weiter = zeilen.count > groesse ? eintraege.last.map { [$0.eingangsdatum.iso, $0.aktenzeichen] } : nil
            try await protokolliere(
                try Self.leseprotokoll(
                    aktion: "faelle.auflisten", objektTyp: "fall",
                    treffer: eintraege.map { ($0.gemeindeschluessel, $0.aktenzeichen) }, leer: nil, details: [:]),
                akteur: sicht.audit, on: connection)
            return Seite(eintraege: eintraege, naechsterCursor: weiter.map { Cursor.schreibe($0, art: "f") })
        }
    }

    // MARK: - One Betrieb

    public func betrieb(id: UUID, akteur: Akteur) async throws -> BetriebAkte {
        let sicht = try await sicht(akteur)
        let nichtGefunden = FallFehler.nichtGefunden("Betrieb \(id.uuidString.lowercased()) nicht gefunden.")
        // The intake role reads back its own cases, nothing of the register.
        guard !sicht.istIntake else { throw nichtGefunden }
        return try await database.transaktion(try art(sicht, lesend: true), versuche: einstellungen.versuche) {
            connection in
            let zeilen = try await connection.zeilen(
                """
                SELECT b.ags::text, b.zustand::text
                FROM betriebe b
                WHERE b.id = \(id) AND b.ags = ANY (\(sicht.kommunen)::char(8)[])
                """, (String, String?).self, logger: logger)
            guard let (ags, zustandJSON) = zeilen.first else { throw nichtGefunden }
            let zustand = try zustandJSON.map { try JSONText.lies(BetriebZustand.self, $0) }
            let faelle = try await ladeFaelle(betrieb: id, ags: ags, on: connection)
            try await protokolliere(
                [
                    Protokolleintrag(
                        ags: ags, aktion: "betrieb.lesen", objektTyp: "betrieb", objektId: id.uuidString.lowercased(),
                        details: try JSONText.kodiere(
                            JSONWert.objekt(["faelle": .liste(faelle.map { .text($0.aktenzeichen) })])))
                ], akteur: sicht.audit, on: connection)
            return BetriebAkte(zustand: zustand, betriebId: id, gemeindeschluessel: ags, faelle: faelle)
        }
    }

    // MARK: - Register search

    /// The criteria of a register search as `gewerbe_register_suche` takes them.
    struct Suchkriterien: Sendable {
        var kommunen: [String]
        var name: String?
        var person: String?
        var nameOderPerson: String?
        var anschrift: String?
        var wz: String?
        var status: String?
        var beginnVon: String?
        var beginnBis: String?
        var endeVon: String?
        var endeBis: String?
        var nach: [String]?
        var limit: Int
        /// Whether the rows carry the Betrieb's state as JSON (the Auskunft needs it, the list not).
        var mitZustand: Bool
    }

    /// The Betriebe matching `kriterien`, in register order (folded name, id): the keys come from
    /// `gewerbe_register_suche` (migration 0006), the rows are read again through row-level security.
    func suche(
        _ k: Suchkriterien, on connection: PostgresConnection
    ) async throws -> [(
        ags: String, id: UUID, sortname: String, treffer: Registertreffer, zustand: String?
    )] {
        let zeilen = try await connection.zeilen(
            """
            SELECT b.ags::text, b.id, b.sortname, b.name, b.status, b.betriebsanschrift, b.taetigkeit, b.wz,
                   b.personen, b.beginn::text, b.ende::text, CASE WHEN \(k.mitZustand) THEN b.zustand::text END
            FROM gewerbe_register_suche(
                    \(k.kommunen)::char(8)[], \(k.name)::text, \(k.person)::text, \(k.nameOderPerson)::text,
                    \(k.anschrift)::text, \(k.wz)::text, \(k.status)::text, \(k.beginnVon)::date, \(k.beginnBis)::date,
                    \(k.endeVon)::date, \(k.endeBis)::date, \(k.nach?[0])::text,
                    \(k.nach.flatMap { UUID(uuidString: $0[1]) })::uuid, \(k.limit)::integer
                 ) WITH ORDINALITY AS s (ags, id, nr)
            JOIN betriebe b ON b.ags = s.ags AND b.id = s.id
            WHERE b.ags = ANY (\(k.kommunen)::char(8)[])
            ORDER BY s.nr
            """,
            (String, UUID, String, String, String?, String, String, [String], [String], String?, String?, String?)
                .self, logger: logger)
        return zeilen.compactMap { z in
            guard let status = z.4.flatMap(Betriebsstatus.init(rawValue:)) else { return nil }
            return (
                z.0, z.1, z.2,
                Registertreffer(
                    betriebId: z.1, gemeindeschluessel: z.0, name: z.3, status: status, betriebsanschrift: z.5,
                    taetigkeit: z.6, wz: z.7, personen: z.8, beginn: z.9.flatMap(Datum.init(iso:)),
                    ende: z.10.flatMap(Datum.init(iso:))), z.11
            )
        }
    }

    public func sucheBetriebe(_ suche: Registersuche, akteur: Akteur) async throws -> Seite<Registertreffer> {
        let sicht = try await sicht(akteur)
        let nach = try suche.cursor.map { try Cursor.lies($0, art: "b", teile: 2) }
        if let nach, UUID(uuidString: nach[1]) == nil { throw FallFehler.unzulaessig("Der Cursor ist ungültig.") }
        let kommunen = sicht.auswahl(suche.kommune)
        guard !sicht.istIntake, !kommunen.isEmpty else { return Seite(eintraege: [], naechsterCursor: nil) }
        let groesse = seitengroesse(suche.limit)
        let wz = suche.wz?.nichtLeer.map { $0.filter { $0 != "." } }.flatMap { $0.isEmpty ? nil : $0 }
        let kriterien = Suchkriterien(
            kommunen: kommunen, name: suche.name?.nichtLeer.map(Suchtext.enthaelt),
            person: suche.person?.nichtLeer.map(Suchtext.enthaelt), nameOderPerson: nil,
            anschrift: suche.anschrift?.nichtLeer.map(Suchtext.enthaelt), wz: wz, status: suche.status?.rawValue,
            beginnVon: suche.beginnVon?.iso, beginnBis: suche.beginnBis?.iso, endeVon: suche.endeVon?.iso,
            endeBis: suche.endeBis?.iso, nach: nach, limit: groesse + 1, mitZustand: false)
        return try await database.transaktion(try art(sicht, lesend: true), versuche: einstellungen.versuche) {
            connection in
            let gefunden = try await self.suche(kriterien, on: connection)
            let seite = Array(gefunden.prefix(groesse))
            let weiter =
                gefunden.count > groesse
                ? seite.last.map { Cursor.schreibe([$0.sortname, $0.id.uuidString.lowercased()], art: "b") } : nil
            var kriterienText: [String: String?] = [
                "name": suche.name, "person": suche.person, "anschrift": suche.anschrift, "wz": suche.wz,
                "status": suche.status?.rawValue, "kommune": suche.kommune,
            ]
            kriterienText["beginn"] =
                [suche.beginnVon?.iso, suche.beginnBis?.iso].contains { $0 != nil }
                ? "\(suche.beginnVon?.iso ?? "")..\(suche.beginnBis?.iso ?? "")" : nil
            kriterienText["ende"] =
                [suche.endeVon?.iso, suche.endeBis?.iso].contains { $0 != nil }
                ? "\(suche.endeVon?.iso ?? "")..\(suche.endeBis?.iso ?? "")" : nil
            try await protokolliere(
                try Self.leseprotokoll(
                    aktion: "register.suchen", objektTyp: "betrieb",
                    treffer: seite.map { ($0.ags, $0.id.uuidString.lowercased()) }, leer: kommunen[0],
                    details: ["kriterien": JSONWert.objekt(kriterienText)]),
                akteur: sicht.audit, on: connection)
            return Seite(eintraege: seite.map(\.treffer), naechsterCursor: weiter)
        }
    }

    // MARK: - Registerauskunft

    public func auskunft(_ anfrage: Auskunftsanfrage, akteur: Akteur) async throws -> Registerauskunft {
        let sicht = try await sicht(akteur)
        guard [.sachbearbeitung, .leitung, .system].contains(akteur.rolle) else {
            throw FallFehler.nichtBerechtigt("Die Rolle \(akteur.rolle.rawValue) darf keine Registerauskunft erteilen.")
        }
        let probleme = Auskunftsregel.pruefe(anfrage)
        guard probleme.isEmpty else { throw FallFehler.unzulaessig(probleme.joined(separator: " ")) }
        let kommunen = sicht.auswahl(anfrage.kommune)
        let kriterien = Suchkriterien(
            kommunen: kommunen, name: nil, person: nil, nameOderPerson: anfrage.name?.nichtLeer.map(Suchtext.enthaelt),
            anschrift: anfrage.anschrift?.nichtLeer.map(Suchtext.enthaelt), wz: nil, status: nil, beginnVon: nil,
            beginnBis: nil, endeVon: nil, endeBis: nil, nach: nil, limit: einstellungen.maxAuskunftsTreffer,
            mitZustand: true)
        let id = UUID()
        let jetzt = uhr.jetzt()
        let felder =
            anfrage.art == .einfach
            ? ["name", "betriebsanschrift", "taetigkeit"]
            : [
                "name", "betriebsanschrift", "taetigkeit", "status", "rechtsform", "register", "beginn", "ende",
                "personen",
            ]
        let suchkriterien = try JSONText.kodiere(
            JSONWert.objekt(["name": anfrage.name, "anschrift": anfrage.anschrift, "kommune": anfrage.kommune]))
        return try await database.transaktion(try art(sicht, lesend: false), versuche: einstellungen.versuche) {
            connection in
            let gefunden = kommunen.isEmpty ? [] : try await suche(kriterien, on: connection)
            var treffer: [AuskunftsTreffer] = []
            for eintrag in gefunden {
                guard let json = eintrag.zustand else { continue }
                treffer.append(Auskunftsregel.treffer(try JSONText.lies(BetriebZustand.self, json), art: anfrage.art))
            }
            // The log: one row per municipality whose Betriebe were disclosed, or the asking office's.
            var nachGemeinde: [String: [UUID]] = [:]
            for eintrag in gefunden { nachGemeinde[eintrag.ags, default: []].append(eintrag.id) }
            if nachGemeinde.isEmpty { nachGemeinde[kommunen.first ?? sicht.kommunen[0]] = [] }
            for (ags, betriebe) in nachGemeinde.sorted(by: { $0.key < $1.key }) {
                let details = try JSONText.kodiere(
                    JSONWert.objekt([
                        "auskunft_id": .text(id.uuidString.lowercased()), "art": .text(anfrage.art.rawValue),
                        "anfragender": .text(anfrage.anfragender),
                        "betriebe": .liste(betriebe.map { .text($0.uuidString.lowercased()) }),
                    ]))
                try await connection.ausfuehren(
                    """
                    WITH protokoll AS (
                        INSERT INTO auskunft_protokoll (
                            ags, id, erteilt_am, akteur, akteur_token, art, rechtsgrundlage, anfragender, begruendung,
                            aktenzeichen_anfragender, suchkriterien, betriebe, felder)
                        VALUES (
                            \(ags), \(id), \(jetzt), \(akteur.bezeichnung), \(akteur.tokenId)::uuid, \(anfrage.art.rawValue),
                            \(anfrage.art.rechtsgrundlage), \(anfrage.anfragender), \(anfrage.begruendung),
                            \(anfrage.aktenzeichenAnfragender), \(suchkriterien)::jsonb, \(betriebe)::uuid[],
                            \(felder)::text[])
                        RETURNING id
                    )
                    INSERT INTO audit_events
                        (id, ags, actor_token_id, actor_label, actor_role, action, object_type, object_id, details)
                    SELECT gen_random_uuid(), \(ags), \(akteur.tokenId)::uuid, \(akteur.bezeichnung), \(akteur.rolle.rawValue),
                           'auskunft.erteilen', 'auskunft', \(id.uuidString.lowercased()), \(details)::jsonb
                    FROM protokoll
                    """, logger: logger)
            }
            return Registerauskunft(
                id: id, art: anfrage.art, rechtsgrundlage: anfrage.art.rechtsgrundlage, erteiltAm: jetzt,
                treffer: treffer)
        }
    }

    // MARK: - Pending Rueckmeldungen

    /// A Rueckmeldung that could not be completed automatically and waits for the office of `ags`.
    public struct OffeneRueckmeldung: Sendable, Hashable {
        public var id: UUID
        /// The municipality whose office has to act.
        public var gemeindeschluessel: String
        /// Why it is pending: `herkunft_fehlt`, `gemeinde_nicht_in_instanz`, `betrieb_nicht_gefunden`,
        /// `betrieb_mehrdeutig`, `abmeldung_unzulaessig`.
        public var grund: String
        public var meldung: String
        /// The Anmeldung at the new office that triggered it.
        public var anmeldungFallId: UUID
        public var anmeldungAktenzeichen: String
        public var anmeldungGemeinde: String
        /// The former municipality and Betrieb as the Anmeldung names them.
        public var herkunftGemeinde: String?
        public var herkunftBetriebId: UUID?
        public var erstelltAm: Date
    }

    /// The pending Rueckmeldungen of the actor's municipalities, oldest first (at most 500). Reading
    /// them is audited (they name Betriebe and the new Anmeldung).
    public func offeneRueckmeldungen(akteur: Akteur) async throws -> [OffeneRueckmeldung] {
        let sicht = try await sicht(akteur)
        guard !sicht.istIntake else { return [] }
        return try await database.transaktion(try art(sicht, lesend: true), versuche: einstellungen.versuche) {
            connection in
            let zeilen = try await connection.zeilen(
                """
                SELECT r.id, r.ags::text, r.grund, r.meldung, r.anmeldung_fall_id, r.anmeldung_aktenzeichen,
                       r.anmeldung_ags::text, r.herkunft_ags, r.herkunft_betrieb_id, r.erstellt_am
                FROM rueckmeldungen r
                WHERE r.ags = ANY (\(sicht.kommunen)::char(8)[]) AND r.status = 'offen'
                ORDER BY r.erstellt_am, r.id
                LIMIT 500
                """, (UUID, String, String, String, UUID, String, String, String?, UUID?, Date).self, logger: logger)
            let offene = zeilen.map {
                OffeneRueckmeldung(
                    id: $0.0, gemeindeschluessel: $0.1, grund: $0.2, meldung: $0.3, anmeldungFallId: $0.4,
                    anmeldungAktenzeichen: $0.5, anmeldungGemeinde: $0.6, herkunftGemeinde: $0.7,
                    herkunftBetriebId: $0.8, erstelltAm: $0.9)
            }
            try await protokolliere(
                try Self.leseprotokoll(
                    aktion: "rueckmeldungen.auflisten", objektTyp: "rueckmeldung",
                    treffer: offene.map { ($0.gemeindeschluessel, $0.id.uuidString.lowercased()) }, leer: nil,
                    details: [:]),
                akteur: sicht.audit, on: connection)
            return offene
        }
    }

    /// Marks a pending Rueckmeldung as dealt with (the office made the Abmeldung by hand or
    /// forwarded it). Returns false when it was not pending (or not visible).
    @discardableResult
    public func erledigeRueckmeldung(id: UUID, akteur: Akteur) async throws -> Bool {
        try pruefeSchreibrecht(akteur)
        let sicht = try await sicht(akteur)
        guard !sicht.istIntake else { return false }
        return try await database.transaktion(try art(sicht, lesend: false), versuche: einstellungen.versuche) {
            connection in
            let zeilen = try await connection.zeilen(
                """
                WITH erledigt AS (
                    UPDATE rueckmeldungen
                    SET status = 'erledigt', erledigt_am = \(uhr.jetzt()), erledigt_von = \(akteur.bezeichnung)
                    WHERE id = \(id) AND ags = ANY (\(sicht.kommunen)::char(8)[]) AND status = 'offen'
                    RETURNING ags, id
                ), audit AS (
                    INSERT INTO audit_events
                        (id, ags, actor_token_id, actor_label, actor_role, action, object_type, object_id, details)
                    SELECT gen_random_uuid(), e.ags, \(akteur.tokenId)::uuid, \(akteur.bezeichnung), \(akteur.rolle.rawValue),
                           'rueckmeldung.erledigt', 'rueckmeldung', e.id::text, '{}'::jsonb
                    FROM erledigt e
                )
                SELECT count(*)::integer FROM erledigt
                """, (Int).self, logger: logger)
            return (zeilen.first ?? 0) > 0
        }
    }
}
