import Foundation
import GewerbeDomain
import Logging
import PostgresNIO

/// The ``TokenPruefer`` of the service: bearer tokens of `gewerbe tokens create`, checked by
/// ``TokenStore/authenticate(secret:)`` (one indexed lookup by the secret's SHA-256).
///
/// A malformed or unknown token, and one whose municipalities are all deactivated, is
/// ``ZugangsFehler/unbekannt``; revoked and expired ones say so (all answer 401).
public struct PostgresTokenPruefer: TokenPruefer {
    let store: TokenStore

    public init(store: TokenStore) {
        self.store = store
    }

    public init(database: Database, uhr: any Uhr = SystemUhr()) {
        self.init(store: TokenStore(database: database, now: { uhr.jetzt() }))
    }

    public func akteur(fuerToken token: String) async throws -> Akteur {
        guard !token.isEmpty else { throw ZugangsFehler.fehlt }
        switch try await store.authenticate(secret: token) {
        case .success(let akteur): return akteur
        case .failure(.revoked(let am)): throw ZugangsFehler.widerrufen(am)
        case .failure(.expired(let am)): throw ZugangsFehler.abgelaufen(am)
        case .failure(.malformed), .failure(.unknown), .failure(.noActiveKommune): throw ZugangsFehler.unbekannt
        }
    }
}

/// The readiness probe (`/ready`): the database answers, and its migrations are exactly the
/// binary's (none unknown or changed, none pending).
public struct PostgresBereitschaft: Bereitschaft {
    let database: Database
    let migrator: Migrator
    let zeitlimit: Duration

    /// - Parameter zeitlimit: how long a check may take before it counts as failed.
    public init(database: Database, migrator: Migrator = Migrator(), zeitlimit: Duration = .seconds(2)) {
        self.database = database
        self.migrator = migrator
        self.zeitlimit = zeitlimit
    }

    public func pruefe() async -> [Bereitschaftspruefung] {
        let datenbank = await mitZeitlimit { () async throws -> Bereitschaftspruefung in
            let logger = database.logger
            try await database.withConnection { connection in
                try await connection.query("SELECT 1", logger: logger)
            }
            return Bereitschaftspruefung(name: "datenbank", ok: true)
        }
        guard datenbank.ok else {
            return [
                Bereitschaftspruefung(name: "datenbank", ok: false, detail: datenbank.detail),
                Bereitschaftspruefung(name: "migrationen", ok: false, detail: "Datenbank nicht erreichbar"),
            ]
        }
        let migrationen = await mitZeitlimit { () async throws -> Bereitschaftspruefung in
            let status = try await migrator.verify(database)
            guard status.isUpToDate else {
                return Bereitschaftspruefung(
                    name: "migrationen", ok: false,
                    detail: "ausstehend: \(status.pending.map(\.fileName).joined(separator: ", "))")
            }
            return Bereitschaftspruefung(
                name: "migrationen", ok: true, detail: "Stand \(status.applied.last?.version ?? 0)")
        }
        return [datenbank, Bereitschaftspruefung(name: "migrationen", ok: migrationen.ok, detail: migrationen.detail)]
    }

    /// Runs `pruefung`, turning an error or a timeout into a failed check.
    private func mitZeitlimit(
        _ pruefung: @escaping @Sendable () async throws -> Bereitschaftspruefung
    ) async
        -> Bereitschaftspruefung
    {
        let zeitlimit = self.zeitlimit
        return await withTaskGroup(of: Bereitschaftspruefung?.self) { gruppe in
            gruppe.addTask {
                do { return try await pruefung() } catch {
                    return Bereitschaftspruefung(name: "datenbank", ok: false, detail: PostgresErrors.describe(error))
                }
            }
            gruppe.addTask {
                try? await Task.sleep(for: zeitlimit)
                return Task.isCancelled
                    ? nil : Bereitschaftspruefung(name: "datenbank", ok: false, detail: "Zeitlimit überschritten")
            }
            var ergebnis = Bereitschaftspruefung(name: "datenbank", ok: false, detail: "keine Antwort")
            for await antwort in gruppe {
                if let antwort {
                    ergebnis = antwort
                    break
                }
            }
            gruppe.cancelAll()
            return ergebnis
        }
    }
}
