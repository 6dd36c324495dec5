import Foundation
import GewerbeEmbeddedPostgres
import GewerbePostgres
import Logging
import PostgresNIO
import Synchronization

/// The test suite's PostgreSQL: one throwaway cluster per test process, started on first use in a
/// temporary folder (in memory when possible) on a free port (owned by `postgres` when the tests run as root), with a
/// migrated template database. Each test gets its own database, copied from the template
/// (`CREATE DATABASE t_... TEMPLATE gewerbe_template`) and dropped afterwards, so tests run in
/// parallel without seeing each other.
///
/// The cluster is stopped and its folder removed when the process exits (an `atexit` hook) and,
/// should the process crash, by a small watchdog shell that waits for the process to disappear.
/// A missing PostgreSQL installation makes every database test fail with the install hint.
///
/// ```swift
/// @Test func somethingWithTheDatabase() async throws {
///     try await TestPostgres.withDatabase { database in
///         try await database.withTransaction(tenant: TenantScope(ags: "06636001")) { connection in ... }
///     }
/// }
/// ```
public enum TestPostgres {
    /// What a new test database starts from.
    public enum Template: Sendable {
        /// All migrations of the binary applied (``EmbeddedMigrations``).
        case migrated
        /// An empty database (`template0`), e.g. to test the migrator itself.
        case empty
    }

    /// The name of the migrated template database.
    public static let templateName = "gewerbe_template"

    /// A logger that discards everything (tests stay quiet).
    public static let logger = Logger(label: "gewerbe.test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Creates a fresh database, runs `body` with a ``Database`` (pool running) for it, then drops
    /// the database. The ``Database`` connects as the cluster's superuser (the owner role).
    public static func withDatabase<Result: Sendable>(
        _ template: Template = .migrated,
        maximumConnections: Int = 8,
        _ body: @Sendable (Database) async throws -> Result
    ) async throws -> Result {
        let name = "t_" + randomSuffix()
        let server = try await serverConfiguration()
        try await createDatabase(name, template: template == .migrated ? templateName : "template0")
        var configuration = server.with(database: name)
        configuration.maximumConnections = maximumConnections
        do {
            let result = try await withRunningDatabase(configuration, body)
            try await dropDatabase(name)
            return result
        } catch {
            try? await dropDatabase(name)
            throw error
        }
    }

    /// Runs `body` with a ``Database`` for `configuration` whose pool runs for the duration
    /// (``Database/withRunning(_:logger:_:)`` with the quiet test logger).
    public static func withRunningDatabase<Result: Sendable>(
        _ configuration: DatabaseConfiguration,
        _ body: @Sendable (Database) async throws -> Result
    ) async throws -> Result {
        try await Database.withRunning(configuration, logger: logger, body)
    }

    /// The cluster's superuser connection settings (database `postgres`), starting it if needed.
    public static func serverConfiguration() async throws -> DatabaseConfiguration {
        try await Cluster.shared.started().server
    }

    /// The running cluster (for tests of ``EmbeddedPostgres`` itself, e.g. a port that is taken).
    public static func cluster() async throws -> EmbeddedPostgres {
        try await Cluster.shared.started().embedded
    }

    /// `CREATE DATABASE name TEMPLATE template` in the test cluster.
    public static func createDatabase(_ name: String, template: String) async throws {
        let server = try await serverConfiguration()
        try await EmbeddedPostgres.createDatabase(
            name, template: template, ifMissing: false, server: server, logger: logger)
    }

    /// `DROP DATABASE name WITH (FORCE)` in the test cluster.
    public static func dropDatabase(_ name: String) async throws {
        let server = try await serverConfiguration()
        try await EmbeddedPostgres.dropDatabase(name, server: server, logger: logger)
    }

    /// A random lowercase suffix for database and folder names.
    public static func randomSuffix() -> String {
        var generator = SystemRandomNumberGenerator()
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<12).map { _ in letters[Int.random(in: 0..<letters.count, using: &generator)] })
    }

    /// A TCP port on 127.0.0.1 that is free, outside the ephemeral range (see
    /// ``TestPeers/freePort()``): a cluster restarted by a test gets its port back.
    public static func freePort() throws -> Int { try TestPeers.freePort() }

    /// A new empty temporary folder, e.g. `/dev/shm/gewerbe-test-pg-ab12cd`: in memory (`/dev/shm`)
    /// when available, which makes `CREATE DATABASE` about ten times faster than on disk.
    public static func temporaryFolder(prefix: String) throws -> String {
        var isDirectory: ObjCBool = false
        let base =
            FileManager.default.fileExists(atPath: "/dev/shm", isDirectory: &isDirectory) && isDirectory.boolValue
                && access("/dev/shm", W_OK) == 0 ? "/dev/shm" : NSTemporaryDirectory()
        var template = Array("\(base)/\(prefix)-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        return URL(fileURLWithPath: String(cString: created)).standardizedFileURL.path
    }

    /// Registers a shell command to run when the process exits (normally or, via the watchdog,
    /// abnormally), e.g. to stop a cluster a test started itself.
    public static func cleanUpAtExit(_ shellCommand: String) {
        ExitCleanup.register(shellCommand)
    }
}

