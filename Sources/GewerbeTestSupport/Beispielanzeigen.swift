import Foundation
import GewerbeDomain

/// Complete, valid Anzeigen of every kind the tests need, built around the municipalities of
/// `config/kommunen.csv` (Werra-Meissner-Kreis, AGS 06636xxx) and a fixed "heute".
///
/// Every fixture validates without any finding against ``kontext(betrieb:)``; tests derive
/// broken variants by changing one field. The JSON files in `docs/examples/` are the same
/// Anzeigen (a test compares them), so the documentation shows what the tests use.
public enum Beispielanzeigen {
    /// The fixed day of every test: 20 November 2026 (after the start of the
    /// Rueckmeldeverfahren on 1 November 2025).
    public static let heute = Datum(jahr: 2026, monat: 11, tag: 20)!

    /// A municipality of the IT group (one row of `config/kommunen.csv`).
    public struct Kommune: Sendable, Hashable {
        public let ags: String
        public let name: String
        /// The office's name as it appears in the header of the forms.
        public var stelle: String { "\(name), Ordnungsamt" }
    }

    /// The eleven municipalities of the IT group, as in `config/kommunen.csv`.
    public static let kommunen: [Kommune] = [
        Kommune(ags: "06636001", name: "Bad Sooden-Allendorf"),
        Kommune(ags: "06636002", name: "Berkatal"),
        Kommune(ags: "06636005", name: "Herleshausen"),
        Kommune(ags: "06636007", name: "Meinhard"),
        Kommune(ags: "06636009", name: "Neu-Eichenberg"),
        Kommune(ags: "06636010", name: "Ringgau"),
        Kommune(ags: "06636011", name: "Sontra"),
        Kommune(ags: "06636012", name: "Waldkappel"),
        Kommune(ags: "06636014", name: "Wehretal"),
        Kommune(ags: "06636015", name: "Weißenborn"),
        Kommune(ags: "06636016", name: "Witzenhausen"),
    ]

    /// Eschwege: in the Kreis, but not in the IT group (another office is competent).
    public static let fremdeGemeinde = Kommune(ags: "06636003", name: "Eschwege")

    public static let sontra = kommunen[6]
    public static let waldkappel = kommunen[7]
    public static let witzenhausen = kommunen[10]
    public static let badSoodenAllendorf = kommunen[0]

    /// The AGS of all eleven municipalities (the competence of the office in the tests).
    public static var zustaendigeGemeinden: Set<String> { Set(kommunen.map(\.ags)) }

    /// The validation context of the tests: fixed `heute`, competence for all eleven
    /// municipalities, and the Betrieb as given (default: not looked up).
    public static func kontext(
        betrieb: Pruefkontext.BetriebsLage = .nichtGeprueft, aehnlicheBetriebe: [BetriebZustand] = []
    ) -> Pruefkontext {
        Pruefkontext(
            heute: heute, zustaendigeGemeinden: zustaendigeGemeinden, betrieb: betrieb,
            aehnlicheBetriebe: aehnlicheBetriebe)
    }

    // MARK: - Ids of the Betriebe the fixtures refer to

    /// The flower shop in Waldkappel that the Ummeldung and the Abmeldung refer to.
    public static let betriebIdBlumenladen = UUID(uuidString: "6f1c2a4e-8b3d-4e5f-9a10-1b2c3d4e5f60")!
    /// The office service in Sontra that moves to Witzenhausen.
    public static let betriebIdSchreibbueroSontra = UUID(uuidString: "0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d")!

    // MARK: - Helpers

    static func datum(_ iso: String) -> Datum { Datum(iso: iso)! }

    static func anschrift(_ strasse: String, _ hausnummer: String, _ plz: String, _ ort: String) -> Anschrift {
        Anschrift(strasse: strasse, hausnummer: hausnummer, plz: plz, ort: ort)
    }

    // MARK: - GewA 1: Einzelunternehmen (= docs/examples/anmeldung-einzelunternehmen.json)

