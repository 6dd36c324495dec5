import Foundation
import GewerbeDomain
import GewerbeTestSupport
import Testing

/// When a case causes XGewO messages and which (``Versandplanung``), and what the use cases
/// write with them (through the in-memory twin).
@Suite("Versandplanung")
struct VersandplanungTests {
    typealias T = FallbearbeitungTests
    static let jetzt = T.jetzt

    static func nummeriert() -> () -> UUID {
        var n = 0
        return {
            n += 1
            return UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", n))!
        }
    }

    static func lage(_ faelle: [Fall], _ index: Int, uebermittelt: [GeplanteNachricht] = []) -> Aenderungslage {
        Aenderungslage(
            fall: faelle[index], faelle: faelle, betriebAGS: T.waldkappel,
            betriebId: Beispielanzeigen.betriebIdBlumenladen,
            uebermittelt: uebermittelt)
    }

    @Test func anmeldungPlantJeEmpfaengerEineNachrichtInEinemSatz() throws {
        let fall = T.gespeichert(Beispielanzeigen.blumenladenAnmeldung)
        let versand = try #require(
            Versandplanung.beiEmpfangsbescheinigung(
                Self.lage([fall], 0), einstellungen: .init(), herkunftInInstanz: false, anhaltspunkteZoll: nil,
                jetzt: Self.jetzt, satzId: UUID(), neueId: Self.nummeriert()))
        let plan = Uebermittlung.plan(Uebermittlungslage(anzeige: fall.anzeige)).nachrichten
        #expect(versand.auftraege.map(\.nachricht) == plan)
        #expect(Set(versand.auftraege.map(\.id)).count == plan.count)
        #expect(versand.auftraege.allSatisfy { $0.satzId == versand.satz.id && $0.status == .ausstehend })
        #expect(versand.satz.nachrichtenart == .anmeldung && versand.satz.vorher == nil && versand.satz.nachher == nil)
        #expect(!plan.contains { $0.empfaenger == .zoll })
    }

    @Test func anhaltspunkteSetzenDasVerdachtsmoment() throws {
        let fall = T.gespeichert(Beispielanzeigen.blumenladenAnmeldung)
        let versand = try #require(
            Versandplanung.beiEmpfangsbescheinigung(
                Self.lage([fall], 0), einstellungen: .init(), herkunftInInstanz: false,
                anhaltspunkteZoll: "Scheinselbständigkeit vermutet", jetzt: Self.jetzt, satzId: UUID(),
                neueId: Self.nummeriert()))
        let zoll = try #require(versand.auftraege.first { $0.nachricht.empfaenger == .zoll })
        #expect(zoll.nachricht.verdachtsmoment == true)
        #expect(versand.satz.anhaltspunkteZoll == "Scheinselbständigkeit vermutet")
        // Blank text is no indication.
        let ohne = Versandplanung.beiEmpfangsbescheinigung(
            Self.lage([fall], 0), einstellungen: .init(), herkunftInInstanz: false, anhaltspunkteZoll: "  ",
            jetzt: Self.jetzt, satzId: UUID(), neueId: Self.nummeriert())
        #expect(ohne?.auftraege.contains { $0.nachricht.empfaenger == .zoll } == false)
    }

    @Test func ummeldungTraegtDenZustandDavorUndDanach() throws {
        let anmeldung = T.gespeichert(Beispielanzeigen.blumenladenAnmeldung)
        let ummeldung = T.gespeichert(Beispielanzeigen.ummeldung, id: UUID())
        let versand = try #require(
            Versandplanung.beiEmpfangsbescheinigung(
                Self.lage([anmeldung, ummeldung], 1), einstellungen: .init(), herkunftInInstanz: false,
                anhaltspunkteZoll: nil, jetzt: Self.jetzt, satzId: UUID(), neueId: Self.nummeriert()))
        #expect(versand.satz.nachrichtenart == .ummeldung)
        #expect(versand.satz.vorher == Beispielanzeigen.blumenladenAnmeldung)
        #expect(versand.satz.nachher == Beispielanzeigen.blumenladenZustand(nachUmmeldung: true).angaben)
        #expect(versand.satz.fallId == ummeldung.id && versand.satz.version == 1)
    }

    @Test func berichtigungOhneUebermittlungPlantNichts() {
        var fall = T.gespeichert(Beispielanzeigen.blumenladenAnmeldung)
        fall.versionen.append(
            Fallversion(
                version: 2, anzeige: Beispielanzeigen.blumenladenAnmeldung, hinweise: [], erfasstAm: Self.jetzt,
                erfasstVon: "sb", berichtigungsgrund: "Tippfehler"))
        #expect(
            Versandplanung.beiBerichtigung(Self.lage([fall], 0), jetzt: Self.jetzt, satzId: UUID(), neueId: { UUID() })
                == nil)
    }

    @Test func berichtigungNachUebermittlungSendetDatenaktualisierung() throws {
        var fall = T.gespeichert(Beispielanzeigen.blumenladenAnmeldung)
        var neu = Beispielanzeigen.blumenladenAnmeldung
        neu.geschaeftsbezeichnung = "Blumen Hartmann & Tochter"
        fall.versionen.append(
            Fallversion(
                version: 2, anzeige: neu, hinweise: [], erfasstAm: Self.jetzt, erfasstVon: "sb",
                berichtigungsgrund: "Tippfehler"))
        let erste = Uebermittlung.plan(Uebermittlungslage(anzeige: Beispielanzeigen.blumenladenAnmeldung)).nachrichten
        let versand = try #require(
            Versandplanung.beiBerichtigung(
                Self.lage([fall], 0, uebermittelt: erste), jetzt: Self.jetzt, satzId: UUID(), neueId: { UUID() }))
        #expect(versand.satz.nachrichtenart == .datenaktualisierung && versand.satz.version == 2)
        #expect(versand.satz.vorher == Beispielanzeigen.blumenladenAnmeldung)
        #expect(versand.auftraege.map(\.nachricht.empfaenger) == erste.map(\.empfaenger))
        #expect(versand.auftraege.allSatisfy { $0.nachricht.nachrichtenart == .datenaktualisierung })
    }

    // MARK: Through the use cases (in-memory twin)

    static func bearbeitung() -> (Fallbearbeitung, InMemoryFallspeicher) {
        let speicher = InMemoryFallspeicher()
        return (Fallbearbeitung(speicher: speicher, uhr: TestUhr(heute: Beispielanzeigen.heute)), speicher)
    }

    static func angenommen(_ b: Fallbearbeitung, _ anzeige: Anzeige) async throws -> Fall {
        guard case .angenommen(let fall, _) = try await b.einreichen(anzeige, akteur: T.sb, idempotenzSchluessel: nil)
        else { throw TestPeers.Failure("abgelehnt") }
        return fall
    }

    @Test func ablaufEmpfangsbescheinigungBerichtigungRuecknahme() async throws {
        let (b, speicher) = Self.bearbeitung()
        let fall = try await Self.angenommen(b, Beispielanzeigen.blumenladenAnmeldung)
        #expect(await speicher.uebermittlungen().isEmpty)
        let bescheinigt = try await b.bescheinigeEmpfang(fallId: fall.id, am: nil, akteur: T.sb)
        let erste = await speicher.uebermittlungen()
        #expect(!erste.isEmpty && erste.allSatisfy { $0.fallId == fall.id })
        let audit = await speicher.protokoll().last { $0.aktion == "anzeige.empfangsbescheinigung" }
        guard case .objekt(let details)? = audit?.details["uebermittlung"],
            case .liste(let liste)? = details["nachrichten"]
        else {
            Issue.record("Audit ohne Nachrichten")
            return
        }
        #expect(liste.count == erste.count)

        var neu = bescheinigt.anzeige
        neu.geschaeftsbezeichnung = "Blumen Hartmann & Tochter"
        guard
            case .angenommen(let berichtigt, _) = try await b.berichtigen(
                fallId: fall.id, anzeige: neu, grund: "Tippfehler", ifMatch: bescheinigt.etag, akteur: T.sb)
        else {
            Issue.record("Berichtigung abgelehnt")
            return
        }
        let saetze = await speicher.uebermittlungssaetze()
        #expect(saetze.map(\.nachrichtenart) == [.anmeldung, .datenaktualisierung])
        let alle = await speicher.uebermittlungen()
        #expect(alle.count == 2 * erste.count)

        _ = try await b.zuruecknehmen(fallId: fall.id, grund: "Irrtum", ifMatch: berichtigt.etag, akteur: T.sb)
        #expect(await speicher.uebermittlungen().allSatisfy { $0.status == .entfallen })
    }
}
