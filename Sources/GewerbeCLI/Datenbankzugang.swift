import Foundation
import GewerbeEmbeddedPostgres
import GewerbePostgres
import Logging

/// Where the database is: the server of `DATABASE_URL`, or the embedded private cluster in the
/// data folder, started on demand (as the `postgres` user when run as root) and stopped again by
/// the process that started it.
struct Datenbankzugang {
    let konfiguration: Konfiguration
    let logger: Logger

    /// Runs `body` with a connected, running `Database`. With the embedded cluster: starts it
    /// (or adopts one another `gewerbe` process runs), creates the database, and stops the cluster
    /// afterwards if this call started it.
    ///
    /// Unless `migrationenPruefen` is false (for `gewerbe migrate` itself), refuses to work on a
    /// database whose migrations differ from the binary's, with a message naming what to do.
    func mitDatenbank<R: Sendable>(
        migrationenPruefen: Bool = true, _ body: @Sendable (Database, DatabaseConfiguration) async throws -> R
    ) async throws -> R {
        let logger = self.logger
        @Sendable func pruefend(_ database: Database, _ config: DatabaseConfiguration) async throws -> R {
            if migrationenPruefen {
                let status = try await Migrator(logger: logger).verify(database)
                if !status.isUpToDate {
                    throw DatenbankNichtAktuell(ausstehend: status.pending.map(\.fileName))
                }
            }
            return try await body(database, config)
        }
        if let url = konfiguration.databaseURL {
            let config = try DatabaseConfiguration(url: url)
            return try await Database.withRunning(config, logger: logger) { try await pruefend($0, config) }
        }
        let cluster = eingebetteterCluster()
        try await cluster.start()
        let selbstGestartet = await !cluster.adoptedExistingServer
        do {
            try await cluster.createDatabaseIfMissing(konfiguration.datenbankname)
            let config = cluster.configuration(database: konfiguration.datenbankname)
            let result = try await Database.withRunning(config, logger: logger) { try await pruefend($0, config) }
            if selbstGestartet { try await cluster.stop() }
            return result
        } catch {
            if selbstGestartet { try? await cluster.stop() }
            throw error
        }
    }

    /// The embedded cluster in `<data folder>/pg`.
    func eingebetteterCluster() -> EmbeddedPostgres {
        EmbeddedPostgres(
            configuration: .init(
                dataFolder: konfiguration.datenordnerAbsolut + "/pg", port: konfiguration.pgPort,
                binDirectory: konfiguration.pgBin, searchPath: konfiguration.suchpfad),
            logger: logger)
    }

    /// Description for messages: the URL without password, or the embedded folder.
    var beschreibung: String {
        if let url = konfiguration.databaseURL, let config = try? DatabaseConfiguration(url: url) {
            return config.description
        }
        return "eingebettetes PostgreSQL in \(konfiguration.datenordnerAbsolut)/pg (Port \(konfiguration.pgPort))"
    }
}

/// The database has migrations this binary has not applied yet.
struct DatenbankNichtAktuell: Error, CustomStringConvertible {
    let ausstehend: [String]
    var description: String {
        "Die Datenbank ist nicht auf dem Stand dieses Programms (ausstehend: \(ausstehend.joined(separator: ", "))); "
            + "bitte zuerst 'gewerbe migrate' ausführen (oder den Dienst neu starten, er migriert selbst)."
    }
}