    /// GewA 1, Neugruendung of a tailor's shop (nicht eingetragenes Einzelunternehmen) in Sontra.
    public static var einzelunternehmen: Anzeige {
        Anzeige(
            meldeart: .anmeldung, formularversion: .v2025, gemeindeschluessel: sontra.ags,
            entgegennehmendeStelle: "Stadt Sontra, Ordnungsamt", eingangsdatum: datum("2026-11-20"),
            eingangskanal: .schalter, inhaber: Inhaber(rechtsform: "180"),
            geschaeftsbezeichnung: "Änderungsschneiderei Weiß",
            personen: [
                Person(
                    funktion: .inhaber, familienname: "Weiß", vornamen: "Jürgen Günther", geschlecht: .maennlich,
                    geburtsdatum: datum("1984-03-17"), geburtsort: "Eschwege", geburtsland: "Deutschland",
                    staatsangehoerigkeiten: ["000"], wohnanschrift: anschrift("Niederstadt", "12", "36205", "Sontra"),
                    kontakt: Kontakt(telefon: "05653 12345", email: "weiss@example.org"))
            ],
            beteiligungOeffentlicheHand: .nein,
            betriebsstaette: Standort(anschrift: anschrift("Marktplatz", "3", "36205", "Sontra")),
            taetigkeiten: [
                Taetigkeit(
                    beschreibung: "Änderungsschneiderei und Reparatur von Bekleidung", schwerpunkt: true,
                    wz: WZAngabe(klassifikation: .wz2008, code: "95.29.0"))
            ],
            nebenerwerb: false, beginn: datum("2026-12-01"), betriebsart: Betriebsart(sonstiges: true),
            beschaeftigte: Beschaeftigte(keine: true), niederlassungsart: .hauptniederlassung,
            grundAnmeldung: .neugruendung, datumUnterschrift: datum("2026-11-20"))
    }

    // MARK: - GewA 1: GmbH with two Geschaeftsfuehrer

    /// GewA 1, Neugruendung of a software GmbH in Witzenhausen with two Geschaeftsfuehrer.
    public static var gmbh: Anzeige {
        Anzeige(
            meldeart: .anmeldung, formularversion: .v2025, gemeindeschluessel: witzenhausen.ags,
            entgegennehmendeStelle: "Stadt Witzenhausen, Ordnungsamt", eingangsdatum: datum("2026-11-19"),
            eingangskanal: .online,
            inhaber: Inhaber(
                name: "Nordhessen Software GmbH", rechtsform: "350",
                register: Registereintrag(art: .hrb, gericht: "Amtsgericht Eschwege", nummer: "2417")),
            personen: [
                Person(
                    funktion: .gesetzlicherVertreter, familienname: "Krüger", vornamen: "Anna Sophie",
                    geschlecht: .weiblich, geburtsname: "Lange", geburtsdatum: datum("1979-06-02"),
                    geburtsort: "Göttingen", geburtsland: "Deutschland", staatsangehoerigkeiten: ["000"],
                    wohnanschrift: anschrift("Am Sande", "4", "37213", "Witzenhausen"),
                    kontakt: Kontakt(email: "a.krueger@nordhessen-software.example")),
                Person(
                    funktion: .gesetzlicherVertreter, familienname: "Nowak", vornamen: "Piotr",
                    geschlecht: .maennlich, geburtsdatum: datum("1988-11-23"), geburtsort: "Wrocław",
                    geburtsland: "Polen", staatsangehoerigkeiten: ["152"],
                    wohnanschrift: anschrift("Steinstraße", "21", "37213", "Witzenhausen")),
            ],
            anzahlVertretungsberechtigte: 2, beteiligungOeffentlicheHand: .nein,
            betriebsstaette: Standort(
                anschrift: anschrift("Nordbahnhofstraße", "10", "37213", "Witzenhausen"),
                kontakt: Kontakt(
                    telefon: "05542 9876", email: "info@nordhessen-software.example",
                    internet: "https://nordhessen-software.example")),
            taetigkeiten: [
                Taetigkeit(
                    beschreibung: "Entwicklung von Software für Kommunalverwaltungen", schwerpunkt: true,
                    wz: WZAngabe(klassifikation: .wz2008, code: "62.01.9")),
                Taetigkeit(
                    beschreibung: "IT-Beratung", schwerpunkt: false,
                    wz: WZAngabe(klassifikation: .wz2008, code: "62.02.0")),
            ],
            nebenerwerb: false, beginn: datum("2026-12-01"), betriebsart: Betriebsart(sonstiges: true),
            beschaeftigte: Beschaeftigte(vollzeit: 4, teilzeit: 2), niederlassungsart: .hauptniederlassung,
            grundAnmeldung: .neugruendung)
    }

