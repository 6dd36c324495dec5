import Foundation
import GewerbeDomain
import GewerbeHTTP
import GewerbeTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// Every role x every endpoint x own/other municipality gives the expected status. The table is
/// generated from the permission table (``Berechtigungen``) and the registered routes;
/// the expected status of an allowed call comes from ``MatrixTests/erwartet(_:_:)``.
@Suite("Rollenmatrix")
struct MatrixTests {
    enum Gemeinde: String, CaseIterable, Sendable { case eigene, fremde }

    struct Zelle: Sendable, CustomTestStringConvertible {
        let rolle: Rolle
        let route: APIRoute
        let gemeinde: Gemeinde
        var testDescription: String { "\(rolle.rawValue) \(route.methode.rawValue) \(route.pfad) \(gemeinde.rawValue)" }
    }

    static let zellen: [Zelle] = Rolle.allCases.flatMap { rolle in
        registrierteRouten.flatMap { route in Gemeinde.allCases.map { Zelle(rolle: rolle, route: route, gemeinde: $0) }
        }
    }

    /// The status of an allowed call, by endpoint and municipality: another municipality's case
    /// or Betrieb is 404 (like a missing one), a submission for it 403, lists and searches are
    /// empty (200).
    static func erwartet(_ endpunkt: Endpunkt, _ gemeinde: Gemeinde) -> HTTPResponse.Status {
        switch (endpunkt, gemeinde) {
        case (.anzeigeEinreichen, .eigene): .created
        case (.anzeigeEinreichen, .fremde): .forbidden
        case (.anzeigeLesen, .fremde), (.anzeigeBerichtigen, .fremde), (.anzeigeZuruecknehmen, .fremde),
            (.empfangsbescheinigung, .fremde), (.betriebLesen, .fremde):
            .notFound
        default: .ok
        }
    }

    @Test(arguments: zellen)
    func matrix(_ zelle: Zelle) async throws {
        let umgebung = TestUmgebung()
        // One case in each municipality, created by the clerks of each.
        let eigen = try await fall(umgebung, gemeinde: TestUmgebung.sontra)
        let fremd = try await fall(umgebung, gemeinde: TestUmgebung.witzenhausen)
        let ziel = zelle.gemeinde == .eigene ? eigen : fremd
        let ags = zelle.gemeinde == .eigene ? TestUmgebung.sontra : TestUmgebung.witzenhausen

        let soll: HTTPResponse.Status =
            if let berechtigung = zelle.route.berechtigung, !Berechtigungen.erlaubt(zelle.rolle, berechtigung) {
                .forbidden
            } else if zelle.rolle == .intake, zelle.route.endpunkt == .anzeigeLesen {
                // The intake reads back only what it submitted; these cases were submitted by clerks.
                .notFound
            } else {
                Self.erwartet(zelle.route.endpunkt, zelle.gemeinde)
            }
        let (uri, json, kopf) = Self.anfrage(zelle.route, ziel: ziel, ags: ags)
        let antwort = try await umgebung.mitClient { client in
            try await client.senden(
                zelle.route.methode, uri, token: TestUmgebung.token(zelle.rolle), json: json, kopf: kopf)
        }
        #expect(antwort.status == soll, "\(zelle.testDescription): \(antwort.text)")
        if antwort.status.code >= 400 {
            #expect(antwort.contentType.hasPrefix("application/problem+json"))
        }
        if zelle.gemeinde == .fremde, antwort.status.code < 300, zelle.route.berechtigung != nil {
            // Nothing of the other municipality leaks into lists, searches or Auskuenfte.
            #expect(!antwort.text.contains(fremd.id.uuidString), "\(antwort.text)")
            #expect(!antwort.text.contains(fremd.betriebId.uuidString), "\(antwort.text)")
        }
    }

    /// Whether every pair of a role and an endpoint is covered (the table is complete).
    @Test func tabelleDecktAllesAb() {
        #expect(Self.zellen.count == Rolle.allCases.count * registrierteRouten.count * 2)
        #expect(Set(registrierteRouten.map(\.endpunkt)) == Set(Endpunkt.allCases))
        for rolle in Rolle.allCases { #expect(Berechtigungen.tabelle[rolle] != nil, "\(rolle)") }
    }

    func fall(_ umgebung: TestUmgebung, gemeinde: String) async throws -> Fall {
        let akteur = Akteur(tokenId: UUID(), bezeichnung: "Vorbereitung", rolle: .sachbearbeitung, kommunen: [gemeinde])
        let ergebnis = try await umgebung.repo.einreichen(
            Beispiel.anmeldung(gemeinde: gemeinde), akteur: akteur, idempotenzSchluessel: nil)
        guard case .angenommen(let fall, _) = ergebnis else { throw VertragsVerstoss("Vorbereitung abgelehnt") }
        return fall
    }

    /// A well-formed request for `route` aimed at `ziel` (a case of the municipality `ags`).
    static func anfrage(_ route: APIRoute, ziel: Fall, ags: String) -> (String, String?, HTTPFields) {
        let id = ziel.id.uuidString
        switch route.endpunkt {
        case .anzeigeEinreichen:
            return ("/v1/anzeigen", jsonText(Beispiel.anmeldung(gemeinde: ags, strasse: "Neue Straße")), [:])
        case .anzeigenListe: return ("/v1/anzeigen?kommune=\(ags)", nil, [:])
        case .anzeigeLesen: return ("/v1/anzeigen/\(id)", nil, [:])
        case .anzeigeBerichtigen:
            var anzeige = ziel.anzeige
            anzeige.geschaeftsbezeichnung = "Neu"
            return (
                "/v1/anzeigen/\(id)/berichtigungen", #"{"grund":"Korrektur","anzeige":\#(jsonText(anzeige))}"#,
                [.ifMatch: ziel.etag]
            )
        case .anzeigeZuruecknehmen:
            return ("/v1/anzeigen/\(id)/ruecknahme", #"{"grund":"Irrtum"}"#, [.ifMatch: ziel.etag])
        case .empfangsbescheinigung: return ("/v1/anzeigen/\(id)/empfangsbescheinigung", "{}", [:])
        case .betriebLesen: return ("/v1/betriebe/\(ziel.betriebId.uuidString)", nil, [:])
        case .betriebeSuchen: return ("/v1/betriebe?name=Wei%C3%9F&kommune=\(ags)", nil, [:])
        case .auskunft:
            return (
                "/v1/auskuenfte", #"{"art":"einfach","name":"Weiß","kommune":"\#(ags)","anfragender":"Max Muster"}"#,
                [:]
            )
        case .statistikExport: return ("/v1/export/statistik?monat=2026-11", nil, [:])
        case .health: return ("/health", nil, [:])
        case .ready: return ("/ready", nil, [:])
        case .metrics: return ("/metrics", nil, [:])
        case .openapi: return ("/openapi.yaml", nil, [:])
        }
    }
}
