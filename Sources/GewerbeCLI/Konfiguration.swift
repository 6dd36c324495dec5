import Configuration
import Foundation
import GewerbePostgres
import Logging
import SystemPackage

/// The service's configuration, read once at start through swift-configuration (no reads deep
/// in the code; docs/operations.md lists every setting). Two sources, the first wins:
///
/// 1. the process environment;
/// 2. the file `GEWERBE_CONFIG_FILE` names, in the environment-file form (`KEY=value` lines,
///    `#` comments; the form of systemd's `EnvironmentFile=`), e.g. `/etc/gewerbe/gewerbe.env`.
///
/// Command-line options override both. Each setting has one key (`gewerbe.dataDir`), which both
/// sources spell as its variable (`GEWERBE_DATA_DIR`).
public struct Konfiguration: Sendable {
    /// `DATABASE_URL`: use this PostgreSQL server. Absent: the embedded private cluster.
    public var databaseURL: String?
    /// `GEWERBE_DATA_DIR` (default `.gewerbe`): folder of the embedded cluster (`pg/`), of the
    /// demo eAkte (`eakte/`).
    public var datenordner: String
    /// `GEWERBE_PG_PORT` (default 54329): port of the embedded cluster on 127.0.0.1.
    public var pgPort: Int
    /// `GEWERBE_PG_BIN`: folder with `initdb`, `pg_ctl`, `postgres` (default: newest
    /// `/usr/lib/postgresql/*/bin`, then `PATH`).
    public var pgBin: String?
    /// `PATH`, to find PostgreSQL programs.
    public var suchpfad: String?
    /// `GEWERBE_DB_NAME` (default `gewerbe`): database in the embedded cluster.
    public var datenbankname: String
    /// `GEWERBE_HTTP_HOST` (default 127.0.0.1) and `GEWERBE_HTTP_PORT` (default 8080).
    public var httpHost: String
    public var httpPort: Int
    /// `GEWERBE_EAKTE_CONFIG`: JSON file naming each municipality's eAkte (operations.md).
    public var eakteKonfiguration: String?
    /// `GEWERBE_EMPFAENGER` (default `config/empfaenger.csv`) and `GEWERBE_UEBERMITTLUNG`
    /// (default `config/uebermittlung.csv`): the recipient directory (docs/uebermittlung.md).
    public var empfaengerDatei: String
    public var uebermittlungDatei: String
    /// `GEWERBE_GATEWAY`: where XGewO messages go: an `http(s)://` URL of an XTA2-style gateway,
    /// or a folder (`ordner:/pfad` or `/pfad`) a Land gateway collects from. Absent: the folder
    /// `<data>/gateway` (demo).
    public var gateway: String?
    /// `GEWERBE_GATEWAY_TOKEN_VAR`: the variable that holds the gateway's bearer token (a secret).
    public var gatewayTokenVariable: String?
    /// `GEWERBE_LOG_LEVEL` (default info).
    public var logLevel: Logger.Level
    /// The variables the eAkte configuration names for its credentials, looked up in both
    /// sources (secrets: never logged or printed by the reader).
    public var geheimnis: @Sendable (String) -> String?

    /// The configuration of `reader` (tests pass their own sources).
    public init(_ reader: ConfigReader) {
        func text(_ schluessel: ConfigKey, geheim: Bool = false) -> String? {
            reader.string(forKey: schluessel, isSecret: geheim).flatMap { $0.isEmpty ? nil : $0 }
        }
        databaseURL = text("database.url", geheim: true)
        datenordner = text("gewerbe.dataDir") ?? ".gewerbe"
        pgPort = text("gewerbe.pgPort").flatMap(Int.init) ?? 54329
        pgBin = text("gewerbe.pgBin")
        suchpfad = text("path")
        datenbankname = text("gewerbe.dbName") ?? "gewerbe"
        httpHost = text("gewerbe.httpHost") ?? "127.0.0.1"
        httpPort = text("gewerbe.httpPort").flatMap(Int.init) ?? 8080
        eakteKonfiguration = text("gewerbe.eakteConfig")
        empfaengerDatei = text("gewerbe.empfaenger") ?? "config/empfaenger.csv"
        uebermittlungDatei = text("gewerbe.uebermittlung") ?? "config/uebermittlung.csv"
        gateway = text("gewerbe.gateway")
        gatewayTokenVariable = text("gewerbe.gatewayTokenVar")
        logLevel = text("gewerbe.logLevel").flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
        geheimnis = { variable in reader.string(forKey: ConfigKey([variable]), isSecret: true) }
    }

    /// The configuration of the process: its environment, then the file `GEWERBE_CONFIG_FILE`
    /// names (which must exist and be readable).
    public static func laden(
        umgebung: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> Konfiguration {
        let prozess = EnvironmentVariablesProvider(environmentVariables: umgebung)
        guard let pfad = umgebung[Self.dateiVariable], !pfad.isEmpty else {
            return Konfiguration(ConfigReader(provider: prozess))
        }
        let datei: EnvironmentVariablesProvider
        do {
            datei = try await EnvironmentVariablesProvider(environmentFilePath: FilePath(pfad))
        } catch {
            throw KonfigurationsFehler(
                description: "\(Self.dateiVariable): die Datei '\(pfad)' lässt sich nicht lesen (\(error)).")
        }
        return Konfiguration(ConfigReader(providers: [prozess, datei]))
    }

    /// The variable that names the configuration file.
    public static let dateiVariable = "GEWERBE_CONFIG_FILE"

    /// The absolute path of the data folder.
    public var datenordnerAbsolut: String {
        datenordner.hasPrefix("/")
            ? datenordner : FileManager.default.currentDirectoryPath + "/" + datenordner
    }
}

/// Logging to standard error, so that standard output stays for results (CSV, JSON, tables).
enum Protokoll {
    static func einrichten(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

/// A configuration file that cannot be read: the command stops with this message.
struct KonfigurationsFehler: Error, CustomStringConvertible {
    var description: String
}
