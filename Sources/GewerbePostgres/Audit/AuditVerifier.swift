import Crypto
import Foundation
import Logging
import PostgresNIO

/// Checks the audit trail's hash chains, recomputing every hash independently of the database.
///
/// ## The chain
/// `audit_events` holds one chain per municipality (`ags`), and the chain `00000000` for events of
/// no municipality. In each chain, `seq` runs 1, 2, 3, ... without gaps; the first event's
/// `prev_hash` is 64 zeros (`"0"` repeated), every later event's `prev_hash` is the `hash` of the
/// event before it; `audit_chain_heads` holds the `seq` and `hash` of each chain's newest event.
///
/// ## Canonical text, version 1 (what an auditor re-implements)
/// `hash` is the lowercase hexadecimal SHA-256 of the UTF-8 bytes of this text:
/// ```
/// gewerbe-audit-v1\n
/// ags=<field>\n
/// seq=<field>\n
/// id=<field>\n
/// occurred_at=<field>\n
/// actor_token_id=<field>\n
/// actor_label=<field>\n
/// actor_role=<field>\n
/// action=<field>\n
/// object_type=<field>\n
/// object_id=<field>\n
/// details=<field>\n
/// prev_hash=<field>\n
/// ```
/// (`\n` is one line feed, 0x0A; there is no other whitespace.) Each `<field>` is `-` when the
/// column is NULL, otherwise `<n>:<value>`, where `<n>` is the number of UTF-8 bytes of `<value>`
/// in decimal. The values are:
/// - `ags`: the 8 digits; `seq`: decimal, no sign or leading zeros;
/// - `id`, `actor_token_id`: the UUID in lowercase, hyphenated (36 characters);
/// - `occurred_at`: UTC, `YYYY-MM-DDTHH:MM:SS.ffffffZ`, always 6 fraction digits;
/// - `actor_label`, `actor_role`, `action`, `object_type`, `object_id`: the text as stored;
/// - `details`: PostgreSQL's text rendering of the jsonb value (`details::text`);
/// - `prev_hash`: 64 lowercase hex digits.
///
/// Example: an event with `actor_role` NULL and `action` `token.create` contributes the lines
/// `actor_role=-` and `action=12:token.create`. In SQL the same text is
/// `audit_canonical_text(audit_events)` (migration 0003), so
/// `SELECT seq FROM audit_events e WHERE hash <> encode(sha256(convert_to(audit_canonical_text(e), 'UTF8')), 'hex')`
/// lists edited events.
public struct AuditVerifier: Sendable {
    private let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The `prev_hash` of each chain's first event.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// Reads every event (in one consistent snapshot) and returns the first problem of each chain.
    /// Runs as the login role (no row-level security).
    public func verify() async throws -> AuditVerification {
        let logger = database.logger
        return try await database.transaktion(.pruefung, versuche: 1) { connection in
            var heads: [String: (seq: Int64, hash: String)] = [:]
            let headRows = try await connection.query(
                "SELECT ags::text, seq, hash::text FROM audit_chain_heads", logger: logger)
            for try await (ags, seq, hash) in headRows.decode((String, Int64, String).self) {
                heads[ags] = (seq, hash)
            }
            let rows = try await connection.query(
                """
                SELECT ags::text, seq, id, (extract(epoch FROM occurred_at) * 1000000)::bigint,
                       actor_token_id, actor_label, actor_role, action, object_type, object_id,
                       details::text, prev_hash::text, hash::text
                FROM audit_events ORDER BY ags, seq
                """, logger: logger)
            var walker = ChainWalker(heads: heads)
            for try await row in rows {
                let (
                    ags, seq, id, micros, tokenID, label, role, action, objectType, objectID, details, prevHash,
                    hash
                ) =
                    try row.decode(
                        (
                            String, Int64, UUID, Int64, UUID?, String, String?, String, String?, String?, String,
                            String, String
                        ).self)
                let text = Self.canonicalText(
                    ags: ags, seq: seq, id: id, occurredAtMicroseconds: micros, actorTokenID: tokenID,
                    actorLabel: label, actorRole: role, action: action, objectType: objectType, objectID: objectID,
                    detailsJSON: details, prevHash: prevHash)
                walker.visit(
                    ags: ags, seq: seq, id: id, prevHash: prevHash, storedHash: hash, computedHash: Self.hash(text))
            }
            return walker.finish()
        }
    }

