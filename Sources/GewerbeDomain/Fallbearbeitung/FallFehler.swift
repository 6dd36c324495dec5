import Foundation

/// What happened to a submitted Anzeige (new case or correction).
public enum EinreichungsErgebnis: Sendable {
    /// Accepted and stored. `wiederholt` is true when an `Idempotency-Key` replayed an earlier
    /// submission: the case is the one created then, nothing new was stored.
    case angenommen(Fall, wiederholt: Bool)
    /// Rejected: at least one `fehler`. Nothing was stored.
    case abgelehnt(Pruefergebnis)
}

/// Why a case operation could not be done. Maps onto HTTP status codes.
public enum FallFehler: Error, Sendable, Hashable, CustomStringConvertible {
    /// No such case or Betrieb in the actor's municipalities (404; other municipalities look
    /// exactly like missing ones).
    case nichtGefunden(String)
    /// The actor may not do this (403), e.g. submit for a municipality not in its token.
    case nichtBerechtigt(String)
    /// `If-Match` does not match the current ETag (412).
    case veraltet(aktuellesEtag: String)
    /// `If-Match` is required but missing (428).
    case vorbedingungFehlt
    /// The same `Idempotency-Key` was used with a different body (409).
    case idempotenzKonflikt
    /// The operation conflicts with the case's state (409), e.g. withdrawing an Anmeldung whose
    /// Betrieb has later Anzeigen, or a second Empfangsbescheinigung.
    case konflikt(String)
    /// The request is well-formed but not acceptable (422) for a reason outside the rules,
    /// e.g. an Empfangsbescheinigung dated before the receipt.
    case unzulaessig(String)

    public var description: String {
        switch self {
        case .nichtGefunden(let text), .nichtBerechtigt(let text), .konflikt(let text), .unzulaessig(let text): text
        case .veraltet(let etag): "Der Fall wurde inzwischen geändert (aktuelles ETag \(etag))."
        case .vorbedingungFehlt: "If-Match mit dem ETag des Falls ist erforderlich."
        case .idempotenzKonflikt: "Der Idempotency-Key wurde bereits für eine andere Anzeige verwendet."
        }
    }
}
