import Foundation
import PostgresNIO

/// Where and how to reach a PostgreSQL server: the parsed form of `DATABASE_URL`, or what
/// ``EmbeddedPostgres`` hands out for its private cluster.
///
/// Accepted URL forms (a subset of libpq's connection URIs):
/// - `postgres://user:password@host:5432/dbname?sslmode=disable` (also `postgresql://`)
/// - `postgres://user@/dbname?host=/var/run/postgresql` (unix socket directory via `host`)
/// - `postgres://user@%2Fvar%2Frun%2Fpostgresql/dbname` (percent-encoded socket directory)
///
/// Query parameters: `sslmode`, `host`, `port`, `user`, `password`, `dbname`, `application_name`
/// (accepted and ignored), `connect_timeout` (seconds). Unknown parameters are an error, as in libpq,
/// so that typos do not silently change behaviour. Like libpq, the user defaults to the operating
/// system user and the database to the user name.
///
/// `sslmode`: `disable` (plain), `allow`/`prefer` (TLS if the server offers it, certificate not
/// verified), `require` (TLS, certificate not verified, as in libpq), `verify-ca` (TLS, chain
/// verified, host name not), `verify-full` (TLS, fully verified). Without `sslmode` the default is
/// `prefer`, except for unix sockets, which never use TLS.
public struct DatabaseConfiguration: Sendable, Equatable, CustomStringConvertible {
    /// How to reach the server.
    public enum Endpoint: Sendable, Equatable {
        /// TCP host (name or address) and port.
        case tcp(host: String, port: Int)
        /// Full path of the socket file, e.g. `/var/run/postgresql/.s.PGSQL.5432`.
        case unixSocket(path: String)
    }

    /// The TLS mode (libpq's `sslmode`).
    public enum TLSMode: String, Sendable, Equatable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var endpoint: Endpoint
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// Connect timeout (libpq `connect_timeout`), default 10 s.
    public var connectTimeout: Duration
    /// Upper bound of the connection pool of a ``Database`` built from this configuration.
    public var maximumConnections: Int

    /// Creates a configuration from its parts.
    public init(
        endpoint: Endpoint,
        username: String,
        password: String? = nil,
        database: String,
        tls: TLSMode = .disable,
        connectTimeout: Duration = .seconds(10),
        maximumConnections: Int = 20
    ) {
        self.endpoint = endpoint
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
        self.connectTimeout = connectTimeout
        self.maximumConnections = maximumConnections
    }

