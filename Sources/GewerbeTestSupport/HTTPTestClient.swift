import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A minimal HTTP client over URLSession for end-to-end tests against a real server.
public enum HTTPTestClient {
    public struct Antwort: Sendable {
        public var status: Int
        public var kopf: [String: String]
        public var body: Data
        public var text: String { String(decoding: body, as: UTF8.self) }
        /// The body as a JSON object (or `nil`).
        public var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] }
    }

    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 30
        return URLSession(configuration: configuration)
    }()

    public static func anfrage(
        _ methode: String, _ url: URL, token: String? = nil, body: Data? = nil,
        kopf: [String: String] = [:]
    ) async throws -> Antwort {
        var request = URLRequest(url: url)
        request.httpMethod = methode
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        for (name, wert) in kopf { request.setValue(wert, forHTTPHeaderField: name) }
        let (daten, antwort) = try await session.data(for: request)
        guard let http = antwort as? HTTPURLResponse else { throw TestPeers.Failure("keine HTTP-Antwort") }
        var kopfzeilen: [String: String] = [:]
        for (name, wert) in http.allHeaderFields {
            if let name = name as? String, let wert = wert as? String { kopfzeilen[name.lowercased()] = wert }
        }
        return Antwort(status: http.statusCode, kopf: kopfzeilen, body: daten)
    }

    public static func get(_ url: URL, token: String? = nil) async throws -> Antwort {
        try await anfrage("GET", url, token: token)
    }

    public static func post(
        _ url: URL, token: String? = nil, body: Data, kopf: [String: String] = [:]
    ) async throws
        -> Antwort
    {
        try await anfrage("POST", url, token: token, body: body, kopf: kopf)
    }
}