    /// The canonical text of one event (see the type's documentation).
    public static func canonicalText(
        ags: String, seq: Int64, id: UUID, occurredAtMicroseconds: Int64, actorTokenID: UUID?,
        actorLabel: String, actorRole: String?, action: String, objectType: String?, objectID: String?,
        detailsJSON: String, prevHash: String
    ) -> String {
        func field(_ name: String, _ value: String?) -> String {
            guard let value else { return "\(name)=-\n" }
            return "\(name)=\(value.utf8.count):\(value)\n"
        }
        return "gewerbe-audit-v1\n"
            + field("ags", ags)
            + field("seq", String(seq))
            + field("id", id.lowercased)
            + field("occurred_at", formatUTC(microseconds: occurredAtMicroseconds))
            + field("actor_token_id", actorTokenID?.lowercased)
            + field("actor_label", actorLabel)
            + field("actor_role", actorRole)
            + field("action", action)
            + field("object_type", objectType)
            + field("object_id", objectID)
            + field("details", detailsJSON)
            + field("prev_hash", prevHash)
    }

    /// Lowercase hex SHA-256 of the text's UTF-8 bytes.
    public static func hash(_ canonicalText: String) -> String {
        SHA256.hash(data: Data(canonicalText.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// `YYYY-MM-DDTHH:MM:SS.ffffffZ` for microseconds since 1970-01-01T00:00:00Z.
    static func formatUTC(microseconds: Int64) -> String {
        let (seconds, fraction) = microseconds.quotientAndRemainder(dividingBy: 1_000_000)
        let (wholeSeconds, micros) = fraction < 0 ? (seconds - 1, fraction + 1_000_000) : (seconds, fraction)
        var time = time_t(wholeSeconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2))"
            + "T\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2))"
            + ".\(pad(Int(micros), 6))Z"
    }
}

/// The outcome of ``AuditVerifier/verify()``.
public struct AuditVerification: Sendable {
    /// Events read.
    public let eventCount: Int
    /// Chains (municipalities plus the global chain) seen in events or heads.
    public let chainCount: Int
    /// The first problem of every broken chain, ordered by AGS. Empty when all is intact.
    public let problems: [AuditProblem]

    /// Whether every chain is intact.
    public var isIntact: Bool { problems.isEmpty }
}

/// The first broken link of one chain.
public struct AuditProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The event's stored hash does not match its content: the event was edited.
        case hashMismatch(stored: String, computed: String)
        /// The event's `prev_hash` is not the hash of the event before it: that event was edited
        /// (and its hash recomputed) or replaced.
        case predecessorMismatch(expected: String, found: String)
        /// Events with these `seq` numbers are missing before this event: they were deleted.
        case gap(missing: ClosedRange<Int64>)
        /// The chain head says the newest event is `headSeq`, but the newest present is `lastSeq`
        /// (0: none): the newest events were deleted.
        case truncated(headSeq: Int64, lastSeq: Int64)
        /// The newest present event is not the one the chain head records (same seq, other hash).
        case headMismatch(headHash: String, lastHash: String)
        /// Events exist but the chain head row is missing.
        case headMissing
    }

    /// The chain (AGS, or `00000000` for the global chain).
    public let ags: String
    /// The event where the problem shows (for ``Kind/truncated`` the last present event, or 0).
    public let seq: Int64
    /// That event's id, when there is one.
    public let id: UUID?
    public let kind: Kind

