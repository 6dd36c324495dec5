import Foundation
import GewerbeDomain
import GewerbeTestSupport
import Testing

/// A case as a clerk of an Ordnungsamt meets it at the counter, with every finding the law
/// implies: the exact set of `fehler` and `hinweis` rule ids.
struct Sachbearbeiterfall: Sendable, CustomTestStringConvertible {
    let name: String
    let anzeige: Anzeige
    let kontext: Pruefkontext
    let fehler: Set<String>
    let hinweise: Set<String>
    var testDescription: String { name }
}

func fall(
    _ name: String, basis: Basis = .einzelunternehmen, kontext: Pruefkontext = Beispielanzeigen.kontext(),
    fehler: Set<String> = [], hinweise: Set<String> = [], _ aendern: (inout Anzeige) -> Void = { _ in }
) -> Sachbearbeiterfall {
    var anzeige = basis.anzeige
    aendern(&anzeige)
    return Sachbearbeiterfall(name: name, anzeige: anzeige, kontext: kontext, fehler: fehler, hinweise: hinweise)
}

/// A GmbH & Co. KG: the Komplementaer-GmbH files through its Geschaeftsfuehrer.
func zuGmbHUndCoKG(_ anzeige: inout Anzeige) {
    anzeige.inhaber = Inhaber(
        name: "Nordhessen Software GmbH & Co. KG", rechtsform: "230",
        register: Registereintrag(art: .hra, gericht: "Amtsgericht Eschwege", nummer: "804"))
    anzeige.personen = [Beispielanzeigen.gmbh.personen![0]]
    anzeige.anzahlVertretungsberechtigte = 1
}

