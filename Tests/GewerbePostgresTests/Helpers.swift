import Foundation
import GewerbeDomain
import GewerbePostgres
import GewerbeTestSupport
import Logging
import PostgresNIO
import Synchronization
import Testing

/// The two municipalities most tests use (from the Werra-Meissner-Kreis list).
let agsA = "06636001"
let agsB = "06636002"
let agsC = "06636005"

extension PostgresConnection {
    /// The single value of a one-row, one-column query.
    func scalar<Value: PostgresDecodable & Sendable>(
        _ query: PostgresQuery, as type: Value.Type = Value.self
    )
        async throws -> Value
    {
        let rows = try await self.query(query, logger: TestPostgres.logger)
        for try await value in rows.decode(Value.self) { return value }
        throw TestFailure("query returned no row: \(query.sql)")
    }

    /// Runs a statement, ignoring its rows.
    func run(_ query: PostgresQuery) async throws {
        try await self.query(query, logger: TestPostgres.logger)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The SQLSTATE of `error`, for `#expect(... == "42501")`.
func sqlState(_ error: (any Error)?) -> String? {
    error.flatMap(PostgresErrors.sqlState(of:))
}

/// Inserts the three test municipalities.
func seedKommunen(_ database: Database) async throws {
    _ = try await KommunenStore(database: database).upsert(
        [
            KommuneStammdaten(ags: agsA, name: "Bad Sooden-Allendorf", art: "Stadt"),
            KommuneStammdaten(ags: agsB, name: "Berkatal", art: "Gemeinde"),
            KommuneStammdaten(ags: agsC, name: "Herleshausen", art: "Gemeinde"),
        ], actor: .cli(benutzer: "test"))
}

/// A clock that tests move by hand.
final class FakeClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = Mutex(start)
    }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) {
        current.withLock { $0 += seconds }
    }
}

/// Inserts the eleven municipalities of the IT group (the fixtures' `Beispielanzeigen.kommunen`).
func seedGruppe(_ database: Database) async throws {
    _ = try await KommunenStore(database: database).upsert(
        Beispielanzeigen.kommunen.map { KommuneStammdaten(ags: $0.ags, name: $0.name, art: "Stadt") },
        actor: .cli(benutzer: "test"))
}

/// Runs `body`; a PostgreSQL error is rethrown with the server's message (PSQLError hides it).
func mitServermeldung<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as PSQLError {
        throw TestFailure(PostgresErrors.describe(error))
    }
}
