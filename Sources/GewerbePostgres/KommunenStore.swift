import Foundation
import GewerbeDomain
import Logging
import PostgresNIO

/// A tenant: one municipality (table `kommunen`).
public struct Kommune: Sendable, Hashable {
    /// Amtlicher Gemeindeschluessel, 8 digits.
    public let ags: String
    public let name: String
    /// `Stadt`, `Gemeinde`, ... as in the configuration CSV.
    public let art: String
    /// Inactive municipalities keep their data but tokens cannot act for them.
    public let aktiv: Bool
    public let createdAt: Date
    public let updatedAt: Date
}

/// The configured facts of a municipality, as read from the tenants CSV (`ags,name,art`).
public struct KommuneStammdaten: Sendable, Hashable {
    public var ags: String
    public var name: String
    public var art: String

    public init(ags: String, name: String, art: String) {
        self.ags = ags
        self.name = name
        self.art = art
    }
}

/// What ``KommunenStore/upsert(_:actor:)`` did, by AGS.
public struct KommunenUpsertResult: Sendable, Equatable {
    public var inserted: [String] = []
    public var updated: [String] = []
    public var unchanged: [String] = []

    public init(inserted: [String] = [], updated: [String] = [], unchanged: [String] = []) {
        self.inserted = inserted
        self.updated = updated
        self.unchanged = unchanged
    }
}

/// Errors of the tenant and token administration.
public enum AdministrationError: Error, Equatable, CustomStringConvertible {
    case invalidAGS(String)
    case invalidValue(field: String, reason: String)
    case unknownKommune(String)
    case inactiveKommune(String)
    case unknownToken(UUID)

    public var description: String {
        switch self {
        case .invalidAGS(let value): "'\(value)' is not an AGS (8 digits)"
        case .invalidValue(let field, let reason): "\(field): \(reason)"
        case .unknownKommune(let ags): "no municipality with AGS \(ags) (create it with `gewerbe tenants`)"
        case .inactiveKommune(let ags): "the municipality \(ags) is deactivated"
        case .unknownToken(let id): "no token with id \(id.lowercased)"
        }
    }
}

/// Tenant administration (the `gewerbe tenants` commands). Runs as the owner role; every change
/// appends an audit event to the municipality's chain in the same transaction.
public struct KommunenStore: Sendable {
    private let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Inserts new municipalities and updates name and art of existing ones. Does not change
    /// `aktiv` (a deactivated municipality stays deactivated). All or nothing.
    public func upsert(_ entries: [KommuneStammdaten], actor: Auditakteur) async throws -> KommunenUpsertResult {
        for entry in entries {
            guard AGS.istAchtstellig(entry.ags) else { throw AdministrationError.invalidAGS(entry.ags) }
            guard !entry.name.isEmpty else { throw AdministrationError.invalidValue(field: "name", reason: "empty") }
            guard !entry.art.isEmpty else { throw AdministrationError.invalidValue(field: "art", reason: "empty") }
        }
        let logger = database.logger
        return try await database.withTransaction { connection in
            var result = KommunenUpsertResult()
            for entry in entries {
                let rows = try await connection.query(
                    """
                    INSERT INTO kommunen AS k (ags, name, art) VALUES (\(entry.ags), \(entry.name), \(entry.art))
                    ON CONFLICT (ags) DO UPDATE SET name = excluded.name, art = excluded.art, updated_at = now()
                        WHERE (k.name, k.art) IS DISTINCT FROM (excluded.name, excluded.art)
                    RETURNING (xmax = 0)
                    """, logger: logger)
                var inserted: Bool?
                for try await (flag) in rows.decode(Bool.self) { inserted = flag }
                switch inserted {
                case nil:
                    result.unchanged.append(entry.ags)
                    continue
                case true?: result.inserted.append(entry.ags)
                case false?: result.updated.append(entry.ags)
                }
                try await AuditLog.append(
                    AuditEvent(
                        actor: actor, action: inserted == true ? "kommune.create" : "kommune.update", ags: entry.ags,
                        objectType: "kommune", objectID: entry.ags, details: ["name": entry.name, "art": entry.art]),
                    on: connection, logger: logger)
            }
            return result
        }
    }

    /// All municipalities, by AGS.
    public func list(includeInactive: Bool = true) async throws -> [Kommune] {
        let logger = database.logger
        return try await database.withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT ags::text, name, art, aktiv, created_at, updated_at FROM kommunen
                WHERE aktiv OR \(includeInactive) ORDER BY ags
                """, logger: logger)
            var result: [Kommune] = []
            for try await (ags, name, art, aktiv, created, updated) in rows.decode(
                (String, String, String, Bool, Date, Date).self)
            {
                result.append(
                    Kommune(ags: ags, name: name, art: art, aktiv: aktiv, createdAt: created, updatedAt: updated))
            }
            return result
        }
    }

    /// Deactivates a municipality. Returns false when it already was inactive.
    @discardableResult
    public func deactivate(ags: String, actor: Auditakteur) async throws -> Bool {
        try await setActive(false, ags: ags, actor: actor)
    }

    /// Activates a municipality again. Returns false when it already was active.
    @discardableResult
    public func activate(ags: String, actor: Auditakteur) async throws -> Bool {
        try await setActive(true, ags: ags, actor: actor)
    }

    private func setActive(_ active: Bool, ags: String, actor: Auditakteur) async throws -> Bool {
        guard AGS.istAchtstellig(ags) else { throw AdministrationError.invalidAGS(ags) }
        let logger = database.logger
        return try await database.withTransaction { connection in
            let rows = try await connection.query(
                "SELECT aktiv FROM kommunen WHERE ags = \(ags) FOR UPDATE", logger: logger)
            var current: Bool?
            for try await (aktiv) in rows.decode(Bool.self) { current = aktiv }
            guard let current else { throw AdministrationError.unknownKommune(ags) }
            guard current != active else { return false }
            try await connection.query(
                "UPDATE kommunen SET aktiv = \(active), updated_at = now() WHERE ags = \(ags)", logger: logger)
            try await AuditLog.append(
                AuditEvent(
                    actor: actor, action: active ? "kommune.activate" : "kommune.deactivate", ags: ags,
                    objectType: "kommune", objectID: ags),
                on: connection, logger: logger)
            return true
        }
    }
}
