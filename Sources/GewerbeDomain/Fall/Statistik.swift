import Foundation

/// A month of the Gewerbeanzeigenstatistik.
public struct Berichtsmonat: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let jahr: Int
    public let monat: Int

    public init?(jahr: Int, monat: Int) {
        guard (1...9999).contains(jahr), (1...12).contains(monat) else { return nil }
        self.jahr = jahr
        self.monat = monat
    }

    /// Parses `YYYY-MM`.
    public init?(_ text: String) {
        let teile = text.split(separator: "-")
        guard teile.count == 2, teile[0].count == 4, teile[1].count == 2, let jahr = Int(teile[0]),
            let monat = Int(teile[1])
        else { return nil }
        self.init(jahr: jahr, monat: monat)
    }

    /// The month a date falls in.
    public init(_ datum: Datum) {
        jahr = datum.jahr
        monat = datum.monat
    }

    public var erster: Datum { Datum(jahr: jahr, monat: monat, tag: 1)! }
    public var letzter: Datum { Datum(jahr: jahr, monat: monat, tag: Datum.tageImMonat(jahr: jahr, monat: monat))! }
    public var description: String { erster.iso.prefix(7).description }
    public static func < (lhs: Berichtsmonat, rhs: Berichtsmonat) -> Bool {
        (lhs.jahr, lhs.monat) < (rhs.jahr, rhs.monat)
    }
}

/// What a statistics record reports.
public enum Satzart: String, Sendable, Hashable, Codable, CaseIterable {
    /// An Anzeige whose receipt was certified in the Berichtsmonat.
    case neu
    /// A correction in the Berichtsmonat of an Anzeige reported in an earlier month: carries the
    /// corrected data in full (XGewO `istKorrektur`).
    case korrektur
    /// A withdrawal in the Berichtsmonat of an Anzeige reported in an earlier month: the earlier
    /// record is to be removed.
    case storno
}

/// One record of the monthly statistics export (the data of one Anzeige that section 3 Abs. 2
/// GewAnzV assigns to the statistical offices, and nothing more).
public struct Statistiksatz: Sendable, Hashable {
    public var berichtsmonat: Berichtsmonat
    public var satzart: Satzart
    public var fall: Fall
    /// The version reported (the latest as of the end of the Berichtsmonat).
    public var version: Fallversion

    public var anzeige: Anzeige { version.anzeige }
}

/// Which Anzeigen a month's statistics export contains (docs/export-statistik.md).
///
/// The counting date is the date of the Empfangsbescheinigung: the data go to the statistical
/// offices "spaetestens am ersten Arbeitstag des Monats, der auf die Bescheinigung des Empfangs
/// der Gewerbeanzeige folgt" (section 3 Abs. 5 GewAnzV). So:
/// - `neu`: the receipt was certified in the month; reported with the version current at the end
///   of the month (corrections within the month are folded in); not reported if withdrawn by then.
/// - `korrektur`: certified in an earlier month, and a new version was recorded in this month.
/// - `storno`: certified in an earlier month, and withdrawn in this month.
/// A month's export is final once the month has ended; re-running it gives the same bytes.
/// Every Anzeige (An-, Um- and Abmeldung) is included; Ummeldungen are transmitted although the
/// federal statistics have not evaluated them since 2006.
public enum Statistikauswahl {
    /// The record for `fall` in `monat`, or `nil` if the case is not part of that month's export.
    /// Timestamps are judged in the offices' time zone (Europe/Berlin).
    public static func satz(fuer fall: Fall, monat: Berichtsmonat, zeitzone: TimeZone = berlin) -> Statistiksatz? {
        guard let bescheinigt = fall.empfangsbescheinigung?.ausgestelltAm else { return nil }
        let bescheinigtMonat = Berichtsmonat(bescheinigt)
        guard bescheinigtMonat <= monat else { return nil }
        let monatsende = monat.letzter
        // Versions recorded up to the end of the month.
        let versionen = fall.versionen.filter { Datum($0.erfasstAm, zeitzone: zeitzone) <= monatsende }
        guard let stand = versionen.last else { return nil }
        let zurueckgenommenAm = fall.ruecknahme.map { Datum($0.am, zeitzone: zeitzone) }
        if bescheinigtMonat == monat {
            if let zurueck = zurueckgenommenAm, zurueck <= monatsende { return nil }
            return Statistiksatz(berichtsmonat: monat, satzart: .neu, fall: fall, version: stand)
        }
        // Certified earlier: report a withdrawal or a correction made in this month.
        if let zurueck = zurueckgenommenAm, Berichtsmonat(zurueck) == monat {
            return Statistiksatz(berichtsmonat: monat, satzart: .storno, fall: fall, version: stand)
        }
        if let zurueck = zurueckgenommenAm, zurueck < monat.erster { return nil }
        if Berichtsmonat(Datum(stand.erfasstAm, zeitzone: zeitzone)) == monat, stand.version > 1 {
            return Statistiksatz(berichtsmonat: monat, satzart: .korrektur, fall: fall, version: stand)
        }
        return nil
    }

    public static let berlin = TimeZone(identifier: "Europe/Berlin") ?? .current
}
