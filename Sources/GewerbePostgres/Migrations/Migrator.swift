import Crypto
import Foundation
import Logging
import PostgresNIO

/// One forward-only schema migration: the file `sql/migrations/NNNN_name.sql`, embedded into the
/// binary as ``EmbeddedMigrations`` (generated at build time by the `Einbetten` plugin).
public struct Migration: Sendable, Hashable {
    /// The number `NNNN` of the file name.
    public let version: Int
    /// The part of the file name after the number, without `.sql`.
    public let name: String
    /// The SQL text, byte for byte as in the file.
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// Reads version and name from a file name such as `0002_kommunen_and_api_tokens.sql`.
    public init(fileName: String, sql: String) throws(MigrationError) {
        guard fileName.hasSuffix(".sql"), let underscore = fileName.firstIndex(of: "_"),
            let version = Int(fileName[..<underscore]),
            fileName.distance(from: fileName.startIndex, to: underscore) == 4
        else { throw .invalidFileName(fileName) }
        let name = fileName[fileName.index(after: underscore)...].dropLast(4)
        guard !name.isEmpty else { throw .invalidFileName(fileName) }
        self.init(version: version, name: String(name), sql: sql)
    }

    /// `NNNN_name.sql`.
    public var fileName: String {
        String(repeating: "0", count: max(0, 4 - String(version).count)) + "\(version)_\(name).sql"
    }

    /// Lowercase hex SHA-256 of the SQL text's UTF-8 bytes (recorded in `schema_migrations.sha256`).
    public var checksum: String {
        SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// A row of `schema_migrations`.
public struct AppliedMigration: Sendable, Hashable {
    public let version: Int
    public let name: String
    public let sha256: String
    public let appliedAt: Date
    public let appliedBy: String
}

/// What the database has applied and what the binary would still apply.
public struct MigrationStatus: Sendable {
    /// Rows of `schema_migrations`, by version.
    public let applied: [AppliedMigration]
    /// Migrations of the binary that the database has not applied yet, by version.
    public let pending: [Migration]
    /// Whether the database is at the binary's newest migration.
    public var isUpToDate: Bool { pending.isEmpty }
}

/// Why migrating or starting was refused.
public enum MigrationError: Error, Equatable, CustomStringConvertible {
    /// The database applied a migration this binary does not have (a newer binary migrated it).
    case unknownMigration(version: Int, name: String)
    /// The database applied this migration with different SQL (the file was edited after it landed).
    case checksumMismatch(version: Int, name: String, database: String, binary: String)
    /// The database applied this version under another name.
    case nameMismatch(version: Int, database: String, binary: String)
    /// A migration is pending although a later one is applied (it was added out of order).
    case outOfOrder(pending: Int, latestApplied: Int)
    /// A statement of a migration failed; nothing of that migration was kept.
    case failed(version: Int, name: String, line: Int, message: String)
    /// A file in `sql/migrations` is not named `NNNN_name.sql`.
    case invalidFileName(String)

    public var description: String {
        func file(_ version: Int, _ name: String) -> String {
            Migration(version: version, name: name, sql: "").fileName
        }
        switch self {
        case .unknownMigration(let version, let name):
            return "the database has migration \(file(version, name)), which this program does not know: "
                + "it was migrated by a newer version; run that version (or newer)"
        case .checksumMismatch(let version, let name, let database, let binary):
            return "migration \(file(version, name)) differs from what the database applied "
                + "(checksum \(database.prefix(12))… in the database, \(binary.prefix(12))… here): "
                + "migrations must never be edited after they were applied; add a new migration instead"
        case .nameMismatch(let version, let database, let binary):
            return "migration \(version) is named '\(database)' in the database but '\(binary)' here"
        case .outOfOrder(let pending, let latest):
            return "migration \(pending) is pending but \(latest) is already applied: "
                + "new migrations must have a number above every applied one"
        case .failed(let version, let name, let line, let message):
            return "migration \(file(version, name)) failed at line \(line): \(message)"
        case .invalidFileName(let name):
            return "'\(name)' is not a migration file name (NNNN_name.sql)"
        }
    }
}

/// Applies the forward-only migrations and guards the history.
///
/// `schema_migrations(version, name, sha256, applied_at, applied_by)` records every applied
/// migration. ``migrate(_:)`` holds a session-level `pg_advisory_lock` while it works, so two
/// processes never migrate one database at once (the second waits, then finds nothing to do), and
/// applies each pending migration in its own transaction. ``verify(_:)`` is what the server calls at
/// start: it refuses a database whose history this binary does not know or that differs from it.
public struct Migrator: Sendable {
    /// The binary's migrations, by version.
    public let migrations: [Migration]
    private let logger: Logger

    /// The key of the advisory lock (`pg_advisory_lock(bigint)`; advisory locks are per database).
    public static let lockKey: Int64 = 0x6765_7765_7262_6501  // "gewerbe" + 1

    public init(migrations: [Migration] = EmbeddedMigrations.all, logger: Logger = Logger(label: "gewerbe.migrate")) {
        self.migrations = migrations.sorted { $0.version < $1.version }
        precondition(Set(migrations.map(\.version)).count == migrations.count, "duplicate migration versions")
        self.logger = logger
    }

    /// Applies all pending migrations (each in its own transaction) and returns them.
    /// Throws ``MigrationError`` when the recorded history does not match this binary.
    @discardableResult
    public func migrate(_ database: Database) async throws -> [Migration] {
        try await database.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(Self.lockKey))", logger: logger)
            do {
                try await connection.query(
                    """
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        version    integer PRIMARY KEY,
                        name       text NOT NULL,
                        sha256     char(64) NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now(),
                        applied_by text NOT NULL DEFAULT session_user
                    )
                    """, logger: logger)
                let status = try check(try await readApplied(connection))
                for migration in status.pending {
                    try await apply(migration, on: connection)
                }
                try await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
                return status.pending
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
                throw error
            }
        }
    }

