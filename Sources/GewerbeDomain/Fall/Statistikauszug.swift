import Foundation

extension Anzeige {
    /// The part of the Anzeige the statistics export reads: the Hilfs- and Erhebungsmerkmale of
    /// section 3 Abs. 2 GewAnzV that the export's columns use (docs/export-statistik.md), every
    /// other field absent.
    ///
    /// A statistics source may hand out Anzeigen reduced to this, so that data the statistical
    /// offices may not receive (date and place of birth, private address and contacts, permits,
    /// residence titles, ...) are not even read: the PostgreSQL source selects exactly these
    /// fields in SQL. Exporting the reduced Anzeige gives the same row as exporting the full one
    /// (a test holds both to it).
    public var statistikauszug: Anzeige {
        func anschrift(_ standort: Standort?) -> Standort? {
            standort?.anschrift.map {
                Standort(anschrift: Anschrift(strasse: $0.strasse, hausnummer: $0.hausnummer, plz: $0.plz, ort: $0.ort))
            }
        }
        return Anzeige(
            meldeart: meldeart, gemeindeschluessel: gemeindeschluessel,
            inhaber: inhaber.map { Inhaber(name: $0.name, rechtsform: $0.rechtsform, register: $0.register) },
            geschaeftsbezeichnung: geschaeftsbezeichnung,
            personen: personen.map { personen in
                personen.prefix(1).map {
                    Person(
                        familienname: $0.familienname, vornamen: $0.vornamen, geschlecht: $0.geschlecht,
                        staatsangehoerigkeiten: $0.staatsangehoerigkeiten)
                }
            },
            anzahlVertretungsberechtigte: anzahlVertretungsberechtigte, betriebsstaette: anschrift(betriebsstaette),
            hauptniederlassung: anschrift(hauptniederlassung),
            fruehereBetriebsstaette: anschrift(fruehereBetriebsstaette),
            kuenftigeBetriebsstaette: anschrift(kuenftigeBetriebsstaette), taetigkeiten: taetigkeiten,
            nebenerwerb: nebenerwerb, beginn: beginn, datumAenderung: datumAenderung, datumAufgabe: datumAufgabe,
            betriebsart: betriebsart, beschaeftigte: beschaeftigte, niederlassungsart: niederlassungsart,
            reisegewerbe: reisegewerbe, grundAnmeldung: grundAnmeldung, gruendeUmmeldung: gruendeUmmeldung,
            sonstigeGruendeUmmeldung: sonstigeGruendeUmmeldung, grundAbmeldung: grundAbmeldung,
            handwerkskarte: handwerkskarte.map { Nachweis(liegtVor: $0.liegtVor) },
            gruendeBetriebsaufgabe: gruendeBetriebsaufgabe, ursacheAbmeldung: ursacheAbmeldung,
            datumUnterschrift: datumUnterschrift)
    }
}
