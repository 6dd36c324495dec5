import Foundation
import GewerbeDomain
import GewerbeTestSupport
import Testing

/// The rule table of `docs/domain-rules.md`, generated from the catalogue and the test tables.
///
/// To rewrite the table after changing the catalogue:
/// `GEWERBE_DOKU_AKTUALISIEREN=1 swift test --filter Regeldokument`.
enum Regeldokument {
    static let pfad = "docs/domain-rules.md"
    static let anfang = "<!-- regeltabelle:anfang (generiert; siehe unten „Eine Regel hinzufügen“) -->"
    static let ende = "<!-- regeltabelle:ende -->"
    static let kopf = [
        "ID", "Titel", "Schwere", "Vordrucke", "Feld (JSON-Pfad)", "Feld-Nr.", "Rechtsgrundlage", "Test",
    ]

    /// The forms a rule applies to, e.g. `GewA 1, 2, 3` (same form as `gewerbe rules`).
    static func vordrucke(_ regel: Regel) -> String {
        "GewA "
            + Meldeart.allCases.filter(regel.meldearten.contains).map { String($0.formular.dropFirst(5)) }
            .joined(separator: ", ")
    }

    /// The field numbers per form (same form as `gewerbe rules`).
    static func feldnummern(_ regel: Regel) -> String {
        let formen = Meldeart.allCases.filter(regel.meldearten.contains)
        let nummern = formen.map { regel.feld.nummer(in: $0) }
        if nummern.allSatisfy({ $0 == nil }) { return regel.feld == .kopf ? "Kopf" : "–" }
        if Set(nummern).count == 1, let nummer = nummern.first ?? nil { return String(nummer) }
        return zip(formen, nummern).map { "\($0.formular): \($1.map(String.init) ?? "–")" }.joined(separator: ", ")
    }

    /// The test files that hold a rule's rows.
    static func testdateien(_ regel: Regel) -> [String] {
        Set(Regelfaelle.alle.filter { $0.regel == regel.id }.map(\.datei)).sorted()
    }

    /// The cells of a rule's row, unescaped.
    static func zellen(_ regel: Regel) -> [String] {
        let tests = testdateien(regel).map { datei in
            "[\(datei.split(separator: "/").last ?? "")](../Tests/\(datei))"
        }
        return [
            regel.id, regel.titel, regel.schwere.rawValue, vordrucke(regel), "`\(regel.feldpfad)`", feldnummern(regel),
            regel.rechtsgrundlage, tests.joined(separator: ", "),
        ]
    }

    static func escape(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }

    /// The generated table, with its markers.
    static func tabelle() -> String {
        var out = anfang + "\n"
        out += "| " + kopf.joined(separator: " | ") + " |\n"
        out += "|" + String(repeating: "---|", count: kopf.count) + "\n"
        for regel in Regelkatalog.alle {
            out += "| " + zellen(regel).map(escape).joined(separator: " | ") + " |\n"
        }
        return out + ende
    }

    /// Splits a table row at unescaped pipes and unescapes the cells.
    static func zerlege(_ zeile: String) -> [String] {
        var zellen: [String] = []
        var aktuell = ""
        var zeichen = Array(zeile.trimmingCharacters(in: .whitespaces))
        if zeichen.first == "|" { zeichen.removeFirst() }
        var index = 0
        while index < zeichen.count {
            if zeichen[index] == "\\", index + 1 < zeichen.count, zeichen[index + 1] == "|" {
                aktuell.append("|")
                index += 2
                continue
            }
            if zeichen[index] == "|" {
                zellen.append(aktuell.trimmingCharacters(in: .whitespaces))
                aktuell = ""
            } else {
                aktuell.append(zeichen[index])
            }
            index += 1
        }
        if !aktuell.trimmingCharacters(in: .whitespaces).isEmpty {
            zellen.append(aktuell.trimmingCharacters(in: .whitespaces))
        }
        return zellen
    }

