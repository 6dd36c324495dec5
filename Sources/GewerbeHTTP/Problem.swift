import Foundation
import GewerbeDomain
import Hummingbird

/// An RFC 9457 problem detail (`application/problem+json`): what every error answer looks like.
///
/// The standard members `type`, `title`, `status`, `detail`, `instance` are always set; the
/// extensions carry what the client needs to act: `probleme` (every input problem: path, kind,
/// message), `fehler`/`hinweise` (every finding of the rules), `aktuellesEtag` (412), and the
/// `requestId` to quote to the operator.
public struct ProblemDetails: Codable, Sendable, Hashable {
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String
    public var instance: String?
    public var requestId: String?
    /// Input problems (400): one per unknown field, wrong type, bad value, bad parameter.
    public var probleme: [EingabeProblem]?
    /// Rule findings of severity `fehler` (422).
    public var fehler: [Befund]?
    /// Rule findings of severity `hinweis` that came with the rejection (422).
    public var hinweise: [Befund]?
    /// The current ETag of the case (412).
    public var aktuellesEtag: String?

    public init(
        type: String, title: String, status: Int, detail: String, instance: String? = nil, requestId: String? = nil,
        probleme: [EingabeProblem]? = nil, fehler: [Befund]? = nil, hinweise: [Befund]? = nil,
        aktuellesEtag: String? = nil
    ) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.instance = instance
        self.requestId = requestId
        self.probleme = probleme
        self.fehler = fehler
        self.hinweise = hinweise
        self.aktuellesEtag = aktuellesEtag
    }
}

/// The kinds of problem this API answers with; `type` is `urn:gewerbe:problem:<rawValue>`.
public enum Problemart: String, Sendable, CaseIterable {
    case eingabeUngueltig = "eingabe-ungueltig"
    case abfrageUngueltig = "abfrage-ungueltig"
    case kopfzeileUngueltig = "kopfzeile-ungueltig"
    case nichtAuthentifiziert = "nicht-authentifiziert"
    case keineBerechtigung = "keine-berechtigung"
    case nichtGefunden = "nicht-gefunden"
    case methodeNichtErlaubt = "methode-nicht-erlaubt"
    case konflikt
    case idempotenzKonflikt = "idempotenz-konflikt"
    case veraltet
    case zuGross = "zu-gross"
    case medientyp
    case validierung
    case unzulaessig
    case vorbedingungFehlt = "vorbedingung-fehlt"
    case intern
    case nichtBereit = "nicht-bereit"

    public var uri: String { "urn:gewerbe:problem:\(rawValue)" }

    public var status: HTTPResponse.Status {
        switch self {
        case .eingabeUngueltig, .abfrageUngueltig, .kopfzeileUngueltig: .badRequest
        case .nichtAuthentifiziert: .unauthorized
        case .keineBerechtigung: .forbidden
        case .nichtGefunden: .notFound
        case .methodeNichtErlaubt: .methodNotAllowed
        case .konflikt, .idempotenzKonflikt: .conflict
        case .veraltet: .preconditionFailed
        case .zuGross: .contentTooLarge
        case .medientyp: .unsupportedMediaType
        case .validierung, .unzulaessig: .unprocessableContent
        case .vorbedingungFehlt: .preconditionRequired
        case .intern: .internalServerError
        case .nichtBereit: .serviceUnavailable
        }
    }

    public var titel: String {
        switch self {
        case .eingabeUngueltig: "Eingabe ungültig"
        case .abfrageUngueltig: "Abfrageparameter ungültig"
        case .kopfzeileUngueltig: "Kopfzeile ungültig"
        case .nichtAuthentifiziert: "Nicht angemeldet"
        case .keineBerechtigung: "Keine Berechtigung"
        case .nichtGefunden: "Nicht gefunden"
        case .methodeNichtErlaubt: "Methode nicht erlaubt"
        case .konflikt: "Konflikt mit dem Stand des Falls"
        case .idempotenzKonflikt: "Idempotency-Key bereits verwendet"
        case .veraltet: "Fall inzwischen geändert"
        case .zuGross: "Anfrage zu groß"
        case .medientyp: "Medientyp nicht unterstützt"
        case .validierung: "Anzeige nicht annehmbar"
        case .unzulaessig: "Anfrage nicht zulässig"
        case .vorbedingungFehlt: "If-Match fehlt"
        case .intern: "Interner Fehler"
        case .nichtBereit: "Dienst nicht bereit"
        }
    }
}

