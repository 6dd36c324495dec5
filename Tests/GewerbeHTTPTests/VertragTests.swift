import Foundation
import GewerbeDomain
import GewerbeTestSupport
import Testing

/// The FallRepository contract, run against the in-memory twin (the PostgreSQL adapter runs the
/// same checks in its own test target).
@Suite("FallRepository-Vertrag: InMemoryFallRepository")
struct InMemoryVertragTests {
    @Test(arguments: FallRepositoryVertrag.namen)
    func vertrag(_ name: String) async throws {
        try await FallRepositoryVertrag.pruefe(name) { uhr in InMemoryFallRepository(uhr: uhr) }
    }

    @Test func beispielanzeigenSindFehlerfrei() {
        let heute = FallRepositoryVertrag.start
        let kontext = Pruefkontext(heute: heute, zustaendigeGemeinden: [FallRepositoryVertrag.sontra])
        let id = UUID()
        for anzeige in [
            Testanzeigen.anmeldung(eingang: heute), Testanzeigen.ummeldung(betriebId: id, eingang: heute),
            Testanzeigen.abmeldung(betriebId: id, eingang: heute),
        ] {
            let ergebnis = Pruefer.pruefe(anzeige, kontext: kontext)
            #expect(
                ergebnis.fehler.isEmpty,
                "\(anzeige.meldeart): \(ergebnis.fehler.map { "\($0.regel) \($0.feldpfad): \($0.meldung)" })")
        }
    }

    /// Twin-specific: every Auskunft and every read lands in the logs the twin exposes.
    @Test func auskunftUndLesenWerdenProtokolliert() async throws {
        let uhr = TestUhr(heute: FallRepositoryVertrag.start)
        let repo = InMemoryFallRepository(uhr: uhr)
        let akteur = FallRepositoryVertrag.sbSontra
        guard
            case .angenommen(let fall, _) = try await repo.einreichen(
                Testanzeigen.anmeldung(eingang: FallRepositoryVertrag.start), akteur: akteur, idempotenzSchluessel: nil)
        else { Issue.record("nicht angenommen"); return }
        _ = try await repo.fall(id: fall.id, akteur: akteur)
        let anfrage = Auskunftsanfrage(art: .einfach, name: "Weiß", anfragender: "Max Muster")
        _ = try await repo.auskunft(anfrage, akteur: akteur)
        let auskuenfte = await repo.auskunftsprotokoll()
        #expect(auskuenfte.count == 1)
        #expect(auskuenfte.first?.anfrage == anfrage)
        #expect(auskuenfte.first?.akteur == akteur.bezeichnung)
        let aktionen = await repo.protokoll().map(\.aktion)
        #expect(aktionen == ["einreichen", "fall lesen", "auskunft einfach"])
    }
}
