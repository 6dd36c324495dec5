import Foundation
import GewerbeCMISTestServer
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Helpers to find and run the external programs the tests use as protocol peers and checkers
/// (the Python peers in `.venv`, `pdftotext`, `qpdf`), and to pick free TCP ports.
public enum TestPeers {
    /// A failure to find or run a peer, with a message that says how to fix it.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// The result of a finished program.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: Data
        public var stderr: String
        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// The root of the repository (the folder with `Package.swift`), found from this file's path.
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: "\(#filePath)")
            .deletingLastPathComponent()  // GewerbeTestSupport
            .deletingLastPathComponent()  // Sources
            .deletingLastPathComponent()
    }

    /// A program of the project's Python virtualenv (`<root>/.venv/bin/<name>`); fails with a
    /// hint to run `scripts/bootstrap` if it is missing.
    public static func venvExecutable(_ name: String) throws -> URL {
        let url = repositoryRoot.appendingPathComponent(".venv/bin/\(name)")
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw Failure(
                "\(url.path) fehlt: die Test-Peers (WsgiDAV, cmislib) sind nicht installiert. "
                    + "Bitte einmal `scripts/bootstrap` im Repository ausführen.")
        }
        return url
    }

    /// A program from the system `PATH` (e.g. `pdftotext`, `qpdf`); fails with a hint to run
    /// `scripts/bootstrap` if it is missing.
    public static func systemExecutable(_ name: String) throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw Failure("`\(name)` ist nicht installiert. Bitte `scripts/bootstrap` ausführen.")
    }

    /// Stops a child process: SIGTERM, SIGKILL after `grace` (`.zero`: SIGKILL at once, a crash),
    /// then waits until it has exited.
    public static func beende(_ child: Process, grace: Duration) async {
        if grace == .zero { kill(child.processIdentifier, SIGKILL) } else if child.isRunning { child.terminate() }
        let deadline = ContinuousClock.now + grace
        while child.isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if child.isRunning { kill(child.processIdentifier, SIGKILL) }
        while child.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
    }

    /// Runs a program to completion and returns its exit status and output. Output goes through
    /// temporary files, so that large outputs cannot block the program.
    public static func run(
        _ executable: URL, _ arguments: [String], input: Data? = nil, environment: [String: String]? = nil,
        currentDirectory: URL? = nil
    ) async throws -> Result {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("testpeers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        defer {
            try? outHandle.close()
            try? errHandle.close()
        }

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = outHandle
        process.standardError = errHandle
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        if let input {
            let url = scratch.appendingPathComponent("stdin")
            try input.write(to: url)
            process.standardInput = try FileHandle(forReadingFrom: url)
        } else {
            process.standardInput = FileHandle.nullDevice
        }

        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in
                continuation.resume(returning: finished.terminationStatus)
            }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        let stdout = (try? Data(contentsOf: outURL)) ?? Data()
        let stderr = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
        return Result(status: status, stdout: stdout, stderr: stderr)
    }

    /// Ports handed out by ``freePort()`` in this process. Test servers reserve a port when they
    /// are created but bind it only when started (and unbind it while "down"); without this list
    /// the kernel could hand the same, momentarily free port to another test server.
    private static let vergebenePorts = Mutex<Set<Int>>([])

    /// A TCP port on 127.0.0.1 that is free right now and has not been handed out before in this
    /// process. It lies outside the kernel's ephemeral range (`ip_local_port_range`): a test
    /// server that is "down" for a while must get its port back, and an outgoing connection of
    /// another test could otherwise take exactly that port as its local port meanwhile.
    public static func freePort() throws -> Int {
        let bereich = portbereich()
        for _ in 0..<200 {
            let port = Int.random(in: bereich)
            guard vergebenePorts.withLock({ !$0.contains(port) }), istFrei(port) else { continue }
            if vergebenePorts.withLock({ $0.insert(port).inserted }) { return port }
        }
        throw Failure("Kein freier Port gefunden")
    }

    /// Ports below the ephemeral range (Linux default 32768-60999), or above it if it starts low.
    static func portbereich() -> ClosedRange<Int> {
        let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        let grenzen = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).compactMap { Int($0) }
        let (unten, oben) = grenzen.count == 2 ? (grenzen[0], grenzen[1]) : (32768, 60999)
        if unten > 12000 { return 10000...(min(unten, 32768) - 1) }
        if oben < 63000 { return (oben + 1)...65000 }
        return 10000...30000
    }

    /// Whether a listening socket could bind 127.0.0.1:`port` right now.
    private static func istFrei(_ port: Int) -> Bool {
        #if canImport(Glibc)
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var ja: Int32 = 1
        // As the servers bind (NIO and Python set SO_REUSEADDR): a TIME_WAIT left over is no obstacle.
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &ja, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// Waits until a TCP connection to 127.0.0.1:`port` succeeds, or fails after `timeout`.
    public static func waitForPort(_ port: Int, timeout: Duration = .seconds(15)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if canConnect(port: port) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw Failure("Auf 127.0.0.1:\(port) lauscht nach \(timeout) noch kein Server.")
    }

    /// Whether a TCP connection to 127.0.0.1:`port` can be opened right now.
    public static func canConnect(port: Int) -> Bool {
        #if canImport(Glibc)
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return result == 0
    }
}

extension CMISTestServer {
    /// A CMIS test server on the configured port, or on a free one of this process's range.
    public convenience init(_ configuration: Configuration = Configuration()) throws {
        self.init(configuration, port: try configuration.port ?? TestPeers.freePort())
    }
}
