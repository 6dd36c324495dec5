import ArgumentParser
import Foundation
import GewerbeDomain
import GewerbeExport
import GewerbePostgres
import Logging

/// `gewerbe export ...`: data for the statistical offices.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Exporte für die Statistischen Ämter.",
        subcommands: [Statistik.self, Spalten.self])

    /// `gewerbe export statistik --monat YYYY-MM`: the monthly Gewerbeanzeigenstatistik as CSV.
    struct Statistik: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Schreibt die Gewerbeanzeigenstatistik eines Berichtsmonats als CSV.",
            discussion: """
                Eine Zeile je Anzeige, deren Empfangsbescheinigung im Berichtsmonat ausgestellt wurde (neu),
                dazu korrektur- und storno-Zeilen für Anzeigen früherer Monate, die im Berichtsmonat berichtigt
                oder zurückgenommen wurden. Nur die Felder nach § 3 Abs. 2 GewAnzV; Spalten und Regeln:
                docs/export-statistik.md. Standard: Semikolon und UTF-8-BOM (Excel, LibreOffice).
                Der Export wird im Prüfprotokoll jeder Gemeinde vermerkt.
                """)

        @OptionGroup var gemeinsam: Gemeinsam

        @Option(help: "Berichtsmonat, JJJJ-MM.") var monat: String

        @Option(
            name: .customLong("kommune"),
            help: "AGS einer Gemeinde (mehrfach möglich; Standard: alle Gemeinden der Instanz).")
        var kommunen: [String] = []

        @Option(name: .customLong("out"), help: "Zieldatei (Standard: Standardausgabe).") var datei: String?

        @Option(help: "Trennzeichen: semikolon (Standard), komma oder tab.")
        var trennzeichen: CSVTrennzeichen = .semikolon

        @Flag(name: .customLong("ohne-bom"), help: "Ohne UTF-8-BOM am Dateianfang.") var ohneBom = false

        @Flag(help: "Fortschritt auf stderr auch ohne Terminal anzeigen.") var fortschritt = false

        func validate() throws {
            guard Berichtsmonat(monat) != nil else {
                throw ValidationError("--monat: '\(monat)' ist kein Berichtsmonat (JJJJ-MM).")
            }
            for ags in kommunen where !AGS.istGueltig(ags) {
                throw ValidationError("--kommune: '\(ags)' ist kein achtstelliger Gemeindeschlüssel.")
            }
        }

        func run() async throws {
            let monat = Berichtsmonat(monat)!
            let gewuenscht = kommunen
            let format = CSVFormat(trennzeichen: trennzeichen, bom: !ohneBom)
            let ziel = try Ausgabedatei(pfad: datei)
            let anzeige = Fortschritt(titel: "Export \(monat)", einheit: "Sätze", erzwungen: fortschritt)
            let konfiguration = try await gemeinsam.konfiguration()
            let ergebnis: StatistikCSV.Ergebnis
            do {
                ergebnis = try await gemeinsam.zugang(konfiguration, label: "gewerbe.export").mitDatenbank {
                    database, _ in
                    let kommunen = try await Gemeindeauswahl.kommunen(gewuenscht, database: database)
                    let akteur = Akteur(
                        tokenId: nil, bezeichnung: cliAkteur().bezeichnung, rolle: .statistik, kommunen: Set(kommunen))
                    let quelle = PostgresStatistikQuelle(database: database, logger: database.logger)
                    return try await anzeige.begleite {
                        try await quelle.saetze(monat: monat, kommunen: kommunen, akteur: akteur) { saetze in
                            try await StatistikCSV(format: format).schreibe(saetze, fortschritt: anzeige.melde) {
                                try ziel.schreibe($0)
                            }
                        }
                    }
                }
                try ziel.abschliessen()
            } catch {
                ziel.verwerfen()
                throw error
            }
            let arten = Satzart.allCases.map { "\($0.rawValue) \(ergebnis.nachSatzart[$0] ?? 0)" }
            Fortschritt.schreibe(
                "\(monat): \(ergebnis.saetze) Sätze (\(arten.joined(separator: ", "))), \(ergebnis.bytes) Bytes"
                    + (datei.map { " -> \($0)" } ?? "") + "\n")
        }
    }

    /// `gewerbe export spalten`: the column specification (Markdown), as in docs/export-statistik.md.
    struct Spalten: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Zeigt die Spalten des Statistik-Exports (Markdown-Tabelle).")

        func run() {
            print(StatistikExport.spaltentabelle(), terminator: "")
        }
    }
}

extension CSVTrennzeichen: ExpressibleByArgument {}

/// Which municipalities a CLI run covers: those given, else every municipality of the instance
/// (read as the login role).
enum Gemeindeauswahl {
    struct KeineGemeinden: Error, CustomStringConvertible {
        var description: String {
            "Keine Gemeinde angelegt oder angegeben (gewerbe tenants import config/kommunen.csv, oder --kommune AGS)."
        }
    }

    static func kommunen(_ gewuenscht: [String], database: Database) async throws -> [String] {
        if !gewuenscht.isEmpty { return Array(Set(gewuenscht)).sorted() }
        let alle = try await KommunenStore(database: database).list().map(\.ags)
        guard !alle.isEmpty else { throw KeineGemeinden() }
        return alle
    }
}

/// Where a result goes: standard output, or a file that appears only when complete (written to
/// a temporary file beside it and renamed at the end).
final class Ausgabedatei: @unchecked Sendable {
    private let handle: FileHandle
    private let ziel: String?
    private let temporaer: String?

    init(pfad: String?) throws {
        guard let pfad else {
            handle = FileHandle.standardOutput
            ziel = nil
            temporaer = nil
            return
        }
        let temporaer = pfad + ".unvollstaendig-\(getpid())"
        guard FileManager.default.createFile(atPath: temporaer, contents: nil),
            let handle = FileHandle(forWritingAtPath: temporaer)
        else { throw ValidationError("--out: '\(pfad)' lässt sich nicht schreiben.") }
        self.handle = handle
        self.ziel = pfad
        self.temporaer = temporaer
    }

    func schreibe(_ bytes: [UInt8]) throws {
        try handle.write(contentsOf: bytes)
    }

    /// Makes the file visible under its name.
    func abschliessen() throws {
        guard let ziel, let temporaer else { return }
        try handle.close()
        if rename(temporaer, ziel) != 0 {
            throw ValidationError("--out: '\(ziel)' lässt sich nicht anlegen (\(String(cString: strerror(errno)))).")
        }
    }

    /// Removes the incomplete file.
    func verwerfen() {
        guard let temporaer else { return }
        try? handle.close()
        unlink(temporaer)
    }
}
