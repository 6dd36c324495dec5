import ArgumentParser
import Foundation
import GewerbeDomain

/// `gewerbe transmissions`: what goes to the authorities the law names (docs/uebermittlung.md).
struct TransmissionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transmissions",
        abstract: "Übermittlungen an die Stellen des § 14 Abs. 8 GewO (XGewerbeordnung).",
        subcommands: [Preview.self])

    /// `gewerbe transmissions preview FILE...`: offline, for Anzeigen in the JSON form, every
    /// message each would cause, with recipient, address and the rules that chose it.
    struct Preview: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Zeigt ohne zu senden, welche Nachrichten eine Anzeige (JSON-Form) auslöst, an wen und warum.",
            discussion: """
                Für jede Anzeige: die Empfänger nach den Regeln UEB-* (docs/uebermittlung.md), der
                Nachrichtentyp, die DVDV-Adresse aus dem Empfängerverzeichnis und der Grund. Eine Um- oder
                Abmeldung wird ohne den gespeicherten Zustand des Betriebs beurteilt.
                Exit-Status: 0 wenn jede Anzeige angenommen würde, 1 wenn eine Fehler hat (sie löst dann
                nichts aus), 2 wenn eine Datei oder das Empfängerverzeichnis nicht lesbar ist.
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text
            case json
        }

        @Argument(help: "Dateien mit je einer Anzeige in JSON-Form ('-' liest die Standardeingabe).")
        var dateien: [String]

        @Option(help: "AGS der Gemeinde, deren Empfänger gelten; Standard: der Gemeindeschlüssel der Anzeige.")
        var kommune: String?

        @Option(help: "Empfängerverzeichnis.")
        var empfaenger = "config/empfaenger.csv"

        @Option(help: "Einstellungen des Landes und der Gemeinden (Verteilplattform, Zoll).")
        var einstellungen = "config/uebermittlung.csv"

        @Option(help: "Gemeinden dieser Instanz (für die Rückmeldung).")
        var kommunen = "config/kommunen.csv"

        @Option(help: "Anhaltspunkte für Verstöße (§ 3 Abs. 3 GewAnzV), die das Amt festgestellt hat.")
        var anhaltspunkte: String?

        @Option(help: "Stichtag der Prüfung (JJJJ-MM-TT); Standard: heute.")
        var heute: String?

        @Option(help: "Ausgabeformat: text oder json.")
        var format: Format = .text

        func validate() throws {
            if let heute, Datum(iso: heute) == nil {
                throw ValidationError("--heute: '\(heute)' ist kein Datum (JJJJ-MM-TT).")
            }
            if let kommune, !AGS.istGueltig(kommune) {
                throw ValidationError("--kommune: '\(kommune)' ist kein Amtlicher Gemeindeschlüssel (8 Ziffern).")
            }
        }

        struct Ergebnis: Encodable {
            var datei: String
            var status: ValidateCommand.Dateiergebnis.Status
            var kommune: String?
            var nachrichten: [Nachricht]
            var verzichtet: [Empfaengerart]
            var befunde: [Befund]
            var probleme: [EingabeProblem]
        }

        struct Nachricht: Encodable {
            var empfaenger: Empfaengerart
            var nachrichtentyp: String
            var nachrichtenart: Nachrichtenart
            var regeln: [String]
            var gruende: [String]
            var stelle: String?
            var adresse: String?
            var verdachtsmoment: Bool?
        }

        func run() async throws {
            let verzeichnis: Empfaengerverzeichnis
            let instanz: Set<String>
            do {
                verzeichnis = try Empfaengerverzeichnis(
                    empfaenger: String(contentsOfFile: empfaenger, encoding: .utf8),
                    einstellungen: String(contentsOfFile: einstellungen, encoding: .utf8),
                    dateinamen: (empfaenger, einstellungen))
                instanz = Set(
                    try String(contentsOfFile: kommunen, encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst()
                        .compactMap { $0.split(separator: ",").first.map(String.init) })
            } catch let fehler as VerzeichnisfehlerListe {
                FileHandle.standardError.write(Data("Empfängerverzeichnis fehlerhaft:\n\(fehler)\n".utf8))
                throw ExitCode(2)
            } catch {
                FileHandle.standardError.write(Data("Datei nicht lesbar: \(error.localizedDescription)\n".utf8))
                throw ExitCode(2)
            }
            let stichtag = heute.flatMap { Datum(iso: $0) } ?? Datum(Date())
            let ergebnisse = dateien.map { datei in
                vorschau(datei: datei, heute: stichtag, verzeichnis: verzeichnis, instanz: instanz)
            }
            switch format {
            case .text: print(Self.text(ergebnisse), terminator: "")
            case .json: print((try? JSONForm.text(["dateien": ergebnisse], lesbar: true)) ?? "")
            }
            let status: Int32 =
                ergebnisse.contains { $0.status == .unlesbar }
                ? 2 : ergebnisse.contains { $0.status == .fehler } ? 1 : 0
            if status != 0 { throw ExitCode(status) }
        }

        func vorschau(
            datei: String, heute: Datum, verzeichnis: Empfaengerverzeichnis, instanz: Set<String>
        )
            -> Ergebnis
        {
            let pruefung = ValidateCommand.pruefe(datei: datei, kontext: Pruefkontext(heute: heute))
            var ergebnis = Ergebnis(
                datei: datei, status: pruefung.status, nachrichten: [], verzichtet: [], befunde: pruefung.befunde,
                probleme: pruefung.probleme)
            guard pruefung.status == .ok, let anzeige = pruefung.anzeige else { return ergebnis }
            let ags = kommune ?? anzeige.gemeindeschluessel ?? ""
            ergebnis.kommune = ags
            let lage = Uebermittlungslage(
                anzeige: anzeige, einstellungen: verzeichnis.einstellungen(ags: ags),
                herkunftInInstanz: Einreichung.herkunftAGS(anzeige).map(instanz.contains) ?? false,
                anhaltspunkteZoll: anhaltspunkte)
            let plan = Uebermittlung.plan(lage)
            ergebnis.verzichtet = plan.verzichtet
            ergebnis.nachrichten = plan.nachrichten.map { nachricht in
                let adresse = verzeichnis.adresse(nachricht.empfaenger, ags: nachricht.gemeindeschluessel ?? ags)
                return Nachricht(
                    empfaenger: nachricht.empfaenger, nachrichtentyp: nachricht.nachrichtentyp,
                    nachrichtenart: nachricht.nachrichtenart, regeln: nachricht.regeln, gruende: nachricht.gruende,
                    stelle: adresse?.name, adresse: adresse?.dvdv, verdachtsmoment: nachricht.verdachtsmoment)
            }
            return ergebnis
        }

        static func text(_ ergebnisse: [Ergebnis]) -> String {
            var out = ""
            for ergebnis in ergebnisse {
                switch ergebnis.status {
                case .unlesbar:
                    out += "\(ergebnis.datei): NICHT LESBAR\n"
                    for problem in ergebnis.probleme {
                        out += "  \(problem.pfad.isEmpty ? "" : problem.pfad + ": ")\(problem.meldung)\n"
                    }
                case .fehler:
                    let fehler = ergebnis.befunde.filter { $0.schwere == .fehler }
                    out += "\(ergebnis.datei): FEHLER (\(fehler.count)): keine Übermittlung\n"
                    for befund in fehler { out += "  \(befund.regel) \(befund.feldpfad): \(befund.meldung)\n" }
                case .ok:
                    let anzahl = ergebnis.nachrichten.count
                    out +=
                        "\(ergebnis.datei): \(anzahl) \(anzahl == 1 ? "Nachricht" : "Nachrichten") (Gemeinde \(ergebnis.kommune ?? "?"))\n"
                    for nachricht in ergebnis.nachrichten {
                        let adresse = nachricht.adresse ?? "Adresse fehlt"
                        out +=
                            "  \(nachricht.nachrichtentyp)  \(nachricht.stelle ?? nachricht.empfaenger.bezeichnung) [\(adresse)]  \(nachricht.regeln.joined(separator: ", "))\n"
                        for grund in nachricht.gruende { out += "      \(grund)\n" }
                    }
                    if !ergebnis.verzichtet.isEmpty {
                        out +=
                            "  verzichtet: \(ergebnis.verzichtet.map(\.bezeichnung).joined(separator: ", ")) (§ 3 Abs. 1 Satz 2 GewAnzV)\n"
                    }
                }
            }
            return out
        }
    }
}
