import Foundation

/// A calendar date without time or time zone (`YYYY-MM-DD` in JSON), as the GewA forms use it.
///
/// Dates in trade notifications are legal dates (Beginn, Aufgabe, Geburtsdatum). Storing them as
/// instants would shift them across time zones; this type keeps exactly the day that was declared.
public struct Datum: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let jahr: Int
    public let monat: Int
    public let tag: Int

    /// Creates a date; returns `nil` for impossible dates (30 February, month 13, year 0).
    public init?(jahr: Int, monat: Int, tag: Int) {
        guard (1...9999).contains(jahr), (1...12).contains(monat),
            (1...Datum.tageImMonat(jahr: jahr, monat: monat)).contains(tag)
        else { return nil }
        self.jahr = jahr
        self.monat = monat
        self.tag = tag
    }

    /// Parses the ISO 8601 calendar form `YYYY-MM-DD` (exactly that form, no time part).
    public init?(iso text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func zahl(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let jahr = zahl(0..<4), let monat = zahl(5..<7), let tag = zahl(8..<10) else { return nil }
        self.init(jahr: jahr, monat: monat, tag: tag)
    }

    /// The day number counted from 0001-01-01 (proleptic Gregorian calendar), for arithmetic.
    public var tagesnummer: Int {
        // Algorithm from Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms" (days_from_civil).
        let y = monat <= 2 ? jahr - 1 : jahr
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (monat + 9) % 12
        let doy = (153 * mp + 2) / 5 + tag - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468 + 719_162
    }

    /// The date with the given day number (inverse of ``tagesnummer``).
    public init(tagesnummer: Int) {
        let z = tagesnummer - 719_162 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let tag = doy - (153 * mp + 2) / 5 + 1
        let monat = mp < 10 ? mp + 3 : mp - 9
        let jahr = yoe + era * 400 + (monat <= 2 ? 1 : 0)
        self.jahr = jahr
        self.monat = monat
        self.tag = tag
    }

    /// This date moved by a number of days (negative moves back).
    public func plusTage(_ tage: Int) -> Datum { Datum(tagesnummer: tagesnummer + tage) }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func tage(bis other: Datum) -> Int { other.tagesnummer - tagesnummer }

    /// Completed years of age on `stichtag` for someone born on `self` (BGB section 187 Abs. 2:
    /// the birthday itself counts, so a person is 18 from the start of their 18th birthday).
    public func alter(am stichtag: Datum) -> Int {
        var jahre = stichtag.jahr - jahr
        if (stichtag.monat, stichtag.tag) < (monat, tag) { jahre -= 1 }
        return jahre
    }

    public static func < (lhs: Datum, rhs: Datum) -> Bool {
        (lhs.jahr, lhs.monat, lhs.tag) < (rhs.jahr, rhs.monat, rhs.tag)
    }

    /// `YYYY-MM-DD`.
    public var iso: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(jahr, 4))-\(pad(monat, 2))-\(pad(tag, 2))"
    }

    /// `TT.MM.JJJJ`, as staff write dates.
    public var deutsch: String {
        let parts = iso.split(separator: "-")
        return "\(parts[2]).\(parts[1]).\(parts[0])"
    }

    public var description: String { iso }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let datum = Datum(iso: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "'\(text)' ist kein gültiges Datum (erwartet: JJJJ-MM-TT)"
            )
        }
        self = datum
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }

    public static func istSchaltjahr(_ jahr: Int) -> Bool {
        (jahr % 4 == 0 && jahr % 100 != 0) || jahr % 400 == 0
    }

    public static func tageImMonat(jahr: Int, monat: Int) -> Int {
        switch monat {
        case 2: return istSchaltjahr(jahr) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The calendar date of an instant in the given time zone (default: Europe/Berlin, the
    /// offices' legal time).
    public init(_ date: Date, zeitzone: TimeZone = TimeZone(identifier: "Europe/Berlin") ?? .current) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zeitzone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        self.init(jahr: parts.year ?? 1970, monat: parts.month ?? 1, tag: parts.day ?? 1)!
    }
}
