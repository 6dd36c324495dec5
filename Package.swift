// swift-tools-version:6.2
// Gewerbe-Fachverfahren: trade notifications (GewO section 14) for the municipalities of an IT group.
import PackageDescription

/// Settings every target of this package shares: Swift 6 language mode (set on the package),
/// explicit `any` for existentials, and warnings treated as errors so that CI stays clean.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "gewerbe",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gewerbe", targets: ["gewerbe"]),
        .library(name: "GewerbeDomain", targets: ["GewerbeDomain"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
    ],
    targets: [
        // Pure domain: models, code lists, validation rules, lifecycle, ports. Foundation only.
        .target(
            name: "GewerbeDomain",
            exclude: ["Codelisten/README.md", "Codelisten/csv"],
            swiftSettings: strict,
            plugins: ["Einbetten"]
        ),
        // Documents rendered from the domain (PDF of the GewA form, Empfangsbescheinigung).
        .target(
            name: "GewerbeDokumente",
            dependencies: ["GewerbeDomain"],
            swiftSettings: strict
        ),
        // CSV writers (statistics export), streaming.
        .target(
            name: "GewerbeExport",
            dependencies: ["GewerbeDomain"],
            swiftSettings: strict
        ),
        // libxml2 from the system (Debian libxml2-dev): XML Schema validation in-process.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // XGewerbeordnung messages: the XML writer per message type, held to the recipients'
        // profiles, and the schema validation seam chosen by (version, message type).
        .target(
            name: "GewerbeXGewO",
            dependencies: ["GewerbeDomain", "CLibXML2"],
            swiftSettings: strict,
            plugins: ["Einbetten"]
        ),
        // PostgreSQL adapter: migrations, the stores, the audit chain, reports.
        .target(
            name: "GewerbePostgres",
            dependencies: [
                "GewerbeDomain",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict,
            plugins: ["Einbetten"]
        ),
        // A private PostgreSQL cluster in a folder (initdb, pg_ctl): the demo's and the tests'
        // database, and a single-machine installation's. Not needed against a managed server.
        .target(
            name: "GewerbeEmbeddedPostgres",
            dependencies: [
                "GewerbePostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strict
        ),
        // What every outbox worker shares (filing, transmission): the claim loop, the wake-up
        // signal, backoff with jitter.
        .target(
            name: "GewerbeOutbox",
            swiftSettings: strict
        ),
        // e-file filing: CMIS browser binding and WebDAV adapters, outbox worker.
        .target(
            name: "GewerbeEAkte",
            dependencies: [
                "GewerbeDomain",
                "GewerbeDokumente",
                "GewerbeOutbox",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // Sending XGewO messages: the transport port with its adapters (a folder drop for a Land
        // gateway, an HTTP client for an XTA2-style gateway) and the outbox worker.
        .target(
            name: "GewerbeGateway",
            dependencies: [
                "GewerbeDomain",
                "GewerbeXGewO",
                "GewerbeOutbox",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // HTTP API for staff and intake (Hummingbird 2). No SQL here.
        .target(
            name: "GewerbeHTTP",
            dependencies: [
                "GewerbeDomain",
                "GewerbeExport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict,
            plugins: ["Einbetten"]
        ),
        // Wiring and subcommands of the `gewerbe` binary; a library so that tests can call it.
        .target(
            name: "GewerbeCLI",
            dependencies: [
                "GewerbeDomain", "GewerbePostgres", "GewerbeEmbeddedPostgres", "GewerbeEAkte", "GewerbeCMISTestServer",
                "GewerbeExport",
                "GewerbeHTTP", "GewerbeDokumente", "GewerbeXGewO", "GewerbeGateway", "GewerbeOutbox",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "gewerbe",
            dependencies: ["GewerbeCLI"],
            swiftSettings: strict
        ),
        // Build-time embedding of the data files (code lists, migrations, OpenAPI document) as
        // Swift literals: nothing generated is checked in (ADR 0009).
        .executableTarget(
            name: "einbetten",
            swiftSettings: strict
        ),
        .plugin(
            name: "Einbetten",
            capability: .buildTool(),
            dependencies: ["einbetten"]
        ),
        // The CMIS 1.1 browser-binding test server (a real HTTP peer for the eAkte adapter and
        // for cmislib), on its own: it knows CMIS, nothing of this product.
        .target(
            name: "GewerbeCMISTestServer",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // Fixtures, in-memory twins, throwaway PostgreSQL, the other peers (WsgiDAV, the service),
        // free ports for every peer.
        .target(
            name: "GewerbeTestSupport",
            dependencies: [
                "GewerbeDomain", "GewerbePostgres", "GewerbeEmbeddedPostgres", "GewerbeEAkte", "GewerbeCMISTestServer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "GewerbeDomainTests",
            dependencies: [
                "GewerbeDomain", "GewerbeTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "GewerbeXGewOTests",
            dependencies: ["GewerbeXGewO", "GewerbeTestSupport"],
            exclude: ["Golden"],  // read by path, not bundled
            swiftSettings: strict
        ),
        .testTarget(
            name: "GewerbeGatewayTests",
            dependencies: [
                "GewerbeGateway", "GewerbeOutbox", "GewerbeTestSupport", "GewerbePostgres", "GewerbeEmbeddedPostgres",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "GewerbeDokumenteTests",
            dependencies: ["GewerbeDokumente", "GewerbeTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "GewerbeExportTests",
            dependencies: ["GewerbeExport", "GewerbeTestSupport"],
            exclude: ["Golden"],  // read by path, not bundled
            swiftSettings: strict
        ),
        .testTarget(
            name: "GewerbePostgresTests",
            dependencies: ["GewerbePostgres", "GewerbeEmbeddedPostgres", "GewerbeTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "GewerbeEAkteTests",
            dependencies: ["GewerbeEAkte", "GewerbeOutbox", "GewerbeCMISTestServer", "GewerbeTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "GewerbeHTTPTests",
            dependencies: [
                "GewerbeHTTP", "GewerbeCLI", "GewerbeTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "GewerbeCLITests",
            dependencies: [
                "GewerbeCLI", "GewerbeTestSupport", "GewerbeDomain", "GewerbePostgres", "GewerbeEAkte",
                "GewerbeCMISTestServer",
            ],
            exclude: ["Golden"],  // read by path, not bundled
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
