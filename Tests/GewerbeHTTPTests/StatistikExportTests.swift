import Foundation
import GewerbeDomain
import GewerbeExport
import GewerbeHTTP
import GewerbePostgres
import GewerbeTestSupport
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// `GET /v1/export/statistik` over the known scenario (``Berichtsszenario``): the in-memory twin
/// in router mode, and PostgreSQL behind a real server.
@Suite("Statistik-Export über HTTP")
struct StatistikExportTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("GewerbeExportTests/Golden")

    static let tokens: [String: Akteur] = [
        "statistik": Berichtsszenario.statistikamt,
        "statistik-sontra": Akteur(
            tokenId: UUID(), bezeichnung: "Statistik Sontra", rolle: .statistik, kommunen: [Berichtsszenario.sontra]),
        "sb": Berichtsszenario.sachbearbeitung(Berichtsszenario.sontra),
    ]

    static func dependencies(_ quelle: any StatistikQuelle) -> APIDependencies {
        let uhr = TestUhr(heute: Berichtsszenario.stichtag)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return APIDependencies(
            fallbearbeitung: Fallbearbeitung(speicher: InMemoryFallspeicher(), uhr: uhr),
            tokenPruefer: StatischerTokenPruefer(tokens: tokens, uhr: uhr),
            bereitschaft: StatischeBereitschaft(), statistik: quelle, uhr: uhr, logger: logger)
    }

    /// The scenario's cases in the in-memory twin, with the golden files' fixed ids.
    static func zwilling() async throws -> InMemoryStatistikQuelle {
        let uhr = TestUhr(heute: Datum(jahr: 2026, monat: 10, tag: 1)!)
        let repo = Fallbearbeitung(speicher: InMemoryFallspeicher(), uhr: uhr)
        var faelle: [Fall] = []
        for id in try await Berichtsszenario.spiele(repo, uhr: uhr).values {
            var fall = try await repo.fall(id: id, akteur: .system)
            fall.id = Berichtsszenario.festeId(fall.aktenzeichen)
            faelle.append(fall)
        }
        return InMemoryStatistikQuelle(faelle: faelle)
    }

    @Test func csvMitDateinamenUndKoepfen() async throws {
        let quelle = try await Self.zwilling()
        let app = buildApplication(configuration: ApplicationConfiguration(), dependencies: Self.dependencies(quelle))
        try await app.test(.router) { client in
            let antwort = try await client.senden(.get, "/v1/export/statistik?monat=2026-11", token: "statistik")
            #expect(antwort.status == .ok)
            #expect(antwort.contentType == "text/csv; charset=utf-8")
            #expect(antwort.headers[.contentDisposition] == "attachment; filename=\"gewerbeanzeigen-2026-11.csv\"")
            let erwartet = try Data(contentsOf: Self.golden.appendingPathComponent("gewerbeanzeigen-2026-11.csv"))
            #expect(Data(antwort.text.utf8) == erwartet)

            let sontra = try await client.senden(
                .get, "/v1/export/statistik?monat=2026-11&kommune=06636011&trennzeichen=komma&bom=false",
                token: "statistik")
            #expect(sontra.status == .ok)
            #expect(
                sontra.headers[.contentDisposition] == "attachment; filename=\"gewerbeanzeigen-2026-11-06636011.csv\"")
            #expect(!sontra.text.hasPrefix("\u{FEFF}"))
            let zeilen = try PythonLeser.zeilen(sontra.text, trennzeichen: ",")
            #expect(zeilen.count == 7)
            #expect(zeilen.dropFirst().allSatisfy { $0[2] == "06636011" })

            // A token of one municipality gets that municipality by default.
            let eigene = try await client.senden(.get, "/v1/export/statistik?monat=2026-11", token: "statistik-sontra")
            #expect(eigene.text.split(separator: "\r\n").count == 7)
            #expect(quelle.protokoll().map(\.saetze) == [9, 6, 6])
        }
    }

    @Test(arguments: [
        "/v1/export/statistik", "/v1/export/statistik?monat=2026-13", "/v1/export/statistik?monat=11-2026",
        "/v1/export/statistik?monat=2026-1", "/v1/export/statistik?monat=2026-11&trennzeichen=pipe",
        "/v1/export/statistik?monat=2026-11&bom=ja", "/v1/export/statistik?monat=2026-11&kommune=6636011",
        "/v1/export/statistik?monat=2026-11&kommune=", "/v1/export/statistik?monat=2026-11&format=xml",
    ])
    func ungueltigeAbfrage400(_ uri: String) async throws {
        let app = buildApplication(
            configuration: ApplicationConfiguration(), dependencies: Self.dependencies(try await Self.zwilling()))
        try await app.test(.router) { client in
            _ = try await client.senden(.get, uri, token: "statistik").erwarteProblem(.badRequest, "abfrage-ungueltig")
        }
    }

    @Test func fremdeGemeindeUndFremdeRolle403() async throws {
        let quelle = try await Self.zwilling()
        let app = buildApplication(configuration: ApplicationConfiguration(), dependencies: Self.dependencies(quelle))
        try await app.test(.router) { client in
            try await client.senden(
                .get, "/v1/export/statistik?monat=2026-11&kommune=06636016", token: "statistik-sontra"
            ).erwarteProblem(.forbidden)
            try await client.senden(.get, "/v1/export/statistik?monat=2026-11", token: "sb").erwarteProblem(.forbidden)
            try await client.senden(.get, "/v1/export/statistik?monat=2026-11").erwarteProblem(.unauthorized)
        }
        #expect(quelle.protokoll().isEmpty)
    }

    /// PostgreSQL behind a real server: the streamed answer is the golden file (case ids mapped
    /// to the fixed ones), and the export is in the audit trail.
    @Test func echterServerMitPostgres() async throws {
        try await TestPostgres.withDatabase { database in
            try await Berichtsszenario.spielePostgres(database)
            let quelle = PostgresStatistikQuelle(database: database, logger: TestPostgres.logger)
            let app = buildApplication(
                configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
                dependencies: Self.dependencies(quelle))
            try await app.test(.live) { client in
                for monat in ["2026-10", "2026-11", "2026-12"] {
                    let antwort = try await client.senden(
                        .get, "/v1/export/statistik?monat=\(monat)", token: "statistik")
                    #expect(antwort.status == .ok)
                    // Bytes, not String(contentsOf:), which would drop the BOM.
                    let erwartet = try Data(
                        contentsOf: Self.golden.appendingPathComponent("gewerbeanzeigen-\(monat).csv"))
                    #expect(Data(Berichtsszenario.festeIds(inCSV: antwort.text).utf8) == erwartet, "\(monat)")
                }
            }
            let anzahl = try await database.withConnection { connection in
                let rows = try await connection.query(
                    "SELECT count(*)::int FROM audit_events WHERE action = 'statistik.export'",
                    logger: TestPostgres.logger)
                for try await wert in rows.decode(Int.self) { return wert }
                return 0
            }
            #expect(anzahl == 9)
        }
    }
}

