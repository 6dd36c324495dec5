import Foundation
import GewerbeDomain
import GewerbeTestSupport
import Testing

/// The Fallspeicher contract (``FallspeicherVertrag``), run against the in-memory twin (the
/// PostgreSQL adapter runs the same checks in its own test target).
@Suite("Fallspeicher-Vertrag: InMemoryFallspeicher")
struct InMemoryVertragTests {
    @Test(arguments: FallspeicherVertrag.namen)
    func vertrag(_ name: String) async throws {
        try await FallspeicherVertrag.pruefe(name) { InMemoryFallspeicher() }
    }

    @Test func beispielanzeigenSindFehlerfrei() {
        let heute = FallspeicherVertrag.start
        let kontext = Pruefkontext(heute: heute, zustaendigeGemeinden: [FallspeicherVertrag.sontra])
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
        let uhr = TestUhr(heute: FallspeicherVertrag.start)
        let speicher = InMemoryFallspeicher()
        let repo = Fallbearbeitung(speicher: speicher, uhr: uhr)
        let akteur = FallspeicherVertrag.sbSontra
        guard
            case .angenommen(let fall, _) = try await repo.einreichen(
                Testanzeigen.anmeldung(eingang: FallspeicherVertrag.start), akteur: akteur, idempotenzSchluessel: nil)
        else {
            Issue.record("nicht angenommen")
            return
        }
        _ = try await repo.fall(id: fall.id, akteur: akteur)
        let anfrage = Auskunftsanfrage(art: .einfach, name: "Weiß", anfragender: "Max Muster")
        _ = try await repo.auskunft(anfrage, akteur: akteur)
        let auskuenfte = await speicher.auskunftsprotokoll()
        #expect(auskuenfte.count == 1)
        #expect(auskuenfte.first?.anfrage == anfrage)
        #expect(auskuenfte.first?.akteur == akteur.bezeichnung)
        let aktionen = await speicher.protokoll().map(\.aktion)
        #expect(aktionen == ["anzeige.einreichen", "fall.lesen", "auskunft.erteilen"])
    }
}
