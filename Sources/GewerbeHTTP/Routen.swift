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

/// Every endpoint of the API (the `operationId` in the OpenAPI document). Each is registered by
/// the route collection of its area; a test holds the registered routes and the document equal.
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

/// One registered route: method, path (`{id}` for a parameter, the syntax of the OpenAPI
/// document, which Hummingbird reads as well), the permission its group checks (`nil`: public,
/// no token) and its endpoint.
public struct APIRoute: Sendable, Hashable {
    public let endpunkt: Endpunkt
    public let methode: HTTPRequest.Method
    public let pfad: String
    public let berechtigung: Berechtigung?

    /// Whether a request path matches this route's pattern.
    func passt(_ anfragePfad: String) -> Bool {
        let soll = pfad.split(separator: "/", omittingEmptySubsequences: false)
        let ist = anfragePfad.split(separator: "/", omittingEmptySubsequences: false)
        guard soll.count == ist.count else { return false }
        return zip(soll, ist).allSatisfy { muster, teil in
            muster.hasPrefix("{") ? !teil.isEmpty : muster == teil
        }
    }
}

/// The routes the route collections registered, in the order they registered them: the 405
/// answer takes the methods of a path from here (Hummingbird's `router.routes` sorts them), the
/// tests take the routes and their permissions. Written only by ``Routengruppe/on(_:_:als:use:)``,
/// the call that registers the route, so it cannot differ from the router.
public struct Routenverzeichnis: Sendable {
    public let alle: [APIRoute]

    /// The methods registered for a request path (for 405 and its `Allow` header).
    func methoden(fuer anfragePfad: String) -> [HTTPRequest.Method] {
        alle.filter { $0.passt(anfragePfad) }.map(\.methode)
    }
}

/// The routes of one area (a tag of the OpenAPI document): a Hummingbird `RouteCollection`
/// mounted at `pfad`, and what it registered.
///
/// Public routes go to ``oeffentlich()``; routes that need a token to ``geschuetzt(_:)``, a group
/// behind the ``TokenAuthentifizierung`` whose handlers run in ``AngemeldeterKontext`` and whose
/// permission is checked once for the group (``Berechtigungspruefung``).
final class Routenbereich {
    let pfad: RouterPath
    let sammlung = RouteCollection(context: GewerbeRequestContext.self)
    private(set) var routen: [APIRoute] = []
    private let tokenPruefer: any TokenPruefer
    /// The part of the collection behind the token authenticator, in the child context.
    private lazy var angemeldet: RouterGroup<AngemeldeterKontext> = sammlung.group()
        .add(middleware: TokenAuthentifizierung(pruefer: tokenPruefer))
        .group(context: AngemeldeterKontext.self)

    init(_ pfad: RouterPath, tokenPruefer: any TokenPruefer) {
        self.pfad = pfad
        self.tokenPruefer = tokenPruefer
    }

    /// Routes without a token.
    func oeffentlich() -> Routengruppe<GewerbeRequestContext> {
        Routengruppe(gruppe: sammlung.group(), berechtigung: nil, bereich: self)
    }

    /// Routes for a token whose role has `berechtigung`.
    func geschuetzt(_ berechtigung: Berechtigung) -> Routengruppe<AngemeldeterKontext> {
        Routengruppe(
            gruppe: angemeldet.group().add(middleware: Berechtigungspruefung(berechtigung: berechtigung)),
            berechtigung: berechtigung, bereich: self)
    }

    fileprivate func notiere(
        _ methode: HTTPRequest.Method, _ pfad: RouterPath, _ endpunkt: Endpunkt, _ berechtigung: Berechtigung?
    ) {
        let voll = self.pfad.appendingPath(pfad).description
        routen.append(APIRoute(endpunkt: endpunkt, methode: methode, pfad: voll, berechtigung: berechtigung))
    }
}

/// A group of routes of one ``Routenbereich`` with one permission (or none).
struct Routengruppe<Context: RequestContext> {
    let gruppe: RouterGroup<Context>
    let berechtigung: Berechtigung?
    let bereich: Routenbereich

    /// Registers `handler` for `methode` at `pfad` (relative to the area's path) as `endpunkt`,
    /// and notes the route for the ``Routenverzeichnis``.
    @discardableResult
    func on(
        _ methode: HTTPRequest.Method, _ pfad: RouterPath = "", als endpunkt: Endpunkt,
        use handler: @escaping @Sendable (Request, Context) async throws -> Response
    ) -> Self {
        gruppe.on(pfad, method: methode, use: handler)
        bereich.notiere(methode, pfad, endpunkt, berechtigung)
        return self
    }
}
