import Foundation
import GewerbeDomain
import Logging
import PostgresNIO

/// An event to append. The database fills in `seq`, `occurred_at`, `prev_hash` and `hash`.
public struct AuditEvent: Sendable, Hashable {
    /// Generated here so that callers know it before the insert (e.g. to return it).
    public var id: UUID
    public var actor: Auditakteur
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
        id: UUID = UUID(), actor: Auditakteur, action: String, ags: String,
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
        id: UUID = UUID(), actor: Auditakteur, action: String, ags: String,
        objectType: String? = nil, objectID: String? = nil, details: some Encodable
    ) throws {
        let json = try JSONForm.text(details)
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
            VALUES (\(event.id), \(event.ags), \(event.actor.tokenId), \(event.actor.bezeichnung), \(event.actor.rolle),
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
