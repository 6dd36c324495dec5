import Foundation
import GewerbeDomain
import GewerbeTestSupport
import Testing

@Suite("Strenges Lesen der JSON-Form")
struct StrengesLesenTests {
    func probleme(_ json: String) -> [EingabeProblem] {
        do {
            _ = try Anzeige.lesen(json: Data(json.utf8))
            return []
        } catch {
            return error.probleme
        }
    }

    @Test("Die kanonische JSON-Form jeder Beispielanzeige liest sich verlustfrei", arguments: Beispielanzeigen.alle)
    func rundreise(_ beispiel: Beispielanzeigen.Beispiel) throws {
        let gelesen = try Anzeige.lesen(json: beispiel.anzeige.json())
        #expect(gelesen == beispiel.anzeige)
        #expect(gelesen.json() == beispiel.anzeige.json())
    }

    @Test("Alle Probleme eines Dokuments auf einmal, mit Pfad")
    func alleProblemeAufEinmal() {
        let json = """
            {
              "meldeart": "anmeldung",
              "geburtstag": "1990-01-01",
              "beginn": 20261201,
              "niederlassungsart": "haupt",
              "gruendeUmmeldung": ["verlegungInnerhalb", "umzug"],
              "personen": [
                { "familienname": "Weiß", "geburtsdatum": "2026-02-30", "geschlecht": "männlich", "hobby": "Angeln" },
                "Petra Weiß"
              ],
              "betriebsstaette": { "anschrift": { "plz": 36205 } },
              "beschaeftigte": { "vollzeit": 2.5 },
              "inhaber": { "register": { "art": "HRC" } }
            }
            """
        let gefunden = probleme(json)
        let erwartet: [(String, EingabeProblem.Art)] = [
            ("geburtstag", .unbekanntesFeld),
            ("beginn", .falscherTyp),
            ("niederlassungsart", .ungueltigerWert),
            ("gruendeUmmeldung[1]", .ungueltigerWert),
            ("personen[0].hobby", .unbekanntesFeld),
            ("personen[0].geburtsdatum", .ungueltigerWert),
            ("personen[0].geschlecht", .ungueltigerWert),
            ("personen[1]", .falscherTyp),
            ("betriebsstaette.anschrift.plz", .falscherTyp),
            ("beschaeftigte.vollzeit", .ungueltigerWert),
            ("inhaber.register.art", .ungueltigerWert),
        ]
        for (pfad, art) in erwartet {
            #expect(gefunden.contains { $0.pfad == pfad && $0.art == art }, "\(pfad) (\(art)) fehlt in \(gefunden)")
        }
        #expect(gefunden.count == erwartet.count, "\(gefunden)")
    }

    @Test("Meldungen nennen die erlaubten Werte und den erwarteten Typ")
    func meldungen() throws {
        let gefunden = probleme(
            #"{"meldeart": "anmeldung", "niederlassungsart": "haupt", "beginn": 5, "personen": [{"staatsangehoerigkeiten": [276]}]}"#
        )
        let art = try #require(gefunden.first { $0.pfad == "niederlassungsart" })
        #expect(art.meldung.contains("'hauptniederlassung'") && art.meldung.contains("'unselbstaendigeZweigstelle'"))
        let beginn = try #require(gefunden.first { $0.pfad == "beginn" })
        #expect(beginn.meldung.contains("JJJJ-MM-TT"))
        let element = try #require(gefunden.first { $0.pfad == "personen[0].staatsangehoerigkeiten[0]" })
        #expect(element.meldung == "Falscher Typ: erwartet Text")
    }

