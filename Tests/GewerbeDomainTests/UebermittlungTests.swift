import Foundation
import GewerbeDomain
import GewerbeTestSupport
import Testing

/// One row of the transmission-rule table: a situation and whether `regel` must choose its
/// recipient in it.
struct Uebermittlungsfall: Sendable, CustomTestStringConvertible {
    let regel: String
    let beschreibung: String
    let lage: Uebermittlungslage
    let waehlt: Bool

    var testDescription: String { "\(regel) \(waehlt ? "wählt" : "still"): \(beschreibung)" }
}

private typealias B = Uebermittlungsbeispiele

/// The rule table: for every rule at least one row where it chooses and one near miss.
enum Uebermittlungsfaelle {
    static func waehlt(
        _ regel: String, _ beschreibung: String, _ lage: Uebermittlungslage
    ) -> Uebermittlungsfall {
        Uebermittlungsfall(regel: regel, beschreibung: beschreibung, lage: lage, waehlt: true)
    }

    static func still(_ regel: String, _ beschreibung: String, _ lage: Uebermittlungslage) -> Uebermittlungsfall {
        Uebermittlungsfall(regel: regel, beschreibung: beschreibung, lage: lage, waehlt: false)
    }

    static let alle: [Uebermittlungsfall] = [
        waehlt("UEB-STA-001", "Anmeldung", B.lage(Beispielanzeigen.einzelunternehmen)),
        waehlt("UEB-STA-001", "Abmeldung", B.lage(Beispielanzeigen.abmeldung, vorher: B.blumenladenVorher)),
        still(
            "UEB-STA-001", "Ummeldung (eigene Regel)", B.lage(Beispielanzeigen.ummeldung, vorher: B.blumenladenVorher)),
        waehlt("UEB-STA-002", "Ummeldung", B.lage(Beispielanzeigen.ummeldung, vorher: B.blumenladenVorher)),
        still("UEB-STA-002", "Anmeldung", B.lage(Beispielanzeigen.einzelunternehmen)),
        waehlt("UEB-IHK-001", "Anmeldung eines Handwerkers", B.lage(B.friseur)),
        waehlt("UEB-IHK-001", "Abmeldung", B.lage(Beispielanzeigen.abmeldung, vorher: B.blumenladenVorher)),
        waehlt("UEB-HWK-001", "Art des Betriebes Handwerk", B.lage(B.friseur)),
        waehlt(
            "UEB-HWK-001", "Tätigkeit der Anlage A ohne Kreuz bei Handwerk",
            B.lage(
                B.geaendert(Beispielanzeigen.handwerk) {
                    $0.betriebsart = Betriebsart(sonstiges: true)
                    $0.handwerkskarte = nil
                })),
        waehlt(
            "UEB-HWK-001", "Abmeldung eines Betriebs, der vorher Handwerk war",
            B.lage(
                B.geaendert(Beispielanzeigen.abmeldung) { $0.betriebsart = nil },
                vorher: {
                    var zustand = B.blumenladenVorher
                    zustand.angaben.betriebsart = Betriebsart(handwerk: true)
                    return zustand
                }())),
        still(
            "UEB-HWK-001", "Änderungsschneiderei (kein Handwerk der Anlage A)",
            B.lage(Beispielanzeigen.einzelunternehmen)),
        still("UEB-HWK-001", "Software-GmbH", B.lage(Beispielanzeigen.gmbh)),
        waehlt("UEB-EA-001", "Anmeldung", B.lage(Beispielanzeigen.gmbh)),
        waehlt("UEB-DGU-001", "Anmeldung", B.lage(Beispielanzeigen.gmbh)),
        waehlt("UEB-RG-001", "Abmeldung einer GmbH im HRB", B.lage(B.gmbhAbmeldung)),
        waehlt(
            "UEB-RG-001", "Abmeldung, Register nur im früheren Zustand",
            B.lage(
                B.geaendert(Beispielanzeigen.abmeldung) { $0.inhaber?.register = nil },
                vorher: {
                    var zustand = B.blumenladenVorher
                    zustand.angaben.inhaber?.register = Registereintrag(
                        art: .hra, gericht: "Amtsgericht Eschwege", nummer: "7")
                    return zustand
                }())),
        still("UEB-RG-001", "Anmeldung einer GmbH im HRB", B.lage(Beispielanzeigen.gmbh)),
        still(
            "UEB-RG-001", "Abmeldung eines nicht eingetragenen Einzelunternehmens", B.lage(Beispielanzeigen.abmeldung)),
        still(
            "UEB-RG-001", "Abmeldung einer Partnerschaft (Partnerschaftsregister)",
            B.lage(
                B.geaendert(B.gmbhAbmeldung) {
                    $0.inhaber?.register = Registereintrag(art: .pr, gericht: "Amtsgericht Frankfurt", nummer: "1")
                })),
        still(
            "UEB-RG-001", "Abmeldung einer unselbständigen Zweigstelle",
            B.lage(B.geaendert(B.gmbhAbmeldung) { $0.niederlassungsart = .unselbstaendigeZweigstelle })),
        waehlt("UEB-FA-001", "Anmeldung", B.lage(Beispielanzeigen.einzelunternehmen)),
        waehlt(
            "UEB-ZV-001", "Anmeldung mit Anhaltspunkten",
            B.lage(Beispielanzeigen.gmbh, anhaltspunkte: "Scheinselbständigkeit")),
        still("UEB-ZV-001", "Anmeldung ohne Anhaltspunkte", B.lage(Beispielanzeigen.gmbh)),
        still("UEB-ZV-001", "Anhaltspunkte nur Leerzeichen", B.lage(Beispielanzeigen.gmbh, anhaltspunkte: "  ")),
        still(
            "UEB-ZV-001", "Ummeldung mit Anhaltspunkten (nur Anmeldungen)",
            B.lage(Beispielanzeigen.ummeldung, vorher: B.blumenladenVorher, anhaltspunkte: "x")),
        waehlt(
            "UEB-ZV-002", "Land: jede Anmeldung, ohne Anhaltspunkte",
            B.lage(Beispielanzeigen.gmbh, einstellungen: .init(zoll: .jedeAnmeldung))),
        still("UEB-ZV-002", "Gesetz: nur mit Anhaltspunkten", B.lage(Beispielanzeigen.gmbh)),
        still(
            "UEB-ZV-002", "Land: jede Anmeldung, mit Anhaltspunkten (dann UEB-ZV-001)",
            B.lage(Beispielanzeigen.gmbh, einstellungen: .init(zoll: .jedeAnmeldung), anhaltspunkte: "x")),
        waehlt("UEB-IS-001", "Anmeldung", B.lage(Beispielanzeigen.einzelunternehmen)),
        waehlt("UEB-AS-001", "Anmeldung", B.lage(Beispielanzeigen.einzelunternehmen)),
        waehlt("UEB-LUE-001", "Imbiss (WZ 56.10.5)", B.lage(B.imbiss)),
        waehlt(
            "UEB-LUE-001", "Bäckerei nach Stichwort, ohne WZ",
            B.lage(
                B.geaendert(Beispielanzeigen.einzelunternehmen) {
                    $0.taetigkeiten = [Taetigkeit(beschreibung: "Bäckerei und Café", schwerpunkt: true)]
                })),
        waehlt(
            "UEB-LUE-001", "WZ 2025 Getränkeherstellung",
            B.lage(
                B.geaendert(Beispielanzeigen.einzelunternehmen) {
                    $0.taetigkeiten = [
                        Taetigkeit(
                            beschreibung: "Brauerei", schwerpunkt: true,
                            wz: WZAngabe(klassifikation: .wz2025, code: "11.05.0"))
                    ]
                })),
        still("UEB-LUE-001", "Änderungsschneiderei", B.lage(Beispielanzeigen.einzelunternehmen)),
        still("UEB-LUE-001", "Blumenladen (WZ 47.76.1, nicht 47.76.2)", B.lage(Beispielanzeigen.blumenladenAnmeldung)),
        waehlt(
            "UEB-ERL-001", "Versicherungsvermittler (§ 34d GewO)",
            B.lage(
                B.geaendert(Beispielanzeigen.einzelunternehmen) {
                    $0.taetigkeiten = [
                        Taetigkeit(
                            beschreibung: "Versicherungsvermittlung", schwerpunkt: true,
                            wz: WZAngabe(klassifikation: .wz2008, code: "66.22.0"))
                    ]
                })),
        waehlt(
            "UEB-ERL-001", "Erlaubnis angegeben",
            B.lage(
                B.geaendert(Beispielanzeigen.einzelunternehmen) {
                    $0.erlaubnis = Nachweis(
                        liegtVor: true, ausgestelltAm: Datum(iso: "2026-10-01"), ausgestelltVon: "x")
                })),
        still("UEB-ERL-001", "Software-GmbH", B.lage(Beispielanzeigen.gmbh)),
        waehlt("UEB-ABH-001", "türkische Staatsangehörige", B.lage(B.drittstaat)),
        still("UEB-ABH-001", "polnischer Geschäftsführer (EU)", B.lage(Beispielanzeigen.gmbh)),
        still(
            "UEB-ABH-001", "Geschäftsführer aus einem Drittstaat mit Wohnsitz im Ausland",
            B.lage(
                B.geaendert(Beispielanzeigen.gmbh) {
                    $0.personen?[1].staatsangehoerigkeiten = ["163"]
                    $0.personen?[1].wohnanschrift = Anschrift(
                        strasse: "Istiklal Caddesi", hausnummer: "1", plz: "34430", ort: "Istanbul", staat: "TR")
                })),
        waehlt("UEB-RMV-001", "Verlegung aus Kassel (nicht in dieser Instanz)", B.lage(B.verlegungVonAussen)),
        still(
            "UEB-RMV-001", "Verlegung aus Sontra (in dieser Instanz)",
            B.lage(Beispielanzeigen.verlegung, herkunftInInstanz: true)),
        still(
            "UEB-RMV-001", "Verlegung vor dem Rückmeldeverfahren (Eingang Oktober 2025)",
            B.lage(
                B.geaendert(B.verlegungVonAussen) {
                    $0.eingangsdatum = Datum(iso: "2025-10-30")
                    $0.beginn = Datum(iso: "2025-10-30")
                })),
        still("UEB-RMV-001", "Neugründung", B.lage(Beispielanzeigen.einzelunternehmen)),
    ]
}

