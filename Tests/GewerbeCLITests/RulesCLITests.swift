import Foundation
import GewerbeDomain
import Testing

@Suite("gewerbe rules (das echte Programm)")
struct RulesCLITests {
    @Test("Ohne Argument: jede Regel des Katalogs, in Katalogreihenfolge")
    func alle() throws {
        let lauf = try Programm.starte(["rules"])
        #expect(lauf.status == 0)
        let ids = lauf.ausgabe.split(separator: "\n").filter { $0.hasPrefix("GEW-") }.map {
            String($0.prefix { $0 != " " })
        }
        #expect(ids == Regelkatalog.alle.map(\.id))
    }

    @Test("Nach ID-Anfang und Meldeart filtern")
    func filtern() throws {
        let personen = try Programm.starte(["rules", "GEW-PER"])
        #expect(personen.ausgabe.split(separator: "\n").filter { $0.hasPrefix("GEW-") }.count == 10)
        let eine = try Programm.starte(["rules", "gew-per-003"])
        #expect(
            eine.ausgabe.hasPrefix("GEW-PER-003  FEHLER   GewA 1, 2\n"),
            "die Genehmigung gilt nicht für die Abmeldung: \(eine)")
        #expect(eine.ausgabe.contains("§ 112 Abs. 1 BGB"))
        let ummeldung = try Programm.starte(["rules", "--meldeart", "ummeldung", "--format", "json"])
        let regeln = try #require(
            (try JSONSerialization.jsonObject(with: Data(ummeldung.ausgabe.utf8)) as? [String: Any])?["regeln"]
                as? [[String: Any]])
        #expect(regeln.count == Regelkatalog.alle.filter { $0.meldearten.contains(.ummeldung) }.count)
        #expect(regeln.allSatisfy { ($0["meldearten"] as? [String])?.contains("ummeldung") == true })
    }

    @Test("JSON: Feldnummern je Vordruck")
    func json() throws {
        let lauf = try Programm.starte(["rules", "GEW-PFL-020", "--format", "json"])
        let regeln = try #require(
            (try JSONSerialization.jsonObject(with: Data(lauf.ausgabe.utf8)) as? [String: Any])?["regeln"]
                as? [[String: Any]])
        let regel = try #require(regeln.first)
        #expect(regeln.count == 1)
        #expect(regel["feldnummern"] as? [String: Int] == ["anmeldung": 20, "ummeldung": 21, "abmeldung": 20])
        #expect(regel["schwere"] as? String == "fehler")
    }

    @Test("Markdown: dieselben Zeilen wie die Tabelle in docs/domain-rules.md (ohne die Testspalte)")
    func markdownWieDokument() throws {
        let lauf = try Programm.starte(["rules", "--format", "markdown"])
        #expect(lauf.status == 0)
        let dokument = try String(
            contentsOf: Programm.paketwurzel.appendingPathComponent("docs/domain-rules.md"), encoding: .utf8)
        let dokumentZeilen = dokument.split(separator: "\n").filter { $0.hasPrefix("| GEW-") }.map { zeile in
            // Drop the last cell (Test).
            let ohneSchluss = zeile.dropLast(2)
            return String(ohneSchluss[..<ohneSchluss.range(of: " | [", options: .backwards)!.lowerBound]) + " |"
        }
        let ausgabeZeilen = lauf.ausgabe.split(separator: "\n").filter { $0.hasPrefix("| GEW-") }.map(String.init)
        #expect(ausgabeZeilen.count == Regelkatalog.alle.count)
        #expect(ausgabeZeilen == dokumentZeilen)
    }

    @Test("Keine passende Regel: Status 1; falsche Meldeart: Status 64")
    func fehler() throws {
        let keine = try Programm.starte(["rules", "GEW-XYZ"])
        #expect(keine.status == 1)
        #expect(keine.fehlerausgabe.contains("GEW-XYZ"))
        let meldeart = try Programm.starte(["rules", "--meldeart", "gewerbe"])
        #expect(meldeart.status == 64)
        #expect(meldeart.fehlerausgabe.contains("--meldeart"))
    }
}
