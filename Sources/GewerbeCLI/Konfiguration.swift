import Foundation
import GewerbePostgres
import Logging

/// The service's configuration, read once from the environment at start (no environment reads
/// deep in the code; docs/operations.md lists every variable). Command-line options override it.
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
    /// `GEWERBE_LOG_LEVEL` (default info).
    public var logLevel: Logger.Level
    /// The whole environment, for secrets the eAkte configuration names by variable.
    public var umgebung: [String: String]

    public init(umgebung: [String: String] = ProcessInfo.processInfo.environment) {
        self.umgebung = umgebung
        databaseURL = umgebung["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        datenordner = umgebung["GEWERBE_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? ".gewerbe"
        pgPort = umgebung["GEWERBE_PG_PORT"].flatMap(Int.init) ?? 54329
        pgBin = umgebung["GEWERBE_PG_BIN"].flatMap { $0.isEmpty ? nil : $0 }
        suchpfad = umgebung["PATH"]
        datenbankname = umgebung["GEWERBE_DB_NAME"].flatMap { $0.isEmpty ? nil : $0 } ?? "gewerbe"
        httpHost = umgebung["GEWERBE_HTTP_HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        httpPort = umgebung["GEWERBE_HTTP_PORT"].flatMap(Int.init) ?? 8080
        eakteKonfiguration = umgebung["GEWERBE_EAKTE_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        logLevel = umgebung["GEWERBE_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
    }

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
