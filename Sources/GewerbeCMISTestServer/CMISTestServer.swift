import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A CMIS 1.1 browser-binding server for tests: in-process (Hummingbird 2), in memory, bound to
/// 127.0.0.1. It implements the part of the OASIS CMIS 1.1 browser binding (section 5) that a
/// filing client needs, and test controls to simulate an unreliable eAkte.
///
/// URLs (`<port>` fixed for the lifetime of the instance, also across ``stop()``/``start()``):
/// - service document: `GET http://127.0.0.1:<port>/browser` (``serviceURL``)
/// - repository: `http://127.0.0.1:<port>/browser/<repositoryId>` (``repositoryURL``):
///   `cmisselector=repositoryInfo|typeChildren|typeDefinition|query`, `POST cmisaction=query`
/// - root folder: `http://127.0.0.1:<port>/browser/<repositoryId>/root` (``rootFolderURL``):
///   `GET [/<path>]?cmisselector=object|children|content|properties|parents|allowableActions`
///   (by path, or by `objectId=`), `POST [/<path>]` with `cmisaction=createFolder|createDocument|
///   update|updateProperties|setContent|delete|deleteTree` (form-urlencoded or multipart).
///
/// Errors are CMIS JSON exceptions (`{"exception": "objectNotFound", "message": ...}`) with the
/// HTTP status of the spec (404, 400, 409, 405, 403, 500).
public final class CMISTestServer: Sendable {
    /// A secondary type the repository offers for custom metadata (all properties are
    /// single-valued strings).
    public struct SecondaryType: Sendable, Hashable {
        public var id: String
        public var displayName: String
        public var propertyIds: [String]

        public init(id: String, displayName: String, propertyIds: [String]) {
            self.id = id
            self.displayName = displayName
            self.propertyIds = propertyIds
        }

        /// `gewerbe:metadaten` with the properties the filing adapter writes.
        public static let gewerbeMetadaten = SecondaryType(
            id: "gewerbe:metadaten", displayName: "Gewerbe-Metadaten",
            propertyIds: [
                "gewerbe:aktenzeichen", "gewerbe:ags", "gewerbe:betriebId", "gewerbe:anzeigeId",
                "gewerbe:meldeart", "gewerbe:eingangsdatum", "gewerbe:sha256", "gewerbe:dokumentart",
                "gewerbe:status",
            ])

        /// Only the six properties named in the filing requirements (no status, no Anzeige ID,
        /// no Dokumentart), for testing that the adapter writes what the repository defines.
        public static let gewerbeMetadatenMinimal = SecondaryType(
            id: "gewerbe:metadaten", displayName: "Gewerbe-Metadaten",
            propertyIds: [
                "gewerbe:aktenzeichen", "gewerbe:ags", "gewerbe:betriebId", "gewerbe:meldeart",
                "gewerbe:eingangsdatum", "gewerbe:sha256",
            ])
    }

    /// HTTP Basic credentials the server demands (if configured).
    public struct Credentials: Sendable, Hashable {
        public var user: String
        public var password: String
        public init(user: String, password: String) {
            self.user = user
            self.password = password
        }
    }

    public struct Configuration: Sendable {
        public var repositoryId: String
        public var repositoryName: String
        /// Secondary types on offer; empty = the repository has none (the adapter must fall back
        /// to names and descriptions).
        public var secondaryTypes: [SecondaryType]
        /// If set, every request needs these Basic credentials (else 401).
        public var credentials: Credentials?
        /// Fixed port; `nil` picks a free one when the instance is created.
        public var port: Int?
        /// Largest accepted request body.
        public var maxBodyBytes: Int

        public init(
            repositoryId: String = "gewerbe", repositoryName: String = "Gewerbe-Testrepository",
            secondaryTypes: [SecondaryType] = [.gewerbeMetadaten], credentials: Credentials? = nil, port: Int? = nil,
            maxBodyBytes: Int = 64 << 20
        ) {
            self.repositoryId = repositoryId
            self.repositoryName = repositoryName
            self.secondaryTypes = secondaryTypes
            self.credentials = credentials
            self.port = port
            self.maxBodyBytes = maxBodyBytes
        }
    }

    /// How an injected upload failure behaves (see ``failNextUploads(_:mode:)``).
    public enum UploadFailure: Sendable, Hashable {
        /// Read about half of the body, then answer 500 (CMIS `runtime`); nothing is stored.
        case answer500
        /// Read about half of the body, then close the connection without an answer; nothing is
        /// stored.
        case dropConnection
        /// Read the whole body, store the document with only the first half of its content (a
        /// non-atomic DMS), then answer 500.
        case storeTruncatedThen500
    }

    struct Controls: Sendable {
        var unavailable = false
        var latency: Duration = .zero
        var uploadFailures: [UploadFailure] = []
        var injectedUploadFailures = 0
        var requestCount = 0
    }

    public let configuration: Configuration
    /// The TCP port on 127.0.0.1.
    public let port: Int
    let repository: CMISTestRepository
    let controls = Mutex(Controls())
    private struct Running: Sendable {
        var task: Task<Void, Never>
        var group: ServiceGroup
    }
    private let running = Mutex<Running?>(nil)
    private let logger: Logger

