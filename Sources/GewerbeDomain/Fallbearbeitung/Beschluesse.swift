import Foundation

// What the use cases decide and a store writes, each in the transaction of its operation.

/// A value in the details of an audit event (JSON).
public enum Auditwert: Sendable, Hashable, Encodable {
    case text(String)
    case zahl(Int)
    case wahr(Bool)
    case liste([Auditwert])
    case objekt([String: Auditwert])

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let wert): try container.encode(wert)
        case .zahl(let wert): try container.encode(wert)
        case .wahr(let wert): try container.encode(wert)
        case .liste(let wert): try container.encode(wert)
        case .objekt(let wert): try container.encode(wert)
        }
    }

    /// The non-nil entries of `werte` as an object.
    public static func objekt(_ werte: [String: String?]) -> Auditwert {
        .objekt(werte.compactMapValues { $0.map(Auditwert.text) })
    }
}

/// Who an audit event names as the actor.
public struct Auditakteur: Sendable, Hashable {
    /// The API token, when the action came through the HTTP API.
    public var tokenId: UUID?
    public var bezeichnung: String
    /// The role; `nil` for the service itself acting outside any role (e.g. a Rueckmeldung vermerk).
    public var rolle: String?

    public init(tokenId: UUID?, bezeichnung: String, rolle: String?) {
        self.tokenId = tokenId
        self.bezeichnung = bezeichnung
        self.rolle = rolle
    }

    public init(_ akteur: Akteur) {
        self.init(tokenId: akteur.tokenId, bezeichnung: akteur.bezeichnung, rolle: akteur.rolle.rawValue)
    }

    /// The service itself, without a role (migrations, workers, the Rueckmeldeverfahren).
    public static let system = Auditakteur(tokenId: nil, bezeichnung: Akteur.system.bezeichnung, rolle: nil)

    /// An operator at the command line, e.g. `cli:root`.
    public static func cli(benutzer: String) -> Auditakteur {
        Auditakteur(tokenId: nil, bezeichnung: "cli:\(benutzer)", rolle: nil)
    }
}

/// One event of the audit trail, appended in the transaction of the operation it records.
public struct Auditereignis: Sendable, Hashable {
    /// The municipality whose chain the event joins.
    public var ags: String
    public var akteur: Auditakteur
    /// What happened, e.g. `anzeige.einreichen`, `fall.lesen`.
    public var aktion: String
    public var objektTyp: String?
    public var objektId: String?
    public var details: [String: Auditwert]

    public init(
        ags: String, akteur: Auditakteur, aktion: String, objektTyp: String?, objektId: String?,
        details: [String: Auditwert]
    ) {
        self.ags = ags
        self.akteur = akteur
        self.aktion = aktion
        self.objektTyp = objektTyp
        self.objektId = objektId
        self.details = details
    }
}

/// An Idempotency-Key as a store keeps it: whose it is and the key.
public struct Idempotenzschluessel: Sendable, Hashable {
    /// ``Sicht/idempotenzKennung``.
    public var kennung: String
    public var schluessel: String

    public init(kennung: String, schluessel: String) {
        self.kennung = kennung
        self.schluessel = schluessel
    }

    /// The advisory lock that serializes submissions with this key.
    public var sperre: String { "idempotenz\u{1F}\(kennung)\u{1F}\(schluessel)" }
}

/// A Betrieb as a store holds it: its municipality, id, state (`nil` when every Anzeige was
/// withdrawn) and the number of its cases.
public struct GespeicherterBetrieb: Sendable, Hashable {
    public var ags: String
    public var id: UUID
    public var zustand: BetriebZustand?
    public var anzahlFaelle: Int

    public init(ags: String, id: UUID, zustand: BetriebZustand?, anzahlFaelle: Int) {
        self.ags = ags
        self.id = id
        self.zustand = zustand
        self.anzahlFaelle = anzahlFaelle
    }
}

/// A new case to store: the store assigns the next Aktenzeichen (gap-free per municipality and
/// year), writes the Betrieb's new state, version 1, the filing job (`anzeige`), the
/// idempotency record and the audit event (with `aktenzeichen` added to its details).
public struct NeuerFall: Sendable, Hashable {
    public var id: UUID
    public var ags: String
    public var eingang: Datum
    public var betriebId: UUID
    /// Its place in the Betrieb's history (1 for an Anmeldung).
    public var position: Int
    public var anzeige: Anzeige
    /// Its canonical JSON (``Anzeige/json()``), as stored.
    public var anzeigeJSON: String
    public var hinweise: [Befund]
    /// The Betrieb's state after this case.
    public var betrieb: BetriebZustand
    public var jetzt: Date
    public var akteur: Akteur
    /// For an Abmeldung of the Rueckmeldeverfahren: the Anmeldung that caused it.
    public var ausloesend: UUID?
    public var idempotenz: Idempotenzschluessel?
    public var audit: Auditereignis

    public init(
        id: UUID, ags: String, eingang: Datum, betriebId: UUID, position: Int, anzeige: Anzeige, anzeigeJSON: String,
        hinweise: [Befund],
        betrieb: BetriebZustand, jetzt: Date, akteur: Akteur, ausloesend: UUID?,
        idempotenz: Idempotenzschluessel?, audit: Auditereignis
    ) {
        self.id = id
        self.ags = ags
        self.eingang = eingang
        self.betriebId = betriebId
        self.position = position
        self.anzeige = anzeige
        self.anzeigeJSON = anzeigeJSON
        self.hinweise = hinweise
        self.betrieb = betrieb
        self.jetzt = jetzt
        self.akteur = akteur
        self.ausloesend = ausloesend
        self.idempotenz = idempotenz
        self.audit = audit
    }

