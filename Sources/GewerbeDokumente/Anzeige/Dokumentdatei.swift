import Foundation
import GewerbeDomain

/// One rendered document of a case, ready to be filed: its file name, MIME type, kind and bytes.
///
/// The bytes depend only on data of the case that never change once written (the version's
/// Anzeige, the Aktenzeichen, the Empfangsbescheinigung, the withdrawal), never on the clock or
/// on state that later Anzeigen change, so that rendering a document again, e.g. in a retried
/// filing job, gives exactly the same bytes and the same SHA-256.
public struct Dokumentdatei: Sendable, Hashable {
    /// File name inside the Vorgang, e.g. `Gewerbeanmeldung-06636011-2026-00042-v1.pdf`.
    public var name: String
    /// `application/pdf` or `application/json`.
    public var mimeType: String
    /// What the document is: see ``Dokumentart``.
    public var dokumentart: Dokumentart
    public var inhalt: Data

    public init(name: String, mimeType: String, dokumentart: Dokumentart, inhalt: Data) {
        self.name = name
        self.mimeType = mimeType
        self.dokumentart = dokumentart
        self.inhalt = inhalt
    }
}

/// The kinds of documents the Fachverfahren files (the `dokumentart` metadata in the eAkte).
public enum Dokumentart: String, Sendable, Hashable, CaseIterable, Codable {
    /// The Anzeige laid out like the GewA form (one per version).
    case anzeigePDF = "anzeige-pdf"
    /// The machine-readable record of the Anzeige (one per version).
    case anzeigeJSON = "anzeige-json"
    /// The Empfangsbescheinigung (section 15 Abs. 1 GewO).
    case empfangsbescheinigungPDF = "empfangsbescheinigung-pdf"
    /// The Vermerk about the withdrawal of an erroneous case.
    case ruecknahmePDF = "ruecknahme-pdf"
}

/// A document cannot be rendered from the case as given (a permanent error: rendering again
/// gives the same result until the case changes).
public struct DokumentFehler: Error, Sendable, Hashable, CustomStringConvertible {
    public var meldung: String
    public init(_ meldung: String) { self.meldung = meldung }
    public var description: String { meldung }
}

/// The file names of the documents of a case, derived from the Aktenzeichen (ASCII only).
public enum Dokumentnamen {
    /// `Gewerbeanmeldung-06636011-2026-00042-v1.pdf` (`Gewerbeummeldung-…`, `Gewerbeabmeldung-…`).
    public static func anzeigePDF(aktenzeichen: String, meldeart: Meldeart, version: Int) -> String {
        "\(meldeart.bezeichnung)-\(aktenzeichen)-v\(version).pdf"
    }

    /// `Gewerbeanmeldung-06636011-2026-00042-v1.json`.
    public static func anzeigeJSON(aktenzeichen: String, meldeart: Meldeart, version: Int) -> String {
        "\(meldeart.bezeichnung)-\(aktenzeichen)-v\(version).json"
    }

    /// `Empfangsbescheinigung-06636011-2026-00042.pdf`.
    public static func empfangsbescheinigung(aktenzeichen: String) -> String {
        "Empfangsbescheinigung-\(aktenzeichen).pdf"
    }

    /// `Ruecknahmevermerk-06636011-2026-00042.pdf`.
    public static func ruecknahmevermerk(aktenzeichen: String) -> String {
        "Ruecknahmevermerk-\(aktenzeichen).pdf"
    }
}

/// Date and time as staff read them, in the offices' legal time zone (Europe/Berlin).
enum Zeitangabe {
    static let zone = TimeZone(identifier: "Europe/Berlin") ?? TimeZone(secondsFromGMT: 3600)!

    /// `15.01.2026, 10:30 Uhr`.
    static func deutsch(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let teile = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func zwei(_ wert: Int?) -> String {
            let text = String(wert ?? 0)
            return text.count < 2 ? "0" + text : text
        }
        return
            "\(zwei(teile.day)).\(zwei(teile.month)).\(teile.year ?? 1970), \(zwei(teile.hour)):\(zwei(teile.minute)) Uhr"
    }

    /// ISO 8601 in UTC with milliseconds, e.g. `2026-01-15T09:30:00.000Z` (for the JSON record).
    static func iso(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let teile = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ wert: Int?, _ breite: Int) -> String {
            let text = String(wert ?? 0)
            return String(repeating: "0", count: max(0, breite - text.count)) + text
        }
        let sekunden = date.timeIntervalSince1970
        let millis = Int(((sekunden - sekunden.rounded(.down)) * 1000).rounded(.down))
        return "\(pad(teile.year, 4))-\(pad(teile.month, 2))-\(pad(teile.day, 2))T\(pad(teile.hour, 2)):"
            + "\(pad(teile.minute, 2)):\(pad(teile.second, 2)).\(pad(millis, 3))Z"
    }

    /// 12:00 Berlin time on `datum`: the fixed instant used as the creation date of documents
    /// that only carry a calendar date (the Empfangsbescheinigung).
    static func mittag(_ datum: Datum) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: datum.jahr, month: datum.monat, day: datum.tag, hour: 12))
            ?? Date(timeIntervalSince1970: 0)
    }
}
