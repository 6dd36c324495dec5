import Foundation
import GewerbeDomain
import GewerbePostgres
import GewerbeTestSupport
import Testing

/// `gewerbe export statistik` (the real program) on the known scenario.
@Suite("gewerbe export statistik (das echte Programm)")
struct ExportCLITests {
    static let golden = Programm.paketwurzel.appendingPathComponent("Tests/GewerbeExportTests/Golden")

    /// The file written with `--out` is the golden file (ids mapped), and appears only complete.
    @Test(arguments: ["2026-10", "2026-11", "2026-12"])
    func dateiWieGolden(_ monat: String) async throws {
        try await SzenarioDatenbank.mitKopie { _, url in
            let ordner = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: ordner, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: ordner) }
            let datei = ordner.appendingPathComponent("gewerbeanzeigen-\(monat).csv")
            let lauf = try Programm.starte(
                ["export", "statistik", "--monat", monat, "--out", datei.path], umgebung: ["DATABASE_URL": url])
            #expect(lauf.status == 0, "\(lauf)")
            #expect(lauf.ausgabe.isEmpty)
            #expect(lauf.fehlerausgabe.contains("\(monat): "))
            let text = String(decoding: try Data(contentsOf: datei), as: UTF8.self)
            let erwartet = try Data(contentsOf: Self.golden.appendingPathComponent("gewerbeanzeigen-\(monat).csv"))
            #expect(Data(Berichtsszenario.festeIds(inCSV: text).utf8) == erwartet)
            #expect(try FileManager.default.contentsOfDirectory(atPath: ordner.path) == [datei.lastPathComponent])
        }
    }

    /// To standard output, with options; one municipality; the summary on stderr.
    @Test func standardausgabeMitOptionen() async throws {
        try await SzenarioDatenbank.mitKopie { _, url in
            let lauf = try Programm.starte(
                [
                    "export", "statistik", "--monat", "2026-11", "--kommune", "06636016", "--trennzeichen", "komma",
                    "--ohne-bom",
                ], umgebung: ["DATABASE_URL": url])
            #expect(lauf.status == 0, "\(lauf)")
            let zeilen = lauf.ausgabe.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(zeilen.count == 3)
            #expect(zeilen[0].hasPrefix("berichtsmonat,satzart,gemeindeschluessel,"))
            #expect(zeilen[1].hasPrefix("2026-11,korrektur,06636016,06636016-2026-00001,"))
            #expect(zeilen[2].hasPrefix("2026-11,neu,06636016,06636016-2026-00002,"))
            #expect(lauf.fehlerausgabe.contains("2 Sätze (neu 1, korrektur 1, storno 0)"))
        }
    }

    /// Re-running a finished month gives the same bytes.
    @Test func wiederholbar() async throws {
        try await SzenarioDatenbank.mitKopie { _, url in
            let erster = try Programm.starte(
                ["export", "statistik", "--monat", "2026-11"], umgebung: ["DATABASE_URL": url])
            let zweiter = try Programm.starte(
                ["export", "statistik", "--monat", "2026-11"], umgebung: ["DATABASE_URL": url])
            #expect(erster.status == 0 && zweiter.status == 0)
            #expect(erster.ausgabe == zweiter.ausgabe)
            #expect(!erster.ausgabe.isEmpty)
        }
    }

    @Test(arguments: [
        ["--monat", "2026-13"], ["--monat", "11/2026"], [], ["--monat", "2026-11", "--kommune", "0663601"],
        ["--monat", "2026-11", "--trennzeichen", "pipe"],
    ])
    func falscheOptionen(_ argumente: [String]) throws {
        let lauf = try Programm.starte(["export", "statistik"] + argumente)
        #expect(lauf.status == 64, "\(lauf)")
    }

    /// `gewerbe export spalten` prints the column table of docs/export-statistik.md.
    @Test func spalten() throws {
        let lauf = try Programm.starte(["export", "spalten"])
        #expect(lauf.status == 0)
        let doku = try String(
            contentsOf: Programm.paketwurzel.appendingPathComponent("docs/export-statistik.md"), encoding: .utf8)
        #expect(doku.contains(lauf.ausgabe))
    }
}