    /// The stored case, once the store has given it its Aktenzeichen.
    public func fall(aktenzeichen: String) -> Fall {
        Fall(
            id: id, aktenzeichen: aktenzeichen, gemeindeschluessel: ags, betriebId: betriebId,
            meldeart: anzeige.meldeart, status: .wirksam,
            versionen: [
                Fallversion(
                    version: 1, anzeige: anzeige, hinweise: hinweise, erfasstAm: jetzt,
                    erfasstVon: akteur.bezeichnung, berichtigungsgrund: nil)
            ],
            empfangsbescheinigung: nil, ablage: .ausstehend, revision: 1, ruecknahme: nil,
            ausloesendeAnzeigeId: ausloesend)
    }
}

/// A Betrieb whose state a change of one of its cases derives anew.
public struct Betriebsaenderung: Sendable, Hashable {
    public var ags: String
    public var id: UUID
    /// The new state; `nil` when no effective Anzeige is left.
    public var zustand: BetriebZustand?
    /// The declared data the register keeps showing when `zustand` is `nil`.
    public var zuletzt: Anzeige

    public init(ags: String, id: UUID, zustand: BetriebZustand?, zuletzt: Anzeige) {
        self.ags = ags
        self.id = id
        self.zustand = zustand
        self.zuletzt = zuletzt
    }
}

/// A change of a stored case (Berichtigung, Ruecknahme, Empfangsbescheinigung). The store writes
/// `fall` if its stored revision is still `fall.revision` (else the change is lost to a concurrent
/// one and nothing is written), raises the revision, sets the filing state to `ausstehend` (a
/// parked filing stays parked), inserts the new version if `neueVersion`, writes the Betrieb's
/// state if given, queues the filing job `auftrag`, writes the transmission `versand` (its Satz
/// and messages), drops the unsent messages of the case if `uebermittlungEntfaellt`, and
/// appends `audit`.
public struct Fallaenderung: Sendable, Hashable {
    public var fall: Fall
    /// Whether the last version of `fall` is new (a Berichtigung).
    public var neueVersion: Bool
    public var betrieb: Betriebsaenderung?
    public var auftrag: Ablageauftragsart
    public var akteur: Akteur
    public var jetzt: Date
    public var audit: Auditereignis
    /// The messages the change causes (``Versandplanung``).
    public var versand: Versand?
    /// Whether the messages of the case not yet sent are dropped (a Ruecknahme).
    public var uebermittlungEntfaellt: Bool

    public init(
        fall: Fall, neueVersion: Bool, betrieb: Betriebsaenderung?, auftrag: Ablageauftragsart, akteur: Akteur,
        jetzt: Date, audit: Auditereignis, versand: Versand? = nil, uebermittlungEntfaellt: Bool = false
    ) {
        self.fall = fall
        self.neueVersion = neueVersion
        self.betrieb = betrieb
        self.auftrag = auftrag
        self.akteur = akteur
        self.jetzt = jetzt
        self.audit = audit
        self.versand = versand
        self.uebermittlungEntfaellt = uebermittlungEntfaellt
    }
}

/// A case to change, with its Betrieb's whole history, the Betrieb locked by the store.
public struct Aenderungslage: Sendable, Hashable {
    public var fall: Fall
    /// Every case of the Betrieb, oldest first (the changed one included).
    public var faelle: [Fall]
    public var betriebAGS: String
    public var betriebId: UUID
    /// The messages of the case's first transmission (empty while none was planned).
    public var uebermittelt: [GeplanteNachricht]

    public init(
        fall: Fall, faelle: [Fall], betriebAGS: String, betriebId: UUID, uebermittelt: [GeplanteNachricht] = []
    ) {
        self.fall = fall
        self.faelle = faelle
        self.betriebAGS = betriebAGS
        self.betriebId = betriebId
        self.uebermittelt = uebermittelt
    }
}

/// A Rueckmeldung recorded: done (`abmeldungFallId` given) or pending for the office of `ags`.
public struct Rueckmeldungsvermerk: Sendable, Hashable {
    public var id: UUID
    public var ags: String
    /// `ausgefuehrt`, or a reason it is pending (see ``OffeneRueckmeldung/grund``).
    public var grund: String
    public var meldung: String
    public var anmeldung: Fall
    public var herkunftAGS: String?
    public var abmeldungFallId: UUID?
    public var jetzt: Date
    public var audit: Auditereignis

    public var istOffen: Bool { abmeldungFallId == nil }

    public init(
        id: UUID, ags: String, grund: String, meldung: String, anmeldung: Fall, herkunftAGS: String?,
        abmeldungFallId: UUID?, jetzt: Date, audit: Auditereignis
    ) {
        self.id = id
        self.ags = ags
        self.grund = grund
        self.meldung = meldung
        self.anmeldung = anmeldung
        self.herkunftAGS = herkunftAGS
        self.abmeldungFallId = abmeldungFallId
        self.jetzt = jetzt
        self.audit = audit
    }
}

/// A Registerauskunft as the Auskunft log keeps it: one row per municipality whose Betriebe were
/// disclosed (or the asking office's when none was), each with its audit event.
public struct Auskunftsvermerk: Sendable, Hashable {
    public struct Zeile: Sendable, Hashable {
        public var ags: String
        public var betriebe: [UUID]
        public var audit: Auditereignis
    }

    public var auskunft: Registerauskunft
    public var anfrage: Auskunftsanfrage
    public var akteur: Akteur
    /// The fields disclosed (section 14 Abs. 5 or 6/7 GewO).
    public var felder: [String]
    public var zeilen: [Zeile]
}