@Suite struct UebermittlungsregelTests {
    @Test(arguments: Uebermittlungsfaelle.alle)
    func regel(_ fall: Uebermittlungsfall) throws {
        let regel = try #require(Uebermittlungsregeln.alle.first { $0.id == fall.regel })
        let grund = regel.grund(fall.lage)
        #expect((grund != nil) == fall.waehlt, "\(grund ?? "kein Grund")")
        if let grund { #expect(!grund.isEmpty) }
    }

    @Test func jedeRegelHatEineZeileDieWaehltUndEineDieSchweigt() {
        let ausnahmen: Set<String> = [
            "UEB-IHK-001", "UEB-EA-001", "UEB-DGU-001", "UEB-FA-001", "UEB-IS-001", "UEB-AS-001",
        ]
        for regel in Uebermittlungsregeln.alle {
            let zeilen = Uebermittlungsfaelle.alle.filter { $0.regel == regel.id }
            #expect(zeilen.contains { $0.waehlt }, "\(regel.id) ohne Zeile, die wählt")
            if !ausnahmen.contains(regel.id) {
                #expect(zeilen.contains { !$0.waehlt }, "\(regel.id) ohne Zeile, die schweigt")
            }
        }
        // The rules without a silent row hold for every Anzeige: every form and every fixture.
        for id in ausnahmen {
            let regel = Uebermittlungsregeln.alle.first { $0.id == id }
            #expect(regel?.meldearten == Set(Meldeart.allCases), "\(id)")
            for beispiel in Beispielanzeigen.alle {
                #expect(regel?.grund(B.lage(beispiel.anzeige)) != nil, "\(id) \(beispiel.name)")
            }
        }
    }

    @Test func idsSindEindeutigUndHabenEineRechtsgrundlage() {
        let ids = Uebermittlungsregeln.alle.map(\.id) + Uebermittlungsregeln.verfahren.map(\.id)
        #expect(Set(ids).count == ids.count)
        for regel in Uebermittlungsregeln.alle {
            #expect(regel.id.hasPrefix("UEB-") && !regel.rechtsgrundlage.isEmpty && !regel.titel.isEmpty)
        }
    }
}

@Suite struct UebermittlungsplanTests {
    static func empfaenger(_ lage: Uebermittlungslage) -> [Empfaengerart] { Uebermittlung.plan(lage).empfaenger }

