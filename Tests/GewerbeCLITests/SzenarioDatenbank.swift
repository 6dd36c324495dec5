import Foundation
import GewerbeDomain
import GewerbePostgres
import GewerbeTestSupport
import Testing

/// A database holding ``Berichtsszenario`` with its filing (``Berichtsszenario/Ablage/mitManipulation``),
/// seeded once per test process and copied for every test (`CREATE DATABASE ... TEMPLATE`).
actor SzenarioDatenbank {
    static let shared = SzenarioDatenbank()
    private var vorlage: Task<String, any Error>?

    /// The name of the seeded template database.
    func vorlagenname() async throws -> String {
        if let vorlage { return try await vorlage.value }
        let task = Task<String, any Error> {
            let name = "szenario_" + TestPostgres.randomSuffix()
            try await TestPostgres.createDatabase(name, template: TestPostgres.templateName)
            let konfiguration = try await TestPostgres.serverConfiguration().with(database: name)
            try await TestPostgres.withRunningDatabase(konfiguration) { database in
                _ = try await Berichtsszenario.spielePostgres(database, ablage: .mitManipulation)
            }
            return name
        }
        vorlage = task
        return try await task.value
    }

    /// Runs `body` with a fresh copy of the scenario: the database and its URL (for `DATABASE_URL`).
    static func mitKopie<T: Sendable>(_ body: @Sendable (Database, String) async throws -> T) async throws -> T {
        let vorlage = try await shared.vorlagenname()
        let name = "t_" + TestPostgres.randomSuffix()
        try await TestPostgres.createDatabase(name, template: vorlage)
        let konfiguration = try await TestPostgres.serverConfiguration().with(database: name)
        do {
            let ergebnis = try await TestPostgres.withRunningDatabase(konfiguration) { database in
                try await body(database, konfiguration.url)
            }
            try await TestPostgres.dropDatabase(name)
            return ergebnis
        } catch {
            try? await TestPostgres.dropDatabase(name)
            throw error
        }
    }
}

/// Golden files in `Tests/GewerbeCLITests/Golden/`; `GEWERBE_GOLDEN_NEU=1` writes them instead.
enum CLIGolden {
    static let ordner = Programm.paketwurzel.appendingPathComponent("Tests/GewerbeCLITests/Golden")

    static func pruefe(_ name: String, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let datei = ordner.appendingPathComponent(name)
        let bytes = Data(text.utf8)
        if ProcessInfo.processInfo.environment["GEWERBE_GOLDEN_NEU"] == "1" {
            try bytes.write(to: datei)
            return
        }
        let erwartet = try #require(
            try? Data(contentsOf: datei), "Golden-Datei \(name) fehlt (GEWERBE_GOLDEN_NEU=1 erzeugt sie)",
            sourceLocation: sourceLocation)
        #expect(bytes == erwartet, "weicht von Golden/\(name) ab:\n\(text)", sourceLocation: sourceLocation)
    }

    /// Replaces what differs between runs: ids (random UUIDs) and the SHA-256 of documents that
    /// contain them. The altered hash of the scenario (`aaa...`) stays.
    static func normalisiert(_ text: String) -> String {
        var text = text.replacingOccurrences(
            of: "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", with: "<uuid>",
            options: .regularExpression)
        text = text.replacingOccurrences(
            of: "(?<![0-9a-f])(?!a{64})[0-9a-f]{64}(?![0-9a-f])", with: "<sha256>", options: .regularExpression)
        return text
    }
}
