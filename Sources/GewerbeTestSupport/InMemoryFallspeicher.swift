import Foundation
import GewerbeDomain
import Synchronization

/// In-memory twin of ``Fallspeicher`` for fast tests: plain storage, no rule. A ``vorgang(_:_:)``
/// works on a copy of the data under an exclusive lock and keeps it only if the body returns
/// (a thrown error rolls back). Queries are in ``Bestand`` (`InMemoryFallspeicher+Abfragen.swift`).
public final class InMemoryFallspeicher: Fallspeicher {
    /// One logged Registerauskunft.
    public struct Auskunftseintrag: Sendable, Hashable {
        public var auskunft: Registerauskunft
        public var anfrage: Auskunftsanfrage
        public var akteur: String
    }

    struct Betriebseintrag: Sendable {
        var ags: String
        var fallIds: [UUID]
        var zustand: BetriebZustand?
    }

    /// Everything stored.
    struct Bestand: Sendable {
        var kommunen: Set<String>
        var faelle: [UUID: Fall] = [:]
        var einreicher: [UUID: (token: UUID?, von: String)] = [:]
        var betriebe: [UUID: Betriebseintrag] = [:]
        var zaehler: [String: Int] = [:]
        var idempotenz: [String: (anzeigeJSON: String, fallId: UUID)] = [:]
        var protokoll: [Auditereignis] = []
        var auskuenfte: [Auskunftseintrag] = []
        var rueckmeldungen: [(vermerk: Rueckmeldungsvermerk, offen: Bool)] = []
        var uebermittlungssaetze: [Uebermittlungssatz] = []
        var uebermittlungen: [Uebermittlungsauftrag] = []
    }

    private let bestand: Mutex<Bestand>
    private let sperre = Sperre()

    /// - Parameter kommunen: the municipalities of the instance (the system's scope, the
    ///   Rueckmeldeverfahren's "in this instance").
    public init(kommunen: [String] = Beispielanzeigen.kommunen.map(\.ags)) {
        bestand = Mutex(Bestand(kommunen: Set(kommunen)))
    }

    public func alleKommunen() async throws -> [String] { bestand.withLock { $0.kommunen.sorted() } }

    public func vorgang<Ergebnis: Sendable>(
        _ art: Vorgangsart, _ body: @Sendable (any Fallvorgang) async throws -> Ergebnis
    ) async throws -> Ergebnis {
        await sperre.belegen()
        defer { sperre.freigeben() }
        let vorgang = Vorgang(bestand.withLock { $0 })
        let ergebnis = try await body(vorgang)
        let neu = vorgang.bestand.withLock { $0 }
        bestand.withLock { $0 = neu }
        return ergebnis
    }

    // MARK: Inspection for tests

    /// The audit trail so far, oldest first.
    public func protokoll() async -> [Auditereignis] { bestand.withLock { $0.protokoll } }
    /// Every Auskunft given so far, oldest first.
    public func auskunftsprotokoll() async -> [Auskunftseintrag] { bestand.withLock { $0.auskuenfte } }
    /// Every transmission job so far, in the order written.
    public func uebermittlungen() async -> [Uebermittlungsauftrag] { bestand.withLock { $0.uebermittlungen } }
    /// Every transmission Satz so far, in the order written.
    public func uebermittlungssaetze() async -> [Uebermittlungssatz] {
        bestand.withLock { $0.uebermittlungssaetze }
    }
    /// Number of stored cases (any municipality, any state).
    public func anzahlFaelle() async -> Int { bestand.withLock { $0.faelle.count } }

    /// One transaction: a copy of the data, changed in place.
    final class Vorgang: Fallvorgang {
        let bestand: Mutex<Bestand>
        init(_ bestand: Bestand) { self.bestand = Mutex(bestand) }

        func einreichungslage(_ abfrage: Einreichung.Abfrage) async throws -> Einreichung.Lage {
            bestand.withLock { $0.einreichungslage(abfrage) }
        }
        func fall(_ id: UUID, sicht: Sicht, sperren: Bool) async throws -> Fall? {
            bestand.withLock { $0.sichtbarerFall(id, sicht) }
        }
        func aenderungslage(_ id: UUID, sicht: Sicht) async throws -> Aenderungslage? {
            bestand.withLock { b in
                guard let fall = b.sichtbarerFall(id, sicht), let eintrag = b.betriebe[fall.betriebId] else {
                    return nil
                }
                let erster = b.uebermittlungssaetze.first { $0.fallId == fall.id }
                return Aenderungslage(
                    fall: fall, faelle: eintrag.fallIds.compactMap { b.faelle[$0] }, betriebAGS: eintrag.ags,
                    betriebId: fall.betriebId,
                    uebermittelt: b.uebermittlungen.filter { $0.satzId == erster?.id }.map(\.nachricht))
            }
        }
        func ausgeloesteFaelle(von ausloesend: UUID, ags: String) async throws -> [UUID] {
            bestand.withLock { b in
                b.faelle.values.filter {
                    $0.gemeindeschluessel == ags && $0.ausloesendeAnzeigeId == ausloesend && $0.status == .wirksam
                }.map(\.id)
            }
        }
        func setzeKommunen(_ kommunen: [String]) async throws {}

