import Foundation
import GewerbeDomain
import GewerbeExport
import GewerbeTestSupport
import Testing

@Suite("Statistik-Export als CSV")
struct StatistikCSVTests {
    /// The three months of the scenario, byte for byte (BOM, `;`, CRLF).
    @Test(arguments: ["2026-10", "2026-11", "2026-12"])
    func golden(_ monat: String) async throws {
        let faelle = try await Szenario.faelle()
        try Golden.pruefe("gewerbeanzeigen-\(monat).csv", try await Szenario.export(monat, faelle: faelle))
    }

    /// What each month contains: the records and their kind, in the export's order.
    @Test func saetzeDerMonate() async throws {
        let faelle = try await Szenario.faelle()
        func uebersicht(_ monat: String) -> [String] {
            Szenario.saetze(monat, faelle: faelle).map {
                "\($0.fall.aktenzeichen) \($0.satzart.rawValue) v\($0.version.version)"
            }
        }
        #expect(
            uebersicht("2026-10") == [
                "06636011-2026-00001 neu v1", "06636011-2026-00002 neu v1", "06636011-2026-00003 neu v1",
                "06636016-2026-00001 neu v1",
            ])
        #expect(
            uebersicht("2026-11") == [
                "06636005-2026-00001 neu v1", "06636011-2026-00002 korrektur v2", "06636011-2026-00003 storno v1",
                "06636011-2026-00004 neu v1", "06636011-2026-00005 neu v2", "06636011-2026-00007 neu v1",
                "06636011-2026-00008 neu v1", "06636016-2026-00001 korrektur v2", "06636016-2026-00002 neu v1",
            ])
        #expect(uebersicht("2026-12") == ["06636011-2026-00002 korrektur v3"])
        #expect(uebersicht("2027-01").isEmpty)
        #expect(uebersicht("2026-09").isEmpty)
    }

    /// Python's csv module reads every row back: same column count, the same values (umlauts,
    /// quotes, separators and line breaks inside fields), with every separator, BOM or not.
    @Test(
        arguments: [
            (CSVTrennzeichen.semikolon, true), (.semikolon, false), (.komma, true), (.komma, false), (.tab, false),
        ])
    func pythonLiestZurueck(_ trennzeichen: CSVTrennzeichen, _ bom: Bool) async throws {
        let faelle = try await Szenario.faelle()
        let bytes = try await Szenario.export(
            "2026-11", format: CSVFormat(trennzeichen: trennzeichen, bom: bom), faelle: faelle)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF] || !bom)
        let zeilen = try PythonCSV.lies(bytes, trennzeichen: String(UnicodeScalar(trennzeichen.zeichen)))
        let saetze = Szenario.saetze("2026-11", faelle: faelle)
        #expect(zeilen.count == saetze.count + 1)
        #expect(zeilen.first == StatistikExport.kopf)
        for (zeile, satz) in zip(zeilen.dropFirst(), saetze) {
            #expect(zeile.count == StatistikExport.spalten.count)
            #expect(zeile == StatistikExport.felder(satz).map { $0.filter { $0 != "\t" } })
        }
        // The hard cases are really in there.
        let a3 = try #require(zeilen.first { $0.contains("06636011-2026-00002") })
        #expect(a3.contains("Café „Zur Linde“; Inh. \"Müller\" (Mittagstisch)"))
        #expect(a3.contains("Ausschank von Getränken\nund Imbiss"))
        #expect(a3.contains("Zoë"))
    }

    /// Records of a withdrawal carry the identification and nothing else.
    @Test func stornoNurKennung() async throws {
        let faelle = try await Szenario.faelle()
        let storno = try #require(Szenario.saetze("2026-11", faelle: faelle).first { $0.satzart == .storno })
        let felder = StatistikExport.felder(storno)
        for (spalte, wert) in zip(StatistikExport.spalten, felder) {
            if spalte.beiStorno {
                #expect(!wert.isEmpty, "\(spalte.name) fehlt im storno-Satz")
            } else {
                #expect(wert.isEmpty, "\(spalte.name) ist im storno-Satz gefüllt: \(wert)")
            }
        }
    }

    /// Nothing the statistics office may not receive: every field that section 3 Abs. 2 GewAnzV
    /// does not assign to it is filled with a marker, and no marker reaches the CSV.
    @Test func keineDatenAusserhalbParagraph3() async throws {
        var anzeige = Testanzeigen.anmeldung(gemeinde: "06636011", eingang: Datum(jahr: 2026, monat: 11, tag: 2)!)
        var person = anzeige.personen![0]
        person.geburtsname = "GEBURTSNAME-X"
        person.geburtsdatum = Datum(jahr: 1911, monat: 11, tag: 11)
        person.geburtsort = "GEBURTSORT-X"
        person.geburtsland = "GEBURTSLAND-X"
        person.doktorgrad = "DOKTOR-X"
        person.wohnanschrift = Anschrift(strasse: "WOHNSTRASSE-X", hausnummer: "99", plz: "99999", ort: "WOHNORT-X")
        person.kontakt = Kontakt(
            telefon: "TELEFON-X", mobil: "MOBIL-X", fax: "FAX-X", email: "mail-x@example.org",
            internet: "https://x.example.org")
        person.aufenthaltstitel = Aufenthaltstitel(
            liegtVor: true, ausgestelltAm: Datum(jahr: 1912, monat: 12, tag: 12), ausgestelltVon: "ABH-X",
            auflage: true, auflageText: "AUFLAGE-X")
        anzeige.personen = [person, Testanzeigen.person(familienname: "ZWEITPERSON-X", vornamen: "ZWEIT-X")]
        anzeige.betriebsleiter = Name(familienname: "LEITER-X", vornamen: "LEITERVORNAME-X")
        anzeige.beteiligungOeffentlicheHand = .ja
        anzeige.betriebsstaette?.kontakt = Kontakt(telefon: "BETRIEBSTELEFON-X", email: "betrieb-x@example.org")
        anzeige.fruehererInhaber = "FRUEHERER-X"
        anzeige.bisherigeUnfallversicherung = Unfallversicherung(traeger: "BG-X", mitgliedsnummer: "MITGLIED-X")
        anzeige.erlaubnis = Nachweis(
            liegtVor: true, ausgestelltAm: Datum(jahr: 1913, monat: 1, tag: 13), ausgestelltVon: "ERLAUBNIS-X")
        anzeige.entgegennehmendeStelle = "STELLE-X"
        var fall = Testfaelle.fall(anzeige, nummer: 7, erfasstAm: Testfaelle.erfasstAm)
        fall.empfangsbescheinigung = Empfangsbescheinigung(
            ausgestelltAm: Datum(jahr: 2026, monat: 11, tag: 3)!, ausgestelltVon: "BESCHEINIGER-X")
        fall.versionen[0].erfasstVon = "ERFASSER-X"
        let satz = try #require(Statistikauswahl.satz(fuer: fall, monat: Berichtsmonat("2026-11")!))
        let text = String(decoding: try await StatistikCSV().daten(Statistiksaetze([satz])), as: UTF8.self)
        #expect(text.contains("Änderungsschneiderei Weiß"))
        for marker in [
            "-X", "1911", "1912", "1913", "mail-x", "x.example.org", "99999", "Eschwege", "05653", "weiss@",
            "Niederstadt",
        ] {
            #expect(!text.contains(marker), "\(marker) darf nicht im Export stehen")
        }
    }

    /// The blocks handed out are bounded and add up to the same bytes, whatever the block size.
    @Test(arguments: [1, 100, 4096, 64 * 1024])
    func bloecke(_ groesse: Int) async throws {
        let faelle = try await Szenario.faelle()
        let saetze = Szenario.saetze("2026-11", faelle: faelle)
        let ganz = try await StatistikCSV().daten(Statistiksaetze(saetze))
        var zusammen: [UInt8] = []
        var bloecke = 0
        let laengsteZeile = 2_000
        let ergebnis = try await StatistikCSV(blockgroesse: groesse).schreibe(Statistiksaetze(saetze)) { block in
            #expect(block.count < groesse + laengsteZeile)
            zusammen += block
            bloecke += 1
        }
        #expect(zusammen == ganz)
        #expect(ergebnis.bytes == ganz.count)
        #expect(ergebnis.saetze == 9)
        #expect(ergebnis.nachSatzart == [.neu: 6, .korrektur: 2, .storno: 1])
        #expect(groesse > ganz.count ? bloecke == 1 : bloecke > 1)
    }

    /// An empty month still has the header (and the BOM).
    @Test func leererMonat() async throws {
        let bytes = try await StatistikCSV().daten(Statistiksaetze([]))
        let kopf = CSVSchreiber().zeile(StatistikExport.kopf)
        #expect(bytes == [0xEF, 0xBB, 0xBF] + kopf)
    }

    @Test func dateiname() {
        let monat = Berichtsmonat("2026-11")!
        #expect(StatistikExport.dateiname(monat: monat) == "gewerbeanzeigen-2026-11.csv")
        #expect(
            StatistikExport.dateiname(monat: monat, kommunen: ["06636011"]) == "gewerbeanzeigen-2026-11-06636011.csv")
    }

    /// Column names are unique, ASCII, lowercase (stable for the offices' import scripts).
    @Test func spaltennamen() {
        let namen = StatistikExport.kopf
        #expect(Set(namen).count == namen.count)
        for name in namen {
            #expect(name.allSatisfy { ($0.isASCII && $0.isLowercase) || $0 == "_" || $0.isNumber }, "\(name)")
        }
    }
}
