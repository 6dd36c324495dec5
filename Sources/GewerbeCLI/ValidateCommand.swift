import ArgumentParser
import Foundation
import GewerbeDomain

/// `gewerbe validate FILE...`: reads Anzeigen in their JSON form and prints every finding.
///
/// Exit status: 0 when no file has a `fehler`, 1 when any has, 2 when a file cannot be read
/// (missing, not JSON, not an Anzeige); 2 wins over 1.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Prüft Anzeigen (JSON-Form, docs/anzeige-json.md) und nennt alle Befunde.",
        discussion: """
            Exit-Status: 0 ohne Fehler, 1 wenn eine Anzeige Fehler hat, 2 wenn eine Datei nicht lesbar ist.
            Regeln, die den bestehenden Betrieb brauchen (GEW-LZ-003 bis -006), laufen nur im Dienst.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    @Argument(help: "Dateien mit je einer Anzeige in JSON-Form ('-' liest die Standardeingabe).")
    var dateien: [String]

    @Option(help: "Ausgabeformat: text oder json.")
    var format: Format = .text

    @Option(help: "Stichtag der Prüfung (JJJJ-MM-TT); Standard: heute.")
    var heute: String?

    @Option(
        name: .customLong("kommune"),
        help:
            "AGS einer Gemeinde, für die die Behörde zuständig ist (mehrfach); ohne Angabe wird die Zuständigkeit nicht geprüft."
    )
    var kommunen: [String] = []

    func validate() throws {
        if let heute, Datum(iso: heute) == nil {
            throw ValidationError("--heute: '\(heute)' ist kein Datum (JJJJ-MM-TT).")
        }
        if let falsch = kommunen.first(where: { !AGS.istGueltig($0) }) {
            throw ValidationError("--kommune: '\(falsch)' ist kein Amtlicher Gemeindeschlüssel (8 Ziffern).")
        }
    }

    func run() async throws {
        let stichtag = heute.flatMap { Datum(iso: $0) } ?? Datum(Date())
        let kontext = Pruefkontext(heute: stichtag, zustaendigeGemeinden: kommunen.isEmpty ? nil : Set(kommunen))
        var ergebnisse: [Dateiergebnis] = []
        for datei in dateien {
            ergebnisse.append(Self.pruefe(datei: datei, kontext: kontext))
        }
        switch format {
        case .text: print(Self.text(ergebnisse), terminator: "")
        case .json: print(Self.json(ergebnisse))
        }
        let status: Int32 =
            ergebnisse.contains { $0.status == .unlesbar } ? 2 : ergebnisse.contains { $0.status == .fehler } ? 1 : 0
        if status != 0 { throw ExitCode(status) }
    }

    struct Dateiergebnis: Encodable {
        enum Status: String, Encodable {
            case ok
            case fehler
            case unlesbar
        }
        var datei: String
        var status: Status
        var meldeart: String?
        var befunde: [Befund]
        var probleme: [EingabeProblem]
        /// The Anzeige read (not written out: `gewerbe transmissions preview` goes on with it).
        var anzeige: Anzeige? = nil

        enum CodingKeys: String, CodingKey { case datei, status, meldeart, befunde, probleme }
    }

    static func pruefe(datei: String, kontext: Pruefkontext) -> Dateiergebnis {
        let daten: Data
        do {
            daten =
                datei == "-"
                ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: datei))
        } catch {
            let grund = FileManager.default.fileExists(atPath: datei) ? "nicht lesbar" : "nicht gefunden"
            return Dateiergebnis(
                datei: datei, status: .unlesbar, befunde: [],
                probleme: [EingabeProblem(pfad: "", art: .syntax, meldung: "Datei \(grund)")])
        }
        let anzeige: Anzeige
        do {
            anzeige = try Anzeige.lesen(json: daten)
        } catch {
            return Dateiergebnis(datei: datei, status: .unlesbar, befunde: [], probleme: error.probleme)
        }
        let ergebnis = Pruefer.pruefe(anzeige, kontext: kontext)
        return Dateiergebnis(
            datei: datei, status: ergebnis.istAnnehmbar ? .ok : .fehler, meldeart: anzeige.meldeart.rawValue,
            befunde: ergebnis.befunde, probleme: [], anzeige: anzeige)
    }

    static func text(_ ergebnisse: [Dateiergebnis]) -> String {
        var out = ""
        for ergebnis in ergebnisse {
            switch ergebnis.status {
            case .unlesbar:
                out += "\(ergebnis.datei): NICHT LESBAR\n"
                for problem in ergebnis.probleme {
                    out += "  \(problem.pfad.isEmpty ? "" : problem.pfad + ": ")\(problem.meldung)\n"
                }
            case .ok, .fehler:
                let fehler = ergebnis.befunde.filter { $0.schwere == .fehler }.count
                let hinweise = ergebnis.befunde.count - fehler
                let kopf = ergebnis.status == .ok ? "OK" : "FEHLER"
                out +=
                    "\(ergebnis.datei): \(kopf) (\(fehler) Fehler, \(hinweise) \(hinweise == 1 ? "Hinweis" : "Hinweise"))\n"
                for befund in ergebnis.befunde {
                    let feld = befund.feldnummer.map { " (Feld \($0))" } ?? ""
                    let schwere = befund.schwere == .fehler ? "FEHLER " : "HINWEIS"
                    out += "  \(schwere) \(befund.regel) \(befund.feldpfad)\(feld): \(befund.meldung)\n"
                }
            }
        }
        return out
    }

    static func json(_ ergebnisse: [Dateiergebnis]) -> String {
        (try? JSONForm.text(["dateien": ergebnisse], lesbar: true)) ?? ""
    }
}