/// The lazily started cluster, shared by all tests of the process.
private actor Cluster {
    static let shared = Cluster()

    struct Started: Sendable {
        let embedded: EmbeddedPostgres
        let server: DatabaseConfiguration
    }

    private var start: Task<Started, any Error>?

    func started() async throws -> Started {
        if let start { return try await start.value }
        let task = Task { try await Self.startCluster() }
        start = task
        return try await task.value
    }

    private static func startCluster() async throws -> Started {
        let environment = ProcessInfo.processInfo.environment
        let folder = try TestPostgres.temporaryFolder(prefix: "gewerbe-test-pg")
        var lastError: (any Error)?
        for _ in 0..<5 {
            let configuration = EmbeddedPostgres.Configuration(
                dataFolder: folder, port: try TestPostgres.freePort(),
                binDirectory: environment["GEWERBE_PG_BIN"], searchPath: environment["PATH"],
                serverSettings: ["max_connections": "300", "shared_buffers": "32MB"], durable: false)
            let embedded = EmbeddedPostgres(configuration: configuration, logger: TestPostgres.logger)
            ExitCleanup.register(try await embedded.emergencyStopCommand() + "; rm -rf " + Command.shellQuoted(folder))
            let failure = await attemptStart(embedded)
            if let failure {
                guard case .portInUse = failure else { throw failure }
                lastError = failure
                continue
            }
            let server = embedded.configuration()
            try await buildTemplate(server)
            return Started(embedded: embedded, server: server)
        }
        throw lastError ?? EmbeddedPostgresError.portInUse(0)
    }

    private static func attemptStart(_ embedded: EmbeddedPostgres) async -> EmbeddedPostgresError? {
        do {
            try await embedded.start()
            return nil
        } catch {
            return error
        }
    }

    /// Creates and migrates the template database, then closes it for connections (copying a
    /// database needs it to have none).
    private static func buildTemplate(_ server: DatabaseConfiguration) async throws {
        let name = TestPostgres.templateName
        try await EmbeddedPostgres.createDatabase(
            name, template: "template0", ifMissing: false, server: server, logger: TestPostgres.logger)
        _ = try await TestPostgres.withRunningDatabase(server.with(database: name)) { database in
            try await Migrator(logger: TestPostgres.logger).migrate(database)
        }
        try await EmbeddedPostgres.withAdminConnection(server: server, logger: TestPostgres.logger) { connection in
            try await connection.query(
                PostgresQuery(unsafeSQL: "ALTER DATABASE \(name) WITH IS_TEMPLATE true ALLOW_CONNECTIONS false"),
                logger: TestPostgres.logger)
        }
    }
}

/// Shell commands run at process exit: by an `atexit` hook, and by a watchdog process that runs
/// them when this process dies without running its exit hooks (crash, SIGKILL, Ctrl-C).
private enum ExitCleanup {
    static let commands = Mutex<[String]>([])

    static func register(_ command: String) {
        let first = commands.withLock { list in
            list.append(command)
            return list.count == 1
        }
        if first { atexit { ExitCleanup.runAll() } }
        startWatchdog(command)
    }

    static func runAll() {
        let list = commands.withLock { list in
            defer { list.removeAll() }
            return list
        }
        for command in list { _ = system(command) }
    }

    /// `sh` that ignores terminal signals, polls this process and runs `command` once it is gone.
    private static func startWatchdog(_ command: String) {
        let script = "trap '' INT TERM HUP; while kill -0 \(getpid()) 2>/dev/null; do sleep 0.2; done; \(command)"
        _ = try? Command.spawnDetached("/bin/sh", ["-c", script])
    }
}
