import Foundation
import GewerbePostgres
import GewerbeTestSupport
import PostgresNIO
import Testing

@Suite("Migrator")
struct MigratorTests {
    let logger = TestPostgres.logger

    @Test func appliesAllMigrationsOnceAndIsIdempotent() async throws {
        try await TestPostgres.withDatabase(.empty) { database in
            let migrator = Migrator(logger: TestPostgres.logger)
            let before = try await migrator.status(database)
            #expect(before.applied.isEmpty)
            #expect(before.pending.map(\.version) == EmbeddedMigrations.all.map(\.version))

            let applied = try await migrator.migrate(database)
            #expect(applied.map(\.version) == EmbeddedMigrations.all.map(\.version))
            let status = try await migrator.verify(database)
            #expect(status.isUpToDate)
            #expect(status.applied.map(\.sha256) == EmbeddedMigrations.all.map(\.checksum))
            #expect(status.applied.allSatisfy { $0.appliedBy == "postgres" })

            #expect(try await migrator.migrate(database).isEmpty)
            let tables = try await database.withConnection { connection in
                try await connection.scalar(
                    """
                    SELECT count(*) FROM pg_tables WHERE schemaname = 'public'
                    AND tablename IN ('kommunen', 'api_tokens', 'audit_events', 'audit_chain_heads')
                    """, as: Int.self)
            }
            #expect(tables == 4)
        }
    }

    /// Roles are cluster-wide and already exist (the template database created them); migrating
    /// another database of the cluster must accept that.
    @Test func migratesAFreshDatabaseWhenTheRolesExistAlready() async throws {
        try await TestPostgres.withDatabase(.empty) { database in
            let existing = try await database.withConnection { connection in
                try await connection.scalar(
                    "SELECT count(*) FROM pg_roles WHERE rolname IN ('gewerbe_app', 'gewerbe_report')", as: Int.self)
            }
            #expect(existing == 2)
            try await Migrator(logger: TestPostgres.logger).migrate(database)
        }
    }

    @Test func refusesAChangedMigration() async throws {
        try await TestPostgres.withDatabase(.empty) { database in
            let original = Migration(version: 1, name: "probe", sql: "CREATE TABLE probe (id int);\n")
            try await Migrator(migrations: [original], logger: TestPostgres.logger).migrate(database)

            let edited = Migration(version: 1, name: "probe", sql: "CREATE TABLE probe (id bigint);\n")
            let changed = Migrator(migrations: [edited], logger: TestPostgres.logger)
            let error = await #expect(throws: MigrationError.self) { try await changed.verify(database) }
            guard case .checksumMismatch(let version, let name, let stored, let binary)? = error else {
                Issue.record("expected checksumMismatch, got \(String(describing: error))")
                return
            }
            #expect(version == 1 && name == "probe")
            #expect(stored == original.checksum && binary == edited.checksum)
            #expect(error?.description.contains("0001_probe.sql") == true)
            await #expect(throws: MigrationError.self) { try await changed.migrate(database) }
        }
    }

    @Test func refusesAMigrationTheBinaryDoesNotKnow() async throws {
        try await TestPostgres.withDatabase(.empty) { database in
            let first = Migration(version: 1, name: "one", sql: "SELECT 1;")
            let second = Migration(version: 2, name: "two", sql: "SELECT 2;")
            try await Migrator(migrations: [first, second], logger: TestPostgres.logger).migrate(database)

            let older = Migrator(migrations: [first], logger: TestPostgres.logger)
            await #expect(throws: MigrationError.unknownMigration(version: 2, name: "two")) {
                try await older.verify(database)
            }
            await #expect(throws: MigrationError.unknownMigration(version: 2, name: "two")) {
                try await older.migrate(database)
            }
        }
    }

    @Test func refusesARenamedMigrationAndOneAddedOutOfOrder() async throws {
        try await TestPostgres.withDatabase(.empty) { database in
            let one = Migration(version: 1, name: "one", sql: "SELECT 1;")
            let three = Migration(version: 3, name: "three", sql: "SELECT 3;")
            try await Migrator(migrations: [one, three], logger: TestPostgres.logger).migrate(database)

            let renamed = Migration(version: 1, name: "uno", sql: "SELECT 1;")
            await #expect(throws: MigrationError.nameMismatch(version: 1, database: "one", binary: "uno")) {
                try await Migrator(migrations: [renamed, three], logger: TestPostgres.logger).verify(database)
            }
            let two = Migration(version: 2, name: "two", sql: "SELECT 2;")
            await #expect(throws: MigrationError.outOfOrder(pending: 2, latestApplied: 3)) {
                try await Migrator(migrations: [one, two, three], logger: TestPostgres.logger).migrate(database)
            }
        }
    }

    @Test func aFailingMigrationLeavesNothingBehindAndNamesTheLine() async throws {
        try await TestPostgres.withDatabase(.empty) { database in
            let good = Migration(version: 1, name: "good", sql: "CREATE TABLE good (id int);")
            let bad = Migration(
                version: 2, name: "bad",
                sql: "CREATE TABLE half (id int);\n\n-- the next statement fails\nINSERT INTO missing VALUES (1);\n")
            let migrator = Migrator(migrations: [good, bad], logger: TestPostgres.logger)
            let error = await #expect(throws: MigrationError.self) { try await migrator.migrate(database) }
            guard case .failed(let version, let name, let line, let message)? = error else {
                Issue.record("expected failed, got \(String(describing: error))")
                return
            }
            #expect(version == 2 && name == "bad" && line == 4)
            #expect(message.contains("42P01"))
            #expect(message.contains("missing"))

            let (versions, half) = try await database.withConnection { connection in
                (
                    try await connection.scalar(
                        "SELECT array_agg(version ORDER BY version) FROM schema_migrations", as: [Int].self),
                    try await connection.scalar("SELECT to_regclass('half') IS NOT NULL", as: Bool.self)
                )
            }
            #expect(versions == [1])
            #expect(!half)
        }
    }

    @Test func twoProcessesMigratingAtOnceApplyEachMigrationOnce() async throws {
        try await TestPostgres.withDatabase(.empty) { database in
            // A slow migration widens the window in which a second migrator could interfere.
            let slow = Migration(
                version: EmbeddedMigrations.all.count + 1, name: "slow",
                sql: "SELECT pg_sleep(0.3);\nCREATE TABLE slow_marker (id int);\n")
            let migrations = EmbeddedMigrations.all + [slow]
            var configuration = try await TestPostgres.serverConfiguration()
            configuration.database = try await database.withConnection { connection in
                try await connection.scalar("SELECT current_database()", as: String.self)
            }
            // Two separate pools, as two processes would have.
            let results = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<2 {
                    group.addTask { [configuration] in
                        try await TestPostgres.withRunningDatabase(configuration) { other in
                            try await Migrator(migrations: migrations, logger: TestPostgres.logger).migrate(other)
                                .map(\.version)
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.flatMap { $0 }.sorted() == migrations.map(\.version))
            #expect(results.contains([]))
            let rows = try await database.withConnection { connection in
                try await connection.scalar("SELECT count(*) FROM schema_migrations", as: Int.self)
            }
            #expect(rows == migrations.count)
        }
    }
}
