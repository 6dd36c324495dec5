import Foundation
import GewerbeDomain

/// Anzeigen with every field filled (not valid under the rules, which is not their point), for
/// checking what the statistics export reads: every value the export may not use contains the
/// marker `-X` (or the years 1911-1913), every value it may use is plain.
public enum Vollanzeigen {
    static func datum(_ iso: String) -> Datum { Datum(iso: iso)! }

    static func anschrift(_ strasse: String, _ ort: String) -> Anschrift {
        Anschrift(
            strasse: strasse, hausnummer: "7b", adresszusatz: "ZUSATZ-X", plz: "36205", ort: ort,
            ortsteil: "ORTSTEIL-X",
            staat: "DE")
    }

    /// The Anzeige of `meldeart` with every field of the model filled.
    public static func voll(_ meldeart: Meldeart, gemeinde: String = "06636011") -> Anzeige {
        let person = Person(
            funktion: .gesetzlicherVertreter, familienname: "Weiß", vornamen: "Zoë Anna", doktorgrad: "DOKTOR-X",
            geschlecht: .weiblich, geburtsname: "GEBURTSNAME-X", geburtsdatum: datum("1911-11-11"),
            geburtsort: "GEBURTSORT-X", geburtsland: "GEBURTSLAND-X", staatsangehoerigkeiten: ["000", "163"],
            wohnanschrift: Anschrift(strasse: "WOHNSTRASSE-X", hausnummer: "99", plz: "99999", ort: "WOHNORT-X"),
            kontakt: Kontakt(
                telefon: "TELEFON-X", mobil: "MOBIL-X", fax: "FAX-X", email: "mail-x@example.org",
                internet: "https://x.example.org"),
            aufenthaltstitel: Aufenthaltstitel(
                liegtVor: true, ausgestelltAm: datum("1912-12-12"), ausgestelltVon: "ABH-X",
                gueltigBis: datum("1912-12-13"),
                auflage: true, auflageText: "AUFLAGE-X"),
            genehmigungFamiliengericht: Nachweis(liegtVor: true, ausgestelltVon: "FAMILIENGERICHT-X"))
        return Anzeige(
            meldeart: meldeart, formularversion: .v2025, gemeindeschluessel: gemeinde,
            entgegennehmendeStelle: "STELLE-X", betriebId: UUID(uuidString: "00000000-0000-4000-8000-0000000000b1"),
            eingangsdatum: datum("2026-11-02"), eingangskanal: .schalter,
            inhaber: Inhaber(
                name: "Weiß & Söhne; \"Bau\" GmbH", rechtsform: "350",
                register: Registereintrag(art: .hrb, gericht: "Amtsgericht Eschwege", nummer: "1234 B"),
                weitereGesellschafter: ["GESELLSCHAFTER-X"], inGruendung: false),
            geschaeftsbezeichnung: "Bäckerei „Am Markt“\nFiliale Süd",
            personen: [person, Testanzeigen.person(familienname: "ZWEITPERSON-X", vornamen: "ZWEIT-X")],
            anzahlVertretungsberechtigte: 2, beteiligungOeffentlicheHand: .ja,
            betriebsleiter: Name(familienname: "LEITER-X", vornamen: "LEITERVORNAME-X"),
            betriebsstaette: Standort(
                anschrift: anschrift("Marktplatz", "Sontra"),
                kontakt: Kontakt(telefon: "BETRIEBSTELEFON-X", email: "betrieb-x@example.org")),
            hauptniederlassung: Standort(anschrift: anschrift("Hauptstraße", "Kassel")),
            fruehereBetriebsstaette: Standort(anschrift: anschrift("Alte Gasse", "Eschwege")),
            kuenftigeBetriebsstaette: Standort(anschrift: anschrift("Neue Gasse", "Göttingen")),
            taetigkeiten: [
                Taetigkeit(
                    beschreibung: "Herstellung von Backwaren", schwerpunkt: true,
                    wz: WZAngabe(klassifikation: .wz2008, code: "10.71.0"), status: .neu),
                Taetigkeit(
                    beschreibung: "Einzelhandel mit Kaffee", schwerpunkt: false,
                    wz: WZAngabe(klassifikation: .wz2008, code: "47.29.0"), status: .weiterhin),
            ],
            nebenerwerb: true, beginn: datum("2026-11-03"), datumAenderung: datum("2026-11-04"),
            datumAufgabe: datum("2026-11-05"),
            betriebsart: Betriebsart(industrie: false, handwerk: true, handel: true, sonstiges: false),
            beschaeftigte: Beschaeftigte(vollzeit: 3, teilzeit: 2, keine: false),
            niederlassungsart: .zweigniederlassung,
            reisegewerbe: false, grundAnmeldung: .uebernahme,
            gruendeUmmeldung: [.verlegungInnerhalb, .wechselDerTaetigkeit],
            sonstigeGruendeUmmeldung: "Änderung des Namens", grundAbmeldung: .uebergabe,
            fruehererInhaber: "FRUEHERER-X",
            kuenftigerInhaber: "KUENFTIGER-X",
            bisherigeUnfallversicherung: Unfallversicherung(traeger: "BG-X", mitgliedsnummer: "MITGLIED-X"),
            erlaubnis: Nachweis(liegtVor: true, ausgestelltAm: datum("1913-01-13"), ausgestelltVon: "ERLAUBNIS-X"),
            handwerkskarte: Nachweis(
                liegtVor: true, ausgestelltAm: datum("1913-02-13"), ausgestelltVon: "HWK-X", bezeichnung: "KARTE-X"),
            gruendeBetriebsaufgabe: "Ruhestand", ursacheAbmeldung: .altersgruende,
            datumUnterschrift: datum("2026-11-02"),
            vonAmtsWegen: false, herkunft: Herkunft(gemeindeschluessel: "06636003"))
    }

    /// The three forms, each fully filled.
    public static var alle: [Anzeige] { Meldeart.allCases.map { voll($0) } }
}
