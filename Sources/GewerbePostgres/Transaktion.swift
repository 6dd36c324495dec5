import Crypto
import Foundation
import Logging
import PostgresNIO

/// How a transaction starts: every transaction of the service goes through
/// ``Database/transaktion(_:versuche:isolation:_:)`` with one of these (the presets below, or
/// ``Database/withTransaction(tenant:role:isolation:_:)`` and ``Database/withTransaction(isolation:_:)``).
struct Transaktionsart: Sendable {
    /// The municipalities row-level security lets the transaction see; `nil`: the login role,
    /// no role switch, no scope (administration only).
    var scope: TenantScope?
    var rolle: DatabaseRole = .app
    /// A transaction-level advisory lock taken in the setup statement, before any data is read
    /// (so the first query's snapshot already sees what the previous holder committed).
    var sperre: Int64? = nil
    /// `synchronous_commit = off` for this transaction: the commit does not wait for the WAL flush.
    /// Only for read transactions whose single write is their audit event.
    var ohneFlush: Bool = false
    /// `READ ONLY` with one snapshot for all statements (`REPEATABLE READ`): reports and checks
    /// whose figures must agree with each other.
    var nurLesen: Bool = false

    /// Administration as the login role (tenants, tokens, global audit events, the audit check).
    static let verwaltung = Transaktionsart(scope: nil)

    /// The audit check: read only, one snapshot of every chain, as the login role.
    static let pruefung = Transaktionsart(scope: nil, nurLesen: true)

    /// A report: read only, one snapshot (`REPEATABLE READ`), as `gewerbe_report`, scoped.
    static func bericht(_ scope: TenantScope) -> Transaktionsart {
        Transaktionsart(scope: scope, rolle: .report, nurLesen: true)
    }
}

extension Database {
    /// Runs `body` in a transaction as `art.rolle`, scoped to `art.scope` (row-level security), with
    /// the optional advisory lock and commit mode set in the same first statement. A deadlock or
    /// serialization failure (SQLSTATE 40P01, 40001) rolls back and runs `body` again, up to
    /// `versuche` times in all: `body` must not have effects outside the transaction.
    ///
    /// Round trips: BEGIN, setup, the statements of `body`, COMMIT.
    func transaktion<Ergebnis: Sendable>(
        _ art: Transaktionsart, versuche: Int = 3,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> Ergebnis
    ) async throws -> Ergebnis {
        var versuch = 1
        while true {
            do {
                return try await client.withConnection(isolation: isolation) { connection in
                    try await Self.einmal(art, on: connection, logger: logger, isolation: isolation, body)
                }
            } catch {
                let state = PostgresErrors.sqlState(of: error)
                guard versuch < versuche, state == "40P01" || state == "40001" else { throw error }
                logger.debug(
                    "transaction retried", metadata: ["sqlstate": "\(state ?? "")", "attempt": "\(versuch)"])
                versuch += 1
            }
        }
    }

    private static func einmal<Ergebnis>(
        _ art: Transaktionsart, on connection: PostgresConnection, logger: Logger,
        isolation: isolated (any Actor)?,
        _ body: (PostgresConnection) async throws -> Ergebnis
    ) async throws -> Ergebnis {
        // Without a lock the advisory-lock call gets NULL and does nothing (the function is strict).
        let setup: PostgresQuery? = art.scope.map { scope in
            """
            SELECT set_config('role', \(art.rolle.rawValue), true),
                   set_config('gewerbe.kommunen', \(scope.setting), true),
                   set_config('synchronous_commit',
                              CASE WHEN \(art.ohneFlush) THEN 'off' ELSE current_setting('synchronous_commit') END, true),
                   pg_advisory_xact_lock(\(art.sperre))
            """
        }
        try await connection.query(
            art.nurLesen ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN", logger: logger)
        do {
            if let setup { try await connection.query(setup, logger: logger) }
            let ergebnis = try await body(connection)
            try await connection.query("COMMIT", logger: logger)
            return ergebnis
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }
}

/// The key of a transaction-level advisory lock for a text (first 8 bytes of its SHA-256).
func sperrschluessel(_ text: String) -> Int64 {
    let digest = Array(SHA256.hash(data: Data(text.utf8)))
    var wert: UInt64 = 0
    for byte in digest.prefix(8) { wert = wert << 8 | UInt64(byte) }
    return Int64(bitPattern: wert)
}

/// Lowercase hex SHA-256 of UTF-8 text or bytes.
func sha256Hex(_ daten: Data) -> String {
    SHA256.hash(data: daten).map { String(format: "%02x", $0) }.joined()
}

/// A row read into named fields: its type decodes the columns of its SELECT in order.
protocol Zeile {
    init(_ row: PostgresRow) throws
}

extension PostgresConnection {
    /// All rows of `query`, each as a `Z`.
    func zeilen<Z: Zeile>(_ query: PostgresQuery, _ typ: Z.Type, logger: Logger) async throws -> [Z] {
        var ergebnis: [Z] = []
        for try await row in try await self.query(query, logger: logger) { ergebnis.append(try Z(row)) }
        return ergebnis
    }

    /// All rows of `query`, decoded as a tuple of a few columns.
    func zeilen<each Spalte: PostgresDecodable>(
        _ query: PostgresQuery, _ typ: (repeat each Spalte).Type, logger: Logger
    ) async throws -> [(repeat each Spalte)] {
        let rows = try await self.query(query, logger: logger)
        var ergebnis: [(repeat each Spalte)] = []
        for try await row in rows {
            ergebnis.append(try row.decode(typ))
        }
        return ergebnis
    }

    /// Runs a statement and discards its rows.
    func ausfuehren(_ query: PostgresQuery, logger: Logger) async throws {
        try await self.query(query, logger: logger)
    }
}
