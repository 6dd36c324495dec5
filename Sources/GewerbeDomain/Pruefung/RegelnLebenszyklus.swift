import Foundation

/// The lifecycle of a Betrieb (see ``Lebenszyklus``): which Anzeige may follow which.
enum RegelnLebenszyklus {
    static let quelle = "§ 14 Abs. 1 GewO; § 1 GewAnzV"

    /// Runs ``Lebenszyklus/verstoesse(_:nach:)`` when the Betrieb was looked up and reports the
    /// violations of one rule id.
    static func verstoss(_ regel: String, _ pfad: String) -> @Sendable (Anzeige, Pruefkontext) -> [Treffer] {
        { anzeige, kontext in
            let zustand: BetriebZustand?
            switch kontext.betrieb {
            case .nichtGeprueft: return []
            case .unbekannt: zustand = nil
            case .bekannt(let gefunden): zustand = gefunden
            }
            if anzeige.meldeart == .anmeldung { return [] }
            return Lebenszyklus.verstoesse(anzeige, nach: zustand).filter { $0.regel == regel }.map {
                Treffer(pfad, $0.meldung)
            }
        }
    }

    static let alle: [Regel] = [
        Regel(
            "GEW-LZ-001", "Um- und Abmeldung nennen den Betrieb",
            rechtsgrundlage: quelle + " (GewA 2/3 beziehen sich auf einen angemeldeten Betrieb)",
            schwere: .fehler, meldearten: [.ummeldung, .abmeldung], feld: .kopf, feldpfad: "betriebId"
        ) { anzeige, _ in
            anzeige.betriebId == nil
                ? [
                    Treffer(
                        "betriebId", "Anzugeben ist, welcher angemeldete Betrieb um- bzw. abgemeldet wird (betriebId).")
                ] : []
        },
        Regel(
            "GEW-LZ-002", "Anmeldung eröffnet einen neuen Betrieb", rechtsgrundlage: quelle + " (Anlage 1: Beginn)",
            schwere: .fehler, meldearten: [.anmeldung], feld: .kopf, feldpfad: "betriebId"
        ) { anzeige, _ in
            anzeige.betriebId != nil
                ? [
                    Treffer(
                        "betriebId",
                        "Eine Anmeldung eröffnet einen neuen Betrieb; eine betriebId darf sie nicht tragen (Änderungen eines bestehenden Betriebs: Ummeldung)."
                    )
                ]
                : []
        },
        Regel(
            "GEW-LZ-003", "Betrieb ist angemeldet", rechtsgrundlage: quelle, schwere: .fehler,
            meldearten: [.ummeldung, .abmeldung], feld: .kopf, feldpfad: "betriebId",
            pruefung: verstoss("GEW-LZ-003", "betriebId")
        ),
        Regel(
            "GEW-LZ-004", "Nach der Abmeldung nur eine neue Anmeldung",
            rechtsgrundlage: quelle + " (Anlage 3: „Die Wiederaufnahme ist erneut anzuzeigen“)",
            schwere: .fehler, meldearten: [.ummeldung, .abmeldung], feld: .kopf, feldpfad: "betriebId",
            pruefung: verstoss("GEW-LZ-004", "betriebId")
        ),
        Regel(
            "GEW-LZ-005", "Betrieb derselben Gemeinde",
            rechtsgrundlage: quelle + "; § 14 Abs. 1 Satz 1 GewO (zuständige Behörde)",
            schwere: .fehler, meldearten: [.ummeldung, .abmeldung], feld: .kopf, feldpfad: "gemeindeschluessel",
            pruefung: verstoss("GEW-LZ-005", "gemeindeschluessel")
        ),
        Regel(
            "GEW-LZ-006", "Änderung/Aufgabe nicht vor dem Beginn", rechtsgrundlage: quelle,
            schwere: .fehler, meldearten: [.ummeldung, .abmeldung], feld: .ereignisdatum,
            feldpfad: "datumAenderung | datumAufgabe"
        ) { anzeige, kontext in
            let (name, feld) = anzeige.ereignisdatumFeld
            return verstoss("GEW-LZ-006", name)(anzeige, kontext).map { Treffer($0.pfad, $0.meldung, feld: feld) }
        },
        Regel(
            "GEW-LZ-007", "Mögliche Doppelanmeldung",
            rechtsgrundlage: quelle
                + " (ein Betrieb wird einmal angemeldet; Statistik zählt Doppelmeldungen sonst doppelt)",
            schwere: .hinweis, meldearten: [.anmeldung], feld: .betriebsstaette, feldpfad: "betriebsstaette"
        ) { _, kontext in
            kontext.aehnlicheBetriebe.filter { $0.status == .offen }.map { betrieb in
                Treffer(
                    "betriebsstaette",
                    "An dieser Betriebsstätte ist für dieselbe Person bereits der Betrieb „\(betrieb.name)“ (\(betrieb.betriebId.lowercased)) angemeldet; handelt es sich um eine Ummeldung?"
                )
            }
        },
        Regel(
            "GEW-LZ-008", "Änderung nicht vor der letzten Änderung", rechtsgrundlage: quelle,
            schwere: .hinweis, meldearten: [.ummeldung], feld: .datumAenderung, feldpfad: "datumAenderung"
        ) { anzeige, kontext in
            guard let datum = anzeige.datumAenderung, let letzte = kontext.betriebZustand?.letzteAenderung,
                datum < letzte
            else {
                return []
            }
            return [
                Treffer(
                    "datumAenderung",
                    "Das Datum der Änderung (\(datum.deutsch)) liegt vor der letzten Ummeldung (\(letzte.deutsch)); bitte prüfen."
                )
            ]
        },
    ]
}
