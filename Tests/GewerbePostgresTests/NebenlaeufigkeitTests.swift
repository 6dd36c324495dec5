import Foundation
import GewerbeDomain
import GewerbePostgres
import GewerbeTestSupport
import PostgresNIO
import Testing

/// The acceptance test of issue 4: many parallel submissions for one municipality and one Betrieb
/// give gap-free, unique Aktenzeichen and a consistent Betrieb state.
@Suite("Case store under concurrency")
struct NebenlaeufigkeitTests {
    typealias U = Fallumgebung

    static let anzahl = 100

    @Test func hundertParalleleAnmeldungenErhaltenLueckenloseAktenzeichen() async throws {
        try await U.mit(verbindungen: 20) { u in
            let faelle = try await withThrowingTaskGroup(of: Fall.self) { gruppe in
                for nummer in 0..<Self.anzahl {
                    gruppe.addTask {
                        try await u.angenommen(
                            U.anmeldung(strasse: "Straße \(nummer)"),
                            nummer % 2 == 0 ? U.sbSontra : U.intake, schluessel: "anm-\(nummer)")
                    }
                }
                var alle: [Fall] = []
                for try await fall in gruppe { alle.append(fall) }
                return alle
            }
            let nummern = faelle.compactMap { Aktenzeichen.teile($0.aktenzeichen)?.nummer }.sorted()
            #expect(nummern == Array(1...Self.anzahl), "lückenlos und eindeutig")
            #expect(Set(faelle.map(\.betriebId)).count == Self.anzahl)
            let (zaehler, gespeichert) = try await u.database.withConnection { connection in
                (
                    try await connection.scalar(
                        "SELECT letzte_nummer FROM aktenzeichen_zaehler WHERE ags = \(U.sontra) AND jahr = 2026",
                        as: Int.self),
                    try await connection.scalar(
                        "SELECT array_agg(nummer ORDER BY nummer) FROM faelle WHERE ags = \(U.sontra)", as: [Int].self)
                )
            }
            #expect(zaehler == Self.anzahl)
            #expect(gespeichert == Array(1...Self.anzahl))
            #expect(try await u.auditIntakt())
        }
    }

    @Test func hundertParalleleUmmeldungenEinesBetriebsHaltenDenZustandSchluessig() async throws {
        try await U.mit(verbindungen: 20) { u in
            let anmeldung = try await u.angenommen(U.anmeldung())
            let ergebnisse = try await withThrowingTaskGroup(of: EinreichungsErgebnis.self) { gruppe in
                for nummer in 0..<Self.anzahl {
                    gruppe.addTask {
                        try await u.repo.einreichen(
                            U.ummeldung(anmeldung.betriebId, strasse: "Straße \(nummer)", tag: 2 + nummer % 5),
                            akteur: U.sbSontra, idempotenzSchluessel: nil)
                    }
                }
                var alle: [EinreichungsErgebnis] = []
                for try await ergebnis in gruppe { alle.append(ergebnis) }
                return alle
            }
            let angenommen = ergebnisse.compactMap { ergebnis -> Fall? in
                if case .angenommen(let fall, _) = ergebnis { return fall }
                return nil
            }
            #expect(angenommen.count == Self.anzahl, "keine Ummeldung geht verloren oder wird abgelehnt")
            let nummern = angenommen.compactMap { Aktenzeichen.teile($0.aktenzeichen)?.nummer }.sorted()
            #expect(nummern == Array(2...(Self.anzahl + 1)))

            let akte = try await u.repo.betrieb(id: anmeldung.betriebId, akteur: U.sbSontra)
            #expect(akte.faelle.count == Self.anzahl + 1)
            #expect(akte.zustand?.anzahlAnzeigen == Self.anzahl + 1)
            // The stored state is exactly the fold of the cases in their stored order ...
            let abgeleitet = try Lebenszyklus.zustand(
                betriebId: anmeldung.betriebId, anzeigen: akte.faelle.map(\.anzeige))
            #expect(akte.zustand == abgeleitet)
            // ... that order is the order of the Aktenzeichen (both assigned under the Betrieb's lock) ...
            let reihenfolge = akte.faelle.compactMap { Aktenzeichen.teile($0.aktenzeichen)?.nummer }
            #expect(reihenfolge == reihenfolge.sorted())
            // ... and the state reflects the last Ummeldung committed.
            #expect(
                akte.zustand?.angaben.betriebsstaette == akte.faelle.last?.anzeige.betriebsstaette)
            let (positionen, anzahlFaelle, revision) = try await u.database.withConnection { connection in
                (
                    try await connection.scalar(
                        "SELECT array_agg(position ORDER BY position) FROM faelle WHERE betrieb_id = \(anmeldung.betriebId)",
                        as: [Int].self),
                    try await connection.scalar(
                        "SELECT anzahl_faelle FROM betriebe WHERE id = \(anmeldung.betriebId)", as: Int.self),
                    try await connection.scalar(
                        "SELECT revision FROM betriebe WHERE id = \(anmeldung.betriebId)", as: Int.self)
                )
            }
            #expect(positionen == Array(1...(Self.anzahl + 1)))
            #expect(anzahlFaelle == Self.anzahl + 1)
            #expect(revision == Self.anzahl + 1)
            #expect(try await u.auditIntakt())
        }
    }

    @Test func eineAbmeldungMittenInParallelenUmmeldungenSchliesstDenBetriebSauber() async throws {
        try await U.mit(verbindungen: 20) { u in
            let anmeldung = try await u.angenommen(U.anmeldung())
            let ergebnisse = try await withThrowingTaskGroup(of: EinreichungsErgebnis.self) { gruppe in
                for nummer in 0..<40 {
                    gruppe.addTask {
                        let anzeige =
                            nummer == 20
                            ? U.abmeldung(anmeldung.betriebId)
                            : U.ummeldung(anmeldung.betriebId, strasse: "Straße \(nummer)")
                        return try await u.repo.einreichen(anzeige, akteur: U.sbSontra, idempotenzSchluessel: nil)
                    }
                }
                var alle: [EinreichungsErgebnis] = []
                for try await ergebnis in gruppe { alle.append(ergebnis) }
                return alle
            }
            var angenommen: [Fall] = []
            for ergebnis in ergebnisse {
                switch ergebnis {
                case .angenommen(let fall, _): angenommen.append(fall)
                case .abgelehnt(let pruefung):
                    #expect(pruefung.fehler.map(\.regel) == ["GEW-LZ-004"], "abgelehnt nur: nach der Abmeldung")
                }
            }
            #expect(angenommen.contains { $0.meldeart == .abmeldung })
            let akte = try await u.repo.betrieb(id: anmeldung.betriebId, akteur: U.sbSontra)
            #expect(akte.faelle.count == angenommen.count + 1)
            #expect(akte.faelle.last?.meldeart == .abmeldung, "nach der Abmeldung kam nichts mehr hinzu")
            #expect(akte.zustand?.status == .abgemeldet)
            #expect(
                akte.zustand
                    == (try Lebenszyklus.zustand(betriebId: anmeldung.betriebId, anzeigen: akte.faelle.map(\.anzeige))))
            let nummern = angenommen.compactMap { Aktenzeichen.teile($0.aktenzeichen)?.nummer }.sorted()
            #expect(nummern == Array(2...(angenommen.count + 1)), "Ablehnungen verbrauchen keine Nummer")
        }
    }
}
