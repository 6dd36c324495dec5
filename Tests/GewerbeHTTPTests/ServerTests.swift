import Foundation
import GewerbeDomain
import GewerbeHTTP
import GewerbeTestSupport
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// Over a real HTTP server on a loopback port (`.live`): the same answers as in router mode,
/// including the size limit on a body that announces its length.
@Suite("Echter Server")
struct ServerTests {
    @Test func einreichenLesenUndGrenzenUeberEinenEchtenServer() async throws {
        let umgebung = TestUmgebung(limits: APILimits(maxBodyBytes: 8 * 1024))
        let app = buildApplication(
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            dependencies: umgebung.dependencies)
        try await app.test(.live) { client in
            let sb = TestUmgebung.token(.sachbearbeitung)
            let antwort = try await client.senden(
                .post, "/v1/anzeigen", token: sb, json: jsonText(Beispiel.anmeldung()))
            #expect(antwort.status == .created, "\(antwort.text)")
            let location = try #require(antwort.headers[.location])
            let gelesen = try await client.senden(.get, location, token: sb)
            #expect(gelesen.status == .ok)
            #expect(gelesen.headers[.eTag] == antwort.headers[.eTag])
            let gross = String(repeating: "x", count: 20 * 1024)
            try await client.senden(.post, "/v1/anzeigen", token: sb, json: "{\"meldeart\":\"\(gross)\"}")
                .erwarteProblem(.contentTooLarge, "zu-gross")
            try await client.senden(.get, "/v1/anzeigen").erwarteProblem(.unauthorized)
            let spec = try await client.senden(.get, "/openapi.yaml")
            #expect(spec.status == .ok)
        }
    }
}

/// An unexpected failure behind the API is a generic 500 problem: no internals in the answer,
/// the cause only in the log with the request id.
@Suite("Interne Fehler")
struct InternerFehlerTests {
    struct Kaputt: Error, CustomStringConvertible {
        var description: String { "GEHEIM: connection to 10.0.0.5:5432 refused" }
    }

    /// A store whose every call fails with an unexpected error (database down).
    struct KaputterSpeicher: Fallspeicher {
        func alleKommunen() async throws -> [String] { throw Kaputt() }
        func vorgang<Ergebnis: Sendable>(
            _ art: Vorgangsart, _ body: @Sendable (any Fallvorgang) async throws -> Ergebnis
        ) async throws -> Ergebnis { throw Kaputt() }
    }

    /// The application on `speicher`, with the token `t` of a clerk of Sontra; logs off.
    static func app(mit speicher: any Fallspeicher) -> some ApplicationProtocol {
        let uhr = TestUhr(heute: TestUmgebung.heute)
        let akteur = Akteur(
            tokenId: UUID(), bezeichnung: "sb", rolle: .sachbearbeitung, kommunen: [TestUmgebung.sontra])
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let dependencies = APIDependencies(
            fallbearbeitung: Fallbearbeitung(speicher: speicher, uhr: uhr),
            tokenPruefer: StatischerTokenPruefer(tokens: ["t": akteur], uhr: uhr),
            bereitschaft: StatischeBereitschaft(), statistik: InMemoryStatistikQuelle(faelle: []), uhr: uhr,
            logger: logger)
        return buildApplication(configuration: ApplicationConfiguration(), dependencies: dependencies)
    }

    @Test func unerwarteterFehlerIstGenerisch500() async throws {
        let app = Self.app(mit: KaputterSpeicher())
        try await app.test(.router) { client in
            for (methode, uri, json) in [
                (HTTPRequest.Method.get, "/v1/anzeigen", nil), (.get, "/v1/anzeigen/\(UUID())", nil),
                (.post, "/v1/anzeigen", jsonText(Beispiel.anmeldung())), (.get, "/v1/betriebe", nil),
            ] as [(HTTPRequest.Method, String, String?)] {
                let antwort = try await client.senden(
                    methode, uri, token: "t", json: json, kopf: [xRequestId: "fehler-1"])
                let problem = try antwort.erwarteProblem(.internalServerError, "intern")
                #expect(!antwort.text.contains("GEHEIM"))
                #expect(!antwort.text.contains("10.0.0.5"))
                #expect(problem["requestId"] as? String == "fehler-1")
                #expect((problem["detail"] as? String)?.contains("fehler-1") == true)
            }
        }
    }

    /// A store that reads back an Anzeige the strict reader refuses (a field it does not know,
    /// e.g. written by another version).
    struct UnlesbarerSpeicher: Fallspeicher {
        func alleKommunen() async throws -> [String] { [TestUmgebung.sontra] }
        func vorgang<Ergebnis: Sendable>(
            _ art: Vorgangsart, _ body: @Sendable (any Fallvorgang) async throws -> Ergebnis
        ) async throws -> Ergebnis {
            _ = try JSONDecoder().decode(Anzeige.self, from: Data(#"{"meldeart":"anmeldung","neu":1}"#.utf8))
            throw Kaputt()
        }
    }

    @Test func unlesbareGespeicherteDatenSind500NichtEingabefehler() async throws {
        let app = Self.app(mit: UnlesbarerSpeicher())
        try await app.test(.router) { client in
            let antwort = try await client.senden(.get, "/v1/anzeigen/\(UUID())", token: "t")
            let problem = try antwort.erwarteProblem(.internalServerError, "intern")
            #expect(problem["probleme"] == nil)
            #expect(!antwort.text.contains("'neu'"), "nichts vom gespeicherten Dokument in der Antwort")
        }
    }
}