    /// The rule rows of the document, by id, in document order.
    static func zeilen(_ dokument: String) -> [(id: String, zellen: [String])] {
        guard let start = dokument.range(of: anfang),
            let stop = dokument.range(of: ende, range: start.upperBound..<dokument.endIndex)
        else { return [] }
        return dokument[start.upperBound..<stop.lowerBound].split(separator: "\n").compactMap { zeile in
            let zellen = zerlege(String(zeile))
            guard let id = zellen.first, id.hasPrefix("GEW-") else { return nil }
            return (id, zellen)
        }
    }
}

@Suite("docs/domain-rules.md stimmt mit dem Regelkatalog überein")
struct RegeldokumentTests {
    @Test("Dokument und Katalog: IDs, Schwere, Vordrucke, Felder, Rechtsgrundlagen, Tests")
    func dokumentStimmtMitKatalog() throws {
        let url = Paket.datei(Regeldokument.pfad)
        var dokument = try String(contentsOf: url, encoding: .utf8)
        if ProcessInfo.processInfo.environment["GEWERBE_DOKU_AKTUALISIEREN"] != nil,
            let start = dokument.range(of: Regeldokument.anfang),
            let stop = dokument.range(of: Regeldokument.ende, range: start.upperBound..<dokument.endIndex)
        {
            dokument.replaceSubrange(start.lowerBound..<stop.upperBound, with: Regeldokument.tabelle())
            try dokument.write(to: url, atomically: true, encoding: .utf8)
        }

        let zeilen = Regeldokument.zeilen(dokument)
        #expect(!zeilen.isEmpty, "Keine Regeltabelle zwischen den Markierungen in \(Regeldokument.pfad)")
        let hinweis = "Tabelle neu erzeugen: GEWERBE_DOKU_AKTUALISIEREN=1 swift test --filter Regeldokument"

        let imDokument = zeilen.map(\.id)
        let imKatalog = Regelkatalog.alle.map(\.id)
        let fehlend = Set(imKatalog).subtracting(imDokument).sorted()
        let ueberzaehlig = Set(imDokument).subtracting(imKatalog).sorted()
        #expect(fehlend.isEmpty, "Im Katalog, aber nicht in \(Regeldokument.pfad): \(fehlend). \(hinweis)")
        #expect(ueberzaehlig.isEmpty, "In \(Regeldokument.pfad), aber nicht im Katalog: \(ueberzaehlig). \(hinweis)")
        #expect(Set(imDokument).count == imDokument.count, "Regeln mehrfach im Dokument")
        if fehlend.isEmpty && ueberzaehlig.isEmpty {
            #expect(imDokument == imKatalog, "Das Dokument listet die Regeln nicht in Katalogreihenfolge. \(hinweis)")
        }

        let dokumentNachID = Dictionary(zeilen.map { ($0.id, $0.zellen) }, uniquingKeysWith: { erste, _ in erste })
        for regel in Regelkatalog.alle {
            guard let zellen = dokumentNachID[regel.id] else { continue }
            let erwartet = Regeldokument.zellen(regel)
            #expect(zellen.count == erwartet.count, "\(regel.id): \(zellen.count) Spalten statt \(erwartet.count)")
            for (spalte, (ist, soll)) in zip(Regeldokument.kopf, zip(zellen, erwartet)) where ist != soll {
                Issue.record("\(regel.id), Spalte „\(spalte)“: im Dokument „\(ist)“, im Katalog „\(soll)“. \(hinweis)")
            }
        }
    }

    @Test("Jede im Dokument genannte Testdatei gibt es und sie nennt die Regel")
    func testdateienExistieren() throws {
        for regel in Regelkatalog.alle {
            let dateien = Regeldokument.testdateien(regel)
            #expect(!dateien.isEmpty, "\(regel.id) hat keine Testdatei")
            for datei in dateien {
                let text = try Paket.text("Tests/\(datei)")
                #expect(text.contains("\"\(regel.id)\""), "\(datei) nennt \(regel.id) nicht")
            }
        }
    }

    @Test("Das Zerlegen einer Tabellenzeile beachtet maskierte senkrechte Striche")
    func zerlegen() {
        #expect(Regeldokument.zerlege("| a | `b \\| c` | d |") == ["a", "`b | c`", "d"])
        #expect(Regeldokument.zerlege("|x||y|") == ["x", "", "y"])
    }
}
