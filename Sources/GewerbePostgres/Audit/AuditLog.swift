import Foundation
import Logging
import PostgresNIO

/// Who did something: a token (its id, label and role) or the system / an operator at the CLI.
public struct AuditActor: Sendable, Hashable {
    /// The API token, when the action came through the HTTP API.
    public var tokenID: UUID?
    /// The token's label, or e.g. `system`, `cli:root`.
    public var label: String
    /// The token's role (`sachbearbeitung`, ...), nil for the system.
    public var role: String?

    public init(tokenID: UUID?, label: String, role: String?) {
        self.tokenID = tokenID
        self.label = label
        self.role = role
    }

    /// The service itself (migrations, workers).
    public static let system = AuditActor(tokenID: nil, label: "system", role: nil)

    /// An operator at the command line, e.g. `cli:root`.
    public static func cli(user: String) -> AuditActor { AuditActor(tokenID: nil, label: "cli:\(user)", role: nil) }
}

/// An event to append. The database fills in `seq`, `occurred_at`, `prev_hash` and `hash`.
public struct AuditEvent: Sendable, Hashable {
    /// Generated here so that callers know it before the insert (e.g. to return it).
    public var id: UUID
    public var actor: AuditActor
    /// What happened, lowercase dotted: `anzeige.create`, `anzeige.read`, `auskunft.erteilt`,
    /// `token.create`, `kommune.upsert`.
    public var action: String
    /// The municipality (its chain); ``AGS/global`` for events of no municipality.
    public var ags: String
    /// The kind of object (`anzeige`, `betrieb`, `token`, ...), if any.
    public var objectType: String?
    /// The object's id (UUID or Aktenzeichen), if any.
    public var objectID: String?
    /// Further facts as a JSON object text (stored as jsonb). Never put secrets here.
    public var detailsJSON: String

    public init(
        id: UUID = UUID(), actor: AuditActor, action: String, ags: String,
        objectType: String? = nil, objectID: String? = nil, detailsJSON: String = "{}"
    ) {
        self.id = id
        self.actor = actor
        self.action = action
        self.ags = ags
        self.objectType = objectType
        self.objectID = objectID
        self.detailsJSON = detailsJSON
    }

    /// An event whose details are encoded from `details` (JSON, keys sorted).
    public init(
        id: UUID = UUID(), actor: AuditActor, action: String, ags: String,
        objectType: String? = nil, objectID: String? = nil, details: some Encodable
    ) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(details), as: UTF8.self)
        self.init(
            id: id, actor: actor, action: action, ags: ags, objectType: objectType, objectID: objectID,
            detailsJSON: json)
    }
}

/// What the database assigned to an appended event.
public struct AuditReceipt: Sendable, Hashable {
    public let id: UUID
    public let ags: String
    public let seq: Int64
    public let occurredAt: Date
    public let hash: String
}

/// Appending to the audit trail (table `audit_events`, migration 0003).
public enum AuditLog {
    /// Appends `event` inside the caller's transaction, so that the event commits (or rolls back)
    /// together with the change it records. Works as the owner role and in a scoped transaction
    /// (`gewerbe_app`, `gewerbe_report`; then `event.ags` must be in the scope).
    ///
    /// Appending locks the head of the event's chain until the transaction ends: append as late as
    /// possible in a transaction, and keep transactions short.
    @discardableResult
    public static func append(
        _ event: AuditEvent, on connection: PostgresConnection, logger: Logger
    ) async throws -> AuditReceipt {
        let rows = try await connection.query(
            """
            INSERT INTO audit_events
                (id, ags, actor_token_id, actor_label, actor_role, action, object_type, object_id, details)
            VALUES (\(event.id), \(event.ags), \(event.actor.tokenID), \(event.actor.label), \(event.actor.role),
                    \(event.action), \(event.objectType), \(event.objectID), \(event.detailsJSON)::jsonb)
            RETURNING seq, occurred_at, hash
            """, logger: logger)
        for try await (seq, occurredAt, hash) in rows.decode((Int64, Date, String).self) {
            return AuditReceipt(id: event.id, ags: event.ags, seq: seq, occurredAt: occurredAt, hash: hash)
        }
        throw AuditLogError.noRowReturned
    }
}

enum AuditLogError: Error {
    case noRowReturned
}