    // MARK: - GewA 1: Handwerk der Anlage A with Handwerkskarte

    /// GewA 1, Neugruendung of an electrician (e.K., Anlage A Nr. 25 HwO) in Bad Sooden-Allendorf,
    /// with Handwerkskarte.
    public static var handwerk: Anzeige {
        Anzeige(
            meldeart: .anmeldung, formularversion: .v2025, gemeindeschluessel: badSoodenAllendorf.ags,
            entgegennehmendeStelle: "Stadt Bad Sooden-Allendorf, Ordnungsamt", eingangsdatum: datum("2026-11-18"),
            eingangskanal: .post,
            inhaber: Inhaber(
                name: "Elektrotechnik Schäfer e.K.", rechtsform: "170",
                register: Registereintrag(art: .hra, gericht: "Amtsgericht Eschwege", nummer: "1187")),
            personen: [
                Person(
                    funktion: .inhaber, familienname: "Schäfer", vornamen: "Lukas", geschlecht: .maennlich,
                    geburtsdatum: datum("1992-01-09"), geburtsort: "Kassel", geburtsland: "Deutschland",
                    staatsangehoerigkeiten: ["000"],
                    wohnanschrift: anschrift("Kirchstraße", "7", "37242", "Bad Sooden-Allendorf"),
                    kontakt: Kontakt(mobil: "0170 1234567"))
            ],
            beteiligungOeffentlicheHand: .nein,
            betriebsstaette: Standort(anschrift: anschrift("Am Gradierwerk", "2", "37242", "Bad Sooden-Allendorf")),
            taetigkeiten: [
                Taetigkeit(
                    beschreibung: "Elektroinstallation in Wohn- und Gewerbegebäuden", schwerpunkt: true,
                    wz: WZAngabe(klassifikation: .wz2008, code: "43.21.0"))
            ],
            nebenerwerb: false, beginn: datum("2026-12-01"), betriebsart: Betriebsart(handwerk: true),
            beschaeftigte: Beschaeftigte(vollzeit: 1, teilzeit: 0), niederlassungsart: .hauptniederlassung,
            grundAnmeldung: .neugruendung,
            handwerkskarte: Nachweis(
                liegtVor: true, ausgestelltAm: datum("2026-11-02"), ausgestelltVon: "Handwerkskammer Kassel"),
            datumUnterschrift: datum("2026-11-16"))
    }

    // MARK: - The flower shop in Waldkappel: Anmeldung (history), Ummeldung, Abmeldung

