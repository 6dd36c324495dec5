import Foundation
import GewerbeDomain

/// In-memory twin of ``TokenPruefer``: a fixed table of tokens (plain text, tests only) to
/// actors, with optional expiry and revocation, checked against an injected clock.
///
/// Semantics as the real store: an empty token is ``ZugangsFehler/fehlt``, an unknown one
/// ``ZugangsFehler/unbekannt``, a revoked one ``ZugangsFehler/widerrufen(_:)`` (revocation wins),
/// one whose expiry is not after now ``ZugangsFehler/abgelaufen(_:)``.
public struct StatischerTokenPruefer: TokenPruefer {
    /// One issued token.
    public struct Eintrag: Sendable {
        public var akteur: Akteur
        public var gueltigBis: Date?
        public var widerrufenAm: Date?
        public init(akteur: Akteur, gueltigBis: Date? = nil, widerrufenAm: Date? = nil) {
            self.akteur = akteur
            self.gueltigBis = gueltigBis
            self.widerrufenAm = widerrufenAm
        }
    }

    public let eintraege: [String: Eintrag]
    public let uhr: any Uhr

    public init(eintraege: [String: Eintrag], uhr: any Uhr = SystemUhr()) {
        self.eintraege = eintraege
        self.uhr = uhr
    }

    /// Tokens that never expire.
    public init(tokens: [String: Akteur], uhr: any Uhr = SystemUhr()) {
        self.init(eintraege: tokens.mapValues { Eintrag(akteur: $0) }, uhr: uhr)
    }

    public func akteur(fuerToken token: String) async throws -> Akteur {
        guard !token.isEmpty else { throw ZugangsFehler.fehlt }
        guard let eintrag = eintraege[token] else { throw ZugangsFehler.unbekannt }
        if let widerrufen = eintrag.widerrufenAm { throw ZugangsFehler.widerrufen(widerrufen) }
        if let bis = eintrag.gueltigBis, bis <= uhr.jetzt() { throw ZugangsFehler.abgelaufen(bis) }
        return eintrag.akteur
    }
}

/// In-memory twin of ``Bereitschaft``: answers the checks it was given; tests may change them.
public final class StatischeBereitschaft: Bereitschaft {
    private let zustand: LockedBox<[Bereitschaftspruefung]>

    public init(
        _ pruefungen: [Bereitschaftspruefung] = [
            Bereitschaftspruefung(name: "datenbank", ok: true), Bereitschaftspruefung(name: "migrationen", ok: true),
        ]
    ) {
        zustand = LockedBox(pruefungen)
    }

    public func setze(_ pruefungen: [Bereitschaftspruefung]) { zustand.set(pruefungen) }

    public func pruefe() async -> [Bereitschaftspruefung] { zustand.get() }
}
