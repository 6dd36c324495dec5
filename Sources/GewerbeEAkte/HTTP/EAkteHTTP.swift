import AsyncHTTPClient
import Foundation
import GewerbeDomain
import GewerbeOutbox
import Logging
import NIOCore
import NIOHTTP1

/// The HTTP layer the eAkte adapters share: sends a request with optional Basic credentials and
/// a deadline, collects the response, and turns transport failures into ``EAkteFehler``.
///
/// Nothing here logs headers or bodies; the URLs it logs and puts into errors carry no
/// credentials (the configuration refuses URLs with user info). AsyncHTTPClient gets no logger,
/// so its own trace output cannot leak the `Authorization` header either.
struct EAkteHTTP: Sendable {
    struct Antwort: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: Data

        var text: String { String(decoding: body, as: UTF8.self) }
    }

    let client: HTTPClient
    let credentials: HTTPCredentials?
    let timeout: Duration
    let maxResponseBytes: Int
    let logger: Logger

    /// Sends one request. Transport failures (connection refused or reset, timeouts) become
    /// `EAkteFehler.voruebergehend`; invalid URLs become `.dauerhaft`; cancellation is passed on.
    /// HTTP error statuses are returned, not thrown (see ``fehler(_:_:)``).
    func send(
        _ method: HTTPMethod, _ url: String, headers: [(String, String)] = [], body: Data? = nil
    ) async throws -> Antwort {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let credentials {
            request.headers.replaceOrAdd(name: "Authorization", value: credentials.authorizationHeader)
        }
        if let body {
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let ziel = EAkteHTTP.ohneAbfrage(url)
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(Int64(timeout.nanoseconds)))
            let buffer = try await response.body.collect(upTo: maxResponseBytes)
            let antwort = Antwort(
                status: Int(response.status.code), headers: response.headers, body: Data(buffer.readableBytesView))
            logger.debug(
                "eAkte request",
                metadata: ["method": "\(method.rawValue)", "target": "\(ziel)", "status": "\(antwort.status)"])
            return antwort
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as HTTPClientError where error == .cancelled {
            throw CancellationError()
        } catch let error as EAkteFehler {
            throw error
        } catch {
            let art = EAkteHTTP.art(vonTransportfehler: error)
            logger.warning(
                "eAkte unreachable",
                metadata: ["method": "\(method.rawValue)", "target": "\(ziel)", "error": "\(error)"])
            throw EAkteFehler(art, "\(method.rawValue) \(ziel): \(error)")
        }
    }

    /// The classification of a transport error: configuration errors are permanent, everything
    /// else (refused, reset, timeouts, TLS handshake) may pass.
    static func art(vonTransportfehler error: any Error) -> EAkteFehler.Art {
        if let error = error as? HTTPClientError {
            let dauerhaft: [HTTPClientError] = [
                .invalidURL, .emptyHost, .emptyScheme, .missingSocketPath, .invalidRedirectConfiguration,
                .invalidHTTPVersionConfiguration, .invalidDNSOverridesConfiguration, .invalidLocalAddress,
                .invalidProxyConfiguration, .traceRequestWithBody,
            ]
            if dauerhaft.contains(error) { return .dauerhaft }
            if "\(error)".contains("unsupportedScheme") { return .dauerhaft }
        }
        return .voruebergehend
    }

    /// The classification of an HTTP status: 408, 429 and 5xx may pass; other 4xx need an operator.
    static func art(vonStatus status: Int) -> EAkteFehler.Art {
        switch status {
        case 408, 425, 429, 500...599: .voruebergehend
        default: .dauerhaft
        }
    }

    /// An error for an unexpected HTTP status, with a short excerpt of the answer (never headers).
    static func fehler(_ antwort: Antwort, _ was: String) -> EAkteFehler {
        let auszug = String(antwort.text.prefix(300)).replacingOccurrences(of: "\n", with: " ")
        return EAkteFehler(art(vonStatus: antwort.status), "\(was): HTTP \(antwort.status) \(auszug)")
    }

    /// The URL without its query (object ids in queries are fine, but keep log lines short).
    static func ohneAbfrage(_ url: String) -> String {
        url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
    }

    /// Percent-encodes one path segment (RFC 3986 unreserved characters stay).
    static func segment(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(
            CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// Percent-encodes a query value.
    static func queryValue(_ text: String) -> String {
        segment(text)
    }

    /// Rejects URLs with user info (`http://user:pass@host`): credentials belong into
    /// ``HTTPCredentials``, where they are kept out of logs.
    static func pruefeURL(_ url: String, _ name: String) throws -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", components.host?.isEmpty == false
        else {
            throw EAkteFehler(.dauerhaft, "\(name) ist keine gültige http(s)-URL")
        }
        guard components.user == nil, components.password == nil else {
            throw EAkteFehler(.dauerhaft, "\(name) darf keine Zugangsdaten enthalten; bitte credentials verwenden")
        }
        return url
    }
}

/// HTTP clients for the eAkte adapters.
public enum EAkteHTTPClient {
    /// A client whose connection attempts give up after `connectTimeout`.
    ///
    /// With `HTTPClient.shared`, a request to an eAkte that is down keeps retrying the connection
    /// until the adapter's request timeout; with this client it fails after `connectTimeout`
    /// (or at once when `retryConnectionEstablishment` is `false`), so that the outbox can back
    /// off sooner. The caller owns the client and must `shutdown()` it.
    public static func make(
        connectTimeout: Duration = .seconds(5), retryConnectionEstablishment: Bool = true
    ) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .nanoseconds(connectTimeout.nanoseconds)
        configuration.connectionPool.retryConnectionEstablishment = retryConnectionEstablishment
        configuration.redirectConfiguration = .follow(max: 5, allowCycles: false)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }
}
