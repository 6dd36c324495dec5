import Foundation
import GewerbeDomain
import GewerbeTestSupport

/// The flower shop after its Abmeldung (for "nothing after Ab").
func blumenladenAbgemeldet() -> BetriebZustand {
    try! Lebenszyklus.zustand(
        betriebId: Beispielanzeigen.betriebIdBlumenladen,
        anzeigen: [Beispielanzeigen.blumenladenAnmeldung, Beispielanzeigen.ummeldung, Beispielanzeigen.abmeldung])!
}

/// Rows for the lifecycle rules (GEW-LZ-*); GEW-LZ-003 to -006 need the Betrieb looked up.
enum RegelfaelleLebenszyklus {
    static let faelle: [Regelfall] = [
        feuert("GEW-LZ-001", .fehler, "betriebId", feld: nil, "Ummeldung ohne Betrieb", basis: .ummeldung) {
            $0.betriebId = nil
        },
        feuert("GEW-LZ-001", .fehler, "betriebId", feld: nil, "Abmeldung ohne Betrieb", basis: .abmeldung) {
            $0.betriebId = nil
        },
        still("GEW-LZ-001", "Anmeldung ohne Betrieb"),

        feuert("GEW-LZ-002", .fehler, "betriebId", feld: nil, "Anmeldung mit betriebId") {
            $0.betriebId = Beispielanzeigen.betriebIdBlumenladen
        },
        still("GEW-LZ-002", "Ummeldung mit betriebId", basis: .ummeldung),
        still("GEW-LZ-002", "Verlegung nennt den alten Betrieb nur in herkunft", basis: .verlegung),

        feuert(
            "GEW-LZ-003", .fehler, "betriebId", feld: nil, "Ummeldung eines unbekannten Betriebs", basis: .ummeldung,
            kontext: Beispielanzeigen.kontext(betrieb: .unbekannt)),
        feuert(
            "GEW-LZ-003", .fehler, "betriebId", feld: nil, "Abmeldung ohne Anmeldung", basis: .abmeldung,
            kontext: Beispielanzeigen.kontext(betrieb: .unbekannt)),
        still("GEW-LZ-003", "Betrieb nicht nachgeschlagen (gewerbe validate)", basis: .abmeldung),
        still("GEW-LZ-003", "Betrieb bekannt", basis: .abmeldung, kontext: kontextBlumenladen(nachUmmeldung: true)),

        feuert(
            "GEW-LZ-004", .fehler, "betriebId", feld: nil, "Ummeldung nach der Abmeldung", basis: .ummeldung,
            kontext: Beispielanzeigen.kontext(betrieb: .bekannt(blumenladenAbgemeldet()))),
        feuert(
            "GEW-LZ-004", .fehler, "betriebId", feld: nil, "zweite Abmeldung", basis: .abmeldung,
            kontext: Beispielanzeigen.kontext(betrieb: .bekannt(blumenladenAbgemeldet()))),
        still(
            "GEW-LZ-004", "Abmeldung eines offenen Betriebs", basis: .abmeldung,
            kontext: kontextBlumenladen(nachUmmeldung: true)),

        feuert(
            "GEW-LZ-005", .fehler, "gemeindeschluessel", feld: nil, "Ummeldung bei der falschen Gemeinde",
            basis: .ummeldung,
            kontext: kontextBlumenladen()
        ) {
            $0.gemeindeschluessel = Beispielanzeigen.sontra.ags
        },
        still(
            "GEW-LZ-005", "Ummeldung bei der Gemeinde des Betriebs", basis: .ummeldung, kontext: kontextBlumenladen()),

        feuert(
            "GEW-LZ-006", .fehler, "datumAufgabe", feld: 20, "Aufgabe vor dem Beginn", basis: .abmeldung,
            kontext: kontextBlumenladen(nachUmmeldung: true)
        ) {
            $0.datumAufgabe = datum("2021-03-31")
        },
        feuert(
            "GEW-LZ-006", .fehler, "datumAenderung", feld: 21, "Änderung vor dem Beginn", basis: .ummeldung,
            kontext: kontextBlumenladen()
        ) {
            $0.datumAenderung = datum("2020-12-31")
        },
        still(
            "GEW-LZ-006", "Aufgabe am Tag des Beginns", basis: .abmeldung,
            kontext: kontextBlumenladen(nachUmmeldung: true)
        ) {
            $0.datumAufgabe = datum("2021-04-01")
        },

        feuert(
            "GEW-LZ-007", .hinweis, "betriebsstaette", feld: 15,
            "dieselbe Person ist an der Betriebsstätte schon angemeldet",
            kontext: Beispielanzeigen.kontext(aehnlicheBetriebe: [
                Beispielanzeigen.blumenladenZustand(nachUmmeldung: false)
            ])),
        still(
            "GEW-LZ-007", "ähnlicher Betrieb ist abgemeldet",
            kontext: Beispielanzeigen.kontext(aehnlicheBetriebe: [blumenladenAbgemeldet()])),

        feuert(
            "GEW-LZ-008", .hinweis, "datumAenderung", feld: 21, "Änderung vor der letzten Ummeldung", basis: .ummeldung,
            kontext: kontextBlumenladen(nachUmmeldung: true)
        ) {
            $0.datumAenderung = datum("2026-11-15")
        },
        still(
            "GEW-LZ-008", "Änderung am Tag der letzten Ummeldung", basis: .ummeldung,
            kontext: kontextBlumenladen(nachUmmeldung: true)),
    ]
}
