import Foundation
import GewerbeDomain

/// The in-memory twin of the filing outbox (``AblageauftragQueue``), with the lease semantics of
/// the PostgreSQL adapter: a claim takes due jobs (`ausstehend` and due, or `inArbeit` with an
/// expired lease), oldest first, and locks them to the worker until the lease ends; a job held
/// by another worker under a live lease is skipped (`SKIP LOCKED`).
///
/// Reports of a worker that no longer holds the job (its lease ran out and another worker
/// claimed it, or the job is already done) are ignored and counted in ``veralteteMeldungen``,
/// as the PostgreSQL adapter matches on the worker. Test controls: ``einstellen(_:art:version:betrieb:)``,
/// ``erneutVersuchen(_:)`` (what `gewerbe filing retry` does), ``setUnavailable(_:)``, and the
/// recorded history of claims and failures.
public actor InMemoryAblageauftragQueue: AblageauftragQueue {
    /// A job with its lease.
    public struct Eintrag: Sendable, Hashable {
        public var auftrag: Ablageauftrag
        public var worker: String?
        public var gesperrtBis: Date?
        public var akte: EAkteObjektID?
        public var vorgang: EAkteObjektID?
        public var dokumente: [AbgelegtesDokument]
    }

    /// One recorded failure (for backoff tests).
    public struct Fehlschlag: Sendable, Hashable {
        public var auftragId: UUID
        public var worker: String
        public var fehler: String
        /// When the failure was recorded (the twin's clock).
        public var am: Date
        public var naechsterVersuch: Date
        public var parken: Bool
    }

    private let uhr: any Uhr
    private var eintraege: [UUID: Eintrag] = [:]
    /// Insertion order, for "oldest first" among equal creation times.
    private var reihenfolge: [UUID] = []
    private var faelle: [UUID: Fall] = [:]
    private var betriebe: [UUID: BetriebZustand] = [:]
    private var unavailable = false

    /// Every claim: worker and the job ids it got.
    public private(set) var beanspruchungen: [(worker: String, auftraege: [UUID])] = []
    public private(set) var fehlschlaege: [Fehlschlag] = []
    /// `erledigt` calls that were accepted (one per job, unless retried by an operator).
    public private(set) var erledigtMeldungen = 0
    /// Reports of workers that no longer held the job.
    public private(set) var veralteteMeldungen = 0

    public init(uhr: any Uhr = SystemUhr()) {
        self.uhr = uhr
    }

    // MARK: - Test controls

    /// Writes a job for `fall` (as the case store does in the case's transaction) and keeps the
    /// case (and Betrieb) so that claims hand out its latest state.
    @discardableResult
    public func einstellen(
        _ fall: Fall, art: Ablageauftragsart, version: Int? = nil, betrieb: BetriebZustand? = nil
    ) -> Ablageauftrag {
        faelle[fall.id] = fall
        if let betrieb { betriebe[fall.betriebId] = betrieb }
        let jetzt = uhr.jetzt()
        let auftrag = Ablageauftrag(
            id: UUID(), gemeindeschluessel: fall.gemeindeschluessel, fallId: fall.id, art: art,
            version: version ?? fall.aktuell.version, status: .ausstehend, versuche: 0, naechsterVersuch: jetzt,
            letzterFehler: nil, erstelltAm: jetzt, erledigtAm: nil)
        eintraege[auftrag.id] = Eintrag(auftrag: auftrag, worker: nil, gesperrtBis: nil, dokumente: [])
        reihenfolge.append(auftrag.id)
        return auftrag
    }

    /// Replaces the stored case (e.g. after a Berichtigung) without writing a job.
    public func aktualisiere(_ fall: Fall) { faelle[fall.id] = fall }

    /// While `true`, every call of the port throws (database unreachable).
    public func setUnavailable(_ unavailable: Bool) { self.unavailable = unavailable }

    /// Puts a parked (or failed) job back: `ausstehend`, due now, attempts reset.
    public func erneutVersuchen(_ id: UUID) {
        guard var eintrag = eintraege[id], eintrag.auftrag.status != .erledigt else { return }
        eintrag.auftrag.status = .ausstehend
        eintrag.auftrag.versuche = 0
        eintrag.auftrag.naechsterVersuch = uhr.jetzt()
        eintrag.worker = nil
        eintrag.gesperrtBis = nil
        eintraege[id] = eintrag
    }

    // MARK: - Reads

    public func eintrag(_ id: UUID) -> Eintrag? { eintraege[id] }
    public func auftrag(_ id: UUID) -> Ablageauftrag? { eintraege[id]?.auftrag }
    /// All jobs in the order they were written.
    public func auftraege() -> [Ablageauftrag] { reihenfolge.compactMap { eintraege[$0]?.auftrag } }
    public func anzahl(_ status: Ablageauftragsstatus) -> Int {
        eintraege.values.filter { $0.auftrag.status == status }.count
    }

    /// The filing state of a case as the case store derives it from its jobs.
    public func ablagestatus(fallId: UUID) -> Ablagestatus {
        let jobs = eintraege.values.filter { $0.auftrag.fallId == fallId }.map(\.auftrag.status)
        if jobs.contains(.geparkt) { return .geparkt }
        if jobs.contains(where: { $0 == .ausstehend || $0 == .inArbeit }) { return .ausstehend }
        return .abgelegt
    }

    // MARK: - AblageauftragQueue

    struct NichtErreichbar: Error, CustomStringConvertible {
        var description: String { "Ablage-Outbox nicht erreichbar (Testmodus)" }
    }

    public func beanspruche(anzahl: Int, worker: String, sperrdauer: Duration) async throws -> [Ablagevorlage] {
        if unavailable { throw NichtErreichbar() }
        let jetzt = uhr.jetzt()
        let faellig = reihenfolge.compactMap { eintraege[$0] }.filter { eintrag in
            switch eintrag.auftrag.status {
            case .ausstehend: eintrag.auftrag.naechsterVersuch <= jetzt
            case .inArbeit: (eintrag.gesperrtBis ?? .distantPast) <= jetzt
            case .erledigt, .geparkt: false
            }
        }
        .sorted {
            ($0.auftrag.naechsterVersuch, $0.auftrag.erstelltAm) < ($1.auftrag.naechsterVersuch, $1.auftrag.erstelltAm)
        }
        let teile = sperrdauer.components
        let bis = jetzt.addingTimeInterval(Double(teile.seconds) + Double(teile.attoseconds) / 1e18)
        var vorlagen: [Ablagevorlage] = []
        for var eintrag in faellig.prefix(max(0, anzahl)) {
            eintrag.auftrag.status = .inArbeit
            eintrag.worker = worker
            eintrag.gesperrtBis = bis
            eintraege[eintrag.auftrag.id] = eintrag
            guard let fall = faelle[eintrag.auftrag.fallId] else { continue }
            vorlagen.append(Ablagevorlage(auftrag: eintrag.auftrag, fall: fall, betrieb: betriebe[fall.betriebId]))
        }
        beanspruchungen.append((worker, vorlagen.map(\.auftrag.id)))
        return vorlagen
    }

    public func erledigt(
        _ auftrag: Ablageauftrag, worker: String, akte: EAkteObjektID, vorgang: EAkteObjektID,
        dokumente: [AbgelegtesDokument]
    ) async throws {
        if unavailable { throw NichtErreichbar() }
        guard var eintrag = eintraege[auftrag.id], eintrag.auftrag.status == .inArbeit, eintrag.worker == worker else {
            veralteteMeldungen += 1
            return
        }
        eintrag.auftrag.status = .erledigt
        eintrag.auftrag.erledigtAm = uhr.jetzt()
        eintrag.gesperrtBis = nil
        eintrag.akte = akte
        eintrag.vorgang = vorgang
        eintrag.dokumente = dokumente
        eintraege[auftrag.id] = eintrag
        erledigtMeldungen += 1
    }

    public func fehlgeschlagen(
        _ auftrag: Ablageauftrag, worker: String, fehler: String, dauerhaft: Bool, naechsterVersuch: Date, parken: Bool
    ) async throws {
        if unavailable { throw NichtErreichbar() }
        guard var eintrag = eintraege[auftrag.id], eintrag.auftrag.status == .inArbeit, eintrag.worker == worker else {
            veralteteMeldungen += 1
            return
        }
        eintrag.auftrag.status = parken ? .geparkt : .ausstehend
        eintrag.auftrag.versuche += 1
        if dauerhaft { eintrag.auftrag.dauerhafteFehlschlaege += 1 }
        eintrag.auftrag.letzterFehler = fehler
        eintrag.auftrag.naechsterVersuch = naechsterVersuch
        eintrag.worker = nil
        eintrag.gesperrtBis = nil
        eintraege[auftrag.id] = eintrag
        fehlschlaege.append(
            Fehlschlag(
                auftragId: auftrag.id, worker: worker, fehler: fehler, am: uhr.jetzt(),
                naechsterVersuch: naechsterVersuch, parken: parken))
    }
}
