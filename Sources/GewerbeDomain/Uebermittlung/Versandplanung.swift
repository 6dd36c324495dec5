import Foundation

/// When a case causes messages, and which (pure functions over what the use case loaded).
///
/// - **Empfangsbescheinigung.** The data go to the recipients "unverzueglich nach der
///   Empfangsbescheinigung" (section 3 Abs. 5 GewAnzV): certifying a case plans its messages
///   (``Uebermittlung/plan(_:regeln:)``) with the Betrieb's state before the case.
/// - **Berichtigung after transmission.** A correction of a case whose messages are planned
///   sends a Datenaktualisierung to the recipients of its first transmission
///   (``Uebermittlung/datenaktualisierung(nach:)``), the version before as the state before.
/// - **Ruecknahme.** Messages not yet sent are dropped (`entfallen`); messages already sent stay
///   (XGewO has no cancellation message; docs/uebermittlung.md, "Rücknahme").
public enum Versandplanung {
    /// The Satz and messages of a case certified now; `nil` when no rule chooses a recipient.
    /// - Parameters:
    ///   - lage: the case with its Betrieb's history (oldest first).
    ///   - herkunftInInstanz: whether the former municipality of a Verlegung is a tenant here.
    ///   - satzId: the new Satz UUID; `neueId` gives each message its UUID.
    public static func beiEmpfangsbescheinigung(
        _ lage: Aenderungslage, einstellungen: Uebermittlungseinstellungen, herkunftInInstanz: Bool,
        anhaltspunkteZoll: String?, jetzt: Date, satzId: UUID, neueId: () -> UUID
    ) -> Versand? {
        let fall = lage.fall
        let (vorher, nachher) = zustaende(lage)
        let plan = Uebermittlung.plan(
            Uebermittlungslage(
                anzeige: fall.anzeige, vorher: vorher, einstellungen: einstellungen,
                herkunftInInstanz: herkunftInInstanz, anhaltspunkteZoll: anhaltspunkteZoll?.nichtLeer))
        guard !plan.nachrichten.isEmpty else { return nil }
        let ummeldung = fall.meldeart == .ummeldung
        let satz = Uebermittlungssatz(
            id: satzId, gemeindeschluessel: fall.gemeindeschluessel, fallId: fall.id, version: fall.aktuell.version,
            nachrichtenart: Nachrichtenart(fall.meldeart), vorher: ummeldung ? vorher?.angaben : nil,
            nachher: ummeldung ? nachher?.angaben : nil, anhaltspunkteZoll: anhaltspunkteZoll?.nichtLeer,
            erstelltAm: jetzt)
        return versand(satz, plan.nachrichten, jetzt: jetzt, neueId: neueId)
    }

    /// The Datenaktualisierung after a Berichtigung of a case whose messages were planned;
    /// `nil` when none were (the corrected version goes out with the Empfangsbescheinigung).
    /// - Parameter lage: the case as corrected (its last version new) with its Betrieb's history.
    public static func beiBerichtigung(
        _ lage: Aenderungslage, jetzt: Date, satzId: UUID, neueId: () -> UUID
    ) -> Versand? {
        let fall = lage.fall
        let nachrichten = Uebermittlung.datenaktualisierung(nach: lage.uebermittelt)
        guard !nachrichten.isEmpty, fall.versionen.count >= 2 else { return nil }
        let zuvor = fall.versionen[fall.versionen.count - 2].anzeige
        let (_, nachher) = zustaende(lage)
        let satz = Uebermittlungssatz(
            id: satzId, gemeindeschluessel: fall.gemeindeschluessel, fallId: fall.id, version: fall.aktuell.version,
            nachrichtenart: .datenaktualisierung, vorher: zuvor,
            nachher: fall.meldeart == .ummeldung ? nachher?.angaben : nil, anhaltspunkteZoll: nil, erstelltAm: jetzt)
        return versand(satz, nachrichten, jetzt: jetzt, neueId: neueId)
    }

    static func versand(
        _ satz: Uebermittlungssatz, _ nachrichten: [GeplanteNachricht], jetzt: Date, neueId: () -> UUID
    ) -> Versand {
        Versand(
            satz: satz,
            auftraege: nachrichten.map {
                Uebermittlungsauftrag(
                    id: neueId(), gemeindeschluessel: satz.gemeindeschluessel, satzId: satz.id, fallId: satz.fallId,
                    nachricht: $0, naechsterVersuch: jetzt, erstelltAm: jetzt)
            })
    }

    /// The Betrieb's state before the case and with it, from the effective cases of its history
    /// (`nil` where the history does not fold, e.g. an Anmeldung has no state before).
    static func zustaende(_ lage: Aenderungslage) -> (vorher: BetriebZustand?, nachher: BetriebZustand?) {
        let wirksam = lage.faelle.filter { $0.status == .wirksam }
        guard let index = wirksam.firstIndex(where: { $0.id == lage.fall.id }) else { return (nil, nil) }
        let bis = wirksam[...index].map(\.anzeige)
        let vorher = try? Lebenszyklus.zustand(betriebId: lage.betriebId, anzeigen: Array(bis.dropLast()))
        let nachher = try? Lebenszyklus.zustand(betriebId: lage.betriebId, anzeigen: Array(bis))
        return (vorher ?? nil, nachher ?? nil)
    }
}

extension Fallaenderung {
    /// Names the planned messages in the change's audit event (type and message UUID each).
    mutating func protokolliereVersand() {
        guard let versand else { return }
        audit.details["uebermittlung"] = .objekt([
            "satz": .text(versand.satz.id.lowercased),
            "nachrichten": .liste(
                versand.auftraege.map {
                    .objekt(["typ": .text($0.nachricht.nachrichtentyp), "uuid": .text($0.id.lowercased)])
                }),
        ])
    }
}