    /// The Anmeldung of 2021 that opened the flower shop in Waldkappel (history of
    /// ``ummeldung`` and ``abmeldung``).
    public static var blumenladenAnmeldung: Anzeige {
        Anzeige(
            meldeart: .anmeldung, formularversion: .v2019, gemeindeschluessel: waldkappel.ags,
            entgegennehmendeStelle: "Stadt Waldkappel, Ordnungsamt", eingangsdatum: datum("2021-04-01"),
            eingangskanal: .schalter, inhaber: Inhaber(rechtsform: "180"),
            geschaeftsbezeichnung: "Blumen Hartmann",
            personen: [blumenladenInhaberin],
            beteiligungOeffentlicheHand: .nein,
            betriebsstaette: Standort(anschrift: anschrift("Leipziger Straße", "5", "37284", "Waldkappel")),
            taetigkeiten: [
                Taetigkeit(
                    beschreibung: "Einzelhandel mit Schnittblumen und Topfpflanzen", schwerpunkt: true,
                    wz: WZAngabe(klassifikation: .wz2008, code: "47.76.1"))
            ],
            nebenerwerb: false, beginn: datum("2021-04-01"), betriebsart: Betriebsart(handel: true),
            beschaeftigte: Beschaeftigte(teilzeit: 1), niederlassungsart: .hauptniederlassung,
            grundAnmeldung: .neugruendung, datumUnterschrift: datum("2021-04-01"))
    }

    static var blumenladenInhaberin: Person {
        Person(
            funktion: .inhaber, familienname: "Hartmann", vornamen: "Elke", geschlecht: .weiblich,
            geburtsname: "Vogt", geburtsdatum: datum("1961-08-30"), geburtsort: "Waldkappel",
            geburtsland: "Deutschland", staatsangehoerigkeiten: ["000"],
            wohnanschrift: anschrift("Bergstraße", "14", "37284", "Waldkappel"))
    }

    /// GewA 2 of the flower shop: it moves within Waldkappel and adds a delivery service.
    public static var ummeldung: Anzeige {
        Anzeige(
            meldeart: .ummeldung, formularversion: .v2025, gemeindeschluessel: waldkappel.ags,
            entgegennehmendeStelle: "Stadt Waldkappel, Ordnungsamt", betriebId: betriebIdBlumenladen,
            eingangsdatum: datum("2026-11-20"), eingangskanal: .schalter, inhaber: Inhaber(rechtsform: "180"),
            geschaeftsbezeichnung: "Blumen Hartmann",
            personen: [blumenladenInhaberin],
            beteiligungOeffentlicheHand: .nein,
            betriebsstaette: Standort(anschrift: anschrift("Marktplatz", "1", "37284", "Waldkappel")),
            fruehereBetriebsstaette: Standort(anschrift: anschrift("Leipziger Straße", "5", "37284", "Waldkappel")),
            taetigkeiten: [
                Taetigkeit(
                    beschreibung: "Einzelhandel mit Schnittblumen und Topfpflanzen", schwerpunkt: true,
                    wz: WZAngabe(klassifikation: .wz2008, code: "47.76.1"), status: .weiterhin),
                Taetigkeit(
                    beschreibung: "Lieferdienst für Blumen und Gestecke", schwerpunkt: false,
                    wz: WZAngabe(klassifikation: .wz2008, code: "53.20.0"), status: .neu),
            ],
            datumAenderung: datum("2026-11-16"), beschaeftigte: Beschaeftigte(teilzeit: 2),
            niederlassungsart: .hauptniederlassung, gruendeUmmeldung: [.verlegungInnerhalb, .ausdehnungDerTaetigkeit],
            datumUnterschrift: datum("2026-11-20"))
    }