/// Python's csv module reads an export's text.
enum PythonLeser {
    static func zeilen(_ text: String, trennzeichen: String) throws -> [[String]] {
        let ordner = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: ordner, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: ordner) }
        let datei = ordner.appendingPathComponent("e.csv")
        try Data(text.utf8).write(to: datei)
        let prozess = Process()
        prozess.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        prozess.arguments = [
            "python3", "-c",
            "import csv,json,sys; print(json.dumps(list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline=''), delimiter=sys.argv[2], strict=True))))",
            datei.path, trennzeichen,
        ]
        let ausgabe = Pipe()
        prozess.standardOutput = ausgabe
        try prozess.run()
        let daten = ausgabe.fileHandleForReading.readDataToEndOfFile()
        prozess.waitUntilExit()
        return try JSONDecoder().decode([[String]].self, from: daten)
    }
}

/// A source that fails after its first record (the database goes away mid-export).
struct AbbrechendeQuelle: StatistikQuelle {
    let satz: Statistiksatz
    struct Weg: Error {}

    func saetze<Ergebnis: Sendable>(
        monat: Berichtsmonat, kommunen: [String]?, akteur: Akteur,
        _ verarbeite: (Statistiksaetze) async throws -> Ergebnis
    ) async throws -> Ergebnis {
        var geliefert = false
        return try await verarbeite(
            Statistiksaetze {
                if geliefert { throw Weg() }
                geliefert = true
                return satz
            })
    }
}

@Suite("Statistik-Export: Abbruch")
struct StatistikAbbruchTests {
    /// A failure after the headers went out does not end in a complete-looking file: the server
    /// closes the connection without the chunked body's end, and the client reports an error.
    @Test func abbruchIstFuerDenClientErkennbar() async throws {
        let quelle = try await StatistikExportTests.zwilling()
        let satz = try await quelle.saetze(
            monat: Berichtsmonat("2026-11")!, kommunen: nil, akteur: Berichtsszenario.statistikamt
        ) { saetze in
            var iterator = saetze.makeAsyncIterator()
            return try await iterator.next()!
        }
        let app = buildApplication(
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            dependencies: StatistikExportTests.dependencies(AbbrechendeQuelle(satz: satz)))
        try await app.test(.live) { client in
            _ = await #expect(throws: (any Error).self) {
                let antwort = try await client.senden(.get, "/v1/export/statistik?monat=2026-11", token: "statistik")
                Issue.record("vollständige Antwort trotz Abbruch: \(antwort.status) \(antwort.text.prefix(80))")
            }
        }
    }
}
