import Foundation
import GewerbeDomain
import Logging
import PostgresNIO

/// A period of a report: from and to (both inclusive, calendar dates in Europe/Berlin); `nil`
/// on either side leaves it open.
public struct Berichtszeitraum: Sendable, Hashable, CustomStringConvertible {
    public var von: Datum?
    public var bis: Datum?

    public init(von: Datum? = nil, bis: Datum? = nil) {
        self.von = von
        self.bis = bis
    }

    /// One calendar month.
    public static func monat(_ monat: Berichtsmonat) -> Berichtszeitraum {
        Berichtszeitraum(von: monat.erster, bis: monat.letzter)
    }

    /// No limit.
    public static let alles = Berichtszeitraum()

    public var description: String {
        switch (von, bis) {
        case (nil, nil): "gesamt"
        case (let von?, nil): "ab \(von.iso)"
        case (nil, let bis?): "bis \(bis.iso)"
        case (let von?, let bis?): "\(von.iso) bis \(bis.iso)"
        }
    }
}

/// What a report covers: municipalities and period.
public struct Berichtsumfang: Sendable, Hashable {
    /// The municipalities (AGS), sorted, never empty.
    public let kommunen: [String]
    public let zeitraum: Berichtszeitraum

    public init(kommunen: [String], zeitraum: Berichtszeitraum) throws(TenantScopeError) {
        self.kommunen = try TenantScope(kommunen: kommunen).kommunen
        self.zeitraum = zeitraum
    }

    var scope: TenantScope { try! TenantScope(kommunen: kommunen) }
}
