import Foundation
import GewerbeCLI
import Testing

/// The service's configuration: the environment first, then the file GEWERBE_CONFIG_FILE names.
@Suite struct KonfigurationTests {
    static func datei(_ inhalt: String) throws -> String {
        let pfad = FileManager.default.temporaryDirectory.appendingPathComponent("gewerbe-\(UUID()).env").path
        try inhalt.write(toFile: pfad, atomically: true, encoding: .utf8)
        return pfad
    }

    @Test func ohneAngabenGeltenDieStandardwerte() async throws {
        let konfiguration = try await Konfiguration.laden(umgebung: [:])
        #expect(konfiguration.databaseURL == nil)
        #expect(konfiguration.datenordner == ".gewerbe")
        #expect(konfiguration.pgPort == 54329)
        #expect(konfiguration.httpHost == "127.0.0.1")
        #expect(konfiguration.httpPort == 8080)
        #expect(konfiguration.datenbankname == "gewerbe")
        #expect(konfiguration.logLevel == .info)
    }

    @Test func dieUmgebungGehtDerDateiVor() async throws {
        let pfad = try Self.datei(
            """
            # Gewerbe-Fachverfahren, Werra-Meissner-Kreis
            GEWERBE_HTTP_PORT=9090
            GEWERBE_DATA_DIR=/var/lib/gewerbe
            GEWERBE_LOG_LEVEL=debug
            EAKTE_SONTRA_PASSWORT=aus-der-datei

            """)
        defer { try? FileManager.default.removeItem(atPath: pfad) }
        let konfiguration = try await Konfiguration.laden(umgebung: [
            "GEWERBE_CONFIG_FILE": pfad, "GEWERBE_HTTP_PORT": "8181", "EAKTE_SONTRA_USER": "aus-der-umgebung",
        ])
        #expect(konfiguration.httpPort == 8181)
        #expect(konfiguration.datenordner == "/var/lib/gewerbe")
        #expect(konfiguration.logLevel == .debug)
        #expect(konfiguration.geheimnis("EAKTE_SONTRA_PASSWORT") == "aus-der-datei")
        #expect(konfiguration.geheimnis("EAKTE_SONTRA_USER") == "aus-der-umgebung")
        #expect(konfiguration.geheimnis("EAKTE_WIZ_USER") == nil)
    }

    @Test func eineFehlendeDateiIstEinFehlerMitIhremNamen() async throws {
        let pfad = "/nonexistent/gewerbe.env"
        let fehler = await #expect(throws: (any Error).self) {
            try await Konfiguration.laden(umgebung: ["GEWERBE_CONFIG_FILE": pfad])
        }
        #expect("\(fehler!)".contains("GEWERBE_CONFIG_FILE"))
        #expect("\(fehler!)".contains(pfad))
    }

    @Test func leereWerteZaehlenAlsNichtGesetzt() async throws {
        let konfiguration = try await Konfiguration.laden(umgebung: ["DATABASE_URL": "", "GEWERBE_DATA_DIR": ""])
        #expect(konfiguration.databaseURL == nil)
        #expect(konfiguration.datenordner == ".gewerbe")
    }
}
