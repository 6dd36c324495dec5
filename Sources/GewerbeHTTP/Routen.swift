import GewerbeDomain
import Hummingbird

/// What a role may do. Every authenticated endpoint needs exactly one of these.
public enum Berechtigung: String, Sendable, Hashable, CaseIterable {
    /// Submit an Anzeige (`POST /v1/anzeigen`).
    case anzeigeEinreichen
    /// Read cases and the case list.
    case faelleLesen
    /// Correct or withdraw a case, record its Empfangsbescheinigung.
    case faelleBearbeiten
    /// Read Betriebe and search the Gewerberegister.
    case registerLesen
    /// Give a Registerauskunft (section 14 Abs. 5-7 GewO).
    case auskunftErteilen
    /// The monthly statistics export (CSV).
    case statistikExport
}

/// The role -> permission table: the one place that decides who may do what
/// (documented in `docs/http-api.md`, checked by the role matrix test).
public enum Berechtigungen {
    public static let tabelle: [Rolle: Set<Berechtigung>] = [
        .sachbearbeitung: [.anzeigeEinreichen, .faelleLesen, .faelleBearbeiten, .registerLesen, .auskunftErteilen],
        .leitung: [.anzeigeEinreichen, .faelleLesen, .faelleBearbeiten, .registerLesen, .auskunftErteilen],
        .intake: [.anzeigeEinreichen, .faelleLesen],
        .pruefung: [.faelleLesen, .registerLesen],
        .statistik: [.statistikExport],
        .system: [],
    ]

    /// Whether `rolle` has `berechtigung`.
    public static func erlaubt(_ rolle: Rolle, _ berechtigung: Berechtigung) -> Bool {
        tabelle[rolle]?.contains(berechtigung) ?? false
    }
}

/// Every endpoint of the API. The router registers exactly these (``APIRoute/alle``), the
/// OpenAPI document describes exactly these (a test compares both ways).
public enum Endpunkt: String, Sendable, Hashable, CaseIterable {
    case anzeigeEinreichen
    case anzeigenListe
    case anzeigeLesen
    case anzeigeBerichtigen
    case anzeigeZuruecknehmen
    case empfangsbescheinigung
    case betriebLesen
    case betriebeSuchen
    case auskunft
    case statistikExport
    case health
    case ready
    case metrics
    case openapi
}

/// One route: method, path (OpenAPI syntax, `{id}` for a parameter) and the permission it needs
/// (`nil`: public, no token).
public struct APIRoute: Sendable, Hashable {
    public let endpunkt: Endpunkt
    public let methode: HTTPRequest.Method
    public let pfad: String
    public let berechtigung: Berechtigung?

    /// The route list: the single source for the router, the 405 answers and the spec test.
    public static let alle: [APIRoute] = [
        APIRoute(endpunkt: .anzeigeEinreichen, methode: .post, pfad: "/v1/anzeigen", berechtigung: .anzeigeEinreichen),
        APIRoute(endpunkt: .anzeigenListe, methode: .get, pfad: "/v1/anzeigen", berechtigung: .faelleLesen),
        APIRoute(endpunkt: .anzeigeLesen, methode: .get, pfad: "/v1/anzeigen/{id}", berechtigung: .faelleLesen),
        APIRoute(
            endpunkt: .anzeigeBerichtigen, methode: .post, pfad: "/v1/anzeigen/{id}/berichtigungen",
            berechtigung: .faelleBearbeiten),
        APIRoute(
            endpunkt: .anzeigeZuruecknehmen, methode: .post, pfad: "/v1/anzeigen/{id}/ruecknahme",
            berechtigung: .faelleBearbeiten),
        APIRoute(
            endpunkt: .empfangsbescheinigung, methode: .post, pfad: "/v1/anzeigen/{id}/empfangsbescheinigung",
            berechtigung: .faelleBearbeiten),
        APIRoute(endpunkt: .betriebLesen, methode: .get, pfad: "/v1/betriebe/{id}", berechtigung: .registerLesen),
        APIRoute(endpunkt: .betriebeSuchen, methode: .get, pfad: "/v1/betriebe", berechtigung: .registerLesen),
        APIRoute(endpunkt: .auskunft, methode: .post, pfad: "/v1/auskuenfte", berechtigung: .auskunftErteilen),
        APIRoute(
            endpunkt: .statistikExport, methode: .get, pfad: "/v1/export/statistik", berechtigung: .statistikExport),
        APIRoute(endpunkt: .health, methode: .get, pfad: "/health", berechtigung: nil),
        APIRoute(endpunkt: .ready, methode: .get, pfad: "/ready", berechtigung: nil),
        APIRoute(endpunkt: .metrics, methode: .get, pfad: "/metrics", berechtigung: nil),
        APIRoute(endpunkt: .openapi, methode: .get, pfad: "/openapi.yaml", berechtigung: nil),
    ]

    /// The route of an endpoint.
    public static func von(_ endpunkt: Endpunkt) -> APIRoute {
        alle.first { $0.endpunkt == endpunkt }!
    }

    /// The path in Hummingbird's syntax (`:id` for `{id}`).
    var routerPfad: RouterPath {
        RouterPath(
            pfad.split(separator: "/").map { teil in
                teil.hasPrefix("{") && teil.hasSuffix("}") ? ":\(teil.dropFirst().dropLast())" : String(teil)
            }.joined(separator: "/"))
    }

    /// Whether a request path matches this route's pattern.
    func passt(_ anfragePfad: String) -> Bool {
        let soll = pfad.split(separator: "/", omittingEmptySubsequences: false)
        let ist = anfragePfad.split(separator: "/", omittingEmptySubsequences: false)
        guard soll.count == ist.count else { return false }
        return zip(soll, ist).allSatisfy { muster, teil in
            muster.hasPrefix("{") ? !teil.isEmpty : muster == teil
        }
    }

    /// The methods registered for a request path (for 405 and its `Allow` header).
    static func methoden(fuer anfragePfad: String) -> [HTTPRequest.Method] {
        alle.filter { $0.passt(anfragePfad) }.map(\.methode)
    }
}
