import Foundation
import GewerbeDomain
import GewerbePostgres
import GewerbeTestSupport
import Testing

/// The contract of the case store (`FallRepositoryVertrag`, the same checks the in-memory twin
/// passes), against PostgreSQL: each check on a fresh database of the throwaway cluster.
@Suite("FallRepository contract on PostgreSQL")
struct FallRepositoryVertragTests {
    @Test(arguments: FallRepositoryVertrag.namen)
    func vertrag(_ name: String) async throws {
        try await TestPostgres.withDatabase { database in
            try await seedGruppe(database)
            try await mitServermeldung {
                try await FallRepositoryVertrag.pruefe(name) { uhr in
                    PostgresFallRepository(database: database, uhr: uhr, logger: TestPostgres.logger)
                }
            }
            // Whatever the check did, the audit chains are intact afterwards.
            let pruefung = try await AuditVerifier(database: database).verify()
            #expect(pruefung.isIntact)
        }
    }
}
