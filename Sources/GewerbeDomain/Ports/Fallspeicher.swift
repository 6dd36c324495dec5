import Foundation

/// The case store: it only loads and writes, every operation in one transaction
/// (``vorgang(_:_:)``). What is written is decided by the use cases (``Fallbearbeitung``).
/// Implemented by the PostgreSQL adapter; an in-memory twin serves fast tests.
public protocol Fallspeicher: Sendable {
    /// The AGS of every municipality of the instance (the system actor's scope).
    func alleKommunen() async throws -> [String]

    /// Runs `body` in one transaction within `art`'s scope. A store may run `body` again after a
    /// deadlock, so `body` must have no effect outside the transaction.
    func vorgang<Ergebnis: Sendable>(
        _ art: Vorgangsart, _ body: @Sendable (any Fallvorgang) async throws -> Ergebnis
    ) async throws -> Ergebnis
}

/// How a transaction of the case store starts.
public struct Vorgangsart: Sendable, Hashable {
    /// The municipalities the transaction may read and write (row-level security in PostgreSQL).
    public var kommunen: [String]
    /// Who acts (a store may run reads of auditors under a read-only role).
    public var rolle: Rolle
    /// Whether the transaction only reads (its only write is its audit event).
    public var lesend: Bool
    /// A lock to take before any data is read (for an Idempotency-Key).
    public var sperre: String?

    public init(kommunen: [String], rolle: Rolle, lesend: Bool, sperre: String? = nil) {
        self.kommunen = kommunen
        self.rolle = rolle
        self.lesend = lesend
        self.sperre = sperre
    }
}

/// One transaction of the case store. Every read is limited to the municipalities of the
/// transaction and, where a ``Sicht`` is given, to what it sees.
public protocol Fallvorgang: Sendable {
    // MARK: Reads for decisions

    /// The one read of a submission (the named Betrieb and the former Betriebe locked).
    func einreichungslage(_ abfrage: Einreichung.Abfrage) async throws -> Einreichung.Lage

    /// A case visible in `sicht`, locked for change if `sperren`.
    func fall(_ id: UUID, sicht: Sicht, sperren: Bool) async throws -> Fall?

    /// A case visible in `sicht` with its Betrieb's history, the Betrieb locked.
    func aenderungslage(_ id: UUID, sicht: Sicht) async throws -> Aenderungslage?

    /// The effective cases of `ags` that the case `ausloesend` caused (Rueckmeldeverfahren).
    func ausgeloesteFaelle(von ausloesend: UUID, ags: String) async throws -> [UUID]

    /// Widens (or narrows back) the transaction's municipalities.
    func setzeKommunen(_ kommunen: [String]) async throws

    // MARK: Writes of decisions

    /// Writes a new case; returns it with its Aktenzeichen.
    func schreibe(_ neu: NeuerFall) async throws -> Fall
    /// Writes a change; returns the case with its new revision and filing state, or `nil` when its
    /// stored revision is no longer `aenderung.fall.revision`.
    func schreibe(_ aenderung: Fallaenderung) async throws -> Fall?
    /// The stored revision of a case (after a lost change).
    func revision(_ fall: Fall) async throws -> Int?
    func vermerke(_ rueckmeldung: Rueckmeldungsvermerk) async throws
    func vermerke(_ auskunft: Auskunftsvermerk) async throws
    func protokolliere(_ ereignisse: [Auditereignis]) async throws

    // MARK: Reads for lists and the register

    /// At most `limit` rows of the case list after `nach` (Eingangsdatum, Aktenzeichen), in that order.
    func faelle(
        _ filter: Fallfilter, kommunen: [String], sicht: Sicht, heute: Datum, nach: [String]?, limit: Int
    )
        async throws -> [Fallzeile]
    /// A Betrieb in `kommunen` with all its cases.
    func betrieb(_ id: UUID, kommunen: [String]) async throws -> BetriebAkte?
    /// At most `abfrage.limit` Betriebe matching, in register order (folded name, id).
    func suche(_ abfrage: Registerabfrage) async throws -> [Registerfund]
    /// Pending Rueckmeldungen of `kommunen`, oldest first, at most 500.
    func offeneRueckmeldungen(kommunen: [String]) async throws -> [OffeneRueckmeldung]
    /// Marks a pending Rueckmeldung as done; returns its municipality, or `nil` if it was not pending.
    func erledigeRueckmeldung(_ id: UUID, kommunen: [String], akteur: Akteur, jetzt: Date) async throws -> String?
}

/// The criteria of a register search as a store takes them (terms unfolded; a store folds them
/// with ``Registertext``).
public struct Registerabfrage: Sendable, Hashable {
    public var kommunen: [String]
    public var name: String?
    public var person: String?
    /// Firm, Geschaeftsbezeichnung or person (the Registerauskunft).
    public var nameOderPerson: String?
    public var anschrift: String?
    /// WZ code prefix, digits only.
    public var wz: String?
    public var status: Betriebsstatus?
    public var beginnVon: Datum?
    public var beginnBis: Datum?
    public var endeVon: Datum?
    public var endeBis: Datum?
    /// The register key (folded name, id) to continue after.
    public var nach: [String]?
    public var limit: Int
    /// Whether each hit carries the Betrieb's state (the Auskunft needs it, the list not).
    public var mitZustand: Bool

    public init(
        kommunen: [String], name: String? = nil, person: String? = nil, nameOderPerson: String? = nil,
        anschrift: String? = nil, wz: String? = nil, status: Betriebsstatus? = nil, beginnVon: Datum? = nil,
        beginnBis: Datum? = nil, endeVon: Datum? = nil, endeBis: Datum? = nil, nach: [String]? = nil, limit: Int,
        mitZustand: Bool
    ) {
        self.kommunen = kommunen
        self.name = name
        self.person = person
        self.nameOderPerson = nameOderPerson
        self.anschrift = anschrift
        self.wz = wz
        self.status = status
        self.beginnVon = beginnVon
        self.beginnBis = beginnBis
        self.endeVon = endeVon
        self.endeBis = endeBis
        self.nach = nach
        self.limit = limit
        self.mitZustand = mitZustand
    }
}

/// A Betrieb found by a register search.
public struct Registerfund: Sendable, Hashable {
    /// The folded name the register sorts by.
    public var sortname: String
    public var treffer: Registertreffer
    public var zustand: BetriebZustand?

    public init(sortname: String, treffer: Registertreffer, zustand: BetriebZustand?) {
        self.sortname = sortname
        self.treffer = treffer
        self.zustand = zustand
    }
}
