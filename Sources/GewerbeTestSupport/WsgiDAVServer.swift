import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A real WebDAV server for tests: WsgiDAV 4.4 (PyPI, installed into `.venv` by
/// `scripts/bootstrap`), started as a child process on 127.0.0.1 with a temporary folder as its
/// share `/`. Dead properties are kept in a shelve file next to the share, so they survive
/// ``stop()``/``start()`` like the files do.
///
/// Usage: `let dav = try WsgiDAVServer(); try await dav.withRunning { dav in ... }`; the folder
/// is removed by ``remove()`` (``withRunning`` does not remove it, so a test can restart).
public final class WsgiDAVServer: Sendable {
    public struct Configuration: Sendable {
        /// Basic credentials the server demands; `nil` allows anonymous access.
        public var credentials: (user: String, password: String)?
        /// Fixed port; `nil` picks a free one when the instance is created.
        public var port: Int?

        public init(credentials: (user: String, password: String)? = nil, port: Int? = nil) {
            self.credentials = credentials
            self.port = port
        }
    }

    public let port: Int
    /// The temporary folder: `share/` (published as `/`), `wsgidav.json`, `properties.shelve`,
    /// `wsgidav.log`.
    public let folder: URL
    /// The folder WsgiDAV publishes as `/`.
    public var share: URL { folder.appendingPathComponent("share") }
    /// `http://127.0.0.1:<port>/`.
    public var baseURL: String { "http://127.0.0.1:\(port)/" }
    /// The server's output (for failure messages).
    public var log: String {
        (try? String(contentsOf: folder.appendingPathComponent("wsgidav.log"), encoding: .utf8)) ?? ""
    }

    private let process = Mutex<Process?>(nil)

    /// The server's output from byte `offset` on.
    private func log(seit offset: Int) -> String {
        let data = (try? Data(contentsOf: folder.appendingPathComponent("wsgidav.log"))) ?? Data()
        return String(decoding: data.dropFirst(offset), as: UTF8.self)
    }

    public init(_ configuration: Configuration = Configuration()) throws {
        self.port = try configuration.port ?? TestPeers.freePort()
        self.folder = FileManager.default.temporaryDirectory.appendingPathComponent("wsgidav-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("share"), withIntermediateDirectories: true)
        let userMapping: Any
        if let credentials = configuration.credentials {
            userMapping = ["*": [credentials.user: ["password": credentials.password]]]
        } else {
            userMapping = ["*": true]
        }
        let config: [String: Any] = [
            "host": "127.0.0.1",
            "port": port,
            "provider_mapping": ["/": folder.appendingPathComponent("share").path],
            "http_authenticator": [
                "domain_controller": NSNull(), "accept_basic": true, "accept_digest": false,
                "default_to_digest": false,
            ],
            "simple_dc": ["user_mapping": userMapping],
            "property_manager": [
                "class": "wsgidav.prop_man.property_manager.ShelvePropertyManager",
                "kwargs": ["storage_path": folder.appendingPathComponent("properties.shelve").path],
            ],
            "lock_storage": true,
            "verbose": 3,
            "dir_browser": ["enable": false],
        ]
        let data = try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: folder.appendingPathComponent("wsgidav.json"))
    }

    /// Starts WsgiDAV and waits until it accepts connections. Fails with a hint to run
    /// `scripts/bootstrap` if `.venv/bin/wsgidav` is missing.
    public func start() async throws {
        if process.withLock({ $0?.isRunning == true }) { return }
        let executable = try TestPeers.venvExecutable("wsgidav")
        guard !TestPeers.canConnect(port: port) else {
            throw TestPeers.Failure("Port \(port) ist schon belegt; WsgiDAV kann dort nicht starten")
        }
        let logURL = folder.appendingPathComponent("wsgidav.log")
        if !FileManager.default.fileExists(atPath: logURL.path) {
            _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        }
        let logHandle = try FileHandle(forWritingTo: logURL)
        let logStart = Int(try logHandle.seekToEnd())
        let child = Process()
        child.executableURL = executable
        child.arguments = ["-c", folder.appendingPathComponent("wsgidav.json").path]
        child.currentDirectoryURL = folder
        child.standardOutput = logHandle
        child.standardError = logHandle
        child.standardInput = FileHandle.nullDevice
        try child.run()
        process.withLock { $0 = child }
        do {
            let deadline = ContinuousClock.now + .seconds(20)
            // Wait for this process's "Serving on" line, not just any listener on the port.
            while !TestPeers.canConnect(port: port) || !log(seit: logStart).contains("Serving on") {
                guard child.isRunning else {
                    throw TestPeers.Failure("WsgiDAV hat sich beim Start beendet:\n\(log)")
                }
                guard ContinuousClock.now < deadline else {
                    throw TestPeers.Failure("WsgiDAV lauscht nach 20 s nicht auf Port \(port):\n\(log)")
                }
                try await Task.sleep(for: .milliseconds(50))
            }
        } catch {
            await stop()
            throw error
        }
    }

    /// Stops the WsgiDAV process this instance started: SIGTERM to its pid, SIGKILL after
    /// `grace` (cheroot waits for open keep-alive connections, which would take seconds), then
    /// waits until it has exited. Files and dead properties are on disk already.
    public func stop(grace: Duration = .milliseconds(500)) async {
        guard
            let child = process.withLock({ current -> Process? in
                defer { current = nil }
                return current
            })
        else { return }
        await TestPeers.beende(child, grace: grace)
    }

    /// Kills the process at once (SIGKILL), like a crash.
    public func simulateCrash() async {
        await stop(grace: .zero)
    }

    /// Stops the server and deletes its folder.
    public func remove() async {
        await stop()
        try? FileManager.default.removeItem(at: folder)
    }

    public var isRunning: Bool { process.withLock { $0?.isRunning == true } }

    /// Runs `body` with the server started and stops it afterwards, also on errors.
    public func withRunning<T: Sendable>(_ body: (WsgiDAVServer) async throws -> T) async throws -> T {
        try await start()
        do {
            let result = try await body(self)
            await stop()
            return result
        } catch {
            await stop()
            throw error
        }
    }

    /// The bytes of a file in the share (`path` relative to `/`), read from disk, or `nil`.
    public func file(_ path: String) -> Data? {
        FileManager.default.contents(atPath: share.appendingPathComponent(path).path)
    }

    /// Whether `path` (relative to `/`) is a folder in the share.
    public func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(
            atPath: share.appendingPathComponent(path).path, isDirectory: &isDirectory)
            && isDirectory.boolValue
    }

    /// All files below the share (relative paths, sorted).
    public func allFiles() -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: share.path) else { return [] }
        var files: [String] = []
        while let entry = enumerator.nextObject() as? String {
            if !isFolder(entry) { files.append(entry) }
        }
        return files.sorted()
    }
}
