import Foundation
import GewerbePostgres
import GewerbeTestSupport
import PostgresNIO
import Testing

@Suite("Tenancy: row-level security")
struct RowLevelSecurityTests {
    /// A tenant table like the ones later migrations create: AGS column, standard tenancy.
    static func createProbeTable(_ database: Database) async throws {
        try await database.withTransaction { connection in
            try await connection.run("CREATE TABLE probe (ags ags_code NOT NULL, note text NOT NULL)")
            try await connection.run("GRANT SELECT, INSERT, UPDATE, DELETE ON probe TO gewerbe_app")
            try await connection.run("GRANT SELECT ON probe TO gewerbe_report")
            try await connection.run("CALL gewerbe_enable_tenancy('probe')")
            try await connection.run(
                "INSERT INTO probe VALUES (\(agsA), 'a1'), (\(agsA), 'a2'), (\(agsB), 'b1'), (\(agsC), 'c1')")
        }
    }

    @Test func aTransactionScopedToOneMunicipalitySeesOnlyItsRows() async throws {
        try await TestPostgres.withDatabase { database in
            try await seedKommunen(database)
            try await Self.createProbeTable(database)
            let (notes, kommunen, events) = try await database.withTransaction(tenant: TenantScope(ags: agsA)) {
                connection in
                (
                    // No WHERE clause: the policy alone filters.
                    try await connection.scalar("SELECT array_agg(note ORDER BY note) FROM probe", as: [String].self),
                    try await connection.scalar("SELECT array_agg(ags::text) FROM kommunen", as: [String].self),
                    try await connection.scalar("SELECT count(DISTINCT ags) FROM audit_events", as: Int.self)
                )
            }
            #expect(notes == ["a1", "a2"])
            #expect(kommunen == [agsA])
            #expect(events == 1)

            let both = try await database.withTransaction(tenant: TenantScope(kommunen: [agsA, agsB])) { connection in
                try await connection.scalar("SELECT array_agg(note ORDER BY note) FROM probe", as: [String].self)
            }
            #expect(both == ["a1", "a2", "b1"])
        }
    }

