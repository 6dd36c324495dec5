import Foundation

/// The records of one month's statistics export, produced one by one while they are read
/// (docs/export-statistik.md): in the deterministic order of the export, municipality (AGS),
/// then Aktenzeichen. Single pass; valid only inside the closure of
/// ``StatistikQuelle/saetze(monat:kommunen:akteur:_:)`` that hands it out.
public struct Statistiksaetze: AsyncSequence {
    public typealias Element = Statistiksatz
    public typealias Failure = any Error

    /// Reads the next record, `nil` at the end.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var naechster: () async throws -> Statistiksatz?

        public mutating func next() async throws -> Statistiksatz? { try await naechster() }
    }

    private let iterator: AsyncIterator

    /// A sequence whose records come from `naechster` (called until it returns `nil`).
    public init(naechster: @escaping () async throws -> Statistiksatz?) {
        iterator = AsyncIterator(naechster: naechster)
    }

    /// The records of an array (in-memory sources, tests).
    public init(_ saetze: [Statistiksatz]) {
        var rest = saetze[...]
        self.init(naechster: { rest.popFirst() })
    }

    public func makeAsyncIterator() -> AsyncIterator { iterator }
}

/// The statistics office's access to the cases: streams the records of a month's
/// Gewerbeanzeigenstatistik (PostgreSQL adapter `PostgresStatistikQuelle`; an in-memory twin
/// in TestSupport).
///
/// Which case gives which record is decided by ``Statistikauswahl/satz(fuer:monat:zeitzone:)``
/// alone: an adapter may pre-select candidates (e.g. in SQL), but only as a superset, and runs
/// every candidate through it.
///
/// The cases handed out carry, in every version, only ``Anzeige/statistikauszug`` (the fields the
/// export reads) and no findings: data the statistical offices may not receive are not read.
public protocol StatistikQuelle: Sendable {
    /// Runs `verarbeite` with the records of `monat` for the municipalities `kommunen` (all of the
    /// actor's when `nil`; a municipality outside the actor's is never read), ordered by AGS and
    /// Aktenzeichen, and returns its result.
    ///
    /// The records are read while `verarbeite` consumes them (constant memory, whatever the
    /// month's size); the sequence must not escape the closure. When the closure returns, the
    /// export is recorded in the audit trail of each municipality: who, which month, which
    /// municipalities and how many records were read (also when the closure throws, marked as
    /// incomplete).
    ///
    /// - Throws: ``FallFehler/nichtBerechtigt(_:)`` when the actor may not export statistics (only
    ///   the roles `statistik` and `system` may) or names no municipality it may see.
    func saetze<Ergebnis: Sendable>(
        monat: Berichtsmonat, kommunen: [String]?, akteur: Akteur,
        _ verarbeite: (Statistiksaetze) async throws -> Ergebnis
    ) async throws -> Ergebnis
}

extension Statistikauswahl {
    /// The municipalities an export of `akteur` covers: `kommunen` if given (each must be one of
    /// the actor's), else all of the actor's; sorted. `alle` are the instance's municipalities,
    /// for the system actor, whose own list is empty.
    public static func kommunen(
        _ kommunen: [String]?, akteur: Akteur, alle: [String]
    ) throws(FallFehler) -> [String] {
        guard akteur.rolle == .statistik || akteur.rolle == .system else {
            throw .nichtBerechtigt("Die Rolle \(akteur.rolle.rawValue) darf die Statistik nicht exportieren.")
        }
        let erlaubt = akteur.rolle == .system ? Set(alle) : akteur.kommunen
        let gewuenscht = kommunen.map(Set.init) ?? erlaubt
        if let fremd = gewuenscht.subtracting(erlaubt).sorted().first {
            throw .nichtBerechtigt("Die Gemeinde \(fremd) gehört nicht zu diesem Zugang.")
        }
        guard !gewuenscht.isEmpty else {
            throw .nichtBerechtigt("Der Zugang ist für keine Gemeinde zugelassen.")
        }
        return gewuenscht.sorted()
    }
}
