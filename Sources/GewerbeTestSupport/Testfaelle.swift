import Foundation
import GewerbeDomain

/// Cases (``Fall``) built from the ``Testanzeigen`` for the document and filing tests, with
/// fixed ids and times, so that equal calls give equal cases.
public enum Testfaelle {
    /// 15 January 2026, 10:30 Berlin time.
    public static let erfasstAm = Date(timeIntervalSince1970: 1_768_469_400)
    public static let sachbearbeitung = "Sachbearbeitung Sontra (M. Kraus)"

    /// A deterministic UUID from a prefix (8 hex digits) and a number.
    public static func uuid(_ praefix: String, _ nummer: Int) -> UUID {
        let ziffern = String(nummer)
        return UUID(
            uuidString:
                "\(praefix)-0000-4000-8000-\(String(repeating: "0", count: max(0, 12 - ziffern.count)))\(ziffern)")!
    }

    /// A case of version 1 for `anzeige`, with Aktenzeichen `<AGS>-2026-<nummer>`.
    public static func fall(
        _ anzeige: Anzeige, nummer: Int = 42, betriebId: UUID? = nil, erfasstAm: Date = Testfaelle.erfasstAm,
        erfasstVon: String = Testfaelle.sachbearbeitung, hinweise: [Befund] = []
    ) -> Fall {
        let gemeinde = anzeige.gemeindeschluessel ?? "06636011"
        return Fall(
            id: uuid("FA110000", nummer),
            aktenzeichen: Aktenzeichen.format(gemeinde: gemeinde, jahr: 2026, nummer: nummer),
            gemeindeschluessel: gemeinde, betriebId: betriebId ?? anzeige.betriebId ?? uuid("BE7B1EB0", nummer),
            meldeart: anzeige.meldeart, status: .wirksam,
            versionen: [
                Fallversion(
                    version: 1, anzeige: anzeige, hinweise: hinweise, erfasstAm: erfasstAm, erfasstVon: erfasstVon,
                    berichtigungsgrund: nil)
            ], empfangsbescheinigung: nil, ablage: .ausstehend, revision: 1, ruecknahme: nil)
    }

    /// The case with a corrected version appended.
    public static func berichtigt(
        _ fall: Fall, anzeige: Anzeige, grund: String, am: Date, von: String = Testfaelle.sachbearbeitung
    ) -> Fall {
        var neu = fall
        neu.versionen.append(
            Fallversion(
                version: fall.aktuell.version + 1, anzeige: anzeige, hinweise: [], erfasstAm: am, erfasstVon: von,
                berichtigungsgrund: grund))
        neu.revision += 1
        return neu
    }

    /// The case with its Empfangsbescheinigung.
    public static func bescheinigt(_ fall: Fall, am: Datum, von: String = Testfaelle.sachbearbeitung) -> Fall {
        var neu = fall
        neu.empfangsbescheinigung = Empfangsbescheinigung(ausgestelltAm: am, ausgestelltVon: von)
        neu.revision += 1
        return neu
    }

    /// The case withdrawn as erroneous.
    public static func zurueckgenommen(
        _ fall: Fall, grund: String, am: Date, von: String = Testfaelle.sachbearbeitung
    )
        -> Fall
    {
        var neu = fall
        neu.status = .zurueckgenommen
        neu.ruecknahme = Ruecknahme(grund: grund, am: am, von: von)
        neu.revision += 1
        return neu
    }
}