    @Test(
        "Zu große oder gebrochene Zahlen in ganzzahligen Feldern",
        arguments: ["1e400", "99999999999999999999", "2.5", "-1.5"])
    func zahlen(_ zahl: String) throws {
        let gefunden = probleme(#"{"meldeart": "anmeldung", "anzahlVertretungsberechtigte": \#(zahl)}"#)
        let problem = try #require(gefunden.first)
        #expect(gefunden.count == 1)
        #expect(problem.pfad == "anzahlVertretungsberechtigte")
        #expect(problem.meldung == "Ungültiger Wert: erwartet eine ganze Zahl")
    }

    @Test("Ohne Meldeart: Pflichtfeld fehlt, die übrigen Probleme werden trotzdem gemeldet")
    func ohneMeldeart() {
        let gefunden = probleme(#"{"beginn": "gestern", "xyz": 1}"#)
        #expect(gefunden.contains { $0.pfad == "meldeart" && $0.art == .fehlt })
        #expect(gefunden.contains { $0.pfad == "beginn" && $0.art == .ungueltigerWert })
        #expect(gefunden.contains { $0.pfad == "xyz" && $0.art == .unbekanntesFeld })
    }

    @Test(
        "Syntaxfehler nennen Zeile und Spalte",
        arguments: [
            ("{\n  \"meldeart\": \"anmeldung\"\n  \"beginn\": \"2026-12-01\"\n}\n", 3, 3),
            ("{\"meldeart\": \"anmeldung\"}{", 1, 26),
            ("{\n  \"meldeart\": anmeldung\n}", 2, 15),
        ])
    func syntax(_ json: String, _ zeile: Int, _ spalte: Int) throws {
        let gefunden = probleme(json)
        let problem = try #require(gefunden.first)
        #expect(gefunden.count == 1)
        #expect(problem.art == .syntax)
        #expect(problem.meldung.contains("Zeile \(zeile), Spalte \(spalte)"), "\(problem.meldung)")
    }

    @Test(
        "Strenger als Foundation: Komma am Ende, doppelte Felder, zu tiefe Verschachtelung, Steuerzeichen",
        arguments: [
            // (JSON, Pfad des Problems, Teil der Meldung, Zeile, Spalte)
            ("{\"meldeart\": \"anmeldung\",\n}", "", "Komma vor „}“", 2, 1),
            ("{\"staatsangehoerigkeiten\": [\"000\", ]}", "", "Komma vor „]“", 1, 36),
            ("{\"meldeart\": \"abmeldung\", \"meldeart\": \"anmeldung\"}", "meldeart", "zweimal", 1, 27),
            // The same key once escaped: the decoded names are compared, not the bytes.
            ("{\"meldeart\": \"abmeldung\", \"meld\\u0065art\": \"anmeldung\"}", "meldeart", "zweimal", 1, 27),
            (
                "{\"personen\": [{\"familienname\": \"A\"}, {\"familienname\": \"B\", \"familienname\": \"C\"}]}",
                "personen[1].familienname", "zweimal", 1, 60
            ),
            (String(repeating: "[", count: 70) + String(repeating: "]", count: 70), "", "zu tief", 1, 65),
            ("{\"geschaeftsbezeichnung\": \"Zeile 1\nZeile 2\"}", "", "Steuerzeichen", 1, 35),
            ("{\"geschaeftsbezeichnung\": \"A\\qB\"}", "", "Escape", 1, 30),
            ("{\"beschaeftigte\": {\"vollzeit\": 01}}", "", "erwartet wird", 1, 33),
            ("{\"meldeart\": \"anmeldung\"", "", "endet", 1, 25),
        ])
    func strengeSyntax(_ json: String, _ pfad: String, _ meldung: String, _ zeile: Int, _ spalte: Int) throws {
        let gefunden = probleme(json)
        let problem = try #require(gefunden.first)
        #expect(gefunden.count == 1)
        #expect(problem.art == .syntax)
        #expect(problem.pfad == pfad)
        #expect(problem.meldung.contains(meldung), "\(problem.meldung)")
        #expect(problem.meldung.contains("Zeile \(zeile), Spalte \(spalte)"), "\(problem.meldung)")
    }

    @Test("Gültiges JSON bleibt gültig: Escapes, Zahlen, Leerraum, Unicode außerhalb der BMP")
    func gueltigesJSONBleibt() throws {
        let json = """
             \t{"meldeart" : "anmeldung", "geschaeftsbezeichnung": "B\\u00e4cker \\"M\\u00fcller\\" \\ud83e\\udd68 \\/ \\b\\f\\n\\r\\t",
              "beschaeftigte": {"vollzeit": 0, "teilzeit": 12}, "x": [-0.5e+3, 1E2, 0, [], {}, null, true, false]}\r\n
            """
        // Only syntax is judged here: the unknown field "x" is the only finding.
        let gefunden = probleme(json)
        #expect(!gefunden.contains { $0.art == .syntax }, "\(gefunden)")
        #expect(gefunden.contains { $0.pfad == "x" && $0.art == .unbekanntesFeld }, "\(gefunden)")
    }

    @Test(
        "Leere Dokumente, falsche Wurzel, ungültiges UTF-8",
        arguments: [
            (Data(), "leer"), (Data("   \n".utf8), "leer"), (Data("[1, 2]".utf8), "Objekt"),
            (Data("null".utf8), "Objekt"),
            (Data("\"text\"".utf8), "Objekt"), (Data([0x7B, 0x22, 0xFF, 0x22, 0x7D]), "UTF-8"),
            (Data([0xEF, 0xBB, 0xBF] + Array("{\"meldeart\":1}".utf8)), "Text"),
        ])
    func kaputteDokumente(_ daten: Data, _ stichwort: String) {
        do {
            _ = try Anzeige.lesen(json: daten)
            Issue.record("gelesen, obwohl kaputt")
        } catch {
            #expect(!error.probleme.isEmpty)
            #expect(error.probleme.contains { $0.meldung.contains(stichwort) }, "\(error.probleme)")
        }
    }

    @Test("Tief verschachtelte Dokumente werden abgelehnt, ohne abzustürzen")
    func tiefeVerschachtelung() {
        let tief = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let gefunden = probleme(tief)
        #expect(gefunden.count == 1)
        #expect(gefunden.first?.art == .syntax)
        let inFeld =
            "{\"meldeart\":\"anmeldung\",\"personen\":" + String(repeating: "[", count: 5000)
            + String(repeating: "]", count: 5000) + "}"
        #expect(!probleme(inFeld).isEmpty)
    }

    @Test("Null gilt als nicht angegeben")
    func nullWerte() throws {
        let anzeige = try Anzeige.lesen(
            json: Data(#"{"meldeart": "abmeldung", "beginn": null, "personen": null}"#.utf8))
        #expect(anzeige.beginn == nil && anzeige.personen == nil)
    }
}

@Suite("Datum")
struct DatumTests {
    @Test(
        "Nur gültige Kalenderdaten in genau der Form JJJJ-MM-TT",
        arguments: [
            ("2024-02-29", true), ("2023-02-29", false), ("1900-02-29", false), ("2000-02-29", true),
            ("2026-04-31", false),
            ("2026-13-01", false), ("0000-01-01", false), ("2026-1-01", false), ("2026-01-01T00:00", false),
            ("26-01-2026", false), ("2026/01/01", false), ("+026-01-01", false), ("9999-12-31", true),
            ("０２０２-01-01", false),
        ])
    func parsen(_ text: String, _ gueltig: Bool) {
        #expect((Datum(iso: text) != nil) == gueltig)
        if let datum = Datum(iso: text) { #expect(datum.iso == text) }
    }

    @Test("Alter nach § 187 Abs. 2 BGB: der Geburtstag zählt mit; am 29. Februar Geborene am 1. März")
    func alter() {
        let geburt = Datum(jahr: 2008, monat: 12, tag: 1)!
        #expect(geburt.alter(am: Datum(jahr: 2026, monat: 11, tag: 30)!) == 17)
        #expect(geburt.alter(am: Datum(jahr: 2026, monat: 12, tag: 1)!) == 18)
        let schalttag = Datum(jahr: 2008, monat: 2, tag: 29)!
        #expect(schalttag.alter(am: Datum(jahr: 2026, monat: 2, tag: 28)!) == 17)
        #expect(schalttag.alter(am: Datum(jahr: 2026, monat: 3, tag: 1)!) == 18)
        #expect(schalttag.alter(am: Datum(jahr: 2028, monat: 2, tag: 29)!) == 20)
    }

    @Test("Deutsche Schreibweise und Tagesnummern bekannter Tage")
    func schreibweise() {
        #expect(Datum(jahr: 2026, monat: 3, tag: 7)!.deutsch == "07.03.2026")
        #expect(Datum(jahr: 1, monat: 1, tag: 1)!.tagesnummer == 0)
        #expect(Datum(jahr: 1970, monat: 1, tag: 1)!.tagesnummer == 719_162)
        #expect(Datum(jahr: 2026, monat: 11, tag: 20)!.plusTage(11) == Datum(jahr: 2026, monat: 12, tag: 1)!)
        #expect(Datum(jahr: 2025, monat: 11, tag: 1)!.plusTage(-1) == Datum(jahr: 2025, monat: 10, tag: 31)!)
    }
}
