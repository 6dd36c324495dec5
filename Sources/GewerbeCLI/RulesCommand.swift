import ArgumentParser
import Foundation
import GewerbeDomain

/// `gewerbe rules [ID...]`: lists the rule catalogue (what `gewerbe validate` checks) with
/// severity, forms, field and legal source, for clerks and for `docs/domain-rules.md`.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Listet den Regelkatalog: ID, Schwere, Vordrucke, Feld und Rechtsgrundlage jeder Regel.",
        discussion: """
            Ohne Argument werden alle Regeln gelistet; mit Argumenten nur die, deren ID mit einem
            der Argumente beginnt (z. B. 'gewerbe rules GEW-PER' oder 'gewerbe rules GEW-PFL-011').
            Exit-Status 1, wenn keine Regel passt.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
        case markdown
    }

    @Argument(help: "Anfang der Regel-IDs, die gezeigt werden sollen (ohne Angabe: alle).")
    var ids: [String] = []

    @Option(help: "Ausgabeformat: text, json oder markdown.")
    var format: Format = .text

    @Option(help: "Nur Regeln für diese Meldeart: anmeldung, ummeldung oder abmeldung.")
    var meldeart: String?

    func validate() throws {
        if let meldeart, Meldeart(rawValue: meldeart) == nil {
            throw ValidationError("--meldeart: '\(meldeart)' ist keine Meldeart (anmeldung, ummeldung, abmeldung).")
        }
    }

    func run() throws {
        let regeln = Self.auswahl(ids: ids, meldeart: meldeart.flatMap(Meldeart.init(rawValue:)))
        guard !regeln.isEmpty else {
            FileHandle.standardError.write(Data("Keine Regel passt zu \(ids.joined(separator: ", ")).\n".utf8))
            throw ExitCode(1)
        }
        switch format {
        case .text: print(Self.text(regeln), terminator: "")
        case .json: print(Self.json(regeln))
        case .markdown: print(Self.markdown(regeln), terminator: "")
        }
    }

    static func auswahl(ids: [String], meldeart: Meldeart?) -> [Regel] {
        Regelkatalog.alle.filter { regel in
            (ids.isEmpty || ids.contains { regel.id.hasPrefix($0.uppercased()) })
                && (meldeart.map { regel.meldearten.contains($0) } ?? true)
        }
    }

    /// The forms a rule applies to, e.g. `GewA 1, 2, 3`.
    static func vordrucke(_ regel: Regel) -> String {
        let nummern = Meldeart.allCases.filter(regel.meldearten.contains).map { String($0.formular.dropFirst(5)) }
        return "GewA " + nummern.joined(separator: ", ")
    }

    /// The field numbers per form, e.g. `20` or `GewA 1: 20, GewA 2: 21`; `Kopf` for the header.
    static func feldnummern(_ regel: Regel) -> String {
        let formen = Meldeart.allCases.filter(regel.meldearten.contains)
        let nummern = formen.map { regel.feld.nummer(in: $0) }
        if nummern.allSatisfy({ $0 == nil }) { return regel.feld == .kopf ? "Kopf" : "–" }
        if Set(nummern).count == 1, let nummer = nummern.first ?? nil { return String(nummer) }
        return zip(formen, nummern).map { form, nummer in "\(form.formular): \(nummer.map(String.init) ?? "–")" }
            .joined(separator: ", ")
    }

    static func text(_ regeln: [Regel]) -> String {
        var out = ""
        for regel in regeln {
            let schwere = regel.schwere == .fehler ? "FEHLER " : "HINWEIS"
            out += "\(regel.id)  \(schwere)  \(vordrucke(regel))\n"
            out += "  \(regel.titel)\n"
            out += "  Feld: \(regel.feldpfad) (Feld-Nr. \(feldnummern(regel)))\n"
            out += "  Rechtsgrundlage: \(regel.rechtsgrundlage)\n"
        }
        return out
    }

    struct RegelJSON: Encodable {
        var id: String
        var titel: String
        var schwere: Schwere
        var meldearten: [String]
        var feld: String
        var feldpfad: String
        var feldnummern: [String: Int]
        var rechtsgrundlage: String
    }

    static func json(_ regeln: [Regel]) -> String {
        let zeilen = regeln.map { regel in
            let formen = Meldeart.allCases.filter(regel.meldearten.contains)
            var nummern: [String: Int] = [:]
            for form in formen { nummern[form.rawValue] = regel.feld.nummer(in: form) }
            return RegelJSON(
                id: regel.id, titel: regel.titel, schwere: regel.schwere, meldearten: formen.map(\.rawValue),
                feld: regel.feld.rawValue, feldpfad: regel.feldpfad, feldnummern: nummern,
                rechtsgrundlage: regel.rechtsgrundlage)
        }
        return (try? JSONForm.text(["regeln": zeilen], lesbar: true)) ?? ""
    }

    /// A Markdown table cell: pipes escaped, line breaks removed.
    static func zelle(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    static func markdown(_ regeln: [Regel]) -> String {
        var out = "| ID | Titel | Schwere | Vordrucke | Feld (JSON-Pfad) | Feld-Nr. | Rechtsgrundlage |\n"
        out += "|---|---|---|---|---|---|---|\n"
        for regel in regeln {
            let zellen = [
                regel.id, zelle(regel.titel), regel.schwere.rawValue, vordrucke(regel), "`\(zelle(regel.feldpfad))`",
                zelle(feldnummern(regel)), zelle(regel.rechtsgrundlage),
            ]
            out += "| " + zellen.joined(separator: " | ") + " |\n"
        }
        return out
    }
}
