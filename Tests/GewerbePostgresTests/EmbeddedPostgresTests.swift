import Foundation
import GewerbeEmbeddedPostgres
import GewerbePostgres
import GewerbeTestSupport
import PostgresNIO
import Testing

/// These tests create clusters of their own (initdb), next to the suite's shared one.
@Suite("Embedded PostgreSQL")
struct EmbeddedPostgresTests {
    /// A cluster in a fresh folder on a free port; stopped at process exit should the test fail midway.
    static func makeCluster(binDirectory: String? = nil, port: Int? = nil) async throws -> (EmbeddedPostgres, String) {
        let folder = try TestPostgres.temporaryFolder(prefix: "gewerbe-embedded-test")
        chmod(folder, 0o711)  // the cluster user (postgres, when root) must reach <folder>/pg
        let configuration = EmbeddedPostgres.Configuration(
            dataFolder: folder + "/pg", port: try port ?? TestPostgres.freePort(), binDirectory: binDirectory,
            searchPath: ProcessInfo.processInfo.environment["PATH"], durable: false)
        let cluster = EmbeddedPostgres(configuration: configuration, logger: TestPostgres.logger)
        if binDirectory == nil {
            TestPostgres.cleanUpAtExit(try await cluster.emergencyStopCommand() + "; rm -rf '\(folder)'")
        }
        return (cluster, folder)
    }

    static func isAccepting(_ configuration: DatabaseConfiguration) async -> Bool {
        do {
            let connection = try await PostgresConnection.connect(
                configuration: configuration.connectionConfiguration(), id: 1, logger: TestPostgres.logger)
            try await connection.close()
            return true
        } catch {
            return false
        }
    }

    @Test func startStopAndRestartKeepData() async throws {
        let (cluster, folder) = try await Self.makeCluster()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await cluster.start()
        try await cluster.start()  // a second start is a no-op
        #expect(await cluster.running)
        try await cluster.createDatabaseIfMissing("gewerbe")
        try await cluster.createDatabaseIfMissing("gewerbe")
        _ = try await TestPostgres.withRunningDatabase(cluster.configuration(database: "gewerbe")) { database in
            try await database.withConnection { connection in
                try await connection.run("CREATE TABLE kept (text text)")
                try await connection.run("INSERT INTO kept VALUES ('Gewerbeanmeldung Müller')")
            }
        }
        try await cluster.stop()
        #expect(await !cluster.running)
        #expect(await !Self.isAccepting(cluster.configuration()))
        #expect(!FileManager.default.fileExists(atPath: cluster.dataDirectory + "/postmaster.pid"))

        try await cluster.start()
        let kept = try await TestPostgres.withRunningDatabase(cluster.configuration(database: "gewerbe")) { database in
            try await database.withConnection { connection in
                try await connection.scalar("SELECT text FROM kept", as: String.self)
            }
        }
        #expect(kept == "Gewerbeanmeldung Müller")
        let encoding = try await TestPostgres.withRunningDatabase(cluster.configuration(database: "gewerbe")) {
            database in
            try await database.withConnection { connection in
                try await connection.scalar(
                    "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = 'gewerbe'", as: String.self)
            }
        }
        #expect(encoding == "UTF8")
        // C.UTF-8 (or C): byte-order collation, but upper/lower case of umlauts works with C.UTF-8.
        let lowered = try await TestPostgres.withRunningDatabase(cluster.configuration(database: "gewerbe")) {
            database in
            try await database.withConnection { connection in
                try await connection.scalar(
                    "SELECT lower('ÄÖÜ GEWERBE') || ' ' || current_setting('lc_ctype')", as: String.self)
            }
        }
        #expect(lowered == "äöü gewerbe C.UTF-8")
        try await cluster.stop()
        try await cluster.stop()  // stopping a stopped cluster is fine
    }

    @Test func theFolderIsPrivateAndTheLogIsInIt() async throws {
        let (cluster, folder) = try await Self.makeCluster()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await cluster.start()
        let attributes = try FileManager.default.attributesOfItem(atPath: cluster.folder)
        #expect((attributes[.posixPermissions] as? Int) == 0o700)
        if geteuid() == 0 {
            #expect((attributes[.ownerAccountName] as? String) == "postgres")
        }
        let password = try FileManager.default.attributesOfItem(atPath: cluster.passwordFile)
        #expect((password[.posixPermissions] as? Int) == 0o600)
        let log = try String(contentsOfFile: cluster.logFile, encoding: .utf8)
        #expect(log.contains("database system is ready to accept connections"))
        try await cluster.stop()
    }