    /// Creates the server (not yet listening) on `port` (the test support's convenience
    /// initializer picks a free one when the configuration names none).
    public init(_ configuration: Configuration, port: Int) {
        self.configuration = configuration
        self.port = port
        self.repository = CMISTestRepository(
            repositoryId: configuration.repositoryId, secondaryTypes: configuration.secondaryTypes)
        var logger = Logger(label: "cmis-testserver")
        logger.logLevel = .warning
        self.logger = logger
    }

    /// `http://127.0.0.1:<port>/browser`, the browser binding service URL clients start from.
    public var serviceURL: String { "http://127.0.0.1:\(port)/browser" }
    public var repositoryURL: String { "\(serviceURL)/\(configuration.repositoryId)" }
    public var rootFolderURL: String { "\(repositoryURL)/root" }

    // MARK: - Lifecycle

    /// Starts listening; returns once the port accepts connections. Starting a running server
    /// does nothing. The repository content survives ``stop()`` and a new ``start()``.
    public func start() async throws {
        if running.withLock({ $0 != nil }) { return }
        let responder = CMISTestResponder(server: self)
        let (events, continuation) = AsyncStream<Result<Void, any Error>>.makeStream()
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: nil, reuseAddress: true),
            onServerRunning: { _ in continuation.yield(.success(())) },
            logger: logger
        )
        let group = ServiceGroup(
            configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task {
            do {
                try await group.run()
                continuation.yield(.failure(CMISTestServerBeendet()))
            } catch {
                continuation.yield(.failure(error))
            }
            continuation.finish()
        }
        running.withLock { $0 = Running(task: task, group: group) }
        for await event in events {
            switch event {
            case .success: return
            case .failure(let error):
                running.withLock { $0 = nil }
                throw error
            }
        }
    }

    /// Stops listening (the port refuses connections afterwards); waits until the server is down.
    /// Requests in progress may finish (graceful shutdown); after 3 seconds they are cut off.
    public func stop() async {
        guard
            let current = running.withLock({ state -> Running? in
                defer { state = nil }
                return state
            })
        else { return }
        await current.group.triggerGracefulShutdown()
        let watchdog = Task {
            try? await Task.sleep(for: .seconds(3))
            if !Task.isCancelled { current.task.cancel() }
        }
        await current.task.value
        watchdog.cancel()
    }

    public var isRunning: Bool { running.withLock { $0 != nil } }

    /// Runs `body` with the server started and stops it afterwards, also on errors.
    public func withRunning<T: Sendable>(_ body: (CMISTestServer) async throws -> T) async throws -> T {
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

    // MARK: - Test controls

    /// While `true`, every request is answered with 503 Service Unavailable (CMIS `runtime`).
    /// For a closed port instead, use ``stop()`` and later ``start()``.
    public func setUnavailable(_ unavailable: Bool) {
        controls.withLock { $0.unavailable = unavailable }
    }

    /// Delays every request by `latency` before it is handled.
    public func setLatency(_ latency: Duration) {
        controls.withLock { $0.latency = latency }
    }

    /// Makes the next `count` uploads (multipart `createDocument` or `setContent`) fail.
    public func failNextUploads(_ count: Int = 1, mode: UploadFailure = .answer500) {
        controls.withLock { $0.uploadFailures.append(contentsOf: Array(repeating: mode, count: count)) }
    }

    /// Injected upload failures not yet used.
    public var pendingUploadFailures: Int { controls.withLock { $0.uploadFailures.count } }
    /// Upload failures that have happened.
    public var injectedUploadFailures: Int { controls.withLock { $0.injectedUploadFailures } }
    /// All requests received (also those answered with 503 or 401).
    public var requestCount: Int { controls.withLock { $0.requestCount } }

    /// Objects created at `path` (e.g. `/Gewerbe/06636001`); more than 1 means the path was
    /// deleted and created again.
    public func createCount(path: String) async -> Int { await repository.creates[path] ?? 0 }

    /// Create requests for `path`, also those rejected (e.g. `nameConstraintViolation`).
    public func createAttemptCount(path: String) async -> Int { await repository.createAttempts[path] ?? 0 }

    /// Successful creates per path.
    public func creates() async -> [String: Int] { await repository.creates }

    /// The object at `path` (`/` is the root folder), or `nil`.
    public func object(atPath path: String) async -> CMISTestObject? { await repository.snapshot(path: path) }

    /// All objects in creation order (including the root folder).
    public func objects() async -> [CMISTestObject] { await repository.snapshots() }

    /// All documents in creation order.
    public func documents() async -> [CMISTestObject] { await repository.snapshots().filter { !$0.isFolder } }

    /// Empties the repository and resets counters and controls.
    public func reset() async {
        await repository.reset()
        controls.withLock { $0 = Controls() }
    }

    func takeUploadFailure() -> UploadFailure? {
        controls.withLock { state in
            guard !state.uploadFailures.isEmpty else { return nil }
            state.injectedUploadFailures += 1
            return state.uploadFailures.removeFirst()
        }
    }
}

/// The server's task ended without being stopped.
struct CMISTestServerBeendet: Error, CustomStringConvertible {
    var description: String { "CMIS-Testserver hat sich beendet" }
}