    static let immer: [Empfaengerart] = [
        .statistik, .ihk, .eichbehoerde, .dguv, .finanzamt, .immissionsschutz, .arbeitsschutz,
    ]

    /// Catalogue order of the expected recipients.
    static func geordnet(_ arten: [Empfaengerart]) -> [Empfaengerart] {
        let reihenfolge = Uebermittlungsregeln.alle.map(\.empfaenger)
        return Set(arten).sorted { reihenfolge.firstIndex(of: $0)! < reihenfolge.firstIndex(of: $1)! }
    }

    @Test func friseurMitHandwerkskarte() {
        #expect(Self.empfaenger(B.lage(B.friseur)) == Self.geordnet(Self.immer + [.hwk]))
    }

    @Test func gmbhMitZweiGeschaeftsfuehrern() {
        #expect(Self.empfaenger(B.lage(Beispielanzeigen.gmbh)) == Self.geordnet(Self.immer))
    }

    @Test func ummeldungMitZustandVorher() {
        let plan = Uebermittlung.plan(B.lage(Beispielanzeigen.ummeldung, vorher: B.blumenladenVorher))
        #expect(plan.empfaenger == Self.geordnet(Self.immer))
        #expect(plan.nachrichten.allSatisfy { $0.nachrichtenart == .ummeldung })
        #expect(plan.nachrichten.first { $0.empfaenger == .statistik }?.regeln == ["UEB-STA-002"])
    }