        func schreibe(_ neu: NeuerFall) async throws -> Fall {
            bestand.withLock { b in
                let zaehler = "\(neu.ags)|\(neu.eingang.jahr)"
                let nummer = (b.zaehler[zaehler] ?? 0) + 1
                b.zaehler[zaehler] = nummer
                let fall = neu.fall(
                    aktenzeichen: Aktenzeichen.format(gemeinde: neu.ags, jahr: neu.eingang.jahr, nummer: nummer))
                b.faelle[fall.id] = fall
                b.einreicher[fall.id] = (neu.akteur.tokenId, neu.akteur.bezeichnung)
                var eintrag = b.betriebe[neu.betriebId] ?? Betriebseintrag(ags: neu.ags, fallIds: [], zustand: nil)
                eintrag.fallIds.append(fall.id)
                eintrag.zustand = neu.betrieb
                b.betriebe[neu.betriebId] = eintrag
                if let schluessel = neu.idempotenz {
                    b.idempotenz["\(schluessel.kennung)|\(schluessel.schluessel)"] = (neu.anzeigeJSON, fall.id)
                }
                var audit = neu.audit
                audit.details["aktenzeichen"] = .text(fall.aktenzeichen)
                b.protokoll.append(audit)
                return fall
            }
        }
        func schreibe(_ aenderung: Fallaenderung) async throws -> Fall? {
            bestand.withLock { b in
                guard let gespeichert = b.faelle[aenderung.fall.id], gespeichert.revision == aenderung.fall.revision
                else { return nil }
                var fall = aenderung.fall
                fall.revision += 1
                fall.ablage = gespeichert.ablage == .geparkt ? .geparkt : .ausstehend
                b.faelle[fall.id] = fall
                if let betrieb = aenderung.betrieb { b.betriebe[betrieb.id]?.zustand = betrieb.zustand }
                if aenderung.uebermittlungEntfaellt {
                    for index in b.uebermittlungen.indices
                    where b.uebermittlungen[index].fallId == fall.id
                        && [.ausstehend, .abgewiesen, .geparkt].contains(b.uebermittlungen[index].status)
                    {
                        b.uebermittlungen[index].status = .entfallen
                    }
                }
                if let versand = aenderung.versand {
                    b.uebermittlungssaetze.append(versand.satz)
                    b.uebermittlungen += versand.auftraege
                }
                b.protokoll.append(aenderung.audit)
                return fall
            }
        }
        func revision(_ fall: Fall) async throws -> Int? { bestand.withLock { $0.faelle[fall.id]?.revision } }
        func vermerke(_ rueckmeldung: Rueckmeldungsvermerk) async throws {
            bestand.withLock {
                $0.rueckmeldungen.append((rueckmeldung, rueckmeldung.istOffen))
                $0.protokoll.append(rueckmeldung.audit)
            }
        }
        func vermerke(_ auskunft: Auskunftsvermerk) async throws {
            bestand.withLock {
                $0.auskuenfte.append(
                    Auskunftseintrag(
                        auskunft: auskunft.auskunft, anfrage: auskunft.anfrage, akteur: auskunft.akteur.bezeichnung))
                $0.protokoll += auskunft.zeilen.map(\.audit)
            }
        }
        func protokolliere(_ ereignisse: [Auditereignis]) async throws {
            bestand.withLock { $0.protokoll += ereignisse }
        }

        func faelle(
            _ filter: Fallfilter, kommunen: [String], sicht: Sicht, heute: Datum, nach: [String]?, limit: Int
        ) async throws -> [Fallzeile] {
            bestand.withLock {
                $0.faelle(filter, kommunen: kommunen, sicht: sicht, heute: heute, nach: nach, limit: limit)
            }
        }
        func betrieb(_ id: UUID, kommunen: [String]) async throws -> BetriebAkte? {
            bestand.withLock { b in
                guard let eintrag = b.betriebe[id], kommunen.contains(eintrag.ags) else { return nil }
                return BetriebAkte(
                    zustand: eintrag.zustand, betriebId: id, gemeindeschluessel: eintrag.ags,
                    faelle: eintrag.fallIds.compactMap { b.faelle[$0] })
            }
        }
        func suche(_ abfrage: Registerabfrage) async throws -> [Registerfund] { bestand.withLock { $0.suche(abfrage) } }
        func offeneRueckmeldungen(kommunen: [String]) async throws -> [OffeneRueckmeldung] {
            bestand.withLock { $0.offeneRueckmeldungen(kommunen) }
        }
        func erledigeRueckmeldung(_ id: UUID, kommunen: [String], akteur: Akteur, jetzt: Date) async throws -> String? {
            bestand.withLock { b in
                guard let i = b.rueckmeldungen.firstIndex(where: { $0.vermerk.id == id && $0.offen }),
                    kommunen.contains(b.rueckmeldungen[i].vermerk.ags)
                else { return nil }
                b.rueckmeldungen[i].offen = false
                return b.rueckmeldungen[i].vermerk.ags
            }
        }
    }
}

/// A lock for async code: one holder at a time, the others wait in order.
final class Sperre: Sendable {
    private let zustand = Mutex((belegt: false, wartende: [CheckedContinuation<Void, Never>]()))

    func belegen() async {
        await withCheckedContinuation { (fortsetzung: CheckedContinuation<Void, Never>) in
            let sofort = zustand.withLock { z -> Bool in
                if !z.belegt {
                    z.belegt = true
                    return true
                }
                z.wartende.append(fortsetzung)
                return false
            }
            if sofort { fortsetzung.resume() }
        }
    }

    func freigeben() {
        let naechster = zustand.withLock { z -> CheckedContinuation<Void, Never>? in
            guard !z.wartende.isEmpty else {
                z.belegt = false
                return nil
            }
            return z.wartende.removeFirst()
        }
        naechster?.resume()
    }
}
