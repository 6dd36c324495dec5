import Foundation
import GewerbeDomain
import GewerbeTestSupport
import Testing

/// `docs/examples/fehlerhaft/erwartet.json`: the broken variants and what validate must say.
struct Manifest: Decodable {
    struct Problem: Decodable, Sendable {
        let pfad: String
        let enthaelt: String
    }

    struct Fall: Decodable, Sendable, CustomTestStringConvertible {
        let datei: String
        let beschreibung: String
        let exit: Int32
        let fehler: [String]?
        let hinweise: [String]?
        let argumente: [String]?
        let probleme: [Problem]?
        var testDescription: String { datei }
    }

    let heute: String
    let faelle: [Fall]

    static let pfad = "docs/examples/fehlerhaft/erwartet.json"

    static func laden() throws -> Manifest {
        try JSONDecoder().decode(
            Manifest.self, from: Data(contentsOf: Programm.paketwurzel.appendingPathComponent(pfad)))
    }

    /// The cases, for `@Test(arguments:)`; empty if the manifest cannot be read (a separate
    /// test then fails).
    static let faelle: [Fall] = (try? laden())?.faelle ?? []
}

/// What `gewerbe validate --format json` prints.
struct ValidateAusgabe: Decodable {
    struct Datei: Decodable {
        let datei: String
        let status: String
        let meldeart: String?
        let befunde: [Befund]
        let probleme: [EingabeProblem]
    }
    let dateien: [Datei]
}

@Suite("gewerbe validate (das echte Programm)")
struct ValidateCLITests {
    let heute = ["--heute", Beispielanzeigen.heute.iso]

    func beispiel(_ datei: String) -> String { "docs/examples/\(datei)" }

    func json(_ lauf: Programm.Lauf) throws -> ValidateAusgabe {
        try JSONDecoder().decode(ValidateAusgabe.self, from: Data(lauf.ausgabe.utf8))
    }

    @Test("Die sechs Beispielanzeigen bestehen: Status 0, keine Befunde", arguments: Beispielanzeigen.alle.map(\.datei))
    func beispieleBestehen(_ datei: String) throws {
        let lauf = try Programm.starte(["validate"] + heute + [beispiel(datei)])
        #expect(lauf.status == 0, "\(lauf)")
        #expect(lauf.ausgabe == "\(beispiel(datei)): OK (0 Fehler, 0 Hinweise)\n")
    }

    @Test("Alle Beispiele auf einmal, mit den elf Gemeinden des Verbunds und ohne --heute (heute)")
    func alleBeispieleAufEinmal() throws {
        let kommunen = Beispielanzeigen.kommunen.flatMap { ["--kommune", $0.ags] }
        let dateien = Beispielanzeigen.alle.map { beispiel($0.datei) }
        let lauf = try Programm.starte(["validate"] + kommunen + dateien)
        #expect(lauf.status == 0, "\(lauf)")
        #expect(lauf.ausgabe.split(separator: "\n").count == dateien.count)
        let mitHeute = try Programm.starte(["validate", "--format", "json"] + heute + kommunen + dateien)
        let ausgabe = try json(mitHeute)
        #expect(ausgabe.dateien.map(\.datei) == dateien)
        #expect(ausgabe.dateien.allSatisfy { $0.status == "ok" && $0.befunde.isEmpty && $0.probleme.isEmpty })
        #expect(ausgabe.dateien.compactMap(\.meldeart) == Beispielanzeigen.alle.map(\.anzeige.meldeart.rawValue))
    }

