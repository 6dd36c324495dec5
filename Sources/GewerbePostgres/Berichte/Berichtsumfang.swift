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

extension Database {
    /// Runs `body` in a transaction that can only read: `READ ONLY`, one snapshot for all its
    /// statements (`REPEATABLE READ`), as `gewerbe_report` (no write privilege on any case
    /// table), scoped to `scope` by row-level security.
    func lesetransaktion<Ergebnis: Sendable>(
        _ scope: TenantScope, isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> Ergebnis
    ) async throws -> Ergebnis {
        // One attempt: a read-only snapshot meets no serialization failure to retry.
        try await transaktion(
            Transaktionsart(scope: scope, rolle: .report, nurLesen: true), versuche: 1, isolation: isolation, body)
    }
}