    /// The applied and pending migrations. Throws ``MigrationError`` on an unknown or changed history.
    public func status(_ database: Database) async throws -> MigrationStatus {
        try await database.withConnection { connection in
            try check(try await readApplied(connection))
        }
    }

    /// Refuses (throws ``MigrationError``) when the database has a migration this binary does not
    /// know, one whose checksum or name differs, or a pending one older than an applied one.
    /// Returns the status; pending migrations are not an error here (check `isUpToDate`).
    @discardableResult
    public func verify(_ database: Database) async throws -> MigrationStatus {
        try await status(database)
    }

    private func readApplied(_ connection: PostgresConnection) async throws -> [AppliedMigration] {
        let exists = try await connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL", logger: logger)
        for try await (present) in exists.decode(Bool.self) where !present { return [] }
        let rows = try await connection.query(
            "SELECT version, name, sha256, applied_at, applied_by FROM schema_migrations ORDER BY version",
            logger: logger)
        var applied: [AppliedMigration] = []
        for try await (version, name, sha256, appliedAt, appliedBy) in rows.decode(
            (Int, String, String, Date, String).self)
        {
            applied.append(
                AppliedMigration(
                    version: version, name: name, sha256: sha256, appliedAt: appliedAt, appliedBy: appliedBy))
        }
        return applied
    }

    private func check(_ applied: [AppliedMigration]) throws(MigrationError) -> MigrationStatus {
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        for row in applied {
            guard let migration = known[row.version] else {
                throw .unknownMigration(version: row.version, name: row.name)
            }
            guard migration.name == row.name else {
                throw .nameMismatch(version: row.version, database: row.name, binary: migration.name)
            }
            guard migration.checksum == row.sha256 else {
                throw .checksumMismatch(
                    version: row.version, name: row.name, database: row.sha256, binary: migration.checksum)
            }
        }
        let appliedVersions = Set(applied.map(\.version))
        let pending = migrations.filter { !appliedVersions.contains($0.version) }
        if let latest = applied.last?.version, let early = pending.first(where: { $0.version < latest }) {
            throw .outOfOrder(pending: early.version, latestApplied: latest)
        }
        return MigrationStatus(applied: applied, pending: pending)
    }

    private func apply(_ migration: Migration, on connection: PostgresConnection) async throws {
        logger.info("applying migration", metadata: ["migration": "\(migration.fileName)"])
        try await connection.query("BEGIN", logger: logger)
        var line = 1
        do {
            for statement in SQLScript.statements(in: migration.sql) {
                line = statement.line
                try await connection.query(PostgresQuery(unsafeSQL: statement.text), logger: logger)
            }
            line = 0
            try await connection.query(
                """
                INSERT INTO schema_migrations (version, name, sha256)
                VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                """, logger: logger)
            try await connection.query("COMMIT", logger: logger)
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw MigrationError.failed(
                version: migration.version, name: migration.name, line: line, message: PostgresErrors.describe(error))
        }
    }
}