    /// GewA 3 of the flower shop: vollstaendige Aufgabe for reasons of age, after the Ummeldung.
    public static var abmeldung: Anzeige {
        Anzeige(
            meldeart: .abmeldung, formularversion: .v2025, gemeindeschluessel: waldkappel.ags,
            entgegennehmendeStelle: "Stadt Waldkappel, Ordnungsamt", betriebId: betriebIdBlumenladen,
            eingangsdatum: datum("2026-11-20"), eingangskanal: .schalter, inhaber: Inhaber(rechtsform: "180"),
            geschaeftsbezeichnung: "Blumen Hartmann",
            personen: [blumenladenInhaberin],
            beteiligungOeffentlicheHand: .nein,
            betriebsstaette: Standort(anschrift: anschrift("Marktplatz", "1", "37284", "Waldkappel")),
            taetigkeiten: [
                Taetigkeit(
                    beschreibung: "Einzelhandel mit Schnittblumen und Topfpflanzen", schwerpunkt: true,
                    wz: WZAngabe(klassifikation: .wz2008, code: "47.76.1")),
                Taetigkeit(
                    beschreibung: "Lieferdienst für Blumen und Gestecke", schwerpunkt: false,
                    wz: WZAngabe(klassifikation: .wz2008, code: "53.20.0")),
            ],
            nebenerwerb: false, datumAufgabe: datum("2026-11-30"), betriebsart: Betriebsart(handel: true),
            beschaeftigte: Beschaeftigte(teilzeit: 2), niederlassungsart: .hauptniederlassung,
            grundAbmeldung: .vollstaendigeAufgabe, gruendeBetriebsaufgabe: "Ruhestand der Inhaberin",
            ursacheAbmeldung: .altersgruende, datumUnterschrift: datum("2026-11-20"))
    }

    // MARK: - Move from Sontra to Witzenhausen (Rueckmeldeverfahren)

    static var schreibbueroInhaberin: Person {
        Person(
            funktion: .inhaber, familienname: "Yılmaz", vornamen: "Derya", geschlecht: .weiblich,
            geburtsdatum: datum("1990-05-14"), geburtsort: "Eschwege", geburtsland: "Deutschland",
            staatsangehoerigkeiten: ["000", "163"],
            wohnanschrift: anschrift("Walburger Straße", "33", "37213", "Witzenhausen"),
            kontakt: Kontakt(email: "derya.yilmaz@example.org"))
    }

    /// The Anmeldung of 2020 that opened the office service in Sontra (the Betrieb that moves).
    public static var schreibbueroSontraAnmeldung: Anzeige {
        var person = schreibbueroInhaberin
        person.wohnanschrift = anschrift("Bahnhofstraße", "8", "36205", "Sontra")
        return Anzeige(
            meldeart: .anmeldung, formularversion: .v2019, gemeindeschluessel: sontra.ags,
            entgegennehmendeStelle: "Stadt Sontra, Ordnungsamt", eingangsdatum: datum("2020-02-03"),
            eingangskanal: .schalter, inhaber: Inhaber(rechtsform: "180"), geschaeftsbezeichnung: "Schreibbüro Yılmaz",
            personen: [person], beteiligungOeffentlicheHand: .nein,
            betriebsstaette: Standort(anschrift: anschrift("Bahnhofstraße", "8", "36205", "Sontra")),
            taetigkeiten: [
                Taetigkeit(
                    beschreibung: "Schreib- und Büroservice für Handwerksbetriebe", schwerpunkt: true,
                    wz: WZAngabe(klassifikation: .wz2008, code: "82.11.0"))
            ],
            nebenerwerb: true, beginn: datum("2020-02-01"), betriebsart: Betriebsart(sonstiges: true),
            beschaeftigte: Beschaeftigte(keine: true), niederlassungsart: .hauptniederlassung,
            grundAnmeldung: .neugruendung, datumUnterschrift: datum("2020-02-03"))
    }

