import Crypto
import Foundation
import GewerbeDomain
import Logging
import PostgresNIO

/// A token's metadata (never its secret or hash).
public struct ApiToken: Sendable, Hashable {
    public let id: UUID
    public let label: String
    public let role: Rolle
    /// The AGS of the municipalities the token may act for, sorted.
    public let kommunen: [String]
    public let createdAt: Date
    public let expiresAt: Date?
    public let revokedAt: Date?
    public let lastUsedAt: Date?
}

/// A freshly created token: the secret is shown to the operator once and never stored.
public struct CreatedToken: Sendable {
    public let token: ApiToken
    /// `gwt_` followed by 40 base62 characters (about 238 random bits).
    public let secret: String
}

/// Why a token was not accepted. The HTTP layer answers 401 for all of them (without telling the
/// caller which), but logs the reason.
public enum TokenRejection: Error, Sendable, Hashable {
    /// Not of the form `gwt_` + 40 base62 characters.
    case malformed
    /// No token has this secret.
    case unknown
    case revoked(at: Date)
    case expired(at: Date)
    /// All of the token's municipalities are deactivated.
    case noActiveKommune
}

/// Token administration (`gewerbe tokens ...`) and authentication of API requests.
/// Runs as the owner role: token lookup must work before the tenant is known.
public struct TokenStore: Sendable {
    private let database: Database
    private let now: @Sendable () -> Date

    /// The prefix of every token secret.
    public static let secretPrefix = "gwt_"
    /// How often `last_used_at` is refreshed at most (it costs a write).
    public static let lastUsedResolution: TimeInterval = 60