    @Test func abmeldungEinerHRBGesellschaft() {
        let plan = Uebermittlung.plan(B.lage(B.gmbhAbmeldung))
        #expect(plan.empfaenger == Self.geordnet(Self.immer + [.registergericht]))
        #expect(
            plan.nachrichten.first { $0.empfaenger == .registergericht }?.nachrichtentyp == "rg.gewerbemeldung.0240")
    }

    @Test func drittstaatsangehoerige() {
        let plan = Uebermittlung.plan(B.lage(B.drittstaat))
        #expect(plan.empfaenger == Self.geordnet(Self.immer + [.auslaenderbehoerde]))
        #expect(plan.nachrichten.last?.nachrichtentyp == "abh.gewerbemeldung.0500")
    }

    @Test func lebensmittelbetrieb() {
        #expect(Self.empfaenger(B.lage(B.imbiss)) == Self.geordnet(Self.immer + [.lebensmittelueberwachung]))
    }

    @Test func verlegungVonAusserhalbDerInstanz() throws {
        let plan = Uebermittlung.plan(B.lage(B.verlegungVonAussen))
        #expect(plan.empfaenger == Self.geordnet(Self.immer) + [.gewerbeamt])
        let rueckmeldung = try #require(plan.nachrichten.last)
        #expect(rueckmeldung.gemeindeschluessel == B.kassel)
        #expect(rueckmeldung.regeln == ["UEB-RMV-001"])
        // Within the instance the Rueckmeldung is done here, no message leaves.
        #expect(!Self.empfaenger(B.lage(Beispielanzeigen.verlegung, herkunftInInstanz: true)).contains(.gewerbeamt))
    }