    /// GewA 1 in Witzenhausen, Grund "Verlegung des Betriebs aus einem anderen Meldebezirk": the
    /// office service moves from Sontra. Since 1 November 2025 it also counts as the Abmeldung in
    /// Sontra (Rueckmeldeverfahren).
    public static var verlegung: Anzeige {
        Anzeige(
            meldeart: .anmeldung, formularversion: .v2025, gemeindeschluessel: witzenhausen.ags,
            entgegennehmendeStelle: "Stadt Witzenhausen, Ordnungsamt", eingangsdatum: datum("2026-11-20"),
            eingangskanal: .online, inhaber: Inhaber(rechtsform: "180"), geschaeftsbezeichnung: "Schreibbüro Yılmaz",
            personen: [schreibbueroInhaberin], beteiligungOeffentlicheHand: .nein,
            betriebsstaette: Standort(anschrift: anschrift("Ermschwerder Straße", "2", "37213", "Witzenhausen")),
            fruehereBetriebsstaette: Standort(anschrift: anschrift("Bahnhofstraße", "8", "36205", "Sontra")),
            taetigkeiten: [
                Taetigkeit(
                    beschreibung: "Schreib- und Büroservice für Handwerksbetriebe", schwerpunkt: true,
                    wz: WZAngabe(klassifikation: .wz2008, code: "82.11.0"))
            ],
            nebenerwerb: true, beginn: datum("2026-12-01"), betriebsart: Betriebsart(sonstiges: true),
            beschaeftigte: Beschaeftigte(keine: true), niederlassungsart: .hauptniederlassung,
            grundAnmeldung: .verlegungAusAnderemMeldebezirk,
            bisherigeUnfallversicherung: Unfallversicherung(
                traeger: "Verwaltungs-Berufsgenossenschaft (VBG)", mitgliedsnummer: "4711-0815"),
            herkunft: Herkunft(gemeindeschluessel: sontra.ags, betriebId: betriebIdSchreibbueroSontra))
    }

    // MARK: - All fixtures

    /// One fixture with its name and the example file that shows it in `docs/examples/`.
    public struct Beispiel: Sendable, CustomStringConvertible {
        public let name: String
        public let datei: String
        public let anzeige: Anzeige
        /// The Betrieb an Ummeldung or Abmeldung refers to, as the service would look it up.
        public let betrieb: Pruefkontext.BetriebsLage
        public var description: String { name }
    }

    /// The six kinds of the acceptance criteria, each with its example file.
    public static var alle: [Beispiel] {
        [
            Beispiel(
                name: "Einzelunternehmen", datei: "anmeldung-einzelunternehmen.json", anzeige: einzelunternehmen,
                betrieb: .nichtGeprueft),
            Beispiel(
                name: "GmbH mit zwei Geschäftsführern", datei: "anmeldung-gmbh-zwei-geschaeftsfuehrer.json",
                anzeige: gmbh, betrieb: .nichtGeprueft),
            Beispiel(
                name: "Handwerk Anlage A mit Handwerkskarte", datei: "anmeldung-handwerk-anlage-a.json",
                anzeige: handwerk, betrieb: .nichtGeprueft),
            Beispiel(
                name: "Ummeldung", datei: "ummeldung-verlegung-und-ausdehnung.json", anzeige: ummeldung,
                betrieb: .bekannt(blumenladenZustand(nachUmmeldung: false))),
            Beispiel(
                name: "Abmeldung", datei: "abmeldung-vollstaendige-aufgabe.json", anzeige: abmeldung,
                betrieb: .bekannt(blumenladenZustand(nachUmmeldung: true))),
            Beispiel(
                name: "Verlegung aus anderem Meldebezirk", datei: "anmeldung-verlegung-aus-anderem-meldebezirk.json",
                anzeige: verlegung, betrieb: .nichtGeprueft),
        ]
    }

    /// The state of the flower shop before or after its Ummeldung (folded from its history).
    public static func blumenladenZustand(nachUmmeldung: Bool) -> BetriebZustand {
        let historie = nachUmmeldung ? [blumenladenAnmeldung, ummeldung] : [blumenladenAnmeldung]
        // The fixtures form a valid history; a failure here is a defect of the fixtures.
        return try! Lebenszyklus.zustand(betriebId: betriebIdBlumenladen, anzeigen: historie)!
    }

    /// The state of the office service in Sontra before it moves.
    public static var schreibbueroSontraZustand: BetriebZustand {
        try! Lebenszyklus.zustand(betriebId: betriebIdSchreibbueroSontra, anzeigen: [schreibbueroSontraAnmeldung])!
    }
}
