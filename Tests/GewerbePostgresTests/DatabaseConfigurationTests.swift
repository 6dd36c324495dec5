import GewerbePostgres
import Testing

@Suite("DATABASE_URL parsing")
struct DatabaseConfigurationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let url: String
        let endpoint: DatabaseConfiguration.Endpoint
        let user: String
        let password: String?
        let database: String
        let tls: DatabaseConfiguration.TLSMode
        var testDescription: String { url }
    }

    @Test(arguments: [
        Case(
            url: "postgres://gewerbe:geheim@db.example.org:6543/gewerbe?sslmode=disable",
            endpoint: .tcp(host: "db.example.org", port: 6543), user: "gewerbe", password: "geheim",
            database: "gewerbe",
            tls: .disable),
        Case(
            url: "postgresql://app@localhost/register", endpoint: .tcp(host: "localhost", port: 5432), user: "app",
            password: nil, database: "register", tls: .prefer),
        Case(
            url: "postgres://app:p%40ss%3Aw%2Ford@127.0.0.1:5433/db?sslmode=verify-full",
            endpoint: .tcp(host: "127.0.0.1", port: 5433), user: "app", password: "p@ss:w/ord", database: "db",
            tls: .verifyFull),
        Case(
            url: "postgres://app@[::1]:5432/db?sslmode=require", endpoint: .tcp(host: "::1", port: 5432), user: "app",
            password: nil, database: "db", tls: .require),
        Case(
            url: "postgres://postgres@/gewerbe?host=/var/run/postgresql",
            endpoint: .unixSocket(path: "/var/run/postgresql/.s.PGSQL.5432"), user: "postgres", password: nil,
            database: "gewerbe", tls: .disable),
        Case(
            url: "postgres://postgres@%2Ftmp%2Fpg/x?port=5499", endpoint: .unixSocket(path: "/tmp/pg/.s.PGSQL.5499"),
            user: "postgres", password: nil, database: "x", tls: .disable),
        Case(
            url: "postgres://u:pw@h/?dbname=other&user=v&password=pw2&application_name=gewerbe&connect_timeout=3",
            endpoint: .tcp(host: "h", port: 5432), user: "v", password: "pw2", database: "other", tls: .prefer),
        Case(
            url: "postgres://nobody@host", endpoint: .tcp(host: "host", port: 5432), user: "nobody", password: nil,
            database: "nobody", tls: .prefer),
    ])
    func parses(_ example: Case) throws {
        let configuration = try DatabaseConfiguration(url: example.url)
        #expect(configuration.endpoint == example.endpoint)
        #expect(configuration.username == example.user)
        #expect(configuration.password == example.password)
        #expect(configuration.database == example.database)
        #expect(configuration.tls == example.tls)
    }

    @Test(arguments: [
        "mysql://u@h/db",
        "postgres://u@h/db?sslmode=sometimes",
        "postgres://u@h/db?port=99999",
        "postgres://u@h/db?sslhost=x",
        "postgres://u@/db",
        "postgres://u@/db?host=/run/pg&sslmode=require",
    ])
    func rejects(_ url: String) {
        #expect(throws: DatabaseConfigurationError.self) { try DatabaseConfiguration(url: url) }
    }

    @Test func userDefaultsToTheGivenUser() throws {
        let configuration = try DatabaseConfiguration(url: "postgres:///gewerbe?host=/run/pg", defaultUser: "ops")
        #expect(configuration.username == "ops")
        #expect(configuration.database == "gewerbe")
    }

    @Test func descriptionHidesThePassword() throws {
        let configuration = try DatabaseConfiguration(url: "postgres://app:sehr-geheim@db:5432/gewerbe")
        #expect(!configuration.description.contains("sehr-geheim"))
        #expect(configuration.description.contains("app:***@db:5432/gewerbe"))
    }

    @Test func urlRoundTrips() throws {
        let original = try DatabaseConfiguration(
            url: "postgres://app:p%40ss@db.example.org:6543/gewerbe?sslmode=require")
        #expect(try DatabaseConfiguration(url: original.url) == original)
        let socket = try DatabaseConfiguration(url: "postgres://postgres@/g?host=/tmp/x&port=5999")
        #expect(try DatabaseConfiguration(url: socket.url) == socket)
    }

    @Test func clientConfigurationUsesTheEndpoint() throws {
        let tcp = try DatabaseConfiguration(url: "postgres://app:pw@db:6000/g?sslmode=disable").clientConfiguration
        #expect(tcp.host == "db")
        #expect(tcp.port == 6000)
        #expect(tcp.username == "app")
        #expect(tcp.password == "pw")
        #expect(tcp.database == "g")
        let socket = try DatabaseConfiguration(url: "postgres://postgres@/g?host=/tmp/x").clientConfiguration
        #expect(socket.unixSocketPath == "/tmp/x/.s.PGSQL.5432")
        #expect(socket.host == nil)
    }
}
