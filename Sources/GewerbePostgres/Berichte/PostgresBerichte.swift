import Foundation
import GewerbeDomain
import Logging
import PostgresNIO

/// The auditors' reports (`gewerbe report ...`, docs/berichte.md): volumes, processing times,
/// filing completeness and the Auskunft log.
///
/// Every report reads in one transaction that cannot write (``Database/transaktion(_:versuche:isolation:_:)`` with ``Transaktionsart/bericht(_:)``:
/// `READ ONLY`, one snapshot, role `gewerbe_report`, row-level security on the report's
/// municipalities). That the report was made is recorded afterwards by ``protokolliere(bericht:umfang:akteur:zeilen:)``
/// in a transaction of its own (the report role may append audit events, nothing else).
public struct PostgresBerichte: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger = Logger(label: "gewerbe.berichte")) {
        self.database = database
        self.logger = logger
    }

    // MARK: - Shared

    /// Names of the municipalities, by AGS.
    static func gemeindenamen(
        _ kommunen: [String], on connection: PostgresConnection, logger: Logger
    ) async throws -> [String: String] {
        let rows = try await connection.query(
            "SELECT ags::text, name FROM kommunen WHERE ags = ANY (\(kommunen)::char(8)[])", logger: logger)
        var namen: [String: String] = [:]
        for try await (ags, name) in rows.decode((String, String).self) { namen[ags] = name }
        return namen
    }

    /// Records that a report was made: one `bericht.erstellt` event per municipality of the
    /// report (who, which report, period, rows), as `gewerbe_report`.
    public func protokolliere(bericht: String, umfang: Berichtsumfang, akteur: Auditakteur, zeilen: Int) async throws {
        struct Details: Encodable {
            var bericht: String
            var von: String?
            var bis: String?
            var kommunen: [String]
            var zeilen: Int
        }
        let logger = self.logger
        try await database.withTransaction(tenant: umfang.scope, role: .report) { connection in
            for ags in umfang.kommunen {
                try await AuditLog.append(
                    AuditEvent(
                        actor: akteur, action: "bericht.erstellt", ags: ags, objectType: "bericht", objectID: bericht,
                        details: Details(
                            bericht: bericht, von: umfang.zeitraum.von?.iso, bis: umfang.zeitraum.bis?.iso,
                            kommunen: umfang.kommunen, zeilen: zeilen)),
                    on: connection, logger: logger)
            }
        }
    }
}

/// A stored value a report cannot read.
public enum Berichtsfehler: Error, CustomStringConvertible {
    case ungueltig(String)

    public var description: String {
        switch self {
        case .ungueltig(let wo): "Gespeicherte Werte sind ungültig (\(wo))."
        }
    }
}