    /// - Parameter now: the clock (tests pass a fake one).
    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.now = now
    }

    /// Creates a token for `role` and `kommunen` (all must exist and be active). The returned
    /// secret is not stored anywhere: show it once. Appends `token.create` to the global audit chain.
    public func create(
        label: String, role: Rolle, kommunen: [String], expiresAt: Date? = nil, actor: Auditakteur
    ) async throws -> CreatedToken {
        guard !label.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw AdministrationError.invalidValue(field: "label", reason: "empty")
        }
        guard Rolle.vergebbar.contains(role) else {
            throw AdministrationError.invalidValue(field: "role", reason: "\(role.rawValue) is never issued")
        }
        let scope: TenantScope
        do { scope = try TenantScope(kommunen: kommunen) } catch {
            throw AdministrationError.invalidValue(field: "kommunen", reason: error.description)
        }
        let createdAt = now()
        if let expiresAt, expiresAt <= createdAt {
            throw AdministrationError.invalidValue(field: "expiresAt", reason: "lies in the past")
        }
        let id = UUID()
        let secret = Self.secretPrefix + RandomText.base62(count: 40)
        let token = ApiToken(
            id: id, label: label, role: role, kommunen: scope.kommunen, createdAt: createdAt, expiresAt: expiresAt,
            revokedAt: nil, lastUsedAt: nil)
        let logger = database.logger
        try await database.withTransaction { connection in
            let rows = try await connection.query(
                "SELECT ags::text, aktiv FROM kommunen WHERE ags = ANY(\(scope.kommunen)::char(8)[])", logger: logger)
            var found: [String: Bool] = [:]
            for try await (ags, aktiv) in rows.decode((String, Bool).self) { found[ags] = aktiv }
            for ags in scope.kommunen {
                guard let aktiv = found[ags] else { throw AdministrationError.unknownKommune(ags) }
                guard aktiv else { throw AdministrationError.inactiveKommune(ags) }
            }
            try await connection.query(
                """
                INSERT INTO api_tokens (id, token_hash, label, role, kommunen, created_at, expires_at)
                VALUES (\(id), \(Self.hash(secret: secret)), \(label), \(role.rawValue), \(scope.kommunen)::char(8)[],
                        \(createdAt), \(expiresAt))
                """, logger: logger)
            struct Details: Encodable {
                let label: String
                let role: String
                let kommunen: [String]
                let expiresAt: String?

                enum CodingKeys: String, CodingKey {
                    case label, role, kommunen
                    case expiresAt = "expires_at"
                }
            }
            try await AuditLog.append(
                AuditEvent(
                    actor: actor, action: "token.create", ags: AGS.global, objectType: "token",
                    objectID: id.lowercased,
                    details: Details(
                        label: label, role: role.rawValue, kommunen: scope.kommunen,
                        expiresAt: expiresAt.map { ISO8601DateFormatter().string(from: $0) })),
                on: connection, logger: logger)
        }
        return CreatedToken(token: token, secret: secret)
    }

    /// All tokens (metadata only), newest first.
    public func list() async throws -> [ApiToken] {
        let logger = database.logger
        return try await database.withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT id, label, role, kommunen::text[], created_at, expires_at, revoked_at, last_used_at
                FROM api_tokens ORDER BY created_at DESC, id
                """, logger: logger)
            var tokens: [ApiToken] = []
            for try await (id, label, role, kommunen, created, expires, revoked, lastUsed) in rows.decode(
                (UUID, String, String, [String], Date, Date?, Date?, Date?).self)
            {
                tokens.append(
                    ApiToken(
                        id: id, label: label, role: Rolle(rawValue: role) ?? .pruefung, kommunen: kommunen.sorted(),
                        createdAt: created, expiresAt: expires, revokedAt: revoked, lastUsedAt: lastUsed))
            }
            return tokens
        }
    }

    /// Revokes a token from now on. Returns false when it was already revoked; throws
    /// ``AdministrationError/unknownToken(_:)`` for an unknown id. Appends `token.revoke`.
    @discardableResult
    public func revoke(id: UUID, actor: Auditakteur) async throws -> Bool {
        let revokedAt = now()
        let logger = database.logger
        return try await database.withTransaction { connection in
            let rows = try await connection.query(
                "SELECT revoked_at FROM api_tokens WHERE id = \(id) FOR UPDATE", logger: logger)
            var exists = false
            var previous: Date?
            for try await (revoked) in rows.decode(Date?.self) {
                exists = true
                previous = revoked
            }
            guard exists else { throw AdministrationError.unknownToken(id) }
            guard previous == nil else { return false }
            try await connection.query(
                "UPDATE api_tokens SET revoked_at = \(revokedAt) WHERE id = \(id)", logger: logger)
            try await AuditLog.append(
                AuditEvent(
                    actor: actor, action: "token.revoke", ags: AGS.global, objectType: "token",
                    objectID: id.lowercased),
                on: connection, logger: logger)
            return true
        }
    }

    /// Checks a bearer token: one indexed lookup by the secret's SHA-256 (so no constant-time
    /// comparison is needed), then revocation, expiry and the municipalities' state. Refreshes
    /// `last_used_at` at most once per ``lastUsedResolution``.
    public func authenticate(secret: String) async throws -> Result<Akteur, TokenRejection> {
        guard Self.isWellFormed(secret) else { return .failure(.malformed) }
        let logger = database.logger
        let hash = Self.hash(secret: secret)
        let moment = now()
        return try await database.withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT t.id, t.label, t.role, t.expires_at, t.revoked_at, t.last_used_at,
                       ARRAY(SELECT k.ags::text FROM kommunen k
                             WHERE k.ags = ANY (t.kommunen) AND k.aktiv ORDER BY k.ags)
                FROM api_tokens t WHERE t.token_hash = \(hash)
                """, logger: logger)
            var found: (UUID, String, String, Date?, Date?, Date?, [String])?
            for try await row in rows.decode((UUID, String, String, Date?, Date?, Date?, [String]).self) { found = row }
            guard let (id, label, roleName, expiresAt, revokedAt, lastUsedAt, kommunen) = found else {
                return .failure(.unknown)
            }
            if let revokedAt { return .failure(.revoked(at: revokedAt)) }
            if let expiresAt, expiresAt <= moment { return .failure(.expired(at: expiresAt)) }
            guard !kommunen.isEmpty else { return .failure(.noActiveKommune) }
            guard let rolle = Rolle(rawValue: roleName), rolle != .system else { return .failure(.unknown) }
            if lastUsedAt.map({ moment.timeIntervalSince($0) >= Self.lastUsedResolution }) ?? true {
                try await connection.query(
                    "UPDATE api_tokens SET last_used_at = \(moment) WHERE id = \(id)", logger: logger)
            }
            return .success(Akteur(tokenId: id, bezeichnung: label, rolle: rolle, kommunen: Set(kommunen)))
        }
    }

    /// Whether `secret` has the token format (`gwt_` + 40 base62 characters).
    public static func isWellFormed(_ secret: String) -> Bool {
        guard secret.hasPrefix(secretPrefix) else { return false }
        let body = secret.utf8.dropFirst(secretPrefix.utf8.count)
        return body.count == 40
            && body.allSatisfy { byte in
                (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                    || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                    || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            }
    }

    /// Lowercase hex SHA-256 of the secret's UTF-8 bytes (what `api_tokens.token_hash` stores).
    public static func hash(secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
