import Foundation
import GewerbeDomain
import GewerbePostgres
import GewerbeTestSupport
import PostgresNIO
import Testing

/// The statistics export's PostgreSQL source on the known scenario (``Berichtsszenario``).
@Suite("PostgresStatistikQuelle")
struct StatistikQuelleTests {
    /// Record overview: Aktenzeichen, Satzart, version.
    static func uebersicht(
        _ quelle: any StatistikQuelle, _ monat: String, kommunen: [String]? = nil,
        akteur: Akteur = Berichtsszenario.statistikamt
    ) async throws -> [String] {
        try await quelle.saetze(monat: Berichtsmonat(monat)!, kommunen: kommunen, akteur: akteur) { saetze in
            var zeilen: [String] = []
            for try await satz in saetze {
                zeilen.append("\(satz.fall.aktenzeichen) \(satz.satzart.rawValue) v\(satz.version.version)")
            }
            return zeilen
        }
    }

    /// Each month's records, korrektur and storno across months included, and the same records
    /// (with the same cases and versions) as the in-memory twin gives for the same history.
    @Test func monateWieErwartetUndWieDerZwilling() async throws {
        try await TestPostgres.withDatabase { database in
            let stand = try await Berichtsszenario.spielePostgres(database)
            let quelle = PostgresStatistikQuelle(database: database, logger: TestPostgres.logger)
            #expect(
                try await Self.uebersicht(quelle, "2026-10") == [
                    "06636011-2026-00001 neu v1", "06636011-2026-00002 neu v1", "06636011-2026-00003 neu v1",
                    "06636016-2026-00001 neu v1",
                ])
            #expect(
                try await Self.uebersicht(quelle, "2026-11") == [
                    "06636005-2026-00001 neu v1", "06636011-2026-00002 korrektur v2", "06636011-2026-00003 storno v1",
                    "06636011-2026-00004 neu v1", "06636011-2026-00005 neu v2", "06636011-2026-00007 neu v1",
                    "06636011-2026-00008 neu v1", "06636016-2026-00001 korrektur v2", "06636016-2026-00002 neu v1",
                ])
            #expect(try await Self.uebersicht(quelle, "2026-12") == ["06636011-2026-00002 korrektur v3"])
            #expect(try await Self.uebersicht(quelle, "2026-09").isEmpty)

