import Foundation
import GewerbeDomain
import GewerbePostgres
import GewerbeTestSupport
import PostgresNIO
import Testing

/// `gewerbe report ...` (the real program) on the known scenario: each report's figures, in
/// every format, against golden files and against the numbers the scenario was built with.
@Suite("gewerbe report (das echte Programm)")
struct BerichtCLITests {
    static let zeitraum = ["--von", "2026-10-01", "--bis", "2026-11-30"]

    /// Runs `gewerbe report <argumente>` against the database at `url`.
    static func report(_ argumente: [String], url: String) throws -> Programm.Lauf {
        try Programm.starte(["report"] + argumente, umgebung: ["DATABASE_URL": url])
    }

    static func json(_ lauf: Programm.Lauf) throws -> [String: Any] {
        let objekt = try JSONSerialization.jsonObject(with: Data(lauf.ausgabe.utf8))
        return try #require(objekt as? [String: Any], "\(lauf)")
    }

    static func tabelle(_ json: [String: Any], _ name: String) throws -> [[String: Any]] {
        let tabellen = try #require(json["tabellen"] as? [String: Any])
        return try #require(tabellen[name] as? [[String: Any]], "Tabelle \(name)")
    }

    @Test(arguments: ["text", "csv", "json"])
    func volumes(_ format: String) async throws {
        try await SzenarioDatenbank.mitKopie { _, url in
            let lauf = try Self.report(["volumes", "--format", format] + Self.zeitraum, url: url)
            #expect(lauf.status == 0, "\(lauf)")
            try CLIGolden.pruefe("report-volumes.\(format == "text" ? "txt" : format)", lauf.ausgabe)
            guard format == "json" else { return }
            let zeilen = try Self.tabelle(try Self.json(lauf), "volumen")
            let kurz = zeilen.map {
                "\($0["ags"]!) \($0["monat"]!) \($0["meldeart"]!) \($0["anzahl"]!) \($0["zurueckgenommen"]!)"
            }
            #expect(
                kurz == [
                    "06636005 2026-11 anmeldung 1 0",
                    "06636011 2026-10 anmeldung 4 1",
                    "06636011 2026-11 anmeldung 3 1", "06636011 2026-11 ummeldung 1 0",
                    "06636011 2026-11 abmeldung 1 0",
                    "06636016 2026-10 anmeldung 1 0", "06636016 2026-11 anmeldung 1 0",
                ])
        }
    }

    @Test(arguments: ["text", "csv", "json"])
    func durations(_ format: String) async throws {
        try await SzenarioDatenbank.mitKopie { _, url in
            let lauf = try Self.report(
                ["durations", "--format", format, "--stichtag", "2026-12-10"] + Self.zeitraum, url: url)
            #expect(lauf.status == 0, "\(lauf)")
            try CLIGolden.pruefe("report-durations.\(format == "text" ? "txt" : format)", lauf.ausgabe)
            guard format == "json" else { return }
            let json = try Self.json(lauf)
            let sontraOktober = try #require(
                try Self.tabelle(json, "zusammenfassung").first {
                    $0["ags"] as? String == "06636011" && $0["monat"] as? String == "2026-10"
                })
            // A1 1 day, A3 7 days (late), A2 5 days (due Saturday 31.10. -> Monday 2.11., in time); A4 withdrawn.
            #expect(sontraOktober["anzahl"] as? Int == 3)
            #expect(sontraOktober["fristgerecht"] as? Int == 2)
            #expect(sontraOktober["verspaetet"] as? Int == 1)
            #expect(sontraOktober["median_tage"] as? Double == 5)
            #expect(sontraOktober["mittel_tage"] as? Double == 4.33)
            #expect(sontraOktober["max_tage"] as? Int == 7)
            let ueberfaellig = try Self.tabelle(json, "ueberfaellig")
            #expect(
                ueberfaellig.map { $0["aktenzeichen"] as? String } == ["06636011-2026-00002", "06636011-2026-00009"])
            #expect(ueberfaellig.map { $0["tage_ueber_frist"] as? Int } == [4, 10])
            #expect(ueberfaellig[1]["bescheinigt_am"] is NSNull)
        }
    }

    @Test(arguments: ["text", "json"])
    func filing(_ format: String) async throws {
        try await SzenarioDatenbank.mitKopie { _, url in
            let lauf = try Self.report(["filing", "--format", format, "--dokumente-neu-berechnen"], url: url)
            #expect(lauf.status == 1, "eine Hash-Abweichung: Exit-Status 1\n\(lauf)")
            try CLIGolden.pruefe(
                "report-filing.\(format == "text" ? "txt" : format)", CLIGolden.normalisiert(lauf.ausgabe))
            guard format == "json" else { return }
            let json = try Self.json(lauf)
            let offen = try Self.tabelle(json, "nicht_abgelegt")
            #expect(offen.map { $0["aktenzeichen"] as? String } == ["06636011-2026-00009", "06636016-2026-00002"])
            #expect(offen.map { $0["ablage"] as? String } == ["ausstehend", "geparkt"])
            let geparkt = try Self.tabelle(json, "geparkt")
            #expect(geparkt.map { $0["art"] as? String } == ["anzeige", "empfangsbescheinigung"])
            #expect(geparkt.allSatisfy { ($0["letzter_fehler"] as? String)?.contains("HTTP 403") == true })
            let hashes = try Self.tabelle(json, "hash_abweichungen")
            #expect(hashes.count == 1)
            #expect(hashes.first?["aktenzeichen"] as? String == "06636011-2026-00001")
            #expect(hashes.first?["sha256_erfasst"] as? String == String(repeating: "a", count: 64))
            #expect(hashes.first?["sha256_pruefprotokoll"] as? String == hashes.first?["sha256_neu"] as? String)
            // Filed: 10 cases; Anzeige and each Berichtigung 2 documents (PDF, JSON), Empfangsbescheinigung and Ruecknahme 1.
            #expect(json["dokumenteGeprueft"] as? Int == 40)
        }
    }

    /// Without re-rendering, the audit event alone exposes the altered hash; the CSV of one table.
    @Test func filingOhneNeuberechnungAlsCSV() async throws {
        try await SzenarioDatenbank.mitKopie { _, url in
            let lauf = try Self.report(["filing", "--format", "csv", "--tabelle", "hash_abweichungen"], url: url)
            #expect(lauf.status == 1)
            try CLIGolden.pruefe("report-filing-hash_abweichungen.csv", CLIGolden.normalisiert(lauf.ausgabe))
            let falsch = try Self.report(["filing", "--format", "csv", "--tabelle", "gibtsnicht"], url: url)
            #expect(falsch.status != 0)
            #expect(falsch.fehlerausgabe.contains("hash_abweichungen"))
        }
    }

    @Test(arguments: ["text", "csv", "json"])
    func auskunft(_ format: String) async throws {
        try await SzenarioDatenbank.mitKopie { _, url in
            let lauf = try Self.report(["auskunft", "--format", format, "--monat", "2026-11"], url: url)
            #expect(lauf.status == 0, "\(lauf)")
            try CLIGolden.pruefe("report-auskunft.\(format == "text" ? "txt" : format)", lauf.ausgabe)
            guard format == "json" else { return }
            let zeilen = try Self.tabelle(try Self.json(lauf), "auskuenfte")
            #expect(zeilen.map { $0["art"] as? String } == ["einfach", "erweitert"])
            #expect(
                zeilen.map { $0["anfragender"] as? String } == ["Max Muster, Kassel", "Inkasso Nord GmbH, Göttingen"])
            #expect(zeilen[0]["begruendung"] is NSNull)
            #expect((zeilen[1]["begruendung"] as? String)?.contains("Vollstreckungsbescheid") == true)
            #expect(zeilen[0]["felder"] as? [String] == ["name", "betriebsanschrift", "taetigkeit"])
            #expect(zeilen[1]["betriebe"] as? [String] == ["Özdemir Friseursalon"])
            #expect(zeilen.allSatisfy { $0["erteilt_von"] as? String == "Sachbearbeitung Sontra" })
            // Another month has none.
            let oktober = try Self.report(["auskunft", "--format", "json", "--monat", "2026-10"], url: url)
            #expect(try Self.tabelle(try Self.json(oktober), "auskuenfte").isEmpty)
        }
    }

    /// Municipalities: one asked for, only its rows.
    @Test func nurEineGemeinde() async throws {
        try await SzenarioDatenbank.mitKopie { _, url in
            let lauf = try Self.report(["volumes", "--format", "csv", "--kommune", "06636016"], url: url)
            #expect(lauf.status == 0, "\(lauf)")
            #expect(
                lauf.ausgabe
                    == "ags,gemeinde,monat,meldeart,anzahl,zurueckgenommen\r\n"
                    + "06636016,Witzenhausen,2026-10,anmeldung,1,0\r\n06636016,Witzenhausen,2026-11,anmeldung,1,0\r\n")
        }
    }

    /// Every report run is on record in the audit trail; progress goes to stderr when asked for,
    /// never into the result.
    @Test func protokolliertUndFortschritt() async throws {
        try await SzenarioDatenbank.mitKopie { database, url in
            let lauf = try Self.report(
                ["durations", "--format", "csv", "--stichtag", "2026-12-10", "--fortschritt"] + Self.zeitraum, url: url)
            #expect(lauf.status == 0)
            #expect(lauf.fehlerausgabe.contains("Bericht durations: "))
            #expect(lauf.fehlerausgabe.contains("fertig"))
            #expect(lauf.ausgabe.hasPrefix("ags,gemeinde,monat,"))
            let ereignisse = try await database.withConnection { connection in
                let rows = try await connection.query(
                    """
                    SELECT ags::text, actor_role, object_id, details ->> 'von', details ->> 'bis' FROM audit_events
                    WHERE action = 'bericht.erstellt' ORDER BY ags
                    """, logger: TestPostgres.logger)
                var liste: [String] = []
                for try await (ags, rolle, bericht, von, bis) in rows.decode(
                    (String, String?, String?, String?, String?).self)
                {
                    liste.append("\(ags) \(rolle ?? "-") \(bericht ?? "-") \(von ?? "-") \(bis ?? "-")")
                }
                return liste
            }
            #expect(
                ereignisse == [
                    "06636005 pruefung durations 2026-10-01 2026-11-30",
                    "06636011 pruefung durations 2026-10-01 2026-11-30",
                    "06636016 pruefung durations 2026-10-01 2026-11-30",
                ])
        }
    }

    /// `report audit-verify`: 0 while intact; after an event is edited behind the service's back,
    /// 1 and the first broken event named.
    @Test func auditVerify() async throws {
        try await SzenarioDatenbank.mitKopie { database, url in
            let intakt = try Self.report(["audit-verify"], url: url)
            #expect(intakt.status == 0, "\(intakt)")
            #expect(intakt.ausgabe.contains("intakt"))
            try await database.withTransaction { connection in
                try await connection.query(
                    "ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only", logger: TestPostgres.logger)
                try await connection.query(
                    "UPDATE audit_events SET actor_label = 'jemand anders' WHERE ags = '06636011' AND seq = 3",
                    logger: TestPostgres.logger)
                try await connection.query(
                    "ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only", logger: TestPostgres.logger)
            }
            let gebrochen = try Self.report(["audit-verify"], url: url)
            #expect(gebrochen.status == 1, "\(gebrochen)")
            #expect(gebrochen.ausgabe.contains("06636011/3"), "\(gebrochen.ausgabe)")
        }
    }

    @Test(arguments: [
        ["volumes", "--monat", "2026-13"], ["volumes", "--monat", "2026-11", "--von", "2026-11-01"],
        ["volumes", "--von", "2026-11-30", "--bis", "2026-11-01"], ["volumes", "--kommune", "123"],
        ["volumes", "--format", "xml"], ["volumes", "--tabelle", "volumen"], ["durations", "--stichtag", "heute"],
    ])
    func falscheOptionen(_ argumente: [String]) throws {
        let lauf = try Programm.starte(["report"] + argumente)
        #expect(lauf.status == 64, "\(lauf)")
    }
}