    public var description: String {
        let event = id.map { "event \(ags)/\(seq) (id \($0.lowercased))" } ?? "chain \(ags)"
        switch kind {
        case .hashMismatch(let stored, let computed):
            return "\(event): content does not match its hash (stored \(stored.prefix(16))…, computed "
                + "\(computed.prefix(16))…): the event was changed"
        case .predecessorMismatch(let expected, let found):
            return "\(event): prev_hash \(found.prefix(16))… is not the hash of event \(seq - 1) "
                + "(\(expected.prefix(16))…): event \(ags)/\(seq - 1) was changed or replaced"
        case .gap(let missing):
            let which =
                missing.count == 1
                ? "event \(missing.lowerBound) is" : "events \(missing.lowerBound)…\(missing.upperBound) are"
            return "\(event): \(which) missing before it: deleted"
        case .truncated(let headSeq, let lastSeq):
            return "chain \(ags): the chain head records event \(headSeq), but the newest event present is "
                + "\(lastSeq): events \(lastSeq + 1)…\(headSeq) were deleted"
        case .headMismatch(let headHash, let lastHash):
            return "\(event): the chain head records hash \(headHash.prefix(16))… for it, the event has "
                + "\(lastHash.prefix(16))…: it was replaced"
        case .headMissing:
            return "chain \(ags): the chain head row is missing (audit_chain_heads was edited)"
        }
    }
}

/// Walks events ordered by (ags, seq) and records the first problem per chain.
private struct ChainWalker {
    var heads: [String: (seq: Int64, hash: String)]
    var problems: [String: AuditProblem] = [:]
    var chains: Set<String> = []
    var count = 0
    var current: String?
    var lastSeq: Int64 = 0
    var lastHash = AuditVerifier.genesisHash
    var lastID: UUID?

    init(heads: [String: (seq: Int64, hash: String)]) {
        self.heads = heads
    }

    mutating func visit(ags: String, seq: Int64, id: UUID, prevHash: String, storedHash: String, computedHash: String) {
        count += 1
        if ags != current {
            closeChain()
            current = ags
            chains.insert(ags)
            lastSeq = 0
            lastHash = AuditVerifier.genesisHash
            lastID = nil
        }
        defer {
            lastSeq = seq
            lastHash = storedHash
            lastID = id
        }
        guard problems[ags] == nil else { return }
        if seq > lastSeq + 1 {
            problems[ags] = AuditProblem(ags: ags, seq: seq, id: id, kind: .gap(missing: (lastSeq + 1)...(seq - 1)))
        } else if prevHash != lastHash {
            problems[ags] = AuditProblem(
                ags: ags, seq: seq, id: id, kind: .predecessorMismatch(expected: lastHash, found: prevHash))
        } else if computedHash != storedHash {
            problems[ags] = AuditProblem(
                ags: ags, seq: seq, id: id, kind: .hashMismatch(stored: storedHash, computed: computedHash))
        }
    }

    /// Compares the finished chain's end with its head row.
    mutating func closeChain() {
        guard let ags = current, problems[ags] == nil else { return }
        guard let head = heads[ags] else {
            problems[ags] = AuditProblem(ags: ags, seq: lastSeq, id: lastID, kind: .headMissing)
            return
        }
        if head.seq != lastSeq {
            problems[ags] = AuditProblem(
                ags: ags, seq: lastSeq, id: lastID, kind: .truncated(headSeq: head.seq, lastSeq: lastSeq))
        } else if head.hash != lastHash {
            problems[ags] = AuditProblem(
                ags: ags, seq: lastSeq, id: lastID, kind: .headMismatch(headHash: head.hash, lastHash: lastHash))
        }
    }

    mutating func finish() -> AuditVerification {
        closeChain()
        current = nil
        // Chains whose events were all deleted: only the head is left.
        for (ags, head) in heads where !chains.contains(ags) && head.seq > 0 {
            chains.insert(ags)
            problems[ags] = AuditProblem(ags: ags, seq: 0, id: nil, kind: .truncated(headSeq: head.seq, lastSeq: 0))
        }
        return AuditVerification(
            eventCount: count, chainCount: chains.count,
            problems: problems.values.sorted { $0.ags < $1.ags })
    }
}