    @Test func writesOutsideTheScopeAreRefused() async throws {
        try await TestPostgres.withDatabase { database in
            try await Self.createProbeTable(database)
            let scope = try TenantScope(ags: agsA)
            let insert = await #expect(throws: PSQLError.self) {
                try await database.withTransaction(tenant: scope) { connection in
                    try await connection.run("INSERT INTO probe VALUES (\(agsB), 'smuggled')")
                }
            }
            #expect(sqlState(insert) == "42501")
            let moved = await #expect(throws: PSQLError.self) {
                try await database.withTransaction(tenant: scope) { connection in
                    try await connection.run("UPDATE probe SET ags = \(agsB) WHERE note = 'a1'")
                }
            }
            #expect(sqlState(moved) == "42501")
            let (updated, deleted) = try await database.withTransaction(tenant: scope) { connection in
                (
                    try await connection.scalar(
                        "WITH u AS (UPDATE probe SET note = 'x' WHERE ags = \(agsB) RETURNING 1) SELECT count(*) FROM u",
                        as: Int.self),
                    try await connection.scalar(
                        "WITH d AS (DELETE FROM probe RETURNING 1) SELECT count(*) FROM d", as: Int.self)
                )
            }
            #expect(updated == 0)
            #expect(deleted == 2)
            let remaining = try await database.withConnection { connection in
                try await connection.scalar("SELECT array_agg(note ORDER BY note) FROM probe", as: [String].self)
            }
            #expect(remaining == ["b1", "c1"])
        }
    }

    @Test func withoutAScopeTheServiceRoleSeesNothing() async throws {
        try await TestPostgres.withDatabase { database in
            try await seedKommunen(database)
            try await Self.createProbeTable(database)
            let counts = try await database.withTransaction { connection in
                try await connection.run("SET LOCAL ROLE gewerbe_app")
                return (
                    try await connection.scalar("SELECT count(*) FROM probe", as: Int.self),
                    try await connection.scalar("SELECT count(*) FROM kommunen", as: Int.self)
                )
            }
            #expect(counts == (0, 0))
        }
    }

    @Test func theRoleAndScopeEndWithTheTransaction() async throws {
        try await TestPostgres.withDatabase(maximumConnections: 1) { database in
            let inside = try await database.withTransaction(tenant: TenantScope(ags: agsA)) { connection in
                try await connection.scalar(
                    "SELECT current_user::text || ' ' || current_setting('gewerbe.kommunen')", as: String.self)
            }
            #expect(inside == "gewerbe_app \(agsA)")
            // The pool has one connection: the same one, now back to the login role.
            let after = try await database.withConnection { connection in
                try await connection.scalar(
                    "SELECT current_user::text || ' [' || coalesce(current_setting('gewerbe.kommunen', true), '') || ']'",
                    as: String.self)
            }
            #expect(after == "postgres []")
            let failed = await #expect(throws: PSQLError.self) {
                try await database.withTransaction(tenant: TenantScope(ags: agsA), role: .report) { connection in
                    try await connection.run("SELECT 1/0")
                }
            }
            #expect(sqlState(failed) == "22012")
            let afterFailure = try await database.withConnection { connection in
                try await connection.scalar("SELECT current_user::text", as: String.self)
            }
            #expect(afterFailure == "postgres")
        }
    }

    @Test func theServiceRoleCannotReadTokenHashesOrOtherMunicipalitiesTokens() async throws {
        try await TestPostgres.withDatabase { database in
            try await seedKommunen(database)
            let store = TokenStore(database: database)
            _ = try await store.create(label: "a", role: .sachbearbeitung, kommunen: [agsA], actor: .system)
            _ = try await store.create(label: "ab", role: .leitung, kommunen: [agsA, agsB], actor: .system)
            _ = try await store.create(label: "b", role: .sachbearbeitung, kommunen: [agsB], actor: .system)
            let visible = try await database.withTransaction(tenant: TenantScope(ags: agsA)) { connection in
                try await connection.scalar("SELECT array_agg(label ORDER BY label) FROM api_tokens", as: [String].self)
            }
            #expect(visible == ["a"])
            let hashes = await #expect(throws: PSQLError.self) {
                try await database.withTransaction(tenant: TenantScope(kommunen: [agsA, agsB])) { connection in
                    try await connection.run("SELECT token_hash FROM api_tokens")
                }
            }
            #expect(sqlState(hashes) == "42501")
        }
    }

    @Test func theReportRoleOnlyReads() async throws {
        try await TestPostgres.withDatabase { database in
            try await seedKommunen(database)
            try await Self.createProbeTable(database)
            let scope = try TenantScope(ags: agsA)
            let count = try await database.withTransaction(tenant: scope, role: .report) { connection in
                try await connection.scalar("SELECT count(*) FROM probe", as: Int.self)
            }
            #expect(count == 2)
            for statement: PostgresQuery in [
                "INSERT INTO probe VALUES ('06636001', 'x')", "UPDATE kommunen SET name = 'x'", "DELETE FROM probe",
            ] {
                let error = await #expect(throws: PSQLError.self) {
                    try await database.withTransaction(tenant: scope, role: .report) { connection in
                        try await connection.run(statement)
                    }
                }
                #expect(sqlState(error) == "42501", "\(statement.sql)")
            }
        }
    }

    @Test func transactionErrorsAreRethrownUnchangedAndRolledBack() async throws {
        struct Abort: Error, Equatable {}
        try await TestPostgres.withDatabase { database in
            try await Self.createProbeTable(database)
            await #expect(throws: Abort()) {
                try await database.withTransaction(tenant: TenantScope(ags: agsA)) { connection in
                    try await connection.run("INSERT INTO probe VALUES (\(agsA), 'rolled back')")
                    throw Abort()
                }
            }
            let count = try await database.withConnection { connection in
                try await connection.scalar("SELECT count(*) FROM probe WHERE note = 'rolled back'", as: Int.self)
            }
            #expect(count == 0)
        }
    }

    @Test(arguments: [[String](), ["0663600"], ["06636001", "x"]])
    func invalidScopesAreRejected(_ kommunen: [String]) {
        #expect(throws: TenantScopeError.self) { try TenantScope(kommunen: kommunen) }
    }
}