            // The twin, fed with the cases as PostgreSQL stores them, chooses the same.
            let repo = Fallbearbeitung(
                speicher: PostgresFallspeicher(database: database, logger: TestPostgres.logger), uhr: stand.uhr)
            var faelle: [Fall] = []
            for id in stand.ids.values { faelle.append(try await repo.fall(id: id, akteur: .system)) }
            let zwilling = InMemoryStatistikQuelle(faelle: faelle)
            for monat in ["2026-10", "2026-11", "2026-12"] {
                let ausDB = try await quelle.saetze(
                    monat: Berichtsmonat(monat)!, kommunen: nil, akteur: Berichtsszenario.statistikamt
                ) { saetze in try await saetze.alle() }
                let ausZwilling = try await zwilling.saetze(
                    monat: Berichtsmonat(monat)!, kommunen: nil, akteur: Berichtsszenario.statistikamt
                ) { saetze in try await saetze.alle() }
                #expect(ausDB == ausZwilling, "\(monat)")
            }
        }
    }

    /// A statistics office sees only its municipalities: by default all of its own, on request a
    /// subset, never another one; other roles may not export at all.
    @Test func nurDieEigenenGemeinden() async throws {
        try await TestPostgres.withDatabase { database in
            try await Berichtsszenario.spielePostgres(database)
            let quelle = PostgresStatistikQuelle(database: database, logger: TestPostgres.logger)
            let nurSontra = Akteur(
                tokenId: UUID(), bezeichnung: "Statistik Sontra", rolle: .statistik,
                kommunen: [Berichtsszenario.sontra])
            let zeilen = try await Self.uebersicht(quelle, "2026-11", akteur: nurSontra)
            #expect(zeilen.count == 6)
            #expect(zeilen.allSatisfy { $0.hasPrefix("06636011-") })
            #expect(
                try await Self.uebersicht(quelle, "2026-11", kommunen: [Berichtsszenario.witzenhausen]) == [
                    "06636016-2026-00001 korrektur v2", "06636016-2026-00002 neu v1",
                ])
            await #expect(throws: FallFehler.self) {
                _ = try await Self.uebersicht(
                    quelle, "2026-11", kommunen: [Berichtsszenario.witzenhausen], akteur: nurSontra)
            }
            for rolle in [Rolle.sachbearbeitung, .leitung, .pruefung, .intake] {
                let akteur = Akteur(
                    tokenId: UUID(), bezeichnung: "x", rolle: rolle, kommunen: [Berichtsszenario.sontra])
                await #expect(throws: FallFehler.self) {
                    _ = try await Self.uebersicht(quelle, "2026-11", akteur: akteur)
                }
            }
            // The system actor exports every municipality of the instance.
            #expect(try await Self.uebersicht(quelle, "2026-11", akteur: .system).count == 9)
        }
    }

    /// Every export is on record in the audit trail of each municipality: who, month,
    /// municipalities, records; an export that fails midway too, as incomplete.
    @Test func exportImPruefprotokoll() async throws {
        try await TestPostgres.withDatabase { database in
            try await Berichtsszenario.spielePostgres(database)
            let quelle = PostgresStatistikQuelle(database: database, logger: TestPostgres.logger)
            _ = try await Self.uebersicht(quelle, "2026-11")
            struct Abbruch: Error {}
            await #expect(throws: Abbruch.self) {
                try await quelle.saetze(
                    monat: Berichtsmonat("2026-11")!, kommunen: [Berichtsszenario.sontra],
                    akteur: Berichtsszenario.statistikamt
                ) { saetze in
                    var iterator = saetze.makeAsyncIterator()
                    _ = try await iterator.next()
                    _ = try await iterator.next()
                    throw Abbruch()
                }
            }
            let ereignisse = try await database.withConnection { connection in
                let rows = try await connection.query(
                    """
                    SELECT ags::text, actor_label, actor_role, object_id, details::text FROM audit_events
                    WHERE action = 'statistik.export' ORDER BY occurred_at, ags
                    """, logger: TestPostgres.logger)
                var liste: [(String, String, String?, String?, String)] = []
                for try await zeile in rows.decode((String, String, String?, String?, String).self) {
                    liste.append(zeile)
                }
                return liste
            }
            #expect(ereignisse.map(\.0) == ["06636005", "06636011", "06636016", "06636011"])
            #expect(
                ereignisse.allSatisfy { $0.1 == "Statistisches Landesamt" && $0.2 == "statistik" && $0.3 == "2026-11" })
            func details(_ index: Int) throws -> [String: any Sendable] {
                let objekt = try JSONSerialization.jsonObject(with: Data(ereignisse[index].4.utf8))
                guard let details = objekt as? [String: any Sendable] else { throw TestFailure("details: \(objekt)") }
                return details
            }
            let sontra = try details(1)
            #expect(sontra["saetze"] as? Int == 6)
            #expect(sontra["neu"] as? Int == 4)
            #expect(sontra["korrektur"] as? Int == 1)
            #expect(sontra["storno"] as? Int == 1)
            #expect(sontra["saetzeGesamt"] as? Int == 9)
            #expect(sontra["vollstaendig"] as? Bool == true)
            #expect(sontra["kommunen"] as? [String] == Berichtsszenario.kommunen)
            let abgebrochen = try details(3)
            #expect(abgebrochen["saetze"] as? Int == 2)
            #expect(abgebrochen["vollstaendig"] as? Bool == false)
            #expect(try await AuditVerifier(database: database).verify().isIntact)
        }
    }

    /// A consumer that stops early leaves the connection usable and the export on record.
    @Test func vorzeitigesEnde() async throws {
        try await TestPostgres.withDatabase(maximumConnections: 1) { database in
            try await Berichtsszenario.spielePostgres(database)
            let quelle = PostgresStatistikQuelle(database: database, logger: TestPostgres.logger)
            let erster = try await quelle.saetze(
                monat: Berichtsmonat("2026-11")!, kommunen: nil, akteur: Berichtsszenario.statistikamt
            ) { saetze in
                var iterator = saetze.makeAsyncIterator()
                return try await iterator.next()?.fall.aktenzeichen
            }
            #expect(erster == "06636005-2026-00001")
            #expect(try await Self.uebersicht(quelle, "2026-12") == ["06636011-2026-00002 korrektur v3"])
        }
    }

    /// The roles of the export and the reports can read but not write the case tables.
    @Test(arguments: [
        "INSERT INTO kommunen (ags, name, art) VALUES ('06636099', 'x', 'y')",
        "UPDATE faelle SET status = 'zurueckgenommen'",
        "DELETE FROM faelle",
        "UPDATE anzeige_versionen SET erfasst_von = 'x'",
        "UPDATE betriebe SET name = 'x'",
        "UPDATE ablage_dokumente SET sha256 = repeat('b', 64)",
        "UPDATE ablageauftraege SET status = 'erledigt'",
        "DELETE FROM auskunft_protokoll",
        "INSERT INTO rueckmeldungen SELECT * FROM rueckmeldungen",
        "UPDATE audit_events SET actor_label = 'x'",
        "TRUNCATE audit_events",
    ])
    func berichtsrolleSchreibtNicht(_ sql: String) async throws {
        try await TestPostgres.withDatabase { database in
            try await Berichtsszenario.spielePostgres(database)
            let scope = try TenantScope(kommunen: Berichtsszenario.kommunen)
            // The reads work ...
            let anzahl = try await database.withTransaction(tenant: scope, role: .report) { connection in
                try await connection.scalar("SELECT count(*)::int FROM faelle", as: Int.self)
            }
            #expect(anzahl == 12)
            // ... the write does not.
            let fehler = await #expect(throws: PSQLError.self) {
                try await database.withTransaction(tenant: scope, role: .report) { connection in
                    try await connection.run(PostgresQuery(unsafeSQL: sql))
                }
            }
            #expect(fehler.flatMap { PostgresErrors.sqlState(of: $0) } == "42501", "\(sql)")
        }
    }
}