    @Test func tcpNeedsThePasswordTheSocketDoesNot() async throws {
        let (cluster, folder) = try await Self.makeCluster()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await cluster.start()
        let tcp = try cluster.tcpConfiguration()
        #expect(tcp.password?.count == 32)
        #expect(await Self.isAccepting(tcp))
        var wrong = tcp
        wrong.password = "falsch"
        #expect(await !Self.isAccepting(wrong))
        var none = tcp
        none.password = nil
        #expect(await !Self.isAccepting(none))
        #expect(await Self.isAccepting(cluster.configuration()))
        try await cluster.stop()
    }

    @Test func aStalePidFileIsRemoved() async throws {
        let (cluster, folder) = try await Self.makeCluster()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await cluster.start()
        try await cluster.stop()
        // What a crash leaves behind: postmaster.pid naming a process that is not this cluster's
        // postmaster (here: this test process).
        let pidFile = cluster.dataDirectory + "/postmaster.pid"
        try "\(getpid())\n\(cluster.dataDirectory)\n1700000000\n\(cluster.configuration.port)\n".write(
            toFile: pidFile, atomically: true, encoding: .utf8)
        try await cluster.start()
        #expect(await Self.isAccepting(cluster.configuration()))
        try await cluster.stop()
    }

    @Test func aServerLeftRunningIsAdopted() async throws {
        let (cluster, folder) = try await Self.makeCluster()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await cluster.start()
        // A second instance on the same folder (e.g. after the first process crashed) takes it over.
        let again = EmbeddedPostgres(configuration: cluster.configuration, logger: TestPostgres.logger)
        try await again.start()
        #expect(await again.running)
        try await again.stop()
        #expect(await !Self.isAccepting(cluster.configuration()))
    }

    @Test func missingProgramsNameTheDebianPackage() async throws {
        let empty = try TestPostgres.temporaryFolder(prefix: "gewerbe-no-pg")
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let (cluster, folder) = try await Self.makeCluster(binDirectory: empty)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let error = await #expect(throws: EmbeddedPostgresError.self) { try await cluster.start() }
        #expect(error == .binariesNotFound(searched: [empty]))
        #expect(error?.description.contains("apt-get install postgresql") == true)
        #expect(error?.description.contains("GEWERBE_PG_BIN") == true)
    }

    @Test func aBusyPortIsReportedAsSuch() async throws {
        let shared = try await TestPostgres.cluster()
        let (cluster, folder) = try await Self.makeCluster(port: shared.configuration.port)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let error = await #expect(throws: EmbeddedPostgresError.self) { try await cluster.start() }
        #expect(error == .portInUse(shared.configuration.port))
        #expect(error?.description.contains("already in use") == true)
    }

    @Test func aFolderWithOtherContentsIsNotTakenOver() async throws {
        let (cluster, folder) = try await Self.makeCluster()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: cluster.folder, withIntermediateDirectories: true)
        try "wichtig".write(toFile: cluster.folder + "/notes.txt", atomically: true, encoding: .utf8)
        let error = await #expect(throws: EmbeddedPostgresError.self) { try await cluster.start() }
        #expect(error == .notAClusterFolder(cluster.folder))
        let attributes = try FileManager.default.attributesOfItem(atPath: cluster.folder)
        #expect((attributes[.ownerAccountID] as? UInt) == UInt(geteuid()))
    }

    @Test func aFolderOfAnotherVersionIsRefused() async throws {
        let (cluster, folder) = try await Self.makeCluster()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: cluster.dataDirectory, withIntermediateDirectories: true)
        try "9.6\n".write(toFile: cluster.dataDirectory + "/PG_VERSION", atomically: true, encoding: .utf8)
        let error = await #expect(throws: EmbeddedPostgresError.self) { try await cluster.start() }
        guard case .versionMismatch(_, let dataVersion, let binaryVersion)? = error else {
            Issue.record("expected versionMismatch, got \(String(describing: error))")
            return
        }
        #expect(dataVersion == "9.6")
        #expect(Int(binaryVersion) ?? 0 >= 13)
        #expect(error?.description.contains("PostgreSQL 9.6") == true)
    }
}
