import Foundation

/// What a filing job files.
public enum Ablageauftragsart: String, Sendable, Hashable, Codable, CaseIterable {
    /// A new case: the Anzeige as PDF (laid out like the GewA form) and as JSON record.
    case anzeige
    /// A correction: the new version as PDF and JSON, into the same Vorgang.
    case berichtigung
    /// The Empfangsbescheinigung (section 15 Abs. 1 GewO) as PDF.
    case empfangsbescheinigung
    /// The withdrawal of an erroneous case: a Vermerk (PDF) with the reason.
    case ruecknahme
}

/// The state of a filing job in the outbox.
public enum Ablageauftragsstatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Waiting for its next attempt (`naechsterVersuch`).
    case ausstehend
    /// Claimed by a worker until `gesperrtBis`; after a crash the lease runs out and another
    /// worker takes it over.
    case inArbeit
    /// Filed completely.
    case erledigt
    /// Failed permanently too often; waits for an operator (`gewerbe filing retry`).
    case geparkt
}

/// One filing job of the transactional outbox (written in the same transaction as the case).
public struct Ablageauftrag: Sendable, Hashable, Codable {
    public var id: UUID
    public var gemeindeschluessel: String
    public var fallId: UUID
    public var art: Ablageauftragsart
    /// The case version the job files (for `anzeige` 1, for `berichtigung` the new one).
    public var version: Int
    public var status: Ablageauftragsstatus
    /// Failed attempts so far.
    public var versuche: Int
    public var naechsterVersuch: Date
    public var letzterFehler: String?
    public var erstelltAm: Date
    public var erledigtAm: Date?
    /// Failed attempts that were permanent errors (`EAkteFehler.dauerhaft`, rendering errors);
    /// the worker parks a job by this count, so that transient failures during a long eAkte
    /// outage never park it.
    public var dauerhafteFehlschlaege: Int

    public init(
        id: UUID, gemeindeschluessel: String, fallId: UUID, art: Ablageauftragsart, version: Int,
        status: Ablageauftragsstatus, versuche: Int, naechsterVersuch: Date, letzterFehler: String?, erstelltAm: Date,
        erledigtAm: Date?, dauerhafteFehlschlaege: Int = 0
    ) {
        self.dauerhafteFehlschlaege = dauerhafteFehlschlaege
        self.id = id
        self.gemeindeschluessel = gemeindeschluessel
        self.fallId = fallId
        self.art = art
        self.version = version
        self.status = status
        self.versuche = versuche
        self.naechsterVersuch = naechsterVersuch
        self.letzterFehler = letzterFehler
        self.erstelltAm = erstelltAm
        self.erledigtAm = erledigtAm
    }
}

/// A document that reached the eAkte, as recorded for verification.
public struct AbgelegtesDokument: Sendable, Hashable, Codable {
    public var name: String
    public var dokumentart: String
    public var sha256: String
    public var groesse: Int
    public var objektId: EAkteObjektID
    public init(name: String, dokumentart: String, sha256: String, groesse: Int, objektId: EAkteObjektID) {
        self.name = name
        self.dokumentart = dokumentart
        self.sha256 = sha256
        self.groesse = groesse
        self.objektId = objektId
    }
}

/// Everything a worker needs to file one job: the case and its Betrieb.
public struct Ablagevorlage: Sendable, Hashable {
    public var auftrag: Ablageauftrag
    public var fall: Fall
    public var betrieb: BetriebZustand?
    public init(auftrag: Ablageauftrag, fall: Fall, betrieb: BetriebZustand?) {
        self.auftrag = auftrag
        self.fall = fall
        self.betrieb = betrieb
    }
}

/// The outbox of filing jobs (PostgreSQL adapter; an in-memory twin in TestSupport).
public protocol AblageauftragQueue: Sendable {
    /// Claims up to `anzahl` due jobs (`ausstehend` with `naechsterVersuch <= now`, or `inArbeit`
    /// whose lease ran out) for `worker` until `sperrdauer` from now, skipping jobs other workers
    /// hold (`FOR UPDATE SKIP LOCKED`), oldest first.
    func beanspruche(anzahl: Int, worker: String, sperrdauer: Duration) async throws -> [Ablagevorlage]

    /// Records success: the eAkte object ids and the SHA-256 of every filed document; sets the
    /// case's filing state to `abgelegt` when no job of the case is left.
    func erledigt(
        _ auftrag: Ablageauftrag, worker: String, akte: EAkteObjektID, vorgang: EAkteObjektID,
        dokumente: [AbgelegtesDokument]
    ) async throws

    /// Records a failed attempt (a permanent one counts in ``Ablageauftrag/dauerhafteFehlschlaege``):
    /// retried at `naechsterVersuch`, or parked (`parken`); the case's filing state follows
    /// (`geparkt` while any of its jobs is parked).
    func fehlgeschlagen(
        _ auftrag: Ablageauftrag, worker: String, fehler: String, dauerhaft: Bool, naechsterVersuch: Date, parken: Bool
    ) async throws
}
