import Foundation
import GewerbeDomain
import GewerbePostgres
import GewerbeTestSupport
import PostgresNIO
import Testing

/// The Rueckmeldeverfahren between two municipalities of the group: the office service moves from
/// Sontra to Witzenhausen (the fixtures `schreibbueroSontraAnmeldung` and `verlegung`).
@Suite("Rueckmeldeverfahren")
struct RueckmeldungTests {
    typealias U = Fallumgebung

    /// The Betrieb in Sontra, registered in 2020.
    static func alterBetrieb(_ u: U) async throws -> Fall {
        try await u.angenommen(Beispielanzeigen.schreibbueroSontraAnmeldung, U.sbSontra)
    }

    static func verlegung(herkunft: Herkunft?) -> Anzeige {
        var anzeige = Beispielanzeigen.verlegung
        anzeige.herkunft = herkunft
        return anzeige
    }

    @Test func dieAnmeldungInWitzenhausenMeldetDenBetriebInSontraAb() async throws {
        try await U.mit { u in
            let alt = try await Self.alterBetrieb(u)
            let neu = try await u.angenommen(
                Self.verlegung(herkunft: Herkunft(gemeindeschluessel: U.sontra, betriebId: alt.betriebId)),
                U.sbWitzenhausen)
            #expect(neu.aktenzeichen == "06636016-2026-00001")

            let akte = try await u.repo.betrieb(id: alt.betriebId, akteur: U.sbSontra)
            #expect(akte.zustand?.status == .abgemeldet)
            #expect(akte.zustand?.ende == Datum(jahr: 2026, monat: 11, tag: 30), "Vortag des neuen Beginns")
            let abmeldung = try #require(akte.faelle.last)
            #expect(abmeldung.meldeart == .abmeldung)
            #expect(abmeldung.gemeindeschluessel == U.sontra)
            #expect(abmeldung.aktenzeichen == "06636011-2026-00001", "eigenes Aktenzeichen der alten Gemeinde")
            #expect(abmeldung.ausloesendeAnzeigeId == neu.id)
            #expect(abmeldung.anzeige.eingangskanal == .rueckmeldung)
            #expect(abmeldung.anzeige.grundAbmeldung == .verlegungInAnderenMeldebezirk)
            #expect(abmeldung.anzeige.kuenftigeBetriebsstaette == neu.anzeige.betriebsstaette)
            #expect(abmeldung.aktuell.erfasstVon == "system")

            // Witzenhausen's clerk cannot see Sontra's case, although their transaction wrote it.
            await erwarteFallFehler("nichtGefunden") {
                _ = try await u.repo.fall(id: abmeldung.id, akteur: U.sbWitzenhausen)
            }
            // Both municipalities' filing jobs, audit chains and the record of the Rueckmeldung.
            let (jobs, rueckmeldung, akteur) = try await u.database.withConnection { connection in
                (
                    try await connection.scalar(
                        "SELECT array_agg(ags::text || ':' || art ORDER BY ags, art) FROM ablageauftraege",
                        as: [String].self),
                    try await connection.scalar(
                        "SELECT ags::text || ' ' || status || ' ' || grund FROM rueckmeldungen", as: String.self),
                    try await connection.scalar(
                        """
                        SELECT actor_label || ' ' || (details->>'ausloesendes_aktenzeichen')
                        FROM audit_events WHERE action = 'anzeige.rueckmeldung'
                        """, as: String.self)
                )
            }
            #expect(jobs == ["\(U.sontra):anzeige", "\(U.sontra):anzeige", "\(U.witzenhausen):anzeige"])
            #expect(rueckmeldung == "\(U.sontra) ausgefuehrt ausgefuehrt")
            #expect(akteur == "system \(neu.aktenzeichen)")
            #expect(try await u.auditAktionen(U.witzenhausen) == ["anzeige.einreichen"])
            #expect(
                try await u.auditAktionen(U.sontra) == [
                    "anzeige.einreichen", "anzeige.rueckmeldung", "rueckmeldung.ausgefuehrt", "betrieb.lesen",
                ])
            #expect(try await u.repo.offeneRueckmeldungen(akteur: U.sbSontra).isEmpty)
            #expect(try await u.auditIntakt())
        }
    }

    @Test func ohneBetriebsIdFindetSichDerBetriebUeberAnschriftUndPerson() async throws {
        try await U.mit { u in
            let alt = try await Self.alterBetrieb(u)
            // Another open Betrieb in Sontra, elsewhere: not a candidate.
            _ = try await u.angenommen(U.anmeldung(), U.sbSontra)
            _ = try await u.angenommen(
                Self.verlegung(herkunft: Herkunft(gemeindeschluessel: U.sontra)), U.sbWitzenhausen)
            let akte = try await u.repo.betrieb(id: alt.betriebId, akteur: U.sbSontra)
            #expect(akte.zustand?.status == .abgemeldet)
            #expect(akte.faelle.count == 2)
        }
    }

    @Test func nichtGefundenWirdAlsOffeneRueckmeldungVermerkt() async throws {
        try await U.mit { u in
            let alt = try await Self.alterBetrieb(u)
            var verlegung = Self.verlegung(herkunft: Herkunft(gemeindeschluessel: U.sontra, betriebId: UUID()))
            verlegung.fruehereBetriebsstaette = Standort(
                anschrift: Anschrift(strasse: "Anderswo", hausnummer: "1", plz: "36205", ort: "Sontra"))
            let neu = try await u.angenommen(verlegung, U.sbWitzenhausen)
            #expect(try await u.repo.betrieb(id: alt.betriebId, akteur: U.sbSontra).zustand?.status == .offen)

            let offen = try await u.repo.offeneRueckmeldungen(akteur: U.sbSontra)
            #expect(offen.map(\.grund) == ["betrieb_nicht_gefunden"])
            #expect(offen.first?.anmeldungAktenzeichen == neu.aktenzeichen)
            #expect(offen.first?.herkunftGemeinde == U.sontra)
            #expect(try await u.repo.offeneRueckmeldungen(akteur: U.sbWitzenhausen).isEmpty, "Sache der alten Gemeinde")
            let id = try #require(offen.first?.id)
            #expect(try await u.repo.erledigeRueckmeldung(id: id, akteur: U.sbWitzenhausen) == false)
            #expect(try await u.repo.erledigeRueckmeldung(id: id, akteur: U.sbSontra))
            #expect(try await u.repo.offeneRueckmeldungen(akteur: U.sbSontra).isEmpty)
            #expect(try await u.auditAktionen(U.sontra).contains("rueckmeldung.erledigt"))
        }
    }

    @Test func mehrdeutigeKandidatenWerdenNichtGeraten() async throws {
        try await U.mit { u in
            let alt = try await Self.alterBetrieb(u)
            // A second Betrieb of the same person at the same address (a hint, not an error).
            var zweiter = Beispielanzeigen.schreibbueroSontraAnmeldung
            zweiter.geschaeftsbezeichnung = "Übersetzungsbüro Yılmaz"
            let zweit = try await u.angenommen(zweiter, U.sbSontra)
            _ = try await u.angenommen(
                Self.verlegung(herkunft: Herkunft(gemeindeschluessel: U.sontra)), U.sbWitzenhausen)
            #expect(try await u.repo.offeneRueckmeldungen(akteur: U.sbSontra).map(\.grund) == ["betrieb_mehrdeutig"])
            for id in [alt.betriebId, zweit.betriebId] {
                #expect(try await u.repo.betrieb(id: id, akteur: U.sbSontra).zustand?.status == .offen)
            }
        }
    }

    @Test func eineFremdeGemeindeErhaeltDieRueckmeldungAufAnderemWeg() async throws {
        try await U.mit { u in
            let neu = try await u.angenommen(
                Self.verlegung(herkunft: Herkunft(gemeindeschluessel: Beispielanzeigen.fremdeGemeinde.ags)),
                U.sbWitzenhausen)
            let offen = try await u.repo.offeneRueckmeldungen(akteur: U.sbWitzenhausen)
            #expect(offen.map(\.grund) == ["gemeinde_nicht_in_instanz"])
            #expect(offen.first?.gemeindeschluessel == U.witzenhausen)
            #expect(offen.first?.anmeldungFallId == neu.id)
            #expect(offen.first?.herkunftGemeinde == Beispielanzeigen.fremdeGemeinde.ags)
        }
    }

    @Test func eineUnzulaessigeAbmeldungWirdNichtGespeichert() async throws {
        try await U.mit { u in
            let alt = try await Self.alterBetrieb(u)
            // A new Beginn before the old one: the Abmeldung would end the Betrieb before it began.
            var verlegung = Self.verlegung(herkunft: Herkunft(gemeindeschluessel: U.sontra, betriebId: alt.betriebId))
            verlegung.beginn = Datum(jahr: 2020, monat: 1, tag: 15)
            verlegung.eingangsdatum = Datum(jahr: 2026, monat: 11, tag: 20)
            guard
                case .angenommen = try await u.repo.einreichen(
                    verlegung, akteur: U.sbWitzenhausen, idempotenzSchluessel: nil)
            else {
                Issue.record("die Anmeldung selbst (ein Beginn in der Vergangenheit) ist zulässig")
                return
            }
            #expect(try await u.repo.betrieb(id: alt.betriebId, akteur: U.sbSontra).zustand?.status == .offen)
            let offen = try await u.repo.offeneRueckmeldungen(akteur: U.sbSontra)
            #expect(offen.map(\.grund) == ["abmeldung_unzulaessig"])
            #expect(offen.first?.meldung.contains("GEW-LZ-006") == true)
        }
    }

    @Test func dieRuecknahmeDerAnmeldungNimmtDieAbmeldungInSontraZurueck() async throws {
        try await U.mit { u in
            let alt = try await Self.alterBetrieb(u)
            let neu = try await u.angenommen(
                Self.verlegung(herkunft: Herkunft(gemeindeschluessel: U.sontra, betriebId: alt.betriebId)),
                U.sbWitzenhausen)
            #expect(try await u.repo.betrieb(id: alt.betriebId, akteur: U.sbSontra).zustand?.status == .abgemeldet)

            // Witzenhausen finds the Anmeldung was erroneous (the business never moved) and withdraws it.
            let zurueck = try await u.repo.zuruecknehmen(
                fallId: neu.id, grund: "irrtümlich erfasst", ifMatch: neu.etag, akteur: U.sbWitzenhausen)
            #expect(zurueck.status == .zurueckgenommen)

            // Sontra's Betrieb is open again; the Abmeldung stays in its history, withdrawn, with the reason.
            let akte = try await u.repo.betrieb(id: alt.betriebId, akteur: U.sbSontra)
            #expect(akte.zustand?.status == .offen)
            #expect(akte.zustand?.ende == nil)
            let abmeldung = try #require(akte.faelle.last)
            #expect(abmeldung.meldeart == .abmeldung)
            #expect(abmeldung.status == .zurueckgenommen)
            #expect(abmeldung.ruecknahme?.von == "system")
            #expect(abmeldung.ruecknahme?.grund.contains(neu.aktenzeichen) == true)
            #expect(abmeldung.ruecknahme?.grund.contains("irrtümlich erfasst") == true)

            // Each municipality's own audit chain and eAkte get their part; Witzenhausen still sees nothing of Sontra.
            #expect(try await u.auditAktionen(U.witzenhausen) == ["anzeige.einreichen", "anzeige.zuruecknehmen"])
            #expect(try await u.auditAktionen(U.sontra).contains("anzeige.zuruecknehmen"))
            let jobs = try await u.database.withConnection { connection in
                try await connection.scalar(
                    "SELECT array_agg(ags::text || ':' || art ORDER BY ags, art) FROM ablageauftraege WHERE art = 'ruecknahme'",
                    as: [String].self)
            }
            #expect(jobs == ["\(U.sontra):ruecknahme", "\(U.witzenhausen):ruecknahme"])
            await erwarteFallFehler("nichtGefunden") {
                _ = try await u.repo.fall(id: abmeldung.id, akteur: U.sbWitzenhausen)
            }
            #expect(try await u.auditIntakt())

            // Sontra can record a real later move again: the Betrieb is open.
            let nochmal = try await u.angenommen(
                Self.verlegung(herkunft: Herkunft(gemeindeschluessel: U.sontra, betriebId: alt.betriebId)),
                U.sbWitzenhausen)
            #expect(nochmal.aktenzeichen == "06636016-2026-00002")
            #expect(try await u.repo.betrieb(id: alt.betriebId, akteur: U.sbSontra).zustand?.status == .abgemeldet)
        }
    }

    @Test func dieRuecknahmeEinerGewoehnlichenAnmeldungBeruehrtKeineAndereGemeinde() async throws {
        try await U.mit { u in
            let alt = try await Self.alterBetrieb(u)
            let andere = try await u.angenommen(U.anmeldung(), U.sbSontra)
            _ = try await u.repo.zuruecknehmen(
                fallId: andere.id, grund: "doppelt erfasst", ifMatch: andere.etag, akteur: U.sbSontra)
            #expect(try await u.repo.betrieb(id: alt.betriebId, akteur: U.sbSontra).zustand?.status == .offen)
            #expect(try await u.auditAktionen(U.witzenhausen).isEmpty)
        }
    }
}