    @Test func berichtigungNachDerUebermittlung() {
        let erste = Uebermittlung.plan(B.lage(B.verlegungVonAussen)).nachrichten
        let aktualisierung = Uebermittlung.datenaktualisierung(nach: erste)
        #expect(aktualisierung.map(\.empfaenger) == erste.map(\.empfaenger).filter { $0 != .gewerbeamt })
        #expect(aktualisierung.allSatisfy { $0.nachrichtenart == .datenaktualisierung && $0.regeln == ["UEB-DAT-001"] })
        #expect(zip(aktualisierung, erste).allSatisfy { $0.nachrichtentyp == $1.nachrichtentyp })
    }

    @Test func verzichtLaesstDenEmpfaengerAusUndNenntIhn() {
        let plan = Uebermittlung.plan(B.lage(B.friseur, einstellungen: .init(verzicht: [.ihk, .eichbehoerde, .zoll])))
        #expect(plan.empfaenger == Self.geordnet(Self.immer + [.hwk]).filter { $0 != .ihk && $0 != .eichbehoerde })
        // The Zoll was not chosen (no Anhaltspunkte), so its waiver is not worth a mention.
        #expect(plan.verzichtet == [.ihk, .eichbehoerde])
    }

    @Test func zollTraegtDasVerdachtsmoment() {
        let mit = Uebermittlung.plan(B.lage(Beispielanzeigen.gmbh, anhaltspunkte: "Scheinselbständigkeit"))
        #expect(mit.nachrichten.first { $0.empfaenger == .zoll }?.verdachtsmoment == true)
        let jede = Uebermittlung.plan(B.lage(Beispielanzeigen.gmbh, einstellungen: .init(zoll: .jedeAnmeldung)))
        #expect(jede.nachrichten.first { $0.empfaenger == .zoll }?.verdachtsmoment == false)
        #expect(jede.nachrichten.filter { $0.empfaenger != .zoll }.allSatisfy { $0.verdachtsmoment == nil })
        #expect(!Self.empfaenger(B.lage(Beispielanzeigen.gmbh)).contains(.zoll))
    }

    @Test func verteilplattformErhaeltEineNachrichtFuerAlle() throws {
        let einstellungen = Uebermittlungseinstellungen(verteilplattform: true)
        let plan = Uebermittlung.plan(B.lage(B.verlegungVonAussen, einstellungen: einstellungen, anhaltspunkte: "x"))
        #expect(plan.empfaenger == [.verteilplattform, .gewerbeamt])
        let alg = try #require(plan.nachrichten.first)
        #expect(alg.nachrichtentyp == "alg.gewerbemeldung.0300")
        #expect(alg.verdachtsmoment == true)
        let einzeln = Uebermittlung.plan(B.lage(B.verlegungVonAussen, anhaltspunkte: "x")).nachrichten
        #expect(
            alg.regeln
                == ["UEB-ALG-001"] + einzeln.filter { $0.empfaenger != .gewerbeamt }.flatMap(\.regeln))
    }

    @Test func einEmpfaengerEineNachrichtAuchWennZweiRegelnWaehlen() {
        for beispiel in Beispielanzeigen.alle {
            let plan = Uebermittlung.plan(B.lage(beispiel.anzeige, anhaltspunkte: "x"))
            #expect(Set(plan.empfaenger).count == plan.empfaenger.count, "\(beispiel.name)")
        }
    }
}

@Suite struct EmpfaengerverzeichnisTests {
    static func ausgeliefert() throws -> Empfaengerverzeichnis {
        try Empfaengerverzeichnis(
            empfaenger: Paket.text("config/empfaenger.csv"), einstellungen: Paket.text("config/uebermittlung.csv"))
    }

    @Test func dasAusgelieferteVerzeichnisNenntFuerJedeGemeindeJedenEmpfaenger() throws {
        let verzeichnis = try Self.ausgeliefert()
        let kommunen = try CSVTest.zeilen(Paket.text("config/kommunen.csv")).map { $0[0] }
        #expect(kommunen.count == 11)
        for ags in kommunen {
            for art in Empfaengerart.allCases where art != .verteilplattform {
                let adresse = verzeichnis.adresse(art, ags: ags)
                #expect(adresse != nil, "\(ags) \(art)")
                #expect(adresse.map { !$0.quelle.isEmpty } ?? false, "\(ags) \(art): Quelle fehlt")
            }
            #expect(verzeichnis.einstellungen(ags: ags) == Uebermittlungseinstellungen())
        }
        #expect(verzeichnis.adresse(.hwk, ags: "06636001")?.dvdv == "hwk:00043")
        #expect(verzeichnis.adresse(.gewerbeamt, ags: "06611000")?.dvdv == "MELDID:06611000")
    }

