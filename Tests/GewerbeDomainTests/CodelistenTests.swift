import Foundation
import Testing

@testable import GewerbeDomain

@Suite("Codelisten")
struct CodelistenTests {
    /// Each embedded list with its CSV file.
    static let eingebettet: [(datei: String, text: String)] = [
        ("wz2008.csv", EingebetteteCodelisten.wz2008),
        ("wz2025.csv", EingebetteteCodelisten.wz2025),
        ("wz2008-to-wz2025.csv", EingebetteteCodelisten.wz2008ToWz2025),
        ("staatsangehoerigkeit.csv", EingebetteteCodelisten.staatsangehoerigkeit),
        ("rechtsform.csv", EingebetteteCodelisten.rechtsform),
        ("dvdv-praefix.csv", EingebetteteCodelisten.dvdvPraefix),
        ("xgewo-schematron-fehlercodes-1-3.csv", EingebetteteCodelisten.xgewoSchematronFehlercodes13),
        ("rechtsformen-xunternehmen-2-4.csv", EingebetteteCodelisten.rechtsformenXunternehmen24),
    ]

    @Test("Die eingebetteten Swift-Kopien gleichen den CSV-Dateien", arguments: eingebettet.map(\.datei))
    func eingebettetGleichCSV(_ datei: String) throws {
        let csv = try Paket.text("Sources/GewerbeDomain/Codelisten/csv/\(datei)")
        let text = try #require(Self.eingebettet.first { $0.datei == datei }?.text)
        #expect(csv.hasSuffix("\n"), "\(datei) endet nicht mit einem Zeilenumbruch")
        #expect(
            text == String(csv.dropLast()),
            "Codelisten/csv/\(datei) und die eingebettete Kopie weichen ab: das Einbetten-Plugin prüfen")
    }

    @Test("Jede CSV-Datei im Ordner ist eingebettet")
    func alleDateienEingebettet() throws {
        let ordner = Paket.datei("Sources/GewerbeDomain/Codelisten/csv")
        let dateien = try FileManager.default.contentsOfDirectory(atPath: ordner.path).filter { $0.hasSuffix(".csv") }
        #expect(
            Set(dateien) == Set(Self.eingebettet.map(\.datei)),
            "das Einbetten-Plugin und dieser Test kennen andere Listen")
    }

    @Test(
        "XUnternehmen-Rechtsformen 2.4: 46 Zeilen für XGewO, jede FIM-Rechtsform mit Ausnahme der Partnerschaft abgebildet"
    )
    func xunternehmenRechtsformen() throws {
        #expect(XUnternehmenRechtsformen.alle.count == 46)
        #expect(XUnternehmenRechtsformen.eintrag(fim: "350")?.code == "221100")
        #expect(XUnternehmenRechtsformen.eintrag(fim: "180")?.subjektart == .natuerlichePerson)
        #expect(XUnternehmenRechtsformen.eintrag(fim: "210")?.subjektart == .rechtsfaehigePersonengesellschaft)
        #expect(XUnternehmenRechtsformen.eintrag(fim: "590")?.subjektart == .juristischePerson)
        let ohne = RechtsformVerzeichnis.alle.map(\.code).filter { XUnternehmenRechtsformen.eintrag(fim: $0) == nil }
        #expect(ohne == ["293"])
    }

    @Test("Die DVDV-Präfixliste hat 118 Präfixe, darunter MELDID für die Gewerbemeldestellen")
    func dvdvPraefixe() {
        #expect(CSVZeilen.lesen(EingebetteteCodelisten.dvdvPraefix).count == 118)
        #expect(DVDVPraefixVerzeichnis.bezeichnung("MELDID") == "Gewerbe")
        #expect(DVDVPraefixVerzeichnis.bezeichnung("hwk") == "Handwerkskammer")
        #expect(DVDVPraefixVerzeichnis.bezeichnung("meldid") == nil, "Präfixe sind groß-/kleinschreibungsgenau")
    }

    @Test("WZ 2008 hat 839 Unterklassen, WZ 2025 hat 983")
    func wzAnzahl() {
        #expect(WZVerzeichnis.unterklassen(.wz2008).count == 839)
        #expect(WZVerzeichnis.unterklassen(.wz2025).count == 983)
        #expect(Set(WZVerzeichnis.unterklassen(.wz2008).map(\.code)).count == 839, "doppelte Codes")
    }

    @Test("Jede WZ-Ebene verweist auf eine vorhandene übergeordnete Ebene", arguments: WZKlassifikation.allCases)
    func wzBaum(_ version: WZKlassifikation) {
        for eintrag in WZVerzeichnis.unterklassen(version) {
            #expect(
                WZVerzeichnis.abschnitt(eintrag.code, version: version)?.count == 1, "\(eintrag.code) ohne Abschnitt")
            #expect(eintrag.code.wholeMatch(of: /\d{2}\.\d{2}\.\d/) != nil, "\(eintrag.code)")
        }
    }

    @Test("WZ-Codes: mit und ohne Punkte, Abschnitte, Umsteiger nach WZ 2025")
    func wzNachschlagen() throws {
        #expect(WZVerzeichnis.gepunktet("96021") == "96.02.1")
        #expect(WZVerzeichnis.gepunktet("96.02.1") == "96.02.1")
        #expect(WZVerzeichnis.unterklasse("96021", version: .wz2008)?.titel == "Frisörsalons")
        #expect(WZVerzeichnis.unterklasse("96.02", version: .wz2008) == nil, "eine Klasse ist keine Unterklasse")
        #expect(WZVerzeichnis.abschnitt("47.76.1", version: .wz2008) == "G")
        #expect(WZVerzeichnis.abschnitt("43.21.0", version: .wz2008) == "F")
        #expect(WZVerzeichnis.unterklasse("62.01.9", version: .wz2025) == nil)
        let umsteiger = WZVerzeichnis.wz2025(fuer: "62.01.9")
        #expect(!umsteiger.isEmpty)
        for code in umsteiger { #expect(WZVerzeichnis.unterklasse(code, version: .wz2025) != nil, "\(code)") }
    }

    @Test("Jeder WZ-2008-Code der Umsteigeliste ist eine Unterklasse beider Verzeichnisse")
    func umsteigerVollstaendig() {
        for zeile in CSVZeilen.lesen(EingebetteteCodelisten.wz2008ToWz2025) {
            #expect(WZVerzeichnis.unterklasse(zeile[0], version: .wz2008) != nil, "\(zeile[0]) fehlt in WZ 2008")
            #expect(WZVerzeichnis.unterklasse(zeile[1], version: .wz2025) != nil, "\(zeile[1]) fehlt in WZ 2025")
        }
        let ohneUmsteiger = WZVerzeichnis.unterklassen(.wz2008).filter { WZVerzeichnis.wz2025(fuer: $0.code).isEmpty }
        #expect(ohneUmsteiger.isEmpty, "ohne Entsprechung in WZ 2025: \(ohneUmsteiger.map(\.code))")
    }

    @Test("Jeder WZ-Code der Fachlisten ist eine Unterklasse der WZ 2008")
    func fachlistenCodesExistieren() {
        for handwerk in Fachlisten.anlageA {
            for code in handwerk.wz2008 {
                #expect(
                    WZVerzeichnis.unterklasse(code, version: .wz2008) != nil, "Anlage A Nr. \(handwerk.nummer): \(code)"
                )
            }
        }
        for erlaubnis in Fachlisten.erlaubnisse {
            for code in erlaubnis.wz2008 {
                #expect(WZVerzeichnis.unterklasse(code, version: .wz2008) != nil, "\(erlaubnis.norm): \(code)")
            }
        }
        for tatbestand in Fachlisten.keinGewerbe {
            for code in tatbestand.wz2008 {
                // Prefixes name a level of the classification (Abteilung, Gruppe, Klasse, Unterklasse).
                #expect(WZVerzeichnis.eintrag(code, version: .wz2008) != nil, "\(tatbestand.grund): \(code)")
            }
        }
    }

    @Test("Anlage A HwO hat 53 Handwerke, fortlaufend nummeriert")
    func anlageA() {
        #expect(Fachlisten.anlageA.map(\.nummer) == Array(1...53))
        #expect(Fachlisten.anlageA.allSatisfy { !$0.stichwoerter.isEmpty })
    }

    @Test("Staatsangehörigkeiten: EU-, EWR- und Schweizer Staatsangehörige brauchen keinen Aufenthaltstitel")
    func staatsangehoerigkeiten() throws {
        let alle = StaatsangehoerigkeitVerzeichnis.alle
        #expect(alle.count == 211)
        #expect(alle.filter { $0.freizuegigkeit == "EU" }.count == 27, "26 EU-Staaten und Deutschland")
        #expect(Set(alle.filter { $0.freizuegigkeit == "EWR" }.map(\.code)) == ["136", "141", "149"])
        #expect(try #require(StaatsangehoerigkeitVerzeichnis.eintrag("158")).freizuegigkeit == "CH")
        #expect(try #require(StaatsangehoerigkeitVerzeichnis.eintrag("000")).istDeutsch)
        for drittstaat in ["163", "168", "166", "368", "475", "997", "998", "999"] {
            #expect(StaatsangehoerigkeitVerzeichnis.eintrag(drittstaat)?.istFreizuegig == false, "\(drittstaat)")
        }
        #expect(alle.allSatisfy { $0.code.wholeMatch(of: /\d{3}/) != nil })
    }

    @Test("Rechtsformen: Register und Gruppen")
    func rechtsformen() throws {
        #expect(RechtsformVerzeichnis.alle.count == 14)
        #expect(RechtsformVerzeichnis.eintrag("350")?.register == .hrb)
        #expect(RechtsformVerzeichnis.eintrag("170")?.register == .hra)
        #expect(RechtsformVerzeichnis.eintrag("180")?.register == nil)
        let gbr = try #require(RechtsformVerzeichnis.eintrag("270"))
        #expect(gbr.register == .gsr && gbr.registerOptional)
        #expect(gbr.gruppe == .personengesellschaft)
        for rechtsform in RechtsformVerzeichnis.alle {
            #expect(rechtsform.gruppe != .sonstige, "\(rechtsform.code) ohne Gruppe")
        }
    }

    @Test("Der CSV-Leser versteht Anführungszeichen, Kommas und verdoppelte Anführungszeichen")
    func csvLeser() {
        let zeilen = CSVZeilen.lesen("a,b\n1,\"x, y\"\n2,\"sagt \"\"ja\"\"\"\r\n3,\n")
        #expect(zeilen == [["1", "x, y"], ["2", "sagt \"ja\""], ["3", ""]])
    }
}