    /// Parses a `DATABASE_URL` (see the type's documentation for the accepted forms).
    ///
    /// - Parameter defaultUser: the user when the URL names none (libpq uses the OS user).
    public init(url: String, defaultUser: String? = nil) throws(DatabaseConfigurationError) {
        guard let components = URLComponents(string: url) else { throw .invalidURL("not a URL") }
        guard let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql" else {
            throw .invalidURL("the scheme must be postgres:// or postgresql://")
        }
        var host = components.percentEncodedHost.flatMap { $0.removingPercentEncoding } ?? ""
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        var port = components.port ?? 5432
        var user = components.user ?? ""
        var password = components.password
        var database = String(components.path.drop(while: { $0 == "/" }))
        var tls: TLSMode?
        var timeout = Duration.seconds(10)
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode":
                guard let mode = TLSMode(rawValue: value) else {
                    throw .invalidURL("unknown sslmode '\(value)' (use one of \(TLSMode.allCases.map(\.rawValue)))")
                }
                tls = mode
            case "host": host = value
            case "port":
                guard let number = Int(value), (1...65535).contains(number) else {
                    throw .invalidURL("port must be a number from 1 to 65535")
                }
                port = number
            case "user": user = value
            case "password": password = value
            case "dbname": database = value
            case "application_name": break
            case "connect_timeout":
                guard let seconds = Int(value), seconds > 0 else {
                    throw .invalidURL("connect_timeout must be a positive number of seconds")
                }
                timeout = .seconds(seconds)
            default:
                throw .invalidURL("unknown query parameter '\(item.name)'")
            }
        }
        if user.isEmpty { user = defaultUser ?? Self.operatingSystemUser() }
        guard !user.isEmpty else { throw .invalidURL("no user name") }
        if database.isEmpty { database = user }
        if host.hasPrefix("/") {
            let directory = host.hasSuffix("/") ? String(host.dropLast()) : host
            self.init(
                endpoint: .unixSocket(path: "\(directory)/.s.PGSQL.\(port)"),
                username: user, password: password, database: database,
                tls: .disable, connectTimeout: timeout)
            if let tls, tls != .disable, tls != .allow, tls != .prefer {
                throw .invalidURL("sslmode=\(tls.rawValue) is impossible over a unix socket")
            }
        } else {
            guard !host.isEmpty else {
                throw .invalidURL("no host (give one, or a socket directory with ?host=/path)")
            }
            self.init(
                endpoint: .tcp(host: host, port: port),
                username: user, password: password, database: database,
                tls: tls ?? .prefer, connectTimeout: timeout)
        }
    }

    /// The same server and credentials, another database.
    public func with(database: String) -> DatabaseConfiguration {
        var copy = self
        copy.database = database
        return copy
    }

    /// The configuration for a PostgresNIO `PostgresClient` (a pool; run it as a `Service`).
    public var clientConfiguration: PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        switch endpoint {
        case .tcp(let host, let port):
            configuration = .init(
                host: host, port: port, username: username, password: password, database: database,
                tls: clientTLS)
        case .unixSocket(let path):
            configuration = .init(unixSocketPath: path, username: username, password: password, database: database)
        }
        configuration.options.connectTimeout = connectTimeout
        configuration.options.maximumConnections = maximumConnections
        return configuration
    }

    /// The configuration for a single `PostgresConnection` (administrative one-off work).
    /// Throws when the TLS context cannot be created.
    public func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        switch endpoint {
        case .tcp(let host, let port):
            let tlsMode: PostgresConnection.Configuration.TLS
            switch tls {
            case .disable: tlsMode = .disable
            case .allow, .prefer:
                tlsMode = .prefer(
                    try .init(
                        configuration: modified(.makeClientConfiguration()) { $0.certificateVerification = .none }))
            case .require:
                tlsMode = .require(
                    try .init(
                        configuration: modified(.makeClientConfiguration()) { $0.certificateVerification = .none }))
            case .verifyCA:
                tlsMode = .require(
                    try .init(
                        configuration: modified(.makeClientConfiguration()) {
                            $0.certificateVerification = .noHostnameVerification
                        }))
            case .verifyFull: tlsMode = .require(try .init(configuration: .makeClientConfiguration()))
            }
            configuration = .init(
                host: host, port: port, username: username, password: password, database: database, tls: tlsMode)
        case .unixSocket(let path):
            configuration = .init(unixSocketPath: path, username: username, password: password, database: database)
        }
        configuration.options.connectTimeout = .init(connectTimeout)
        return configuration
    }

    /// A URL for tools such as `psql` (`postgres://user:password@host:port/db?sslmode=...`).
    public var url: String {
        func encode(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~"))) ?? text
        }
        let credentials = encode(username) + (password.map { ":" + encode($0) } ?? "")
        switch endpoint {
        case .tcp(let host, let port):
            let hostPart = host.contains(":") ? "[\(host)]" : host
            return "postgres://\(credentials)@\(hostPart):\(port)/\(encode(database))?sslmode=\(tls.rawValue)"
        case .unixSocket(let path):
            let directory = (path as NSString).deletingLastPathComponent
            let port = path.split(separator: ".").last.map(String.init) ?? "5432"
            return "postgres://\(credentials)@/\(encode(database))?host=\(encode(directory))&port=\(port)"
        }
    }

    /// The URL with the password replaced by `***` (for logs and error messages).
    public var description: String {
        var redacted = self
        if redacted.password != nil { redacted.password = "***" }
        return redacted.url.replacingOccurrences(of: "%2A%2A%2A", with: "***")
    }

    private var clientTLS: PostgresClient.Configuration.TLS {
        switch tls {
        case .disable: .disable
        case .allow, .prefer: .prefer(modified(.makeClientConfiguration()) { $0.certificateVerification = .none })
        case .require: .require(modified(.makeClientConfiguration()) { $0.certificateVerification = .none })
        case .verifyCA:
            .require(modified(.makeClientConfiguration()) { $0.certificateVerification = .noHostnameVerification })
        case .verifyFull: .require(.makeClientConfiguration())
        }
    }

    private static func operatingSystemUser() -> String {
        guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else { return "" }
        return String(cString: name)
    }
}

/// Copies a value and changes it (lets us adjust NIOSSL's TLS configuration without naming its type).
private func modified<Value>(_ value: Value, _ change: (inout Value) -> Void) -> Value {
    var copy = value
    change(&copy)
    return copy
}

/// A `DATABASE_URL` that cannot be used, with the reason.
public enum DatabaseConfigurationError: Error, Equatable, CustomStringConvertible {
    case invalidURL(String)

    public var description: String {
        switch self {
        case .invalidURL(let reason): "DATABASE_URL is not usable: \(reason)"
        }
    }
}
