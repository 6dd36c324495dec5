import Foundation
import GewerbePostgres
import Logging
import PostgresNIO

/// A private PostgreSQL cluster in a data folder, started and stopped by this process
/// (`gewerbe serve` without `DATABASE_URL`, and the test suite).
///
/// Layout of the data folder (mode 0700, owned by the cluster user):
/// ```
/// <folder>/data/        PGDATA (created by initdb on first start, kept across restarts)
/// <folder>/run/         unix socket directory (mode 0700): .s.PGSQL.<port>
/// <folder>/server.log   the server log
/// <folder>/password     the superuser's password for TCP connections (mode 0600)
/// ```
/// Authentication: `trust` on the private unix socket (only the folder's owner, and root, can reach
/// it), `scram-sha-256` on TCP (127.0.0.1 only). When this process runs as root, the folder is
/// owned by `postgres` and every server program runs as that user via `runuser -u postgres --`
/// (initdb and postgres refuse to run as root). The server runs in its own session (`setsid`),
/// so a Ctrl-C on the terminal does not stop it behind the service's back.
public actor EmbeddedPostgres {
    /// What to start and where.
    public struct Configuration: Sendable {
        /// The data folder (created if missing; relative paths are resolved against the current
        /// directory when the ``EmbeddedPostgres`` is created).
        public var dataFolder: String
        /// TCP port on 127.0.0.1 and number of the unix socket.
        public var port: Int
        /// Directory with `initdb`, `pg_ctl` and `postgres` (from a command line flag or
        /// `GEWERBE_PG_BIN`). When nil: the newest `/usr/lib/postgresql/*/bin`, then `PATH`.
        public var binDirectory: String?
        /// The `PATH` to search last (passed in; nothing here reads the environment).
        public var searchPath: String?
        /// The superuser created by initdb.
        public var superuser: String
        /// The operating system user that owns and runs the cluster when this process is root.
        public var userWhenRoot: String
        /// Socket directory; default `<dataFolder>/run`. An existing directory other than the
        /// default is used as it is (not re-owned). Socket paths are limited to 107 bytes.
        public var socketDirectory: String?
        /// Extra server settings (`-c name=value`), e.g. `shared_buffers`.
        public var serverSettings: [String: String]
        /// `false` for throwaway clusters (tests): initdb `--no-sync`, `fsync=off`,
        /// `synchronous_commit=off`, `full_page_writes=off`. Never for real data.
        public var durable: Bool

        public init(
            dataFolder: String,
            port: Int = 5433,
            binDirectory: String? = nil,
            searchPath: String? = nil,
            superuser: String = "postgres",
            userWhenRoot: String = "postgres",
            socketDirectory: String? = nil,
            serverSettings: [String: String] = [:],
            durable: Bool = true
        ) {
            self.dataFolder = dataFolder
            self.port = port
            self.binDirectory = binDirectory
            self.searchPath = searchPath
            self.superuser = superuser
            self.userWhenRoot = userWhenRoot
            self.socketDirectory = socketDirectory
            self.serverSettings = serverSettings
            self.durable = durable
        }
    }

    public nonisolated let configuration: Configuration
    /// Absolute paths derived from the configuration.
    public nonisolated let folder: String
    public nonisolated let dataDirectory: String
    public nonisolated let socketDirectory: String
    public nonisolated let logFile: String
    public nonisolated let passwordFile: String
    private let logger: Logger
    private var binaries: Binaries?
    private var isRunning = false

    public init(configuration: Configuration, logger: Logger = Logger(label: "gewerbe.postgres.embedded")) {
        self.configuration = configuration
        let folder = URL(
            fileURLWithPath: configuration.dataFolder,
            relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        ).standardizedFileURL.path
        self.folder = folder
        self.dataDirectory = folder + "/data"
        self.socketDirectory = configuration.socketDirectory ?? folder + "/run"
        self.logFile = folder + "/server.log"
        self.passwordFile = folder + "/password"
        self.logger = logger
    }

    /// The unix socket the server listens on.
    public nonisolated var socketPath: String { "\(socketDirectory)/.s.PGSQL.\(configuration.port)" }

    /// Connection settings for this process: the private unix socket as the superuser, no password.
    public nonisolated func configuration(database: String = "postgres") -> DatabaseConfiguration {
        DatabaseConfiguration(
            endpoint: .unixSocket(path: socketPath), username: configuration.superuser, database: database)
    }

    /// Connection settings for other programs (psql, pgbench): TCP on 127.0.0.1 with the password.
    public nonisolated func tcpConfiguration(database: String = "postgres") throws -> DatabaseConfiguration {
        let password = try String(contentsOfFile: passwordFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return DatabaseConfiguration(
            endpoint: .tcp(host: "127.0.0.1", port: configuration.port), username: configuration.superuser,
            password: password, database: database, tls: .disable)
    }

    /// Whether ``start()`` succeeded and ``stop()`` has not been called since.
    public var running: Bool { isRunning }

    /// Whether ``start()`` found a server already running on this folder and adopted it (then
    /// another process started it and should be the one to stop it).
    public private(set) var adoptedExistingServer = false

    /// Creates the cluster on first use, then starts it (waiting until it accepts connections).
    /// Does nothing when this instance already started it. Adopts a server that is already
    /// running on this data folder and port (e.g. left behind by a crashed process).
    public func start() async throws(EmbeddedPostgresError) {
        if isRunning { return }
        let binaries = try await resolveBinaries()
        try await prepareFolder(binaries)
        if FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") {
            let version =
                (try? String(contentsOfFile: dataDirectory + "/PG_VERSION", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
            guard version == binaries.majorVersion else {
                throw .versionMismatch(
                    folder: dataDirectory, dataVersion: version, binaryVersion: binaries.majorVersion)
            }
        } else {
            try await initdb(binaries)
        }
        if try await handleExistingServer(binaries) {
            isRunning = true
            adoptedExistingServer = true
            return
        }
        try await startServer(binaries)
        isRunning = true
    }

    /// Stops the server (`pg_ctl stop -m fast`: open sessions are disconnected, no recovery needed
    /// on the next start). Safe to call when it is not running.
    public func stop() async throws(EmbeddedPostgresError) {
        let binaries = try await resolveBinaries()
        let result = try await runServerProgram(
            binaries, binaries.pgCtl, ["stop", "-D", dataDirectory, "-m", "fast", "-w", "-t", "60", "-s"])
        isRunning = false
        // Exit status 1 with "PID file ... does not exist" means: not running. That is fine.
        if result.status != 0, !result.output.contains("does not exist"), !result.output.contains("Is server running?")
        {
            throw .commandFailed(command: "pg_ctl stop", status: result.status, output: result.output)
        }
    }

    /// Creates database `name` unless it exists. `name` must be a plain identifier
    /// (`[a-z_][a-z0-9_]*`, at most 63 bytes).
    public func createDatabaseIfMissing(_ name: String, template: String? = nil) async throws {
        try await Self.createDatabase(
            name, template: template, ifMissing: true, server: configuration(), logger: logger)
    }

    /// `CREATE DATABASE` over a one-off connection to `server` (its `postgres` database).
    package static func createDatabase(
        _ name: String, template: String?, ifMissing: Bool, server: DatabaseConfiguration, logger: Logger
    ) async throws {
        guard isPlainIdentifier(name), template.map(isPlainIdentifier) ?? true else {
            throw EmbeddedPostgresError.invalidDatabaseName(name)
        }
        try await withAdminConnection(server: server, logger: logger) { connection in
            if ifMissing {
                let rows = try await connection.query(
                    "SELECT 1 FROM pg_database WHERE datname = \(name)", logger: logger)
                for try await _ in rows { return }
            }
            let templateClause = template.map { #" TEMPLATE "\#($0)""# } ?? ""
            try await connection.query(
                PostgresQuery(unsafeSQL: #"CREATE DATABASE "\#(name)"\#(templateClause)"#), logger: logger)
        }
    }

    /// `DROP DATABASE ... WITH (FORCE)` over a one-off connection.
    package static func dropDatabase(_ name: String, server: DatabaseConfiguration, logger: Logger) async throws {
        guard isPlainIdentifier(name) else { throw EmbeddedPostgresError.invalidDatabaseName(name) }
        try await withAdminConnection(server: server, logger: logger) { connection in
            try await connection.query(
                PostgresQuery(unsafeSQL: #"DROP DATABASE IF EXISTS "\#(name)" WITH (FORCE)"#), logger: logger)
        }
    }

    /// Opens a single connection to the `postgres` database of `server`, runs `body`, closes it.
    package static func withAdminConnection(
        server: DatabaseConfiguration, logger: Logger, _ body: (PostgresConnection) async throws -> Void
    ) async throws {
        let connection = try await PostgresConnection.connect(
            configuration: server.with(database: "postgres").connectionConfiguration(), id: 1, logger: logger)
        do {
            try await body(connection)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first, name.utf8.count <= 63 else { return false }
        let lower = { (byte: UInt8) in
            byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") || byte == UInt8(ascii: "_")
        }
        return lower(first)
            && name.utf8.allSatisfy { lower($0) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }
    }

    /// A shell command line that stops the server immediately, for exit hooks that cannot await
    /// (`atexit`). Its output is discarded.
    package func emergencyStopCommand() async throws(EmbeddedPostgresError) -> String {
        let binaries = try await resolveBinaries()
        let words = wrap(binaries, binaries.pgCtl, ["stop", "-D", dataDirectory, "-m", "immediate", "-w", "-s"])
        return words.map(Command.shellQuoted).joined(separator: " ") + " >/dev/null 2>&1"
    }

    // MARK: - Binaries

    struct Binaries: Sendable {
        var directory: String
        var majorVersion: String
        var runAs: String?
        var runuser: String?
        var setsid: String?
        var initdb: String { directory + "/initdb" }
        var pgCtl: String { directory + "/pg_ctl" }
        var postgres: String { directory + "/postgres" }
    }

    /// Finds the server programs: explicit directory, newest `/usr/lib/postgresql/*/bin`, `PATH`.
    private func resolveBinaries() async throws(EmbeddedPostgresError) -> Binaries {
        if let binaries { return binaries }
        var candidates: [String] = []
        if let explicit = configuration.binDirectory {
            candidates = [explicit]
        } else {
            let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
            candidates += versions.filter { Int($0) != nil }.sorted { Int($0)! > Int($1)! }
                .map { "/usr/lib/postgresql/\($0)/bin" }
            candidates += (configuration.searchPath ?? "").split(separator: ":").map(String.init)
        }
        let required = ["initdb", "pg_ctl", "postgres"]
        guard
            let directory = candidates.first(where: { directory in
                required.allSatisfy { FileManager.default.isExecutableFile(atPath: "\(directory)/\($0)") }
            })
        else {
            throw .binariesNotFound(searched: candidates)
        }
        let version: Command.Result
        do {
            version = try await Command.run(directory + "/postgres", ["--version"])
        } catch {
            throw .commandFailed(command: "\(directory)/postgres --version", status: -1, output: "\(error)")
        }
        // "postgres (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)"
        guard let number = version.output.split(separator: ")").dropFirst().first?.split(separator: " ").first,
            let major = number.split(separator: ".").first
        else {
            throw .commandFailed(command: "postgres --version", status: version.status, output: version.output)
        }
        var found = Binaries(directory: directory, majorVersion: String(major))
        found.setsid = Command.firstExecutable(["/usr/bin/setsid", "/bin/setsid"])
        if geteuid() == 0 {
            guard getpwnam(configuration.userWhenRoot) != nil else {
                throw .clusterUserMissing(configuration.userWhenRoot)
            }
            guard let runuser = Command.firstExecutable(["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"])
            else {
                throw .commandFailed(command: "runuser", status: -1, output: "runuser (util-linux) not found")
            }
            found.runAs = configuration.userWhenRoot
            found.runuser = runuser
        }
        binaries = found
        return found
    }

    /// The argument vector that runs `program` as the cluster user (via runuser when root).
    private nonisolated func wrap(_ binaries: Binaries, _ program: String, _ arguments: [String]) -> [String] {
        if let user = binaries.runAs, let runuser = binaries.runuser {
            return [runuser, "-u", user, "--", program] + arguments
        }
        return [program] + arguments
    }

    private func runServerProgram(
        _ binaries: Binaries, _ program: String, _ arguments: [String]
    ) async throws(EmbeddedPostgresError) -> Command.Result {
        let words = wrap(binaries, program, arguments)
        do {
            return try await Command.run(
                words[0], Array(words.dropFirst()),
                environment: ["PATH": "/usr/bin:/bin:/usr/sbin:/sbin", "LC_ALL": "C", "LANG": "C"],
                directory: folder)
        } catch {
            throw .commandFailed(command: words.joined(separator: " "), status: -1, output: "\(error)")
        }
    }

    // MARK: - Folder and initdb

    /// Creates the data folder (and the socket directory) and hands them to the cluster user.
    /// Only folders that are ours are touched: a missing or empty one, or one with our layout.
    private func prepareFolder(_ binaries: Binaries) async throws(EmbeddedPostgresError) {
        let manager = FileManager.default
        let ours: Set<String> = ["data", "run", "server.log", "password"]
        if let existing = try? manager.contentsOfDirectory(atPath: folder), !Set(existing).isSubset(of: ours) {
            throw .notAClusterFolder(folder)
        }
        var owned = [folder]
        do {
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            if !manager.fileExists(atPath: socketDirectory) {
                try manager.createDirectory(atPath: socketDirectory, withIntermediateDirectories: true)
                owned.append(socketDirectory)
            } else if socketDirectory == folder + "/run" {
                owned.append(socketDirectory)
            }
        } catch {
            throw .folderNotAccessible(path: folder, user: binaries.runAs ?? "current user", reason: "\(error)")
        }
        guard socketPath.utf8.count <= 107 else { throw .socketPathTooLong(socketPath) }
        for path in owned {
            if let user = binaries.runAs, let entry = getpwnam(user) {
                let owner = entry.pointee
                guard chown(path, owner.pw_uid, owner.pw_gid) == 0 else {
                    throw .folderNotAccessible(path: path, user: user, reason: String(cString: strerror(errno)))
                }
            }
            chmod(path, 0o700)
        }
        if binaries.runAs != nil {
            let probe = try await runServerProgram(
                binaries, "/usr/bin/test", ["-w", folder, "-a", "-x", folder, "-a", "-w", socketDirectory])
            guard probe.status == 0 else {
                throw .folderNotAccessible(
                    path: folder, user: binaries.runAs ?? "",
                    reason:
                        "a parent folder is not searchable by that user; "
                        + "choose a data folder elsewhere (e.g. under /var/lib)"
                )
            }
        }
    }

    private func initdb(_ binaries: Binaries) async throws(EmbeddedPostgresError) {
        let manager = FileManager.default
        if let contents = try? manager.contentsOfDirectory(atPath: dataDirectory), !contents.isEmpty {
            throw .notAClusterFolder(dataDirectory)
        }
        logger.info("creating PostgreSQL \(binaries.majorVersion) cluster", metadata: ["folder": "\(dataDirectory)"])
        let password = RandomText.base62(count: 32)
        guard
            manager.createFile(
                atPath: passwordFile, contents: Data((password + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw .folderNotAccessible(
                path: passwordFile, user: "current user", reason: "cannot write the password file")
        }
        if let user = binaries.runAs, let entry = getpwnam(user) {
            chown(passwordFile, entry.pointee.pw_uid, entry.pointee.pw_gid)
        }
        let locale = await hasUTF8CLocale() ? "C.UTF-8" : "C"
        var arguments = [
            "-D", dataDirectory, "-U", configuration.superuser, "--pwfile=\(passwordFile)",
            "--auth-local=trust", "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=\(locale)",
        ]
        if !configuration.durable { arguments.append("--no-sync") }
        let result = try await runServerProgram(binaries, binaries.initdb, arguments)
        guard result.status == 0 else {
            throw .commandFailed(command: "initdb", status: result.status, output: result.output)
        }
    }

    private func hasUTF8CLocale() async -> Bool {
        guard let result = try? await Command.run("/usr/bin/locale", ["-a"]) else { return false }
        return result.output.split(separator: "\n").contains {
            $0.lowercased() == "c.utf8" || $0.lowercased() == "c.utf-8"
        }
    }

    // MARK: - Starting

    /// Looks at `postmaster.pid`. Returns true when our server already runs (adopted); removes a
    /// stale file left by a server that died.
    private func handleExistingServer(_ binaries: Binaries) async throws(EmbeddedPostgresError) -> Bool {
        let pidFile = dataDirectory + "/postmaster.pid"
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8) else { return false }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let pid = lines.first.flatMap({ Int32($0.trimmingCharacters(in: .whitespaces)) }) else {
            try? FileManager.default.removeItem(atPath: pidFile)
            return false
        }
        let comm = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let cwd = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd")
        if kill(pid, 0) == 0, comm == "postgres", cwd == nil || cwd == dataDirectory {
            let port = lines.count > 3 ? Int(lines[3].trimmingCharacters(in: .whitespaces)) : nil
            guard port == configuration.port else {
                throw .alreadyRunning(folder: dataDirectory, pid: pid, port: port)
            }
            // The normal case of a CLI command beside a running `gewerbe serve`: not a warning.
            logger.info("using the private PostgreSQL server that is already running", metadata: ["pid": "\(pid)"])
            return true
        }
        logger.warning("removing stale postmaster.pid", metadata: ["pid": "\(pid)", "folder": "\(dataDirectory)"])
        try? FileManager.default.removeItem(atPath: pidFile)
        return false
    }

    private func startServer(_ binaries: Binaries) async throws(EmbeddedPostgresError) {
        var settings: [(String, String)] = [
            ("port", "\(configuration.port)"),
            ("listen_addresses", "127.0.0.1"),
            ("unix_socket_directories", socketDirectory),
            ("unix_socket_permissions", "0700"),
        ]
        if !configuration.durable {
            settings += [("fsync", "off"), ("synchronous_commit", "off"), ("full_page_writes", "off")]
        }
        settings += configuration.serverSettings.sorted { $0.key < $1.key }
        let options = settings.map { "-c " + Command.shellQuoted("\($0.0)=\($0.1)") }.joined(separator: " ")
        let logOffset = (try? FileManager.default.attributesOfItem(atPath: logFile)[.size] as? UInt64) ?? 0
        var arguments = ["start", "-w", "-t", "60", "-s", "-D", dataDirectory, "-l", logFile, "-o", options]
        var program = binaries.pgCtl
        if let setsid = binaries.setsid {
            arguments = ["-w", program] + arguments
            program = setsid
        }
        let result = try await runServerProgram(binaries, program, arguments)
        guard result.status == 0 else {
            let log = Self.readLog(logFile, from: logOffset)
            if log.contains("Address already in use") || log.contains("could not create any TCP/IP sockets") {
                throw .portInUse(configuration.port)
            }
            throw .startFailed(output: result.output, log: log)
        }
        logger.info(
            "PostgreSQL started", metadata: ["port": "\(configuration.port)", "folder": "\(dataDirectory)"])
    }

    private static func readLog(_ path: String, from offset: UInt64) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        try? handle.seek(toOffset: offset)
        let data = (try? handle.readToEnd()) ?? Data()
        return String(decoding: data.suffix(8000), as: UTF8.self)
    }
}

/// What went wrong starting or stopping an ``EmbeddedPostgres``, in words an operator can act on.
public enum EmbeddedPostgresError: Error, CustomStringConvertible, Equatable {
    case binariesNotFound(searched: [String])
    case clusterUserMissing(String)
    case folderNotAccessible(path: String, user: String, reason: String)
    case notAClusterFolder(String)
    case versionMismatch(folder: String, dataVersion: String, binaryVersion: String)
    case socketPathTooLong(String)
    case portInUse(Int)
    case alreadyRunning(folder: String, pid: Int32, port: Int?)
    case startFailed(output: String, log: String)
    case commandFailed(command: String, status: Int32, output: String)
    case invalidDatabaseName(String)

    public var description: String {
        switch self {
        case .binariesNotFound(let searched):
            "PostgreSQL server programs (initdb, pg_ctl, postgres) not found (searched: "
                + (searched.isEmpty ? "nothing" : searched.joined(separator: ", "))
                + "). Install them with `apt-get install postgresql` (Debian/Ubuntu), "
                + "or set GEWERBE_PG_BIN to the folder that contains them, "
                + "or set DATABASE_URL to use an existing server."
        case .clusterUserMissing(let user):
            "running as root, but the operating system user '\(user)' that should own the PostgreSQL cluster does "
                + "not exist (`apt-get install postgresql` creates it)"
        case .folderNotAccessible(let path, let user, let reason):
            "the PostgreSQL data folder \(path) is not usable by \(user): \(reason)"
        case .notAClusterFolder(let path):
            "\(path) is not empty but holds no PostgreSQL cluster of this program; give a new or empty folder"
        case .versionMismatch(let folder, let dataVersion, let binaryVersion):
            "the data folder \(folder) was created by PostgreSQL \(dataVersion), but the programs found are "
                + "PostgreSQL \(binaryVersion): point GEWERBE_PG_BIN at PostgreSQL \(dataVersion) "
                + "(`apt-get install postgresql-\(dataVersion)`), or upgrade the folder with pg_upgrade"
        case .socketPathTooLong(let path):
            "the unix socket path \(path) is longer than 107 bytes; choose a shorter data folder or socket directory"
        case .portInUse(let port):
            "port \(port) on 127.0.0.1 is already in use; choose another port for the embedded PostgreSQL"
        case .alreadyRunning(let folder, let pid, let port):
            "a PostgreSQL server (pid \(pid)) already runs on \(folder)"
                + (port.map { " with port \($0)" } ?? "") + "; stop it or use that port"
        case .startFailed(let output, let log):
            "PostgreSQL did not start: \(output.trimmingCharacters(in: .whitespacesAndNewlines))\nserver log:\n\(log)"
        case .commandFailed(let command, let status, let output):
            "\(command) failed (exit status \(status)): \(output.trimmingCharacters(in: .whitespacesAndNewlines))"
        case .invalidDatabaseName(let name):
            "'\(name)' is not a plain database name ([a-z_][a-z0-9_]*, at most 63 bytes)"
        }
    }
}