/// An error that answers as a problem detail; handlers throw it, the problem middleware renders it.
public struct APIProblem: Error, Sendable, CustomStringConvertible {
    public var art: Problemart
    public var detail: String
    public var probleme: [EingabeProblem]?
    public var fehler: [Befund]?
    public var hinweise: [Befund]?
    public var aktuellesEtag: String?
    /// Extra response headers (`WWW-Authenticate`, `Allow`, `ETag`).
    public var kopfzeilen: HTTPFields

    public init(
        _ art: Problemart, _ detail: String, probleme: [EingabeProblem]? = nil, fehler: [Befund]? = nil,
        hinweise: [Befund]? = nil, aktuellesEtag: String? = nil, kopfzeilen: HTTPFields = [:]
    ) {
        self.art = art
        self.detail = detail
        self.probleme = probleme
        self.fehler = fehler
        self.hinweise = hinweise
        self.aktuellesEtag = aktuellesEtag
        self.kopfzeilen = kopfzeilen
    }

    public var description: String { "\(art.rawValue): \(detail)" }

    /// 400 listing every input problem.
    static func eingabe(_ fehler: EingabeFehler) -> APIProblem {
        let anzahl = fehler.probleme.count
        return APIProblem(
            .eingabeUngueltig,
            anzahl == 1
                ? "Die Anfrage enthält ein Problem: \(fehler.probleme[0].description)"
                : "Die Anfrage enthält \(anzahl) Probleme.",
            probleme: fehler.probleme)
    }

    /// 422 listing every finding of the rules.
    static func validierung(_ ergebnis: Pruefergebnis) -> APIProblem {
        let anzahl = ergebnis.fehler.count
        return APIProblem(
            .validierung,
            anzahl == 1
                ? "Die Anzeige hat einen Fehler; sie wurde nicht gespeichert."
                : "Die Anzeige hat \(anzahl) Fehler; sie wurde nicht gespeichert.",
            fehler: ergebnis.fehler, hinweise: ergebnis.hinweise)
    }

    /// The problem of a repository error.
    static func von(_ fehler: FallFehler) -> APIProblem {
        switch fehler {
        case .nichtGefunden(let text): APIProblem(.nichtGefunden, text)
        case .nichtBerechtigt(let text): APIProblem(.keineBerechtigung, text)
        case .veraltet(let etag):
            APIProblem(.veraltet, fehler.description, aktuellesEtag: etag, kopfzeilen: [.eTag: etag])
        case .vorbedingungFehlt: APIProblem(.vorbedingungFehlt, fehler.description)
        case .idempotenzKonflikt: APIProblem(.idempotenzKonflikt, fehler.description)
        case .konflikt(let text): APIProblem(.konflikt, text)
        case .unzulaessig(let text): APIProblem(.unzulaessig, text)
        }
    }

    /// 401 with the challenge of RFC 6750.
    static func zugang(_ fehler: ZugangsFehler) -> APIProblem {
        let challenge =
            switch fehler {
            case .fehlt: #"Bearer realm="gewerbe""#
            default: #"Bearer realm="gewerbe", error="invalid_token""#
            }
        return APIProblem(.nichtAuthentifiziert, fehler.description, kopfzeilen: [.wwwAuthenticate: challenge])
    }
}

/// A header field name (`HTTPField.Name`, reached through `HTTPFields`, which Hummingbird exports).
typealias Feldname = HTTPFields.Element.Name

extension HTTPFields.Element.Name {
    static let requestId = Feldname("X-Request-Id")!
    static let idempotencyKey = Feldname("Idempotency-Key")!
    static let idempotentReplayed = Feldname("Idempotent-Replayed")!
}
