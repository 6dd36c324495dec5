import Foundation

/// Deadlines of the procedure, counted as administrative law counts them.
public enum Fristen {
    /// The day by which the Empfangsbescheinigung is due: "innerhalb dreier Tage" (section 15
    /// Abs. 1 GewO) after receipt. The period starts the day after receipt (section 187 Abs. 1
    /// BGB via section 31 Abs. 1 VwVfG) and ends at the end of the third day; if that day is a
    /// Saturday, Sunday or public holiday in Hessen, it ends on the next working day (section 31
    /// Abs. 3 VwVfG).
    public static func empfangsbescheinigungFaellig(eingang: Datum) -> Datum {
        naechsterWerktag(ab: eingang.plusTage(3))
    }

    /// Whether the Empfangsbescheinigung is overdue on `stichtag` (not issued by the due day).
    public static func empfangsbescheinigungUeberfaellig(eingang: Datum, stichtag: Datum) -> Bool {
        stichtag > empfangsbescheinigungFaellig(eingang: eingang)
    }

    /// The first working day (Monday to Friday, no public holiday in Hessen) on or after `datum`.
    public static func naechsterWerktag(ab datum: Datum) -> Datum {
        var tag = datum
        while !istWerktag(tag) { tag = tag.plusTage(1) }
        return tag
    }

    /// Monday to Friday and not a public holiday in Hessen.
    public static func istWerktag(_ datum: Datum) -> Bool {
        let wochentag = datum.wochentag
        return wochentag <= 5 && !feiertageHessen(jahr: datum.jahr).contains(datum)
    }

    /// The first working day of the month after `jahr`/`monat`: the deadline for the statistics
    /// delivery (section 3 Abs. 5 GewAnzV).
    public static func ersterWerktagFolgemonat(jahr: Int, monat: Int) -> Datum {
        let ersterTag =
            monat == 12 ? Datum(jahr: jahr + 1, monat: 1, tag: 1)! : Datum(jahr: jahr, monat: monat + 1, tag: 1)!
        return naechsterWerktag(ab: ersterTag)
    }

    /// Public holidays in Hessen (Feiertagsgesetz Hessen, section 1): Neujahr, Karfreitag,
    /// Ostermontag, 1. Mai, Christi Himmelfahrt, Pfingstmontag, Fronleichnam, Tag der Deutschen
    /// Einheit, 1. und 2. Weihnachtstag.
    public static func feiertageHessen(jahr: Int) -> Set<Datum> {
        let ostern = ostersonntag(jahr: jahr)
        var tage: Set<Datum> = [
            ostern.plusTage(-2), ostern.plusTage(1), ostern.plusTage(39), ostern.plusTage(50), ostern.plusTage(60),
        ]
        for (monat, tag) in [(1, 1), (5, 1), (10, 3), (12, 25), (12, 26)] {
            if let datum = Datum(jahr: jahr, monat: monat, tag: tag) { tage.insert(datum) }
        }
        return tage
    }

    /// Easter Sunday (Gregorian calendar, anonymous algorithm of Meeus/Jones/Butcher).
    public static func ostersonntag(jahr: Int) -> Datum {
        let a = jahr % 19
        let b = jahr / 100
        let c = jahr % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let monat = (h + l - 7 * m + 114) / 31
        let tag = (h + l - 7 * m + 114) % 31 + 1
        return Datum(jahr: jahr, monat: monat, tag: tag)!
    }
}

extension Datum {
    /// ISO weekday: 1 Monday ... 7 Sunday.
    public var wochentag: Int {
        // Day number 0 (0001-01-01) was a Monday in the proleptic Gregorian calendar.
        let rest = tagesnummer % 7
        return (rest < 0 ? rest + 7 : rest) + 1
    }
}
