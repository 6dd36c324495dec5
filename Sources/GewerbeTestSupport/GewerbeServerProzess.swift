import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The real `gewerbe` binary as a child process, for end-to-end tests: `gewerbe serve` with a
/// given environment (a test database via `DATABASE_URL`, an eAkte configuration), stopped with
/// SIGTERM or killed with SIGKILL like a crashing server.
public final class GewerbeServerProzess: @unchecked Sendable {
    public let port: Int
    public let protokoll: URL
    private let prozess: Process
    private let ordner: URL

    /// Where the binary is: `GEWERBE_BIN`, else next to the test bundle (`swift test` builds every
    /// product into the same folder), else `.build/debug/gewerbe` of the repository.
    public static func binaerpfad() throws -> URL {
        var kandidaten: [URL] = []
        if let bin = ProcessInfo.processInfo.environment["GEWERBE_BIN"] { kandidaten.append(URL(fileURLWithPath: bin)) }
        var ordner = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            kandidaten.append(ordner.appendingPathComponent("gewerbe"))
            ordner = ordner.deletingLastPathComponent()
        }
        kandidaten.append(TestPeers.repositoryRoot.appendingPathComponent(".build/debug/gewerbe"))
        guard let gefunden = kandidaten.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw TestPeers.Failure(
                "gewerbe nicht gefunden (swift build --product gewerbe); gesucht: \(kandidaten.map(\.path))")
        }
        return gefunden
    }

    /// Starts `gewerbe <argumente>` (default `serve`) on a free port with `umgebung` added to the
    /// current environment, and waits until `/health` answers.
    public init(argumente: [String] = ["serve"], umgebung: [String: String], port: Int? = nil) async throws {
        self.port = try port ?? TestPeers.freePort()
        ordner = FileManager.default.temporaryDirectory.appendingPathComponent("gewerbe-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: ordner, withIntermediateDirectories: true)
        protokoll = ordner.appendingPathComponent("server.log")
        _ = FileManager.default.createFile(atPath: protokoll.path, contents: nil)
        let handle = try FileHandle(forWritingTo: protokoll)
        prozess = Process()
        prozess.executableURL = try Self.binaerpfad()
        prozess.arguments = argumente
        prozess.currentDirectoryURL = TestPeers.repositoryRoot
        var env = ProcessInfo.processInfo.environment
        env["GEWERBE_HTTP_PORT"] = String(self.port)
        env["GEWERBE_HTTP_HOST"] = "127.0.0.1"
        env["GEWERBE_DATA_DIR"] = ordner.appendingPathComponent("data").path
        for (key, value) in umgebung { env[key] = value }
        prozess.environment = env
        prozess.standardOutput = handle
        prozess.standardError = handle
        prozess.standardInput = FileHandle.nullDevice
        try prozess.run()
        try? handle.close()
        do {
            try await wartenBisBereit()
        } catch {
            kill9()
            throw TestPeers.Failure("Server nicht bereit: \(error)\n\(logText)")
        }
    }

    public var basisURL: URL { URL(string: "http://127.0.0.1:\(port)")! }
    public var laeuft: Bool { prozess.isRunning }
    public var logText: String { (try? String(contentsOf: protokoll, encoding: .utf8)) ?? "" }

    private func wartenBisBereit(zeitlimit: Duration = .seconds(60)) async throws {
        let ende = ContinuousClock.now + zeitlimit
        while ContinuousClock.now < ende {
            guard prozess.isRunning else {
                throw TestPeers.Failure("Server beendet (Status \(prozess.terminationStatus))")
            }
            if TestPeers.canConnect(port: port),
                (try? await HTTPTestClient.get(basisURL.appendingPathComponent("health")))?.status == 200
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestPeers.Failure("Zeitlimit")
    }

    /// Sends SIGTERM and waits for the process to end; returns its exit status.
    @discardableResult
    public func beenden(zeitlimit: Duration = .seconds(30)) async -> Int32 {
        guard prozess.isRunning else { return prozess.terminationStatus }
        kill(prozess.processIdentifier, SIGTERM)
        let ende = ContinuousClock.now + zeitlimit
        while prozess.isRunning && ContinuousClock.now < ende { try? await Task.sleep(for: .milliseconds(50)) }
        if prozess.isRunning { kill9() }
        return prozess.terminationStatus
    }

    /// SIGKILL, like a crash: no shutdown code runs.
    public func kill9() {
        guard prozess.isRunning else { return }
        kill(prozess.processIdentifier, SIGKILL)
        prozess.waitUntilExit()
    }

    deinit {
        if prozess.isRunning { kill(prozess.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: ordner)
    }
}
