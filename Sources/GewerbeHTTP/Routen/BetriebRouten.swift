import Foundation
import GewerbeDomain
import Hummingbird

/// The operations endpoints (tag Betrieb, as in "Betrieb des Dienstes"; not a Gewerbebetrieb,
/// those are ``RegisterRouten``): liveness, readiness, metrics and the OpenAPI document, all
/// without a token.
struct BetriebRouten: Sendable {
    let dependencies: APIDependencies

    func bereich() -> Routenbereich {
        let bereich = Routenbereich("/", tokenPruefer: dependencies.tokenPruefer)
        bereich.oeffentlich()
            .on(.get, "health", als: .health, use: health)
            .on(.get, "ready", als: .ready, use: ready)
            .on(.get, "metrics", als: .metrics, use: metrics)
            .on(.get, "openapi.yaml", als: .openapi, use: openapi)
        return bereich
    }

    func health(_ request: Request, _ context: GewerbeRequestContext) async throws -> Response {
        try JSONAusgabe.antwort(
            StatusDarstellung(status: "ok", pruefungen: nil), kopfzeilen: [.cacheControl: "no-store"])
    }

    func ready(_ request: Request, _ context: GewerbeRequestContext) async throws -> Response {
        let pruefungen = await dependencies.bereitschaft.pruefe()
        let bereit = !pruefungen.isEmpty && pruefungen.allSatisfy(\.ok)
        return try JSONAusgabe.antwort(
            StatusDarstellung(status: bereit ? "bereit" : "nicht bereit", pruefungen: pruefungen),
            status: bereit ? .ok : .serviceUnavailable, kopfzeilen: [.cacheControl: "no-store"])
    }

    func metrics(_ request: Request, _ context: GewerbeRequestContext) async throws -> Response {
        let bytes = dependencies.metrics.emitToBuffer()
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    func openapi(_ request: Request, _ context: GewerbeRequestContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDokument.yaml)))
    }
}
