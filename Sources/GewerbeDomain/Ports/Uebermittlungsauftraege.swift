import Foundation

/// The state of a transmission job (one XGewO message to one recipient) in the outbox.
public enum Uebermittlungsstatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Waiting for its next attempt (`naechsterVersuch`).
    case ausstehend
    /// Claimed by a worker until its lease runs out; after a crash another worker takes it over.
    case inArbeit
    /// Accepted by the gateway (its receipt recorded).
    case gesendet
    /// Rejected by the gateway or the recipient with a code of `rueckweisungsgruende_1`; waits
    /// for the office (correct the case or the directory, then `gewerbe transmissions retry`).
    case abgewiesen
    /// Could not be sent for a reason that does not go away by waiting (no DVDV address, the
    /// message fails its own schema check); waits for an operator (`gewerbe transmissions retry`).
    case geparkt
    /// Not sent because the case was withdrawn before (``Fallbearbeitung/zuruecknehmen(fallId:grund:ifMatch:akteur:)``).
    case entfallen
}

/// One transmission of a case version: what every message of it is written from besides the
/// stored case (the Satz of XGewO; its id is the Satz UUID, the same in each of its messages).
public struct Uebermittlungssatz: Sendable, Hashable, Codable {
    public var id: UUID
    public var gemeindeschluessel: String
    public var fallId: UUID
    /// The case version the messages carry.
    public var version: Int
    public var nachrichtenart: Nachrichtenart
    /// The Betrieb's declared data before the Anzeige (Ummeldung) or the version transmitted
    /// before (Datenaktualisierung).
    public var vorher: Anzeige?
    /// The Betrieb's declared data after an Ummeldung (the Ummeldung itself gives only what changes).
    public var nachher: Anzeige?
    /// The indications for the Zoll the office recorded (section 3 Abs. 3 GewAnzV).
    public var anhaltspunkteZoll: String?
    public var erstelltAm: Date

    public init(
        id: UUID, gemeindeschluessel: String, fallId: UUID, version: Int, nachrichtenart: Nachrichtenart,
        vorher: Anzeige?, nachher: Anzeige?, anhaltspunkteZoll: String?, erstelltAm: Date
    ) {
        self.id = id
        self.gemeindeschluessel = gemeindeschluessel
        self.fallId = fallId
        self.version = version
        self.nachrichtenart = nachrichtenart
        self.vorher = vorher
        self.nachher = nachher
        self.anhaltspunkteZoll = anhaltspunkteZoll
        self.erstelltAm = erstelltAm
    }
}

/// A rejection of a message (code list `urn:xoev-de:xgewerbeordnung:codeliste:rueckweisungsgruende_1`).
public struct Rueckweisung: Sendable, Hashable, Codable {
    /// The code, e.g. `X001`, `T080`.
    public var grund: String
    public var text: String
    public var details: [String]

    public init(grund: String, text: String, details: [String] = []) {
        self.grund = grund
        self.text = text
        self.details = details
    }
}

/// One message of the outbox: its id is the message UUID (the natural key a gateway
/// deduplicates by), written in the same transaction as the case change that causes it.
public struct Uebermittlungsauftrag: Sendable, Hashable, Codable {
    /// The message UUID (`nachrichtenUUID` of the header).
    public var id: UUID
    public var gemeindeschluessel: String
    public var satzId: UUID
    public var fallId: UUID
    public var nachricht: GeplanteNachricht
    public var status: Uebermittlungsstatus
    /// Failed attempts so far.
    public var versuche: Int
    public var naechsterVersuch: Date
    public var letzterFehler: String?
    public var erstelltAm: Date
    public var gesendetAm: Date?
    /// The DVDV address it went to (`praefix:kennung`), once sent.
    public var leser: String?
    public var rueckweisung: Rueckweisung?

    public init(
        id: UUID, gemeindeschluessel: String, satzId: UUID, fallId: UUID, nachricht: GeplanteNachricht,
        status: Uebermittlungsstatus = .ausstehend, versuche: Int = 0, naechsterVersuch: Date,
        letzterFehler: String? = nil, erstelltAm: Date, gesendetAm: Date? = nil, leser: String? = nil,
        rueckweisung: Rueckweisung? = nil
    ) {
        self.id = id
        self.gemeindeschluessel = gemeindeschluessel
        self.satzId = satzId
        self.fallId = fallId
        self.nachricht = nachricht
        self.status = status
        self.versuche = versuche
        self.naechsterVersuch = naechsterVersuch
        self.letzterFehler = letzterFehler
        self.erstelltAm = erstelltAm
        self.gesendetAm = gesendetAm
        self.leser = leser
        self.rueckweisung = rueckweisung
    }
}

/// What a use case decided to transmit: one Satz and its messages.
public struct Versand: Sendable, Hashable {
    public var satz: Uebermittlungssatz
    public var auftraege: [Uebermittlungsauftrag]

    public init(satz: Uebermittlungssatz, auftraege: [Uebermittlungsauftrag]) {
        self.satz = satz
        self.auftraege = auftraege
    }
}

/// Everything a worker needs to write and send one message.
public struct Uebermittlungsvorlage: Sendable, Hashable {
    public var auftrag: Uebermittlungsauftrag
    public var satz: Uebermittlungssatz
    /// The case (its version ``Uebermittlungssatz/version`` is the Anzeige sent).
    public var fall: Fall

    public init(auftrag: Uebermittlungsauftrag, satz: Uebermittlungssatz, fall: Fall) {
        self.auftrag = auftrag
        self.satz = satz
        self.fall = fall
    }

    /// The Anzeige the message carries.
    public var anzeige: Anzeige? {
        fall.versionen.first { $0.version == satz.version }?.anzeige
    }
}

/// The receipt of a gateway for a message it accepted.
public struct Quittung: Sendable, Hashable {
    /// The DVDV address the message went to (`praefix:kennung`).
    public var leser: String
    /// SHA-256 (hex) of the bytes sent.
    public var sha256: String
    public var groesse: Int
    /// Whether the gateway already had the message (a repeat after a lost answer).
    public var doppelt: Bool

    public init(leser: String, sha256: String, groesse: Int, doppelt: Bool) {
        self.leser = leser
        self.sha256 = sha256
        self.groesse = groesse
        self.doppelt = doppelt
    }
}

/// The outbox of transmission jobs (PostgreSQL adapter; claimed by the XGewO worker).
public protocol UebermittlungsauftragQueue: Sendable {
    /// Claims up to `anzahl` due jobs (`ausstehend` and due, or `inArbeit` whose lease ran out)
    /// for `worker` until `sperrdauer` from now, skipping jobs other workers hold, oldest first.
    func beanspruche(anzahl: Int, worker: String, sperrdauer: Duration) async throws -> [Uebermittlungsvorlage]

    /// Records that the gateway accepted the message.
    func gesendet(_ auftrag: Uebermittlungsauftrag, worker: String, quittung: Quittung) async throws

    /// Records a failed attempt: retried at `naechsterVersuch`, or parked (`parken`).
    func fehlgeschlagen(
        _ auftrag: Uebermittlungsauftrag, worker: String, fehler: String, naechsterVersuch: Date, parken: Bool
    ) async throws

    /// Records a rejection (the job waits as `abgewiesen`).
    func abgewiesen(_ auftrag: Uebermittlungsauftrag, worker: String, rueckweisung: Rueckweisung) async throws
}
