import Foundation
import GewerbeDomain

/// Valid example Anzeigen (no `fehler` under the rule catalogue), for the twins' and the HTTP
/// tests. Every builder takes the municipality and dates, so that tests can place cases in any
/// municipality and on any day; names and addresses can vary to tell Betriebe apart.
public enum Testanzeigen {
    /// A GewA 1 of a sole trader (Einzelunternehmen), like `docs/examples/anmeldung-einzelunternehmen.json`.
    public static func anmeldung(
        gemeinde: String = "06636011", eingang: Datum, beginn: Datum? = nil, familienname: String = "Weiß",
        vornamen: String = "Jürgen Günther", geschaeft: String = "Änderungsschneiderei Weiß",
        strasse: String = "Marktplatz", hausnummer: String = "3", plz: String = "36205", ort: String = "Sontra",
        taetigkeit: String = "Änderungsschneiderei und Reparatur von Bekleidung", wz: String = "95.29.0"
    ) -> Anzeige {
        Anzeige(
            meldeart: .anmeldung, formularversion: .v2025, gemeindeschluessel: gemeinde,
            entgegennehmendeStelle: "Ordnungsamt", eingangsdatum: eingang, eingangskanal: .schalter,
            inhaber: Inhaber(rechtsform: "180"), geschaeftsbezeichnung: geschaeft,
            personen: [person(familienname: familienname, vornamen: vornamen)], beteiligungOeffentlicheHand: .nein,
            betriebsstaette: Standort(
                anschrift: Anschrift(strasse: strasse, hausnummer: hausnummer, plz: plz, ort: ort)),
            taetigkeiten: [
                Taetigkeit(beschreibung: taetigkeit, schwerpunkt: true, wz: WZAngabe(klassifikation: .wz2008, code: wz))
            ],
            nebenerwerb: false, beginn: beginn ?? eingang.plusTage(1), betriebsart: Betriebsart(sonstiges: true),
            beschaeftigte: Beschaeftigte(keine: true), niederlassungsart: .hauptniederlassung,
            grundAnmeldung: .neugruendung, datumUnterschrift: eingang)
    }

    /// A GewA 2: the Betrieb moves within the municipality (Verlegung innerhalb).
    public static func ummeldung(
        betriebId: UUID, gemeinde: String = "06636011", eingang: Datum, aenderung: Datum? = nil,
        familienname: String = "Weiß", vornamen: String = "Jürgen Günther",
        geschaeft: String = "Änderungsschneiderei Weiß", strasse: String = "Bahnhofstraße", hausnummer: String = "7",
        plz: String = "36205", ort: String = "Sontra", alteStrasse: String = "Marktplatz", alteHausnummer: String = "3"
    ) -> Anzeige {
        Anzeige(
            meldeart: .ummeldung, formularversion: .v2025, gemeindeschluessel: gemeinde,
            entgegennehmendeStelle: "Ordnungsamt", betriebId: betriebId, eingangsdatum: eingang,
            eingangskanal: .schalter,
            inhaber: Inhaber(rechtsform: "180"), geschaeftsbezeichnung: geschaeft,
            personen: [person(familienname: familienname, vornamen: vornamen)], beteiligungOeffentlicheHand: .nein,
            betriebsstaette: Standort(
                anschrift: Anschrift(strasse: strasse, hausnummer: hausnummer, plz: plz, ort: ort)),
            fruehereBetriebsstaette: Standort(
                anschrift: Anschrift(strasse: alteStrasse, hausnummer: alteHausnummer, plz: plz, ort: ort)),
            taetigkeiten: [
                Taetigkeit(
                    beschreibung: "Änderungsschneiderei und Reparatur von Bekleidung", schwerpunkt: true,
                    wz: WZAngabe(klassifikation: .wz2008, code: "95.29.0"), status: .weiterhin)
            ],
            datumAenderung: aenderung ?? eingang, beschaeftigte: Beschaeftigte(keine: true),
            niederlassungsart: .hauptniederlassung, gruendeUmmeldung: [.verlegungInnerhalb], datumUnterschrift: eingang)
    }

    /// A GewA 3: complete Aufgabe of the Betrieb for reasons of age.
    public static func abmeldung(
        betriebId: UUID, gemeinde: String = "06636011", eingang: Datum, aufgabe: Datum? = nil,
        familienname: String = "Weiß", vornamen: String = "Jürgen Günther",
        geschaeft: String = "Änderungsschneiderei Weiß", strasse: String = "Marktplatz", hausnummer: String = "3",
        plz: String = "36205", ort: String = "Sontra"
    ) -> Anzeige {
        Anzeige(
            meldeart: .abmeldung, formularversion: .v2025, gemeindeschluessel: gemeinde,
            entgegennehmendeStelle: "Ordnungsamt", betriebId: betriebId, eingangsdatum: eingang,
            eingangskanal: .schalter,
            inhaber: Inhaber(rechtsform: "180"), geschaeftsbezeichnung: geschaeft,
            personen: [person(familienname: familienname, vornamen: vornamen)], beteiligungOeffentlicheHand: .nein,
            betriebsstaette: Standort(
                anschrift: Anschrift(strasse: strasse, hausnummer: hausnummer, plz: plz, ort: ort)),
            taetigkeiten: [
                Taetigkeit(
                    beschreibung: "Änderungsschneiderei und Reparatur von Bekleidung", schwerpunkt: true,
                    wz: WZAngabe(klassifikation: .wz2008, code: "95.29.0"))
            ],
            nebenerwerb: false, datumAufgabe: aufgabe ?? eingang, betriebsart: Betriebsart(sonstiges: true),
            beschaeftigte: Beschaeftigte(keine: true), niederlassungsart: .hauptniederlassung,
            grundAbmeldung: .vollstaendigeAufgabe, gruendeBetriebsaufgabe: "Ruhestand",
            ursacheAbmeldung: .altersgruende, datumUnterschrift: eingang)
    }

    /// The person of fields 4-11.
    public static func person(familienname: String, vornamen: String) -> Person {
        Person(
            funktion: .inhaber, familienname: familienname, vornamen: vornamen, geschlecht: .maennlich,
            geburtsdatum: Datum(jahr: 1984, monat: 3, tag: 17), geburtsort: "Eschwege", geburtsland: "Deutschland",
            staatsangehoerigkeiten: ["000"],
            wohnanschrift: Anschrift(strasse: "Niederstadt", hausnummer: "12", plz: "36205", ort: "Sontra"),
            kontakt: Kontakt(telefon: "05653 12345", email: "weiss@example.org"))
    }
}