enum Sachbearbeiterfaelle {
    static let alle: [Sachbearbeiterfall] = [
        // Legal forms and registers
        fall("GbR mit zwei Gesellschaftern, Feld 1 nennt den Mitgesellschafter") { zuGbR(&$0) },
        fall("GbR ohne Angabe der weiteren Gesellschafter", fehler: ["GEW-RF-007"]) {
            zuGbR(&$0)
            $0.inhaber?.weitereGesellschafter = nil
        },
        fall("GbR, deren Gesellschafter sich als Inhaber einträgt", fehler: ["GEW-RF-008"]) {
            zuGbR(&$0)
            $0.person { $0.funktion = .inhaber }
        },
        fall("GbR nennt sich „GmbH“", fehler: ["GEW-RF-005"]) {
            zuGbR(&$0)
            $0.geschaeftsbezeichnung = "Weiß Textil GmbH"
        },
        fall("UG ohne „(haftungsbeschränkt)“: Zusatz fehlt (§ 5a Abs. 1 GmbHG)", basis: .gmbh, hinweise: ["GEW-RF-004"])
        {
            $0.inhaber?.rechtsform = "351"
            $0.inhaber?.name = "Nordhessen Software UG"
        },
        fall("UG firmiert als GmbH", basis: .gmbh, fehler: ["GEW-RF-005"], hinweise: ["GEW-RF-004"]) {
            $0.inhaber?.rechtsform = "351"
        },
        fall("e.K. ohne Handelsregistereintrag", basis: .handwerk, fehler: ["GEW-RF-001"]) {
            $0.inhaber?.register = nil
        },
        fall("Kleingewerbe mit „e.K.“ im Namen", fehler: ["GEW-RF-005"]) {
            $0.geschaeftsbezeichnung = "Änderungsschneiderei Weiß e.K."
        },
        fall("GmbH in Gründung (Vorgesellschaft)", basis: .gmbh, hinweise: ["GEW-RF-006"]) {
            $0.inhaber?.register = nil
            $0.inhaber?.inGruendung = true
            $0.inhaber?.name = "Nordhessen Software GmbH i.G."
        },
        fall("GmbH & Co. KG, angezeigt vom Geschäftsführer der Komplementär-GmbH", basis: .gmbh) { zuGmbHUndCoKG(&$0) },
        fall("GmbH & Co. KG ohne Registereintrag", basis: .gmbh, fehler: ["GEW-RF-001"]) {
            zuGmbHUndCoKG(&$0)
            $0.inhaber?.register = nil
        },
        fall("inländische AG: keine Personenangaben, aber Betriebsleiter", basis: .gmbh) {
            $0.inhaber = Inhaber(
                name: "Werra Energie AG", rechtsform: "310",
                register: Registereintrag(art: .hrb, gericht: "Amtsgericht Eschwege", nummer: "3001"))
            $0.personen = nil
            $0.anzahlVertretungsberechtigte = 3
            $0.betriebsleiter = Name(familienname: "Becker", vornamen: "Jonas")
        },
        fall("ausländische Limited: Rechtsform nicht in der Liste", hinweise: ["GEW-FMT-007"]) {
            $0.inhaber = Inhaber(name: "Weiss Tailoring Ltd.", rechtsform: "Ltd")
        },

        // Persons
        fall("16-Jähriger ohne Genehmigung des Familiengerichts (§ 112 BGB)", fehler: ["GEW-PER-003"]) {
            $0.person { $0.geburtsdatum = datum("2010-06-01") }
        },
        fall("16-Jähriger mit Genehmigung des Familiengerichts") {
            $0.person {
                $0.geburtsdatum = datum("2010-06-01")
                $0.genehmigungFamiliengericht = Nachweis(
                    liegtVor: true, ausgestelltAm: datum("2026-10-15"),
                    ausgestelltVon: "Amtsgericht Eschwege, Familiengericht")
            }
        },
        fall("6-jähriges Kind als Inhaber", fehler: ["GEW-PER-002"]) {
            $0.person { $0.geburtsdatum = datum("2020-05-05") }
        },
        fall("17-jähriger GmbH-Geschäftsführer (§ 6 Abs. 2 GmbHG)", basis: .gmbh, fehler: ["GEW-PER-004"]) {
            $0.person(1) { $0.geburtsdatum = datum("2009-06-01") }
        },
        fall("türkischer Staatsangehöriger ohne Angabe zum Aufenthaltstitel", fehler: ["GEW-PER-005"]) {
            $0.person { $0.staatsangehoerigkeiten = ["163"] }
        },
        fall(
            "türkischer Staatsangehöriger ohne Aufenthaltstitel: annehmen, Ausländerbehörde unterrichten",
            hinweise: ["GEW-PER-006"]
        ) {
            $0.person {
                $0.staatsangehoerigkeiten = ["163"]
                $0.aufenthaltstitel = Aufenthaltstitel(liegtVor: false)
            }
        },
        fall("türkischer Staatsangehöriger mit Niederlassungserlaubnis") {
            $0.person {
                $0.staatsangehoerigkeiten = ["163"]
                $0.aufenthaltstitel = titelOhneAuflage
            }
        },
        fall("Aufenthaltstitel verbietet selbständige Tätigkeit", hinweise: ["GEW-PER-008"]) {
            $0.person {
                $0.staatsangehoerigkeiten = ["163"]
                var titel = titelOhneAuflage
                titel.auflage = true
                titel.auflageText = "Selbständige Tätigkeit nicht gestattet"
                $0.aufenthaltstitel = titel
            }
        },
        fall("Schweizer Staatsangehörige (Freizügigkeitsabkommen)") {
            $0.person { $0.staatsangehoerigkeiten = ["158"] }
        },
        fall("britischer Staatsangehöriger nach dem Brexit", fehler: ["GEW-PER-005"]) {
            $0.person { $0.staatsangehoerigkeiten = ["168"] }
        },
        fall("deutsch-türkische Doppelstaatlerin", basis: .verlegung),
        fall("US-Geschäftsführer mit Wohnsitz in den USA braucht keinen Aufenthaltstitel", basis: .gmbh) {
            $0.person(1) {
                $0.staatsangehoerigkeiten = ["368"]
                $0.wohnanschrift = Anschrift(
                    strasse: "Main Street", hausnummer: "1", plz: "10001", ort: "New York", staat: "US")
            }
        },
        fall("US-Geschäftsführer mit Wohnsitz in Witzenhausen", basis: .gmbh, fehler: ["GEW-PER-005"]) {
            $0.person(1) { $0.staatsangehoerigkeiten = ["368"] }
        },
        fall("zwei Personen bei einem Einzelunternehmen", fehler: ["GEW-RF-008"]) {
            var zweite = Beispielanzeigen.gmbh.personen![0]
            zweite.funktion = .inhaber
            $0.personen?.append(zweite)
        },

        // The Betrieb
        fall("Zweigniederlassung ohne Hauptniederlassung und Betriebsleiter", fehler: ["GEW-PFL-014", "GEW-PFL-016"]) {
            $0.niederlassungsart = .zweigniederlassung
        },
        fall("Zweigniederlassung einer Firma mit Sitz in Österreich") {
            $0.niederlassungsart = .zweigniederlassung
            $0.betriebsleiter = betriebsleiterBeispiel
            $0.hauptniederlassung = Standort(anschrift: anschrift("Hauptplatz", "1", "8010", "Graz", staat: "AT"))
        },
        fall("Betriebsstätte im Ausland", fehler: ["GEW-BTR-014"]) {
            $0.betriebsstaette = Standort(anschrift: anschrift("Hauptplatz", "1", "8010", "Graz", staat: "AT"))
        },
        fall("Reisegewerbe (§ 55c GewO): Scherenschleifer", hinweise: ["GEW-ERL-003"]) {
            $0.niederlassungsart = nil
            $0.reisegewerbe = true
            $0.taetigkeiten = [taetigkeit("Scherenschleifen von Haus zu Haus", wz: "95.29.0")]
        },
        fall("Reisegewerbe und Hauptniederlassung zugleich", fehler: ["GEW-BTR-001"], hinweise: ["GEW-ERL-003"]) {
            $0.reisegewerbe = true
        },
        fall("Betriebsstätte in Eschwege: andere Behörde zuständig", fehler: ["GEW-BTR-004"]) {
            $0.gemeindeschluessel = Beispielanzeigen.fremdeGemeinde.ags
        },
        fall("„Handel mit Waren aller Art“", fehler: ["GEW-FMT-011"]) {
            $0.taetigkeiten = [taetigkeit("Handel mit Waren aller Art", wz: "47.19.1")]
            $0.betriebsart = Betriebsart(handel: true)
        },
        fall("Einzelhandel, aber nur „Sonstiges“ angekreuzt", hinweise: ["GEW-BTR-006"]) {
            $0.taetigkeiten = [taetigkeit("Einzelhandel mit Wolle und Kurzwaren", wz: "47.51.0")]
        },
        fall("Steuerberaterin meldet ihre Kanzlei an (§ 6 Abs. 1 GewO)", hinweise: ["GEW-BTR-013"]) {
            $0.taetigkeiten = [taetigkeit("Steuerberatung", wz: "69.20.3")]
        },
        fall("Landwirt meldet Ackerbau an (Urproduktion)", hinweise: ["GEW-BTR-013"]) {
            $0.taetigkeiten = [taetigkeit("Anbau von Getreide und Raps", wz: "01.11.0")]
        },

        // Permits and Handwerk
        fall("Taxiunternehmen ohne PBefG-Genehmigung", hinweise: ["GEW-ERL-001"]) {
            $0.taetigkeiten = [taetigkeit("Taxibetrieb", wz: "49.32.0")]
        },
        fall("Immobilienmaklerin mit Erlaubnis nach § 34c GewO", basis: .gmbh) {
            $0.taetigkeiten = [taetigkeit("Vermittlung von Wohnungen und Häusern", wz: "68.31.1")]
            $0.erlaubnis = erlaubnisMakler
        },
        fall("Sicherheitsdienst ohne Erlaubnis nach § 34a GewO", basis: .gmbh, hinweise: ["GEW-ERL-001"]) {
            $0.taetigkeiten = [taetigkeit("Bewachung von Baustellen", wz: "80.10.0")]
        },
        fall("Friseurmeisterin ohne Handwerkskarte", hinweise: ["GEW-HWK-001"]) {
            $0.taetigkeiten = [taetigkeit("Friseursalon", wz: "96.02.1")]
            $0.betriebsart = Betriebsart(handwerk: true)
        },
        fall("Kfz-Werkstatt als „Sonstiges“, ohne Handwerkskarte", hinweise: ["GEW-HWK-001", "GEW-HWK-003"]) {
            $0.taetigkeiten = [taetigkeit("Reparatur von Pkw", wz: "45.20.3")]
        },
        fall("Autowaschanlage ist kein zulassungspflichtiges Handwerk") {
            $0.taetigkeiten = [taetigkeit("Betrieb einer Autowaschanlage", wz: "45.20.2")]
        },
        fall("Café in Hessen: Gaststättenanzeige", hinweise: ["GEW-ERL-004"]) {
            $0.taetigkeiten = [taetigkeit("Café mit Kuchen und Ausschank", wz: "56.10.4")]
        },

        // Dates
        fall("Anmeldung drei Monate nach Beginn", hinweise: ["GEW-DAT-003"]) { $0.beginn = datum("2026-08-20") },
        fall("Anmeldung vier Monate im Voraus", fehler: ["GEW-DAT-001"]) { $0.beginn = datum("2027-03-20") },
        fall("Anmeldung sechs Wochen im Voraus", hinweise: ["GEW-DAT-002"]) { $0.beginn = datum("2027-01-01") },
        fall("Unterschrift nach dem Eingang", fehler: ["GEW-DAT-005"]) { $0.datumUnterschrift = datum("2026-11-21") },

        // Reasons and the forms
        fall("Übernahme eines Ladens mit früherem Inhaber, Unfallversicherung nicht bekannt") {
            $0.grundAnmeldung = .uebernahme
            $0.fruehererInhaber = "Schneiderei Krause, Inh. Gisela Krause"
            $0.bisherigeUnfallversicherung = Unfallversicherung(
                traegerNichtBekannt: true, mitgliedsnummerNichtBekannt: true)
        },
        fall("Übernahme ohne früheren Inhaber und ohne Unfallversicherung", fehler: ["GEW-PFL-027", "GEW-PFL-029"]) {
            $0.grundAnmeldung = .uebernahme
        },
        fall("Abmeldung „Übergabe“ ohne künftigen Inhaber", basis: .abmeldung, fehler: ["GEW-PFL-028"]) {
            $0.grundAbmeldung = .uebergabe
            $0.gruendeBetriebsaufgabe = nil
            $0.ursacheAbmeldung = nil
        },
        fall(
            "Abmeldung von Amts wegen nach Mitteilung des Finanzamts (§ 14 Abs. 1 Satz 3, Abs. 4 GewO)",
            basis: .abmeldung
        ) {
            $0.vonAmtsWegen = true
            $0.eingangskanal = .vonAmtsWegen
            $0.datumAufgabe = datum("2026-03-31")
            $0.datumUnterschrift = nil
            $0.gruendeBetriebsaufgabe = nil
            $0.ursacheAbmeldung = .keineAngabe
        },
        fall(
            "Verlegung innerhalb derselben Gemeinde als Anmeldung erstattet", basis: .verlegung, fehler: ["GEW-BTR-009"]
        ) {
            $0.herkunft?.gemeindeschluessel = Beispielanzeigen.witzenhausen.ags
        },
        fall("Ummeldung ohne betriebId", basis: .ummeldung, fehler: ["GEW-LZ-001"]) { $0.betriebId = nil },
        fall(
            "Ummeldung, die nichts ändert (Verlegung an dieselbe Anschrift)", basis: .ummeldung,
            kontext: kontextBlumenladen(), fehler: ["GEW-BTR-007", "GEW-BTR-011"]
        ) {
            $0.gruendeUmmeldung = [.verlegungInnerhalb]
            $0.betriebsstaette = Standort(anschrift: anschrift("Leipziger Straße", "5", "37284", "Waldkappel"))
            $0.taetigkeiten = [
                taetigkeit("Einzelhandel mit Schnittblumen und Topfpflanzen", wz: "47.76.1", status: .weiterhin)
            ]
        },
        fall(
            "Ummeldung wegen Wechsels der Rechtsform statt Ab- und Anmeldung", basis: .ummeldung,
            kontext: kontextBlumenladen(), fehler: ["GEW-BTR-010"]
        ) {
            $0.inhaber = Inhaber(
                name: "Blumen Hartmann GmbH", rechtsform: "350",
                register: Registereintrag(art: .hrb, gericht: "Amtsgericht Eschwege", nummer: "2999"))
            $0.anzahlVertretungsberechtigte = 1
            $0.person { $0.funktion = .gesetzlicherVertreter }
        },
        fall("Namensänderung nach Heirat (Ummeldung)", basis: .ummeldung, kontext: kontextBlumenladen()) {
            $0.gruendeUmmeldung = [.namensaenderung]
            $0.fruehereBetriebsstaette = nil
            $0.betriebsstaette = Beispielanzeigen.blumenladenAnmeldung.betriebsstaette
            $0.taetigkeiten = [
                taetigkeit("Einzelhandel mit Schnittblumen und Topfpflanzen", wz: "47.76.1", status: .weiterhin)
            ]
            $0.person { $0.familienname = "Hartmann-Roth" }
        },
        fall(
            "Abmeldung eines bereits abgemeldeten Betriebs", basis: .abmeldung,
            kontext: Beispielanzeigen.kontext(betrieb: .bekannt(blumenladenAbgemeldet())), fehler: ["GEW-LZ-004"]),
        fall(
            "Abmeldung eines nie angemeldeten Betriebs", basis: .abmeldung,
            kontext: Beispielanzeigen.kontext(betrieb: .unbekannt), fehler: ["GEW-LZ-003"]),
        fall(
            "Doppelanmeldung derselben Person an derselben Betriebsstätte",
            kontext: Beispielanzeigen.kontext(aehnlicheBetriebe: [
                Beispielanzeigen.blumenladenZustand(nachUmmeldung: false)
            ]),
            hinweise: ["GEW-LZ-007"]),
        fall("Anmeldung auf dem alten Vordruck von 2019 im November 2026", hinweise: ["GEW-DAT-008"]) {
            $0.formularversion = .v2019
        },
    ]
}

@Suite("Fälle aus der Sachbearbeitung")
struct SachbearbeiterTests {
    @Test("Die Befunde, die das Recht verlangt – nicht mehr und nicht weniger", arguments: Sachbearbeiterfaelle.alle)
    func befunde(_ fall: Sachbearbeiterfall) {
        let ergebnis = Pruefer.pruefe(fall.anzeige, kontext: fall.kontext)
        let fehler = Set(ergebnis.fehler.map(\.regel))
        let hinweise = Set(ergebnis.hinweise.map(\.regel))
        let text = ergebnis.befunde.map { "\($0.regel) \($0.feldpfad): \($0.meldung)" }.joined(separator: "\n")
        #expect(fehler == fall.fehler, "\(text)")
        #expect(hinweise == fall.hinweise, "\(text)")
        #expect(ergebnis.istAnnehmbar == fall.fehler.isEmpty)
    }
}
