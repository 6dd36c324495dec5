import Foundation
import GewerbeDomain
import GewerbeExport
import GewerbeTestSupport
import Testing

/// The package root (the folder with Package.swift).
let paketwurzel = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Golden files in `Tests/GewerbeExportTests/Golden/`. With `GEWERBE_GOLDEN_NEU=1` in the
/// environment a test writes the file instead of comparing (then review the diff and commit).
enum Golden {
    static let ordner = paketwurzel.appendingPathComponent("Tests/GewerbeExportTests/Golden")
    static var neuSchreiben: Bool { ProcessInfo.processInfo.environment["GEWERBE_GOLDEN_NEU"] == "1" }

    static func pruefe(_ name: String, _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let datei = ordner.appendingPathComponent(name)
        if neuSchreiben {
            try Data(bytes).write(to: datei)
            return
        }
        let erwartet = try #require(
            try? Data(contentsOf: datei), "Golden-Datei \(name) fehlt (GEWERBE_GOLDEN_NEU=1 erzeugt sie)",
            sourceLocation: sourceLocation)
        #expect(
            Data(bytes) == erwartet,
            "weicht von Golden/\(name) ab:\n\(String(decoding: bytes, as: UTF8.self))", sourceLocation: sourceLocation)
    }
}

/// The cases of ``Berichtsszenario`` as the in-memory twin stores them, with ids replaced by
/// fixed ones (`FA110000-0000-4000-8000-<Aktenzeichen number and AGS>`), so that the export is
/// the same on every run.
enum Szenario {
    static func faelle() async throws -> [Fall] {
        let uhr = TestUhr(heute: Datum(jahr: 2026, monat: 10, tag: 1)!)
        let repo = Fallbearbeitung(speicher: InMemoryFallspeicher(), uhr: uhr)
        let ids = try await Berichtsszenario.spiele(repo, uhr: uhr)
        var faelle: [Fall] = []
        for id in ids.values {
            var fall = try await repo.fall(id: id, akteur: .system)
            fall.id = Berichtsszenario.festeId(fall.aktenzeichen)
            faelle.append(fall)
        }
        return faelle.sorted { $0.aktenzeichen < $1.aktenzeichen }
    }

    /// The export of `monat` for all three municipalities, as the statistics office gets it.
    static func export(
        _ monat: String, format: CSVFormat = .standard, faelle: [Fall]
    ) async throws -> [UInt8] {
        let quelle = InMemoryStatistikQuelle(faelle: faelle)
        return try await quelle.saetze(
            monat: Berichtsmonat(monat)!, kommunen: nil, akteur: Berichtsszenario.statistikamt
        ) { saetze in
            try await StatistikCSV(format: format).daten(saetze)
        }
    }

    /// The records of `monat`.
    static func saetze(_ monat: String, faelle: [Fall]) -> [Statistiksatz] {
        faelle.sorted { ($0.gemeindeschluessel, $0.aktenzeichen) < ($1.gemeindeschluessel, $1.aktenzeichen) }
            .compactMap { Statistikauswahl.satz(fuer: $0, monat: Berichtsmonat(monat)!) }
    }
}

/// Python's `csv` module as an independent reader: parses `bytes` and returns the rows.
enum PythonCSV {
    struct Fehler: Error, CustomStringConvertible {
        let description: String
    }

    static func lies(_ bytes: [UInt8], trennzeichen: String) throws -> [[String]] {
        let ordner = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: ordner, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: ordner) }
        let eingabe = ordner.appendingPathComponent("export.csv")
        let ausgabe = ordner.appendingPathComponent("zeilen.json")
        try Data(bytes).write(to: eingabe)
        // utf-8-sig drops a BOM if there is one; newline="" as the csv module requires.
        let skript = """
            import csv, json, sys
            with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
                rows = list(csv.reader(f, delimiter=sys.argv[2], quotechar='"', strict=True))
            with open(sys.argv[3], "w", encoding="utf-8") as out:
                json.dump(rows, out, ensure_ascii=False)
            """
        let prozess = Process()
        prozess.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        prozess.arguments = ["python3", "-c", skript, eingabe.path, trennzeichen, ausgabe.path]
        let fehler = Pipe()
        prozess.standardError = fehler
        try prozess.run()
        prozess.waitUntilExit()
        let meldung = String(decoding: fehler.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard prozess.terminationStatus == 0 else {
            throw Fehler(description: "python3 csv: Status \(prozess.terminationStatus): \(meldung)")
        }
        return try JSONDecoder().decode([[String]].self, from: Data(contentsOf: ausgabe))
    }
}
