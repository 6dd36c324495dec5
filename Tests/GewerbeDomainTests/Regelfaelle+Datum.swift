import Foundation
import GewerbeDomain
import GewerbeTestSupport

/// Rows for the date rules (GEW-DAT-*). "heute" is 2026-11-20; the default thresholds are 14
/// days (hinweis), 92 days (fehler) ahead and 7 days late.
enum RegelfaelleDatum {
    static let faelle: [Regelfall] = [
        feuert("GEW-DAT-001", .fehler, "beginn", feld: 20, "Beginn 93 Tage in der Zukunft") {
            $0.beginn = Beispielanzeigen.heute.plusTage(93)
        },
        feuert(
            "GEW-DAT-001", .fehler, "datumAenderung", feld: 21, "Änderung 100 Tage in der Zukunft", basis: .ummeldung
        ) {
            $0.datumAenderung = Beispielanzeigen.heute.plusTage(100)
        },
        feuert("GEW-DAT-001", .fehler, "datumAufgabe", feld: 20, "Aufgabe ein Jahr im Voraus", basis: .abmeldung) {
            $0.datumAufgabe = datum("2027-11-30")
        },
        still("GEW-DAT-001", "Beginn genau 92 Tage in der Zukunft") { $0.beginn = Beispielanzeigen.heute.plusTage(92) },

        feuert("GEW-DAT-002", .hinweis, "beginn", feld: 20, "Beginn 15 Tage in der Zukunft") {
            $0.beginn = Beispielanzeigen.heute.plusTage(15)
        },
        still("GEW-DAT-002", "Beginn 14 Tage in der Zukunft") { $0.beginn = Beispielanzeigen.heute.plusTage(14) },
        still("GEW-DAT-002", "Beginn 93 Tage in der Zukunft (dann Fehler GEW-DAT-001)") {
            $0.beginn = Beispielanzeigen.heute.plusTage(93)
        },
        still("GEW-DAT-002", "Abmeldung 30 Tage im Voraus", basis: .abmeldung) {
            $0.datumAufgabe = datum("2026-12-20")
        },

        feuert("GEW-DAT-003", .hinweis, "beginn", feld: 20, "Anmeldung 19 Tage nach Beginn") {
            $0.beginn = datum("2026-11-01")
        },
        feuert(
            "GEW-DAT-003", .hinweis, "datumAufgabe", feld: 20, "Abmeldung ein halbes Jahr zu spät", basis: .abmeldung
        ) {
            $0.datumAufgabe = datum("2026-05-31")
        },
        feuert("GEW-DAT-003", .hinweis, "datumAenderung", feld: 21, "Ummeldung 8 Tage zu spät", basis: .ummeldung) {
            $0.datumAenderung = datum("2026-11-12")
        },
        still("GEW-DAT-003", "Anmeldung 7 Tage nach Beginn") { $0.beginn = datum("2026-11-13") },
        still("GEW-DAT-003", "Abmeldung von Amts wegen darf später liegen", basis: .abmeldung) {
            $0.datumAufgabe = datum("2026-05-31")
            $0.vonAmtsWegen = true
            $0.eingangskanal = .vonAmtsWegen
        },
        still("GEW-DAT-003", "Abmeldung aus dem Rückmeldeverfahren", basis: .abmeldung) {
            $0.datumAufgabe = datum("2026-05-31")
            $0.eingangskanal = .rueckmeldung
        },

        feuert("GEW-DAT-004", .fehler, "eingangsdatum", feld: nil, "Eingang morgen") {
            $0.eingangsdatum = Beispielanzeigen.heute.plusTage(1)
            $0.datumUnterschrift = nil
            $0.eingangskanal = .online
        },
        still("GEW-DAT-004", "Eingang heute"),

        feuert("GEW-DAT-005", .fehler, "datumUnterschrift", feld: 32, "unterschrieben nach dem Eingang") {
            $0.eingangsdatum = datum("2026-11-19")
        },
        feuert(
            "GEW-DAT-005", .fehler, "datumUnterschrift", feld: 29, "Abmeldung unterschrieben in der Zukunft",
            basis: .abmeldung
        ) {
            $0.datumUnterschrift = datum("2026-11-30")
        },
        still("GEW-DAT-005", "unterschrieben am Tag vor dem Eingang") { $0.datumUnterschrift = datum("2026-11-19") },

        feuert(
            "GEW-DAT-006", .fehler, "handwerkskarte.ausgestelltAm", feld: 29, "Handwerkskarte von morgen",
            basis: .handwerk
        ) {
            $0.handwerkskarte?.ausgestelltAm = Beispielanzeigen.heute.plusTage(1)
        },
        feuert(
            "GEW-DAT-006", .fehler, "personen[0].aufenthaltstitel.ausgestelltAm", feld: 30, "Aufenthaltstitel von 1899"
        ) {
            $0.person {
                $0.staatsangehoerigkeiten = ["163"]
                var titel = titelOhneAuflage
                titel.ausgestelltAm = datum("1899-01-01")
                $0.aufenthaltstitel = titel
            }
        },
        feuert(
            "GEW-DAT-006", .fehler, "personen[0].genehmigungFamiliengericht.ausgestelltAm", feld: 8,
            "Genehmigung des Familiengerichts in der Zukunft"
        ) {
            $0.person {
                $0.geburtsdatum = datum("2010-06-01")
                $0.genehmigungFamiliengericht = Nachweis(
                    liegtVor: true, ausgestelltAm: datum("2027-01-01"), ausgestelltVon: "AG Eschwege")
            }
        },
        feuert(
            "GEW-DAT-006", .fehler, "erlaubnis.ausgestelltAm", feld: 25, "Erlaubnis von morgen (GewA 2)",
            basis: .ummeldung
        ) {
            var erlaubnis = erlaubnisMakler
            erlaubnis.ausgestelltAm = Beispielanzeigen.heute.plusTage(1)
            $0.erlaubnis = erlaubnis
        },
        still("GEW-DAT-006", "Handwerkskarte von heute", basis: .handwerk) {
            $0.handwerkskarte?.ausgestelltAm = Beispielanzeigen.heute
        },

        feuert("GEW-DAT-007", .fehler, "beginn", feld: 20, "Beginn 1899") { $0.beginn = datum("1899-12-31") },
        feuert("GEW-DAT-007", .fehler, "datumAufgabe", feld: 20, "Aufgabe im Jahr 1026 (Tippfehler)", basis: .abmeldung)
        {
            $0.datumAufgabe = datum("1026-11-30")
        },
        still("GEW-DAT-007", "Beginn 1.1.1900") { $0.beginn = datum("1900-01-01") },

        feuert("GEW-DAT-008", .hinweis, "formularversion", feld: nil, "Vordruck 2019 im November 2026") {
            $0.formularversion = .v2019
        },
        still("GEW-DAT-008", "Vordruck 2019, eingegangen am 31.10.2025") {
            $0.formularversion = .v2019
            $0.eingangsdatum = datum("2025-10-31")
            $0.datumUnterschrift = datum("2025-10-31")
            $0.beginn = datum("2025-11-01")
        },
        still("GEW-DAT-008", "ohne Angabe gilt der Vordruck 2025") { $0.formularversion = nil },

        feuert("GEW-DAT-009", .fehler, "beginn", feld: 20, "Beginn vor der Geburt") {
            $0.beginn = datum("1984-03-16")
        },
        still("GEW-DAT-009", "Beginn am Tag der Geburt (dann GEW-PER-002)") { $0.beginn = datum("1984-03-17") },
    ]
}
