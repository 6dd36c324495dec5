import ArgumentParser
import Foundation
import GewerbeDomain
import GewerbeXGewO

/// `gewerbe transmissions`: what goes to the authorities the law names (docs/uebermittlung.md).
struct TransmissionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transmissions",
        abstract: "Übermittlungen an die Stellen des § 14 Abs. 8 GewO (XGewerbeordnung).",
        subcommands: [Preview.self, Status.self, Retry.self, Run.self])

    /// `gewerbe transmissions preview FILE...`: offline, for Anzeigen in the JSON form, every
    /// message each would cause, with recipient, address and the rules that chose it.
    struct Preview: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Zeigt ohne zu senden, welche Nachrichten eine Anzeige (JSON-Form) auslöst, an wen und warum.",
            discussion: """
                Für jede Anzeige: die Empfänger nach den Regeln UEB-* (docs/uebermittlung.md), der
                Nachrichtentyp, die DVDV-Adresse aus dem Empfängerverzeichnis und der Grund. Jede Nachricht
                wird geschrieben, auf das Profil ihres Empfängers beschnitten und gegen das Schema geprüft;
                mit --out liegt ihr XML danach in DIR/<Datei>/<Nachrichtentyp>.xml. Eine Um- oder Abmeldung
                wird ohne den gespeicherten Zustand des Betriebs beurteilt; Aktenzeichen und Nachrichten-UUIDs
                sind die einer Vorschau.
                Exit-Status: 0 wenn jede Anzeige angenommen würde und jede Nachricht gültig ist, 1 wenn eine
                Anzeige Fehler hat (sie löst dann nichts aus) oder eine Nachricht ungültig ist, 2 wenn eine
                Datei, das Empfängerverzeichnis oder das Schemabündel nicht lesbar ist.
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

        @Option(help: "Ordner, in den das XML jeder Nachricht geschrieben wird.")
        var out: String?

        @Option(help: "Schemabündel (Ordner mit verzeichnis.csv); Standard: das eingebaute.")
        var schemata: String?

        @Option(help: "XGewO-Version der Nachrichten (eine Zeile des Schemabündels).")
        var version = Namensraum.version

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
            /// What the messages are written from (not in the output).
            var anzeige: Anzeige? = nil
            var geplant: [GeplanteNachricht] = []

            enum CodingKeys: String, CodingKey {
                case datei, status, kommune, nachrichten, verzichtet, befunde, probleme
            }
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
            /// Schema and profile check of the written message.
            var gueltig: Bool
            var befunde: [String]
            var xml: String?
        }

        func run() async throws {
            let verzeichnis: Empfaengerverzeichnis
            let gemeinden: [String: String]
            let buendel: Schemaverzeichnis
            do {
                verzeichnis = try Empfaengerverzeichnis(
                    empfaenger: String(contentsOfFile: empfaenger, encoding: .utf8),
                    einstellungen: String(contentsOfFile: einstellungen, encoding: .utf8),
                    dateinamen: (empfaenger, einstellungen))
                gemeinden = try Self.gemeinden(String(contentsOfFile: kommunen, encoding: .utf8))
                buendel = try schemata.map { try Schemaverzeichnis(ordner: URL(fileURLWithPath: $0)) } ?? .eingebettet
            } catch let fehler as VerzeichnisfehlerListe {
                FileHandle.standardError.write(Data("Empfängerverzeichnis fehlerhaft:\n\(fehler)\n".utf8))
                throw ExitCode(2)
            } catch let fehler as Schemabuendelfehler {
                FileHandle.standardError.write(Data("Schemabündel fehlerhaft:\n\(fehler)\n".utf8))
                throw ExitCode(2)
            } catch {
                FileHandle.standardError.write(Data("Datei nicht lesbar: \(error.localizedDescription)\n".utf8))
                throw ExitCode(2)
            }
            guard buendel.eintraege.contains(where: { $0.version == version }) else {
                FileHandle.standardError.write(Data("Das Schemabündel kennt die Version \(version) nicht.\n".utf8))
                throw ExitCode(2)
            }
            let stichtag = heute.flatMap { Datum(iso: $0) } ?? Datum(Date())
            var ergebnisse: [Ergebnis] = []
            for datei in dateien {
                var ergebnis = vorschau(datei: datei, heute: stichtag, verzeichnis: verzeichnis, gemeinden: gemeinden)
                do {
                    try schreibe(&ergebnis, gemeinden: gemeinden, verzeichnis: verzeichnis, buendel: buendel)
                } catch {
                    FileHandle.standardError.write(Data("\(out ?? ""): nicht schreibbar: \(error)\n".utf8))
                    throw ExitCode(2)
                }
                ergebnisse.append(ergebnis)
            }
            switch format {
            case .text: print(Self.text(ergebnisse), terminator: "")
            case .json: print((try? JSONForm.text(["dateien": ergebnisse], lesbar: true)) ?? "")
            }
            let ungueltig = ergebnisse.contains { $0.nachrichten.contains { !$0.gueltig } }
            let status: Int32 =
                ergebnisse.contains { $0.status == .unlesbar }
                ? 2 : ergebnisse.contains { $0.status == .fehler } || ungueltig ? 1 : 0
            if status != 0 { throw ExitCode(status) }
        }

        /// `ags -> "Stadt Name"` from `config/kommunen.csv` (`ags,name,art`).
        static func gemeinden(_ csv: String) throws -> [String: String] {
            var ergebnis: [String: String] = [:]
            for zeile in csv.split(whereSeparator: \.isNewline).dropFirst() {
                let spalten = zeile.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                guard let ags = spalten.first else { continue }
                ergebnis[ags] = spalten.count >= 3 ? "\(spalten[2]) \(spalten[1])" : spalten.dropFirst().first ?? ags
            }
            return ergebnis
        }

        func vorschau(
            datei: String, heute: Datum, verzeichnis: Empfaengerverzeichnis, gemeinden: [String: String]
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
            ergebnis.anzeige = anzeige
            let lage = Uebermittlungslage(
                anzeige: anzeige, einstellungen: verzeichnis.einstellungen(ags: ags),
                herkunftInInstanz: Einreichung.herkunftAGS(anzeige).map { gemeinden[$0] != nil } ?? false,
                anhaltspunkteZoll: anhaltspunkte)
            let plan = Uebermittlung.plan(lage)
            ergebnis.verzichtet = plan.verzichtet
            ergebnis.geplant = plan.nachrichten
            ergebnis.nachrichten = plan.nachrichten.map { nachricht in
                let adresse = verzeichnis.adresse(nachricht.empfaenger, ags: nachricht.gemeindeschluessel ?? ags)
                return Nachricht(
                    empfaenger: nachricht.empfaenger, nachrichtentyp: nachricht.nachrichtentyp,
                    nachrichtenart: nachricht.nachrichtenart, regeln: nachricht.regeln, gruende: nachricht.gruende,
                    stelle: adresse?.name, adresse: adresse?.dvdv, verdachtsmoment: nachricht.verdachtsmoment,
                    gueltig: true, befunde: [])
            }
            return ergebnis
        }

        /// Writes every message of a previewed Anzeige, cut to its recipient's profile, checks it
        /// against the schema and the profile, and with `--out` stores its XML.
        func schreibe(
            _ ergebnis: inout Ergebnis, gemeinden: [String: String], verzeichnis: Empfaengerverzeichnis,
            buendel: Schemaverzeichnis
        ) throws {
            guard let anzeige = ergebnis.anzeige, let ags = ergebnis.kommune else { return }
            let ordner = out.map {
                URL(fileURLWithPath: $0).appending(
                    path: URL(fileURLWithPath: ergebnis.datei).deletingPathExtension().lastPathComponent)
            }
            if let ordner { try FileManager.default.createDirectory(at: ordner, withIntermediateDirectories: true) }
            let satz = UUID()
            for (index, nachricht) in ergebnis.geplant.enumerated() {
                let zielAGS = nachricht.gemeindeschluessel ?? ags
                let leser: Kommunikationspartner
                if nachricht.empfaenger == .gewerbeamt {
                    leser = .gewerbeamt(ags: zielAGS, name: gemeinden[zielAGS] ?? "Gewerbeamt \(zielAGS)")
                } else {
                    let adresse = verzeichnis.adresse(nachricht.empfaenger, ags: ags)
                    leser = Kommunikationspartner(
                        praefix: adresse?.praefix ?? "", kennung: adresse?.kennung ?? "",
                        name: adresse?.name ?? nachricht.empfaenger.bezeichnung)
                }
                let auftrag = Nachrichtenauftrag(
                    nachricht: nachricht, nachrichtenUUID: UUID(), satzUUID: satz, erstellt: Date(),
                    autor: .gewerbeamt(ags: ags, name: "\(gemeinden[ags] ?? ags), Gewerbeamt"), leser: leser,
                    anzeige: anzeige, betriebId: anzeige.betriebId ?? UUID(), aktenzeichen: "VORSCHAU",
                    anhaltspunkteZoll: anhaltspunkte)
                let knoten = Gewerbemeldung.knoten(auftrag)
                let xml = knoten.dokument(namensraeume: Namensraum.alle)
                var befunde = buendel.pruefe(xml, version: version, nachrichtentyp: nachricht.nachrichtentyp)
                    .map { "Schema: \($0)" }
                befunde += Profilfilter.verstoesse(knoten, nachrichtentyp: nachricht.nachrichtentyp)
                    .map { "Profil: \($0.code)" }
                if leser.kennung.isEmpty {
                    befunde.append("Adresse: DVDV-Kennung fehlt im Empfängerverzeichnis (\(empfaenger))")
                }
                ergebnis.nachrichten[index].befunde = befunde
                ergebnis.nachrichten[index].gueltig = befunde.allSatisfy { $0.hasPrefix("Adresse:") }
                if let ordner {
                    let datei = ordner.appending(path: "\(nachricht.nachrichtentyp).xml")
                    try Data(xml.utf8).write(to: datei, options: .atomic)
                    ergebnis.nachrichten[index].xml = datei.path
                }
            }
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
                        for befund in nachricht.befunde where !befund.hasPrefix("Adresse:") {
                            out += "      \(nachricht.gueltig ? "Hinweis" : "UNGÜLTIG"): \(befund)\n"
                        }
                        if let xml = nachricht.xml { out += "      XML: \(xml)\n" }
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
