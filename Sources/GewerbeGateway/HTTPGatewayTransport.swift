import AsyncHTTPClient
import Foundation
import GewerbeDomain
import GewerbeOutbox
import Logging
import NIOCore
import NIOHTTP1

/// The HTTP client for an XTA2-style gateway (docs/uebermittlung.md, "Versand"): one `POST
/// <basis>/v1/nachrichten` per message, the XML as body, the message UUID, type, version and
/// reader address as headers (`X-Nachricht-UUID`, `X-Nachrichtentyp`, `X-XGewO-Version`,
/// `X-Leser: praefix:kennung`), a bearer token if configured.
///
/// Answers: `201` accepted, `200` accepted before (a repeat: `doppelt`), `422` a Rueckweisung
/// (JSON `grund`, `text`, `details`), `401`/`403`/other `4xx` permanent (an operator must act),
/// `408`/`429`/`5xx` and every network failure transient (retried with backoff). The token never
/// reaches a log or an error text.
public struct HTTPGatewayTransport: Uebermittlungstransport {
    public let basis: String
    let token: String?
    let client: HTTPClient
    let zeitlimit: Duration
    let logger: Logger
    public var art: String { "http" }

    /// - Parameters:
    ///   - basis: the gateway's base URL, e.g. `http://127.0.0.1:8470` (no user info).
    ///   - token: the bearer token the gateway expects (from a secret, never a plain setting).
    public init(
        basis: String, token: String?, client: HTTPClient, zeitlimit: Duration = .seconds(30),
        logger: Logger = Logger(label: "gewerbe.gateway")
    ) throws {
        guard let url = URLComponents(string: basis), let schema = url.scheme?.lowercased(),
            schema == "http" || schema == "https", url.host?.isEmpty == false, url.user == nil, url.password == nil
        else {
            throw Transportfehler(.dauerhaft, "Gateway-URL ungültig (http/https, ohne Benutzerangaben): \(basis)")
        }
        self.basis = basis.hasSuffix("/") ? String(basis.dropLast()) : basis
        self.token = token
        self.client = client
        self.zeitlimit = zeitlimit
        self.logger = logger
    }

    struct Antwortkoerper: Decodable {
        var status: String?
        var grund: String?
        var text: String?
        var details: [String]?
    }

    public func sende(_ nachricht: AusgehendeNachricht) async throws -> Zustellung {
        var request = HTTPClientRequest(url: basis + "/v1/nachrichten")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/xml; charset=utf-8")
        request.headers.add(name: "X-Nachricht-UUID", value: nachricht.nachrichtenUUID.lowercased)
        request.headers.add(name: "X-Nachrichtentyp", value: nachricht.nachrichtentyp)
        request.headers.add(name: "X-XGewO-Version", value: nachricht.version)
        request.headers.add(name: "X-Leser", value: nachricht.adresse)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        request.body = .bytes(ByteBuffer(bytes: nachricht.xml))
        let status: Int
        let koerper: Data
        do {
            let antwort = try await client.execute(request, timeout: .nanoseconds(Int64(zeitlimit.nanoseconds)))
            status = Int(antwort.status.code)
            koerper = Data(try await antwort.body.collect(upTo: 1 << 20).readableBytesView)
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as HTTPClientError where error == .cancelled {
            throw CancellationError()
        } catch {
            throw Transportfehler(.voruebergehend, "POST \(basis)/v1/nachrichten: \(error)")
        }
        let gelesen = try? JSONDecoder().decode(Antwortkoerper.self, from: koerper)
        switch status {
        case 201: return .angenommen(doppelt: false)
        case 200: return .angenommen(doppelt: gelesen?.status == "doppelt")
        case 422:
            guard let grund = gelesen?.grund, !grund.isEmpty else {
                throw Transportfehler(.dauerhaft, "Das Gateway weist ab, ohne Grund: \(Self.auszug(koerper))")
            }
            return .abgewiesen(
                Rueckweisung(
                    grund: grund, text: gelesen?.text ?? "", details: Array((gelesen?.details ?? []).prefix(20))))
        case 408, 425, 429, 500...599:
            throw Transportfehler(.voruebergehend, "Gateway: HTTP \(status) \(Self.auszug(koerper))")
        default:
            throw Transportfehler(.dauerhaft, "Gateway: HTTP \(status) \(Self.auszug(koerper))")
        }
    }

    static func auszug(_ daten: Data) -> String {
        String(String(decoding: daten.prefix(300), as: UTF8.self)).replacingOccurrences(of: "\n", with: " ")
    }
}
