import Foundation
import GewerbeDomain
import Hummingbird

/// Reads `Authorization: Bearer <token>` and has the ``TokenPruefer`` name its actor, who goes
/// into the context (``GewerbeRequestContext/akteur``), the access log and the logger.
///
/// Without a token the request goes on without an actor; the routes that need one run in
/// ``AngemeldeterKontext``, which refuses to exist without it (401). A malformed header, or a
/// token that is unknown, expired or revoked, is 401 at once (with the challenge of RFC 6750).
struct TokenAuthentifizierung: RouterMiddleware {
    typealias Context = GewerbeRequestContext
    let pruefer: any TokenPruefer

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        guard let token = try Self.token(request) else { return try await next(request, context) }
        let akteur = try await pruefer.akteur(fuerToken: token)
        var context = context
        context.akteur = akteur
        context.notizen.akteur = akteur.bezeichnung
        context.logger[metadataKey: "actor"] = .string(akteur.tokenId?.lowercased ?? akteur.bezeichnung)
        return try await next(request, context)
    }

    /// The bearer token, `nil` when none is given.
    static func token(_ request: Request) throws -> String? {
        guard let kopf = request.headers[.authorization] else { return nil }
        let teile = kopf.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard teile.count == 2, teile[0].lowercased() == "bearer" else {
            throw APIProblem(
                .nichtAuthentifiziert, "Erwartet wird 'Authorization: Bearer <Token>'.",
                kopfzeilen: [.wwwAuthenticate: #"Bearer realm="gewerbe", error="invalid_request""#])
        }
        let token = teile[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}

/// The context of every route that needs a token: the parent context with the actor the
/// ``TokenAuthentifizierung`` found, required. Hummingbird builds it when a route of a
/// `group(context: AngemeldeterKontext.self)` is called; without an actor that fails with 401,
/// so a handler of this context always has one.
struct AngemeldeterKontext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    /// Who acts: role and municipalities of the token.
    let akteur: Akteur

    init(context: GewerbeRequestContext) throws {
        guard let akteur = context.akteur else { throw ZugangsFehler.fehlt }
        coreContext = context.coreContext
        self.akteur = akteur
    }
}

/// The permission check of one route group: the actor's role must have `berechtigung`
/// (``Berechtigungen/tabelle``), else 403, before the handler looks at anything.
struct Berechtigungspruefung: RouterMiddleware {
    typealias Context = AngemeldeterKontext
    let berechtigung: Berechtigung

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        let rolle = context.akteur.rolle
        guard Berechtigungen.erlaubt(rolle, berechtigung) else {
            throw APIProblem(
                .keineBerechtigung,
                "Die Rolle '\(rolle.rawValue)' darf das nicht (benötigt: \(berechtigung.rawValue)).")
        }
        return try await next(request, context)
    }
}
