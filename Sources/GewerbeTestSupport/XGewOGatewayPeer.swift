import Foundation
import Synchronization

/// The XGewO gateway test peer (`Tests/Peers/xgewo_gateway.py`, Python with lxml from `.venv`):
/// an offline stand-in for a Land's XTA2-style gateway that validates what it receives with its
/// own XSD check, stores messages per reader address, deduplicates by message UUID, answers with
/// codes of `rueckweisungsgruende_1`, and can be told to be slow, failing or unavailable
/// (``steuere(_:)``). Its store is a folder that survives ``stop()``/``start()`` and a crash.
public final class XGewOGatewayPeer: Sendable {
    public let port: Int
    public let speicher: URL
    public let token: String?
    /// `http://127.0.0.1:<port>`.
    public var basisURL: String { "http://127.0.0.1:\(port)" }
    private let process = Mutex<Process?>(nil)
    private var logURL: URL { speicher.deletingLastPathComponent().appending(path: "peer.log") }

    public var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    public init(token: String? = nil) throws {
        port = try TestPeers.freePort()
        let ordner = FileManager.default.temporaryDirectory.appending(path: "xgewo-peer-\(UUID().uuidString)")
        speicher = ordner.appending(path: "speicher")
        self.token = token
        try FileManager.default.createDirectory(at: speicher, withIntermediateDirectories: true)
    }

    /// Starts the peer and waits until it listens.
    public func start() async throws {
        if process.withLock({ $0?.isRunning == true }) { return }
        let python = try TestPeers.venvExecutable("python")
        if !FileManager.default.fileExists(atPath: logURL.path) {
            _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        }
        let log = try FileHandle(forWritingTo: logURL)
        _ = try log.seekToEnd()
        let child = Process()
        child.executableURL = python
        let root = TestPeers.repositoryRoot
        child.arguments =
            [
                root.appending(path: "Tests/Peers/xgewo_gateway.py").path, "--port", "\(port)", "--speicher",
                speicher.path, "--schemata", root.appending(path: "schemas/xgewo").path,
            ] + (token.map { ["--token", $0] } ?? [])
        child.standardOutput = FileHandle.nullDevice
        child.standardError = log
        child.standardInput = FileHandle.nullDevice
        try child.run()
        process.withLock { $0 = child }
        let deadline = ContinuousClock.now + .seconds(20)
        while !TestPeers.canConnect(port: port) {
            guard child.isRunning else { throw TestPeers.Failure("Gateway-Peer hat sich beendet:\n\(self.log)") }
            guard ContinuousClock.now < deadline else {
                await stop()
                throw TestPeers.Failure("Gateway-Peer lauscht nach 20 s nicht:\n\(self.log)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Stops the peer (SIGTERM, SIGKILL after `grace`); `grace: .zero` is a crash.
    public func stop(grace: Duration = .milliseconds(500)) async {
        guard
            let child = process.withLock({ current -> Process? in
                defer { current = nil }
                return current
            })
        else { return }
        await TestPeers.beende(child, grace: grace)
    }

    /// Stops the peer and deletes its folder.
    public func remove() async {
        await stop()
        try? FileManager.default.removeItem(at: speicher.deletingLastPathComponent())
    }

    /// One message the peer holds.
    public struct Eintrag: Decodable, Sendable, Hashable {
        public var leser: String
        public var uuid: String
        public var nachrichtentyp: String
        public var sha256: String
        public var zustellungen: Int
    }

    /// What the peer holds and counted.
    public struct Postfach: Decodable, Sendable {
        public var nachrichten: [Eintrag]
        public var angenommen: Int
        public var doppelt: Int
        public var abgewiesen: Int
    }

    public func postfach() async throws -> Postfach {
        try JSONDecoder().decode(Postfach.self, from: try await anfrage("GET", "/v1/postfach"))
    }

    /// Sets the mode: `["modus": "abweisen", "grund": "S020", "anzahl": 1]`, `["modus": "normal"]`, ...
    public func steuere(_ modus: [String: any Sendable]) async throws {
        _ = try await anfrage("POST", "/steuerung", body: try JSONSerialization.data(withJSONObject: modus))
    }

    private func anfrage(_ methode: String, _ pfad: String, body: Data? = nil) async throws -> Data {
        let antwort = try await HTTPTestClient.anfrage(methode, URL(string: basisURL + pfad)!, body: body)
        guard antwort.status == 200 else { throw TestPeers.Failure("\(methode) \(pfad): \(antwort.text)") }
        return antwort.body
    }
}