    @Test func eineGemeindeZeileGehtDerSternzeileVor() throws {
        let empfaenger = """
            ags,empfaenger,name,praefix,kennung,verzicht,belegt,quelle
            *,ihk,IHK Kassel-Marburg,ihk,,nein,ja,x
            06636001,ihk,IHK Beispiel,ihk,4711,ja,nein,y
            *,verteilplattform,Verteilplattform Hessen,xga,1,nein,nein,z
            """
        let einstellungen = """
            ags,verteilplattform,zoll
            *,nein,beiAnhaltspunkten
            06636002,ja,jedeAnmeldung
            """
        let verzeichnis = try Empfaengerverzeichnis(empfaenger: empfaenger, einstellungen: einstellungen)
        #expect(verzeichnis.adresse(.ihk, ags: "06636001")?.name == "IHK Beispiel")
        #expect(verzeichnis.adresse(.ihk, ags: "06636002")?.name == "IHK Kassel-Marburg")
        #expect(verzeichnis.einstellungen(ags: "06636001").verzicht == [.ihk])
        #expect(verzeichnis.einstellungen(ags: "06636002").verzicht == [])
        #expect(verzeichnis.einstellungen(ags: "06636002").verteilplattform)
        #expect(verzeichnis.einstellungen(ags: "06636002").zoll == .jedeAnmeldung)
        #expect(!verzeichnis.einstellungen(ags: "06636001").verteilplattform)
    }

    @Test func jederFehlerMitZeileAufEinmal() {
        let empfaenger = """
            ags,empfaenger,name,praefix,kennung,verzicht,belegt,quelle
            0663600,ihk,IHK,ihk,,nein,ja,x
            *,kammer,IHK,ihk,,nein,ja,x
            *,hwk,HWK,hwkx,,nein,ja,x
            *,dguv,DGUV,xga,,vielleicht,ja,x
            *,zoll,,hza,,nein,ja,x
            *,ihk,IHK,ihk,,nein,ja
            *,fa,FA,fin,,nein,ja,x
            *,gewerbeamt,Amt,MELDID,,nein,ja,x
            *,statistik,HSL,xga,,nein,ja,x
            *,statistik,HSL,xga,,nein,ja,x
            """
        let einstellungen = """
            ags,verteilplattform,zoll
            *,ja,immer
            06636001,ja,beiAnhaltspunkten
            """
        do {
            _ = try Empfaengerverzeichnis(empfaenger: empfaenger, einstellungen: einstellungen)
            Issue.record("erwartet: Fehler")
        } catch {
            let zeilen = error.fehler.map { "\($0.datei):\($0.zeile)" }
            #expect(
                zeilen == [
                    "empfaenger.csv:2", "empfaenger.csv:3", "empfaenger.csv:4", "empfaenger.csv:5", "empfaenger.csv:6",
                    "empfaenger.csv:7", "empfaenger.csv:8", "empfaenger.csv:9", "empfaenger.csv:11",
                    "uebermittlung.csv:2", "uebermittlung.csv:1",
                ], "\(error)")
            #expect(error.description.contains("'hwkx'"))
            #expect(error.description.contains("statistik für * ist doppelt"))
            #expect(error.description.contains("06636001: Verteilplattform eingeschaltet"))
        }
    }

    @Test func eineFalscheKopfzeileWirdGenannt() {
        #expect(throws: VerzeichnisfehlerListe.self) {
            try Empfaengerverzeichnis(empfaenger: "ags,art\n", einstellungen: "ags,verteilplattform,zoll\n")
        }
    }
}

/// Rows of a CSV file without quoted fields (header dropped).
enum CSVTest {
    static func zeilen(_ text: String) -> [[String]] {
        text.split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: ",").map(String.init) }
    }
}
