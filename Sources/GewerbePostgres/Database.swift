import GewerbeDomain
import Logging
import PostgresNIO

/// The municipalities one transaction may see: the tenant set that row-level security reads.
///
/// Every tenant table carries the AGS (Amtlicher Gemeindeschluessel, 8 digits) of its municipality;
/// its policies compare it with this set (see migration 0001, function `gewerbe_scope()`).
public struct TenantScope: Sendable, Hashable, CustomStringConvertible {
    /// The AGS of the municipalities, sorted, without duplicates, never empty.
    public let kommunen: [String]

    /// Creates a scope; throws when the list is empty or an entry is not an 8-digit AGS.
    public init(kommunen: some Sequence<String>) throws(TenantScopeError) {
        let sorted = Array(Set(kommunen)).sorted()
        guard !sorted.isEmpty else { throw .empty }
        if let wrong = sorted.first(where: { !AGS.istAchtstellig($0) }) { throw .invalidAGS(wrong) }
        self.kommunen = sorted
    }

    /// A scope of one municipality.
    public init(ags: String) throws(TenantScopeError) {
        try self.init(kommunen: [ags])
    }

    /// The value of the `gewerbe.kommunen` setting: the AGS joined by commas.
    public var setting: String { kommunen.joined(separator: ",") }

    public var description: String { "[\(setting)]" }
}

/// Why a ``TenantScope`` could not be made.
public enum TenantScopeError: Error, Equatable, CustomStringConvertible {
    case empty
    case invalidAGS(String)

    public var description: String {
        switch self {
        case .empty: "a tenant scope needs at least one municipality"
        case .invalidAGS(let value): "'\(value)' is not an AGS (8 digits)"
        }
    }
}

/// The PostgreSQL role a scoped transaction runs as (`SET LOCAL ROLE`). Both are NOLOGIN roles
/// subject to row-level security; the login role of the connection must be a member of them
/// (migration 0001 grants that to the role that runs it).
public enum DatabaseRole: String, Sendable, CaseIterable {
    /// `gewerbe_app`: the HTTP service. Reads and writes tenant tables, appends audit events.
    case app = "gewerbe_app"
    /// `gewerbe_report`: the auditors' report CLI. Reads everything in scope, appends audit events
    /// (reading personal data is itself audited), writes nothing else.
    case report = "gewerbe_report"
}

/// The service's handle on its PostgreSQL database: a connection pool plus the transaction
/// helpers that set the role and the tenant scope.
///
/// The pool only works while ``run()`` (or `client.run()`) runs, typically as a `Service` in the
/// application's `ServiceGroup`: `ServiceGroup(services: [database.client, ...])`. Put it first:
/// a `ServiceGroup` shuts its services down in reverse order, so the pool then outlives the HTTP
/// server and the workers that use it. For short-lived work use ``withRunning(_:logger:_:)``.
public struct Database: Sendable {
    /// The PostgresNIO pool. Add it to the `ServiceGroup`, or call ``run()`` in a task.
    public let client: PostgresClient
    /// The logger handed to PostgresNIO for queries.
    public let logger: Logger

    /// Wraps an existing client.
    public init(client: PostgresClient, logger: Logger = Logger(label: "gewerbe.postgres")) {
        self.client = client
        self.logger = logger
    }

    /// Creates a pool for `configuration`; remember to run it.
    public init(configuration: DatabaseConfiguration, logger: Logger = Logger(label: "gewerbe.postgres")) {
        self.init(
            client: PostgresClient(configuration: configuration.clientConfiguration, backgroundLogger: logger),
            logger: logger)
    }

    /// Runs the pool until the surrounding task is cancelled (or a graceful shutdown is triggered).
    public func run() async {
        await client.run()
    }

    /// Creates a pool for `configuration`, runs it while `body` runs, then shuts it down. For
    /// short-lived work outside a `ServiceGroup`: CLI commands (`migrate`, `tenants`, `tokens`,
    /// `audit verify`), migrating before `serve` starts its services, tests.
    ///
    /// The pool runs in a task of its own that is awaited before returning (not a child task):
    /// if the caller is cancelled, a child would be cancelled at once and shut the pool down under
    /// `body`, whose pending queries would then never finish. This way `body` always ends first.
    public static func withRunning<Result: Sendable>(
        _ configuration: DatabaseConfiguration,
        logger: Logger = Logger(label: "gewerbe.postgres"),
        _ body: @Sendable (Database) async throws -> Result
    ) async throws -> Result {
        // The pool's own logger only reports errors here: the first lease may come before the
        // pool task has started, which PostgresNIO reports as a (harmless) warning.
        var poolLogger = logger
        poolLogger.logLevel = .error
        let database = Database(
            client: PostgresClient(configuration: configuration.clientConfiguration, backgroundLogger: poolLogger),
            logger: logger)
        let pool = Task { await database.run() }
        do {
            let result = try await body(database)
            pool.cancel()
            await pool.value
            return result
        } catch {
            pool.cancel()
            await pool.value
            throw error
        }
    }

    /// Leases a connection as the login role, without a transaction. For administration
    /// (migrations, token lookup, audit verification); never for tenant data.
    @discardableResult
    public func withConnection<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> sending Result {
        try await client.withConnection(isolation: isolation, body)
    }

    /// Runs `body` in a transaction as the login role (no role switch, no tenant scope: row-level
    /// security does not apply). For administration only (tenants, tokens, global audit events).
    /// A preset of ``transaktion(_:versuche:isolation:_:)`` (``Transaktionsart/verwaltung``).
    ///
    /// Errors thrown by `body` are rethrown unchanged after `ROLLBACK`.
    @discardableResult
    public func withTransaction<Result: Sendable>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await transaktion(.verwaltung, versuche: 1, isolation: isolation, body)
    }

    /// Runs `body` in a transaction as `role`, scoped to the municipalities of `tenant`:
    /// `SET LOCAL ROLE <role>` and `set_config('gewerbe.kommunen', '<AGS,AGS>', true)`, so that
    /// row-level security shows and accepts only rows of those municipalities. Every query of the
    /// service that touches tenant data runs in here (and still filters by AGS itself).
    /// A preset of ``transaktion(_:versuche:isolation:_:)``.
    ///
    /// Errors thrown by `body` are rethrown unchanged after `ROLLBACK`.
    @discardableResult
    public func withTransaction<Result: Sendable>(
        tenant: TenantScope,
        role: DatabaseRole = .app,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await transaktion(Transaktionsart(scope: tenant, rolle: role), versuche: 1, isolation: isolation, body)
    }
}
