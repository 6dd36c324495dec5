import Foundation
import GewerbeDomain
import Hummingbird
import Logging
import Prometheus

/// Takes the request id from `X-Request-Id` (1-64 characters of `A-Z a-z 0-9 . _ -`) or makes
/// one, puts it into the context and the logger, and returns it in the response.
struct RequestIdMiddleware: RouterMiddleware {
    typealias Context = GewerbeRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        var context = context
        let id: String
        if let angegeben = request.headers[.requestId], Self.istGueltig(angegeben) {
            id = angegeben
        } else {
            id = UUID().lowercased
        }
        context.requestId = id
        context.logger[metadataKey: "request_id"] = .string(id)
        var response = try await next(request, context)
        response.headers[.requestId] = id
        return response
    }

    static func istGueltig(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count)
            && text.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x2E || byte == 0x5F || byte == 0x2D
            }
    }
}

/// Counts requests and measures their duration per route and status, in the injected
/// Prometheus registry: `http_requests_total{method,route,status}` and
/// `http_request_duration_seconds{method,route}`.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = GewerbeRequestContext
    let registry: PrometheusCollectorRegistry

    static var anfragen: MetricNameDescriptor {
        MetricNameDescriptor(
            metricName: "http_requests", unitName: "total", helpText: "HTTP-Anfragen nach Methode, Route und Status")
    }
    static var dauer: MetricNameDescriptor {
        MetricNameDescriptor(
            metricName: "http_request_duration", unitName: "seconds", helpText: "Bearbeitungsdauer der HTTP-Anfragen")
    }

    static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
    ]

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let route = context.endpointPath ?? "unbekannt"
        let methode = request.method.rawValue
        registry.makeCounter(
            descriptor: Self.anfragen,
            labels: [("method", methode), ("route", route), ("status", String(response.status.code))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: Self.dauer, labels: [("method", methode), ("route", route)], buckets: Self.buckets
        ).record(ContinuousClock.now - start)
        return response
    }
}

/// One log line per request: method, path (never the query: it may hold names), route, status,
/// duration, request id and the acting token's name. Never the token itself.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = GewerbeRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let dauer = ContinuousClock.now - start
        let millis = Double(dauer.components.seconds) * 1000 + Double(dauer.components.attoseconds) / 1e15
        var metadata: Logger.Metadata = [
            "method": .string(request.method.rawValue), "path": .string(request.uri.path),
            "status": .stringConvertible(response.status.code), "dauer_ms": .string(String(format: "%.2f", millis)),
        ]
        if let route = context.endpointPath { metadata["route"] = .string(route) }
        if let akteur = context.notizen.akteur { metadata["akteur"] = .string(akteur) }
        context.logger.info(
            "\(request.method.rawValue) \(request.uri.path) \(response.status.code)", metadata: metadata)
        return response
    }
}

/// Turns every error into an `application/problem+json` answer: the API's own problems, the
/// repository's ``FallFehler``, token errors, Hummingbird's own errors (404 -> 405 where another
/// method exists, 413) and anything else as a generic 500 whose cause goes only to the log, with
/// the request id.
///
/// Input problems of a request are problems (400) already where the body is read (``Eingabe``).
/// An ``EingabeFehler`` that arrives here was thrown by the strict reader on data the store read
/// back, a fault of the stored data, not of the request: 500 like every other one.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = GewerbeRequestContext
    /// The registered routes, for the methods of a path (405).
    let verzeichnis: Routenverzeichnis

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            let problem = self.problem(fuer: error, request: request, context: context)
            return JSONAusgabe.problemAntwort(problem, instance: request.uri.path, requestId: context.requestId)
        }
    }

    func problem(fuer error: any Error, request: Request, context: Context) -> APIProblem {
        switch error {
        case let problem as APIProblem:
            return problem
        case let fehler as FallFehler:
            return APIProblem.von(fehler)
        case let fehler as ZugangsFehler:
            return APIProblem.zugang(fehler)
        case let fehler as any HTTPResponseError:
            switch fehler.status {
            case .notFound:
                let methoden = verzeichnis.methoden(fuer: request.uri.path)
                if !methoden.isEmpty {
                    let erlaubt = methoden.map(\.rawValue).joined(separator: ", ")
                    return APIProblem(
                        .methodeNichtErlaubt,
                        "\(request.method.rawValue) ist für \(request.uri.path) nicht vorgesehen; erlaubt: \(erlaubt).",
                        kopfzeilen: [.allow: erlaubt])
                }
                return APIProblem(.nichtGefunden, "Unter \(request.uri.path) gibt es keine Ressource.")
            case .contentTooLarge:
                return APIProblem(.zuGross, "Der Inhalt der Anfrage ist zu groß.")
            case .methodNotAllowed:
                return APIProblem(.methodeNichtErlaubt, "Methode nicht erlaubt.")
            case .unsupportedMediaType:
                return APIProblem(.medientyp, "Medientyp nicht unterstützt.")
            case .unauthorized:
                return APIProblem.zugang(.fehlt)
            case .forbidden:
                return APIProblem(.keineBerechtigung, "Keine Berechtigung.")
            case .badRequest:
                return APIProblem(.eingabeUngueltig, "Die Anfrage ist fehlerhaft.")
            default:
                return Self.intern(error, context: context)
            }
        default:
            return Self.intern(error, context: context)
        }
    }

    static func intern(_ error: any Error, context: Context) -> APIProblem {
        context.logger.error(
            "unexpected error: \(String(reflecting: error))", metadata: ["request_id": .string(context.requestId)])
        return APIProblem(
            .intern,
            "Ein interner Fehler ist aufgetreten. Bitte die Request-ID \(context.requestId) an den Betrieb melden.")
    }
}
