import Foundation
import GewerbeDomain
import GewerbeHTTP
import GewerbeTestSupport
import Hummingbird
import HummingbirdTesting
import Logging
import Prometheus
import Testing

/// Header names the tests use beyond the standard ones.
let xRequestId = HTTPFields.Element.Name("X-Request-Id")!
let idempotencyKey = HTTPFields.Element.Name("Idempotency-Key")!
let idempotentReplayed = HTTPFields.Element.Name("Idempotent-Replayed")!

/// The routes as the route collections register them, each with its permission and endpoint.
let registrierteRouten = APIRouten(dependencies: TestUmgebung().dependencies).verzeichnis.alle

/// A fresh API over the in-memory twins: repository, tokens for every role (Sontra), a fake
/// clock on 20.11.2026, and helpers to send requests and read JSON answers.
struct TestUmgebung: Sendable {
    static let heute = FallspeicherVertrag.start
    static let sontra = FallspeicherVertrag.sontra
    static let witzenhausen = FallspeicherVertrag.witzenhausen

    let uhr: TestUhr
    let speicher: InMemoryFallspeicher
    let repo: Fallbearbeitung
    let bereitschaft: StatischeBereitschaft
    let registry: PrometheusCollectorRegistry
    let limits: APILimits
    let dependencies: APIDependencies

    init(limits: APILimits = APILimits()) {
        uhr = TestUhr(heute: Self.heute)
        speicher = InMemoryFallspeicher()
        repo = Fallbearbeitung(speicher: speicher, uhr: uhr)
        bereitschaft = StatischeBereitschaft()
        registry = PrometheusCollectorRegistry()
        self.limits = limits
        var eintraege: [String: StatischerTokenPruefer.Eintrag] = [:]
        for rolle in Rolle.allCases {
            eintraege[Self.token(rolle)] = .init(akteur: Self.akteur(rolle, kommunen: [Self.sontra]))
            eintraege[Self.token(rolle, Self.witzenhausen)] = .init(
                akteur: Self.akteur(rolle, kommunen: [Self.witzenhausen]))
        }
        eintraege["abgelaufen"] = .init(
            akteur: Self.akteur(.sachbearbeitung, kommunen: [Self.sontra]),
            gueltigBis: uhr.jetzt().addingTimeInterval(-60))
        eintraege["widerrufen"] = .init(
            akteur: Self.akteur(.sachbearbeitung, kommunen: [Self.sontra]),
            widerrufenAm: uhr.jetzt().addingTimeInterval(-60))
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        dependencies = APIDependencies(
            fallbearbeitung: repo, tokenPruefer: StatischerTokenPruefer(eintraege: eintraege, uhr: uhr),
            bereitschaft: bereitschaft, statistik: InMemoryStatistikQuelle(faelle: []), uhr: uhr, logger: logger,
            limits: limits, metrics: registry)
    }

    static func token(_ rolle: Rolle, _ gemeinde: String = sontra) -> String { "\(rolle.rawValue)-\(gemeinde)" }

    static func akteur(_ rolle: Rolle, kommunen: Set<String>) -> Akteur {
        Akteur(
            tokenId: UUID(), bezeichnung: "\(rolle.rawValue) \(kommunen.sorted().joined(separator: ","))", rolle: rolle,
            kommunen: kommunen)
    }

    /// Runs `body` with a client of the router (router test mode).
    func mitClient<T: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        try await buildApplication(configuration: ApplicationConfiguration(), dependencies: dependencies).test(
            .router, body)
    }
}

