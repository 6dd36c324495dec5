import Foundation
import GewerbeDomain
import GewerbePostgres
import GewerbeTestSupport
import Testing

/// The contract of the case store (`FallspeicherVertrag`, the same checks the in-memory twin
/// passes), against PostgreSQL: each check on a fresh database of the throwaway cluster.
@Suite("Fallspeicher contract on PostgreSQL")
struct FallspeicherVertragTests {
    @Test(arguments: FallspeicherVertrag.namen)
    func vertrag(_ name: String) async throws {
        try await TestPostgres.withDatabase { database in
            try await seedGruppe(database)
            try await mitServermeldung {
                try await FallspeicherVertrag.pruefe(name) {
                    PostgresFallspeicher(database: database, logger: TestPostgres.logger)
                }
            }
            // Whatever the check did, the audit chains are intact afterwards.
            let pruefung = try await AuditVerifier(database: database).verify()
            #expect(pruefung.isIntact)
        }
    }
}
