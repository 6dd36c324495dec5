import Foundation
import GewerbeDomain
import Hummingbird

/// JSON answers and problem details, in the product's one JSON form (``JSONForm``).
enum JSONAusgabe {
    static let json = "application/json; charset=utf-8"
    static let problemTyp = "application/problem+json; charset=utf-8"

    /// The JSON bytes of `wert`.
    static func daten<T: Encodable>(_ wert: T) throws -> Data {
        try JSONForm.daten(wert)
    }

    /// A JSON response of `wert`.
    static func antwort<T: Encodable>(
        _ wert: T, status: HTTPResponse.Status = .ok, kopfzeilen: HTTPFields = [:]
    ) throws
        -> Response
    {
        let daten = try daten(wert)
        var headers = kopfzeilen
        headers[.contentType] = json
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: daten)))
    }

    /// The problem+json response of `problem`.
    static func problemAntwort(_ problem: APIProblem, instance: String?, requestId: String?) -> Response {
        let details = ProblemDetails(
            type: problem.art.uri, title: problem.art.titel, status: Int(problem.art.status.code),
            detail: problem.detail,
            instance: instance, requestId: requestId, probleme: problem.probleme, fehler: problem.fehler,
            hinweise: problem.hinweise, aktuellesEtag: problem.aktuellesEtag)
        let daten = (try? daten(details)) ?? Data(#"{"status":500,"title":"Interner Fehler"}"#.utf8)
        var headers = problem.kopfzeilen
        headers[.contentType] = problemTyp
        headers[.cacheControl] = "no-store"
        return Response(
            status: problem.art.status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: daten)))
    }
}