/// The answer of one request, with its body parsed where it is JSON.
struct Antwort: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let text: String

    var json: [String: any Sendable] {
        get throws {
            let objekt = try JSONSerialization.jsonObject(with: Data(text.utf8))
            return try #require(objekt as? [String: any Sendable], "JSON-Objekt erwartet: \(text)")
        }
    }

    var contentType: String { headers[.contentType] ?? "" }

    /// The `probleme` of a problem detail as (pfad, art) pairs.
    var probleme: [(pfad: String, art: String, meldung: String)] {
        get throws {
            let liste = try json["probleme"] as? [[String: any Sendable]] ?? []
            return liste.map {
                ($0["pfad"] as? String ?? "?", $0["art"] as? String ?? "?", $0["meldung"] as? String ?? "")
            }
        }
    }

    /// Checks that this is an RFC 9457 problem with the given status and returns its JSON.
    @discardableResult
    func erwarteProblem(
        _ status: HTTPResponse.Status, _ art: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    )
        throws -> [String: any Sendable]
    {
        #expect(self.status == status, "Antwort: \(text)", sourceLocation: sourceLocation)
        #expect(contentType.hasPrefix("application/problem+json"), sourceLocation: sourceLocation)
        let json = try self.json
        #expect(json["status"] as? Int == Int(status.code), sourceLocation: sourceLocation)
        #expect(json["title"] is String, sourceLocation: sourceLocation)
        #expect(json["detail"] is String, sourceLocation: sourceLocation)
        #expect((json["type"] as? String)?.hasPrefix("urn:gewerbe:problem:") == true, sourceLocation: sourceLocation)
        if let art { #expect(json["type"] as? String == "urn:gewerbe:problem:\(art)", sourceLocation: sourceLocation) }
        return json
    }
}

extension TestClientProtocol {
    /// Sends a request and returns status, headers and body text.
    func senden(
        _ methode: HTTPRequest.Method, _ uri: String, token: String? = nil, json: String? = nil,
        bytes: [UInt8]? = nil, kopf: HTTPFields = [:]
    ) async throws -> Antwort {
        var headers = kopf
        if let token { headers[.authorization] = "Bearer \(token)" }
        var body: ByteBuffer? = nil
        if let json {
            body = ByteBuffer(string: json)
            if headers[.contentType] == nil { headers[.contentType] = "application/json" }
        }
        if let bytes { body = ByteBuffer(bytes: bytes) }
        let antwort = try await execute(uri: uri, method: methode, headers: headers, body: body) { response in
            Antwort(status: response.status, headers: response.headers, text: String(buffer: response.body))
        }
        if antwort.contentType.contains("json") {
            // The request's own path comes back as `instance` as the client wrote it.
            let eigene = grosseUUIDs(in: antwort.text).filter { !uri.contains($0) }
            #expect(eigene.isEmpty, "UUIDs in lower case (JSONForm): \(antwort.text)")
        }
        return antwort
    }
}

/// The UUIDs in `text` written with an upper-case letter.
func grosseUUIDs(in text: String) -> [String] {
    let hex = "[0-9A-Fa-f]"
    let muster = try! Regex("\(hex){8}-\(hex){4}-\(hex){4}-\(hex){4}-\(hex){12}")
    return text.matches(of: muster).map { String(text[$0.range]) }.filter { $0 != $0.lowercased() }
}

/// JSON text of a value (as a client would send it).
func jsonText<T: Encodable>(_ wert: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try! encoder.encode(wert), as: UTF8.self)
}

/// JSON text of an Anzeige with extra or changed top-level members (raw JSON values).
func anzeigeText(_ anzeige: Anzeige, aendern: [String: String] = [:], entfernen: [String] = []) -> String {
    var objekt = try! JSONSerialization.jsonObject(with: anzeige.json()) as! [String: Any]
    for name in entfernen { objekt.removeValue(forKey: name) }
    for (name, roh) in aendern {
        objekt[name] = try! JSONSerialization.jsonObject(with: Data(roh.utf8), options: [.fragmentsAllowed])
    }
    return String(decoding: try! JSONSerialization.data(withJSONObject: objekt, options: [.sortedKeys]), as: UTF8.self)
}

/// Example Anzeigen for Sontra (and other municipalities) on the test day.
enum Beispiel {
    static func anmeldung(gemeinde: String = TestUmgebung.sontra, strasse: String = "Marktplatz") -> Anzeige {
        Testanzeigen.anmeldung(
            gemeinde: gemeinde, eingang: TestUmgebung.heute, strasse: strasse,
            ort: gemeinde == TestUmgebung.witzenhausen ? "Witzenhausen" : "Sontra")
    }
}