    @Test("Das Manifest der fehlerhaften Beispiele ist lesbar und nennt jede Datei des Ordners")
    func manifestVollstaendig() throws {
        let manifest = try Manifest.laden()
        #expect(manifest.heute == Beispielanzeigen.heute.iso)
        #expect(manifest.faelle.count >= 20)
        let ordner = Programm.paketwurzel.appendingPathComponent("docs/examples/fehlerhaft")
        let dateien = try FileManager.default.contentsOfDirectory(atPath: ordner.path).filter { $0 != "erwartet.json" }
        #expect(Set(dateien) == Set(manifest.faelle.map(\.datei)))
        #expect(Set([0, 1, 2]).isSubset(of: Set(manifest.faelle.map(\.exit))), "Beispiele für jeden Exit-Status")
        for fall in manifest.faelle {
            for regel in (fall.fehler ?? []) + (fall.hinweise ?? []) {
                #expect(Regelkatalog.regel(regel) != nil, "\(fall.datei): \(regel) gibt es nicht")
            }
            for regel in fall.fehler ?? [] { #expect(Regelkatalog.regel(regel)?.schwere == .fehler, "\(regel)") }
            for regel in fall.hinweise ?? [] { #expect(Regelkatalog.regel(regel)?.schwere == .hinweis, "\(regel)") }
        }
    }

    @Test("Fehlerhafte Beispiele: Exit-Status und genau die erwarteten Regel-IDs (JSON)", arguments: Manifest.faelle)
    func fehlerhaftJSON(_ fall: Manifest.Fall) throws {
        let datei = "docs/examples/fehlerhaft/\(fall.datei)"
        let lauf = try Programm.starte(["validate", "--format", "json"] + heute + (fall.argumente ?? []) + [datei])
        #expect(lauf.status == fall.exit, "\(lauf)")
        let ausgabe = try json(lauf)
        let ergebnis = try #require(ausgabe.dateien.first)
        #expect(ausgabe.dateien.count == 1)
        #expect(ergebnis.datei == datei)
        switch fall.exit {
        case 2:
            #expect(ergebnis.status == "unlesbar")
            #expect(ergebnis.befunde.isEmpty)
            for erwartet in fall.probleme ?? [] {
                #expect(
                    ergebnis.probleme.contains { $0.pfad == erwartet.pfad && $0.meldung.contains(erwartet.enthaelt) },
                    "\(erwartet.pfad): „\(erwartet.enthaelt)“ fehlt in \(ergebnis.probleme)")
            }
        default:
            #expect(ergebnis.status == (fall.exit == 0 ? "ok" : "fehler"))
            #expect(Set(ergebnis.befunde.filter { $0.schwere == .fehler }.map(\.regel)) == Set(fall.fehler ?? []))
            #expect(Set(ergebnis.befunde.filter { $0.schwere == .hinweis }.map(\.regel)) == Set(fall.hinweise ?? []))
            for befund in ergebnis.befunde {
                #expect(!befund.meldung.isEmpty && !befund.rechtsgrundlage.isEmpty && !befund.feldpfad.isEmpty)
            }
        }
    }

    @Test("Fehlerhafte Beispiele: die Textausgabe nennt Datei, Ergebnis und jede Regel", arguments: Manifest.faelle)
    func fehlerhaftText(_ fall: Manifest.Fall) throws {
        let datei = "docs/examples/fehlerhaft/\(fall.datei)"
        let lauf = try Programm.starte(["validate"] + heute + (fall.argumente ?? []) + [datei])
        #expect(lauf.status == fall.exit, "\(lauf)")
        let zeilen = lauf.ausgabe.split(separator: "\n").map(String.init)
        let kopf = try #require(zeilen.first)
        switch fall.exit {
        case 2:
            #expect(kopf == "\(datei): NICHT LESBAR")
            for erwartet in fall.probleme ?? [] {
                let anfang = erwartet.pfad.isEmpty ? "  " : "  \(erwartet.pfad): "
                #expect(
                    zeilen.dropFirst().contains { $0.hasPrefix(anfang) && $0.contains(erwartet.enthaelt) }, "\(lauf)")
            }
        default:
            let fehler = fall.fehler ?? []
            let hinweise = fall.hinweise ?? []
            #expect(kopf.hasPrefix("\(datei): \(fall.exit == 0 ? "OK" : "FEHLER") ("), "\(kopf)")
            for regel in fehler {
                #expect(zeilen.contains { $0.hasPrefix("  FEHLER  \(regel) ") }, "\(regel) fehlt in\n\(lauf)")
            }
            for regel in hinweise {
                #expect(zeilen.contains { $0.hasPrefix("  HINWEIS \(regel) ") }, "\(regel) fehlt in\n\(lauf)")
            }
        }
    }

    @Test("Der schlimmste Status gewinnt: 2 vor 1 vor 0")
    func statusMehrererDateien() throws {
        let gut = beispiel("anmeldung-einzelunternehmen.json")
        let fehler = "docs/examples/fehlerhaft/gmbh-ohne-handelsregister.json"
        let kaputt = "docs/examples/fehlerhaft/syntaxfehler.json"
        #expect(try Programm.starte(["validate"] + heute + [gut, fehler]).status == 1)
        #expect(try Programm.starte(["validate"] + heute + [kaputt, gut, fehler]).status == 2)
        let lauf = try Programm.starte(["validate"] + heute + [gut, kaputt, fehler])
        #expect(lauf.ausgabe.contains("\(gut): OK"))
        #expect(lauf.ausgabe.contains("\(kaputt): NICHT LESBAR"))
        #expect(lauf.ausgabe.contains("\(fehler): FEHLER"), "jede Datei wird geprüft, auch nach einer unlesbaren")
    }

