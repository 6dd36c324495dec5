import Foundation

/// Why a bearer token was not accepted (all answer 401; the reason goes to the log and the
/// problem detail, never the token itself).
public enum ZugangsFehler: Error, Sendable, Hashable, CustomStringConvertible {
    case fehlt
    case unbekannt
    case abgelaufen(Date)
    case widerrufen(Date)

    public var description: String {
        switch self {
        case .fehlt: "Kein Bearer-Token angegeben."
        case .unbekannt: "Token unbekannt."
        case .abgelaufen: "Token abgelaufen."
        case .widerrufen: "Token widerrufen."
        }
    }
}

/// Checks bearer tokens issued by `gewerbe tokens create` (stored hashed).
public protocol TokenPruefer: Sendable {
    /// The actor a token stands for, or a ``ZugangsFehler``.
    func akteur(fuerToken token: String) async throws -> Akteur
}

/// One check of the readiness probe.
public struct Bereitschaftspruefung: Sendable, Hashable, Codable {
    public var name: String
    public var ok: Bool
    public var detail: String?
    public init(name: String, ok: Bool, detail: String? = nil) {
        self.name = name
        self.ok = ok
        self.detail = detail
    }
}

/// Readiness of the service's dependencies (database reachable, migrations current).
public protocol Bereitschaft: Sendable {
    func pruefe() async -> [Bereitschaftspruefung]
}
