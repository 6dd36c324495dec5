import Foundation
import GewerbeDomain
import GewerbeHTTP
import Hummingbird
import HummingbirdTesting
import Testing
import Yams

/// `docs/openapi.yaml` and the router agree: every path+method in both directions, the
/// permission of each operation, the error answers each kind of operation can give, and the
/// copy embedded in the binary is the file.
@Suite("OpenAPI und Router")
struct SpecTests {
    static let specURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/openapi.yaml")

    static let methoden: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]

    /// "METHOD /path" -> operation object of the spec.
    static func operationen() throws -> [String: [String: Any]] {
        let text = try String(contentsOf: specURL, encoding: .utf8)
        let dokument = try #require(try Yams.load(yaml: text) as? [String: Any])
        #expect((dokument["openapi"] as? String)?.hasPrefix("3.1") == true)
        let pfade = try #require(dokument["paths"] as? [String: Any])
        var ergebnis: [String: [String: Any]] = [:]
        for (pfad, eintrag) in pfade {
            let item = try #require(eintrag as? [String: Any], "\(pfad)")
            for (methode, operation) in item where methoden.contains(methode) {
                ergebnis["\(methode.uppercased()) \(pfad)"] = try #require(operation as? [String: Any])
            }
        }
        return ergebnis
    }

    @Test func jederPfadUndJedeMethodeInBeidenRichtungen() throws {
        let spec = Set(try Self.operationen().keys)
        let router = buildRouter(dependencies: TestUmgebung().dependencies)
        let routen = Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
        let tabelle = Set(registrierteRouten.map { "\($0.methode.rawValue) \($0.pfad)" })
        #expect(routen == tabelle, "das Routenverzeichnis (405, Rollenmatrix) ist, was der Router registriert hat")
        #expect(
            spec.subtracting(routen).isEmpty,
            "in der Spezifikation, nicht im Router: \(spec.subtracting(routen).sorted())")
        #expect(
            routen.subtracting(spec).isEmpty,
            "im Router, nicht in der Spezifikation: \(routen.subtracting(spec).sorted())")
        #expect(!routen.isEmpty)
    }

    @Test(arguments: registrierteRouten)
    func operationBeschreibtBerechtigungUndFehlerantworten(_ route: APIRoute) throws {
        let operation = try #require(try Self.operationen()["\(route.methode.rawValue) \(route.pfad)"])
        let antworten = Set(try #require(operation["responses"] as? [String: Any]).keys)
        if let berechtigung = route.berechtigung {
            #expect(operation["x-berechtigung"] as? String == berechtigung.rawValue)
            #expect(operation["security"] == nil, "geschützte Operationen erben die Bearer-Pflicht")
            #expect(antworten.isSuperset(of: ["401", "403"]), "\(antworten)")
        } else {
            #expect(operation["x-berechtigung"] == nil)
            #expect((operation["security"] as? [Any])?.isEmpty == true, "öffentliche Operationen: security: []")
        }
        if route.pfad.contains("{id}") { #expect(antworten.contains("404")) }
        if route.methode == .post {
            #expect(antworten.isSuperset(of: ["400", "413", "415"]), "\(antworten)")
        }
        if [.anzeigeBerichtigen, .anzeigeZuruecknehmen].contains(route.endpunkt) {
            #expect(antworten.isSuperset(of: ["412", "428"]))
        }
        if [.anzeigenListe, .betriebeSuchen].contains(route.endpunkt) { #expect(antworten.contains("400")) }
        #expect(operation["operationId"] as? String == route.endpunkt.rawValue)
    }

    @Test func eingebetteteKopieGleichDerDatei() async throws {
        let datei = try String(contentsOf: Self.specURL, encoding: .utf8)
        let umgebung = TestUmgebung()
        let ausgeliefert = try await umgebung.mitClient { client in try await client.senden(.get, "/openapi.yaml") }
        #expect(ausgeliefert.status == .ok)
        #expect(ausgeliefert.text + "\n" == datei, "das Einbetten-Plugin liefert nicht die Datei aus")
    }
}
