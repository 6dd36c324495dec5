import Foundation
import GewerbePostgres
import GewerbeTestSupport
import PostgresNIO
import Testing

@Suite("Tenants (Kommunen)")
struct KommunenStoreTests {
    @Test func upsertInsertsUpdatesAndLeavesUnchangedOnesAlone() async throws {
        try await TestPostgres.withDatabase { database in
            let store = KommunenStore(database: database)
            let first = try await store.upsert(
                [
                    KommuneStammdaten(ags: agsA, name: "Bad Sooden-Allendorf", art: "Stadt"),
                    KommuneStammdaten(ags: agsB, name: "Berkatal", art: "Gemeinde"),
                ], actor: .cli(benutzer: "ops"))
            #expect(first == KommunenUpsertResult(inserted: [agsA, agsB], updated: [], unchanged: []))
            let second = try await store.upsert(
                [
                    KommuneStammdaten(ags: agsA, name: "Bad Sooden-Allendorf", art: "Stadt"),
                    KommuneStammdaten(ags: agsB, name: "Berkatal (Gemeinde)", art: "Gemeinde"),
                    KommuneStammdaten(ags: agsC, name: "Herleshausen", art: "Gemeinde"),
                ], actor: .cli(benutzer: "ops"))
            #expect(second == KommunenUpsertResult(inserted: [agsC], updated: [agsB], unchanged: [agsA]))
            let listed = try await store.list()
            #expect(listed.map(\.ags) == [agsA, agsB, agsC])
            #expect(listed.map(\.name) == ["Bad Sooden-Allendorf", "Berkatal (Gemeinde)", "Herleshausen"])
            #expect(listed.allSatisfy { $0.aktiv })

            let events = try await database.withConnection { connection in
                try await connection.scalar(
                    "SELECT array_agg(ags || ':' || action ORDER BY ags, seq) FROM audit_events", as: [String].self)
            }
            #expect(
                events == [
                    "\(agsA):kommune.create", "\(agsB):kommune.create", "\(agsB):kommune.update",
                    "\(agsC):kommune.create",
                ])
        }
    }

    @Test func deactivateAndActivate() async throws {
        try await TestPostgres.withDatabase { database in
            try await seedKommunen(database)
            let store = KommunenStore(database: database)
            #expect(try await store.deactivate(ags: agsB, actor: .system))
            #expect(try await store.deactivate(ags: agsB, actor: .system) == false)
            #expect(try await store.list(includeInactive: false).map(\.ags) == [agsA, agsC])
            #expect(try await store.list().first { $0.ags == agsB }?.aktiv == false)
            // Re-importing the CSV does not reactivate.
            _ = try await store.upsert(
                [KommuneStammdaten(ags: agsB, name: "Berkatal", art: "Gemeinde")], actor: .system)
            #expect(try await store.list(includeInactive: false).map(\.ags) == [agsA, agsC])
            #expect(try await store.activate(ags: agsB, actor: .system))
            #expect(try await store.list(includeInactive: false).map(\.ags) == [agsA, agsB, agsC])
            await #expect(throws: AdministrationError.unknownKommune("06636999")) {
                try await store.deactivate(ags: "06636999", actor: .system)
            }
        }
    }

    @Test(arguments: ["0663600", "066360011", "0663600a", ""])
    func rejectsInvalidAGS(_ ags: String) async throws {
        try await TestPostgres.withDatabase { database in
            await #expect(throws: AdministrationError.invalidAGS(ags)) {
                try await KommunenStore(database: database).upsert(
                    [KommuneStammdaten(ags: ags, name: "X", art: "Gemeinde")], actor: .system)
            }
            // The database refuses it too (domain ags_code).
            let error = await #expect(throws: PSQLError.self) {
                try await database.withConnection { connection in
                    try await connection.run("INSERT INTO kommunen (ags, name, art) VALUES (\(ags), 'X', 'Gemeinde')")
                }
            }
            #expect(["23514", "22001"].contains(sqlState(error)))  // check violation, or too long for char(8)
        }
    }
}