extension Statistiksaetze {
    /// All records (small months in tests).
    func alle() async throws -> [Statistiksatz] {
        var liste: [Statistiksatz] = []
        for try await satz in self { liste.append(satz) }
        return liste
    }
}

/// The SQL projection of the statistics source reads exactly `Anzeige.statistikauszug`.
@Suite("PostgresStatistikQuelle: Projektion")
struct StatistikProjektionTests {
    /// Stores a certified case with `anzeige` as it is, bypassing the rules (owner role).
    static func speichere(
        _ anzeige: Anzeige, nummer: Int, in database: Database
    ) async throws -> UUID {
        let id = UUID()
        let betrieb = UUID()
        let ags = anzeige.gemeindeschluessel ?? "06636011"
        let json = String(decoding: anzeige.json(), as: UTF8.self)
        let aktenzeichen = Aktenzeichen.format(gemeinde: ags, jahr: 2026, nummer: nummer)
        try await database.withTransaction { connection in
            try await connection.run(
                """
                INSERT INTO betriebe (ags, id, status, zustand, name, sortname, such_name, such_personen, such_anschrift,
                                      personen, betriebsanschrift, taetigkeit, wz, wz_praefixe, vergleich_personen,
                                      anzahl_faelle, revision, erstellt_am, geaendert_am)
                VALUES (\(ags), \(betrieb), 'offen', '{}'::jsonb, 'x', 'x', 'x', 'x', 'x', '{}', 'x', 'x', '{}', '{}', '{}',
                        1, 1, now(), now())
                """)
            try await connection.run(
                """
                INSERT INTO faelle (ags, id, aktenzeichen, jahr, nummer, betrieb_id, position, meldeart, status, version,
                                    revision, eingangsdatum, empfang_faellig, name, empfang_am, empfang_von, ablage,
                                    erstellt_am, erstellt_von)
                VALUES (\(ags), \(id), \(aktenzeichen), 2026, \(nummer), \(betrieb), 1, \(anzeige.meldeart.rawValue),
                        'wirksam', 1, 2, '2026-11-02', '2026-11-05', 'x', '2026-11-03', 'x', 'abgelegt',
                        '2026-11-02T10:00:00+01', 'x')
                """)
            try await connection.run(
                """
                INSERT INTO anzeige_versionen (ags, fall_id, version, anzeige, hinweise, erfasst_am, erfasst_von)
                VALUES (\(ags), \(id), 1, \(json)::jsonb, '[]'::jsonb, '2026-11-02T10:00:00+01', 'x')
                """)
        }
        return id
    }

    @Test func volleAnzeigenWerdenAufDenAuszugReduziert() async throws {
        try await TestPostgres.withDatabase { database in
            _ = try await KommunenStore(database: database).upsert(
                [KommuneStammdaten(ags: "06636011", name: "Sontra", art: "Stadt")], actor: .cli(benutzer: "test"))
            var erwartet: [UUID: Anzeige] = [:]
            for (index, anzeige) in Vollanzeigen.alle.enumerated() {
                erwartet[try await Self.speichere(anzeige, nummer: index + 1, in: database)] = anzeige
            }
            // Almost nothing filled (absent objects stay absent, empty lists empty) ...
            let karg = Anzeige(meldeart: .abmeldung, gemeindeschluessel: "06636011", personen: [], taetigkeiten: [])
            erwartet[try await Self.speichere(karg, nummer: 4, in: database)] = karg
            // ... and three activities (the third comes another way), one without WZ, one without Schwerpunkt.
            var drei = Vollanzeigen.voll(.anmeldung)
            drei.taetigkeiten?.append(Taetigkeit(beschreibung: "Dritte Tätigkeit", wz: nil))
            drei.taetigkeiten?[1].schwerpunkt = nil
            drei.taetigkeiten?[0].wz = nil
            erwartet[try await Self.speichere(drei, nummer: 5, in: database)] = drei
            let quelle = PostgresStatistikQuelle(database: database, logger: TestPostgres.logger)
            let saetze = try await quelle.saetze(
                monat: Berichtsmonat("2026-11")!, kommunen: nil, akteur: .system
            ) { try await $0.alle() }
            #expect(saetze.count == 5)
            for satz in saetze {
                let voll = try #require(erwartet[satz.fall.id])
                #expect(satz.anzeige == voll.statistikauszug, "\(satz.fall.aktenzeichen)")
                #expect(satz.version.hinweise.isEmpty)
            }
        }
    }
}