    @Test("Ein Hinweis, zwei Hinweise")
    func einzahl() throws {
        let einer = try Programm.starte(
            ["validate"] + heute + ["docs/examples/fehlerhaft/handwerk-ohne-handwerkskarte.json"])
        #expect(einer.status == 0)
        #expect(
            einer.ausgabe.hasPrefix(
                "docs/examples/fehlerhaft/handwerk-ohne-handwerkskarte.json: OK (0 Fehler, 1 Hinweis)\n"))
    }

    @Test("Eine fehlende Datei: Status 2, Meldung nennt die Datei")
    func fehlendeDatei() throws {
        let lauf = try Programm.starte(["validate"] + heute + ["docs/examples/gibt-es-nicht.json"])
        #expect(lauf.status == 2)
        #expect(lauf.ausgabe.contains("docs/examples/gibt-es-nicht.json: NICHT LESBAR"))
        #expect(lauf.ausgabe.contains("Datei nicht gefunden"))
    }

    @Test("Ein Verzeichnis statt einer Datei: Status 2")
    func verzeichnis() throws {
        let lauf = try Programm.starte(["validate"] + heute + ["docs/examples"])
        #expect(lauf.status == 2, "\(lauf)")
        #expect(lauf.ausgabe.hasPrefix("docs/examples: NICHT LESBAR"))
    }

    @Test("Standardeingabe mit '-'")
    func standardeingabe() throws {
        let daten = try Data(
            contentsOf: Programm.paketwurzel.appendingPathComponent(beispiel("anmeldung-handwerk-anlage-a.json")))
        let gut = try Programm.starte(["validate"] + heute + ["-"], eingabe: daten)
        #expect(gut.status == 0, "\(gut)")
        #expect(gut.ausgabe == "-: OK (0 Fehler, 0 Hinweise)\n")

        let kaputt = try Programm.starte(
            ["validate", "--format", "json"] + heute + ["-"], eingabe: Data("{\n  \"meldeart\": anmeldung\n}".utf8))
        #expect(kaputt.status == 2)
        let problem = try #require(try json(kaputt).dateien.first?.probleme.first)
        #expect(problem.meldung.contains("Zeile 2, Spalte 15"), "\(problem)")

        let leer = try Programm.starte(["validate"] + heute + ["-"], eingabe: Data())
        #expect(leer.status == 2)
        #expect(leer.ausgabe.contains("leer"))
    }

    @Test("Die JSON-Ausgabe enthält je Befund Regel, Schwere, Feldpfad, Feldnummer, Meldung und Rechtsgrundlage")
    func jsonFelder() throws {
        let lauf = try Programm.starte(
            ["validate", "--format", "json"] + heute + [
                "docs/examples/fehlerhaft/minderjaehrig-ohne-familiengericht.json"
            ])
        let objekt = try #require(try JSONSerialization.jsonObject(with: Data(lauf.ausgabe.utf8)) as? [String: Any])
        let datei = try #require((objekt["dateien"] as? [[String: Any]])?.first)
        #expect(datei["status"] as? String == "fehler")
        #expect(datei["meldeart"] as? String == "anmeldung")
        let befund = try #require((datei["befunde"] as? [[String: Any]])?.first)
        #expect(befund["regel"] as? String == "GEW-PER-003")
        #expect(befund["schwere"] as? String == "fehler")
        #expect(befund["feldpfad"] as? String == "personen[0].genehmigungFamiliengericht")
        #expect(befund["feldnummer"] as? Int == 8)
        #expect((befund["meldung"] as? String)?.contains("§ 112 BGB") == true)
        #expect(befund["rechtsgrundlage"] as? String == Regelkatalog.regel("GEW-PER-003")?.rechtsgrundlage)
    }

    @Test("Falsche Aufrufe: Status 64 mit einer Meldung zur Option")
    func falscheAufrufe() throws {
        let datum = try Programm.starte([
            "validate", "--heute", "20.11.2026", beispiel("anmeldung-einzelunternehmen.json"),
        ])
        #expect(datum.status == 64)
        #expect(datum.fehlerausgabe.contains("--heute"))
        let format = try Programm.starte(["validate", "--format", "xml", beispiel("anmeldung-einzelunternehmen.json")])
        #expect(format.status == 64)
        let ohneDatei = try Programm.starte(["validate"])
        #expect(ohneDatei.status == 64)
        let kommune = try Programm.starte([
            "validate", "--kommune", "Sontra", beispiel("anmeldung-einzelunternehmen.json"),
        ])
        #expect(kommune.status == 64)
        #expect(kommune.fehlerausgabe.contains("--kommune"))
    }
}
