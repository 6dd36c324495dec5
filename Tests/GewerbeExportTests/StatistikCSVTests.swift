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

    /// Nothing the statistics office may not receive: in Anzeigen with every field filled, each
    /// value outside section 3 Abs. 2 GewAnzV carries a marker, and no marker reaches the CSV.
    @Test(arguments: Meldeart.allCases)
    func keineDatenAusserhalbParagraph3(_ meldeart: Meldeart) async throws {
        var fall = Testfaelle.fall(Vollanzeigen.voll(meldeart), nummer: 7)
        fall.empfangsbescheinigung = Empfangsbescheinigung(
            ausgestelltAm: Datum(jahr: 2026, monat: 11, tag: 3)!, ausgestelltVon: "BESCHEINIGER-X")
        fall.versionen[0].erfasstVon = "ERFASSER-X"
        let satz = try #require(Statistikauswahl.satz(fuer: fall, monat: Berichtsmonat("2026-11")!))
        let text = String(decoding: try await StatistikCSV().daten(Statistiksaetze([satz])), as: UTF8.self)
        #expect(text.contains("Weiß & Söhne"))
        for marker in ["-X", "1911", "1912", "1913", "mail-x", "x.example.org", "99999", "05653", "weiss@"] {
            #expect(!text.contains(marker), "\(marker) darf nicht im Export stehen")
        }
    }

    /// The reduced Anzeige the sources hand out (`statistikauszug`) gives exactly the row of the
    /// full one: it holds every field a column reads.
    @Test(arguments: Meldeart.allCases)
    func statistikauszugGenuegt(_ meldeart: Meldeart) throws {
        let voll = Vollanzeigen.voll(meldeart)
        var fall = Testfaelle.fall(voll, nummer: 7)
        fall.empfangsbescheinigung = Empfangsbescheinigung(
            ausgestelltAm: Datum(jahr: 2026, monat: 11, tag: 3)!, ausgestelltVon: "x")
        var reduziert = fall
        reduziert.versionen[0].anzeige = voll.statistikauszug
        let monat = Berichtsmonat("2026-11")!
        let felderVoll = StatistikExport.felder(try #require(Statistikauswahl.satz(fuer: fall, monat: monat)))
        let felderAuszug = StatistikExport.felder(try #require(Statistikauswahl.satz(fuer: reduziert, monat: monat)))
        #expect(felderVoll == felderAuszug)
        #expect(felderVoll.filter { !$0.isEmpty }.count > 30)
        // And the reduced Anzeige holds nothing else.
        let json = String(decoding: voll.statistikauszug.json(), as: UTF8.self)
        #expect(!json.contains("-X") && !json.contains("1911") && !json.contains("1912") && !json.contains("1913"))
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
