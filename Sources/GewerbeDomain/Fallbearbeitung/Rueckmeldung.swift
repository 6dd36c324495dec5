import Foundation

/// The Rueckmeldeverfahren (since 1 November 2025): an accepted Anmeldung "Verlegung aus anderem
/// Meldebezirk" whose `herkunft` names a municipality of this instance ends the former Betrieb
/// there, in the same transaction. The Abmeldung of
/// ``Lebenszyklus/rueckmeldungsAbmeldung(anmeldung:alterBetrieb:eingang:)`` becomes a case of the
/// former municipality (own Aktenzeichen, `ausloesendeAnzeigeId`, audit event by the system,
/// filing job). The former Betrieb is the one `herkunft.betriebId` names if it is open there, else
/// the only open Betrieb at the former Betriebsstaette with the same person or firm. When that
/// fails (or the municipality is not in this instance, or the built Abmeldung has `fehler`), a
/// pending Rueckmeldung is recorded for the office that has to act.
public enum Rueckmeldung {
    /// The decision after the Anmeldung `anmeldung` was stored.
    public enum Beschluss: Sendable, Hashable {
        /// Nothing can be done here: record it as pending.
        case offen(Rueckmeldungsvermerk)
        /// Store the Abmeldung at the former municipality, then record it as done
        /// (``ausgefuehrt(_:abmeldung:vermerkId:)``).
        case abmelden(NeuerFall)
    }

    /// Decides the Rueckmeldung from what the submission's read found (``Einreichung/Lage``).
    public static func entscheide(
        anmeldung: Fall, lage: Einreichung.Lage, ausgeloestVon: Akteur, heute: Datum, jetzt: Date,
        einstellungen: Pruefeinstellungen, vermerkId: UUID, abmeldungId: UUID
    ) -> Beschluss {
        let anzeige = anmeldung.anzeige
        let genannt = anzeige.herkunft?.gemeindeschluessel?.nichtLeer
        func offen(_ ags: String, _ grund: String, _ meldung: String) -> Beschluss {
            .offen(
                vermerk(
                    id: vermerkId, ags: ags, grund: grund, meldung: meldung, anmeldung: anmeldung,
                    herkunftAGS: genannt, abmeldung: nil, jetzt: jetzt))
        }
        guard let herkunft = Einreichung.herkunftAGS(anzeige) else {
            return offen(
                anmeldung.gemeindeschluessel, "herkunft_fehlt",
                "Die Anmeldung meldet eine Verlegung aus einem anderen Meldebezirk, nennt aber keine gültige frühere Gemeinde; die Rückmeldung an die frühere Stelle ist von Hand zu veranlassen."
            )
        }
        guard lage.herkunftInInstanz else {
            return offen(
                anmeldung.gemeindeschluessel, "gemeinde_nicht_in_instanz",
                "Die frühere Gemeinde \(herkunft) wird nicht in diesem Verfahren geführt; die Rückmeldung ist ihr auf anderem Weg zu übermitteln."
            )
        }
        let kandidaten = lage.herkunft.filter { $0.ags == herkunft && $0.zustand != nil }
        let gewaehlt: GespeicherterBetrieb
        if let id = anzeige.herkunft?.betriebId, let treffer = kandidaten.first(where: { $0.id == id }) {
            gewaehlt = treffer
        } else if kandidaten.count == 1 {
            gewaehlt = kandidaten[0]
        } else if kandidaten.count > 1 {
            return offen(
                herkunft, "betrieb_mehrdeutig",
                "An der früheren Betriebsstätte sind mehrere passende Betriebe angemeldet; der abzumeldende Betrieb ist zu bestimmen."
            )
        } else {
            return offen(
                herkunft, "betrieb_nicht_gefunden",
                "Der verlegte Betrieb wurde im Register der früheren Gemeinde nicht gefunden; er ist von Hand zu bestimmen und abzumelden."
            )
        }
        guard let alterZustand = gewaehlt.zustand else { return offen(herkunft, "betrieb_nicht_gefunden", "") }
        let eingang = anzeige.eingangsdatum ?? heute
        let abmeldung = Lebenszyklus.rueckmeldungsAbmeldung(
            anmeldung: anzeige, alterBetrieb: alterZustand, eingang: eingang)
        let kontext = Pruefkontext(
            heute: heute, zustaendigeGemeinden: [herkunft], betrieb: .bekannt(alterZustand),
            einstellungen: einstellungen)
        let ergebnis = Pruefer.pruefe(abmeldung, kontext: kontext)
        let neuerZustand: BetriebZustand
        do throws(LebenszyklusVerstoss) {
            guard ergebnis.istAnnehmbar else {
                throw LebenszyklusVerstoss(
                    regel: ergebnis.fehler.first?.regel ?? "",
                    meldung: ergebnis.fehler.map { "\($0.regel) \($0.feldpfad): \($0.meldung)" }.joined(separator: "; ")
                )
            }
            neuerZustand = try Lebenszyklus.anwenden(abmeldung, auf: alterZustand, betriebId: gewaehlt.id)
        } catch {
            return offen(
                herkunft, "abmeldung_unzulaessig", "Die Abmeldung aus dem Register ist nicht zulässig: \(error.meldung)"
            )
        }
        let system = Akteur(tokenId: nil, bezeichnung: Akteur.system.bezeichnung, rolle: .system, kommunen: [herkunft])
        return .abmelden(
            NeuerFall(
                id: abmeldungId, ags: herkunft, eingang: abmeldung.eingangsdatum ?? heute, betriebId: gewaehlt.id,
                position: gewaehlt.anzahlFaelle + 1, anzeige: abmeldung,
                anzeigeJSON: String(decoding: abmeldung.json(), as: UTF8.self), hinweise: ergebnis.hinweise,
                betrieb: neuerZustand, jetzt: jetzt, akteur: system, ausloesend: anmeldung.id, idempotenz: nil,
                audit: Einreichung.neuerFallAudit(
                    ags: herkunft, akteur: Auditakteur(system), aktion: "anzeige.rueckmeldung", fallId: abmeldungId,
                    anzeige: abmeldung, betriebId: gewaehlt.id,
                    details: [
                        "ausloesendes_aktenzeichen": .text(anmeldung.aktenzeichen),
                        "ausloesende_anzeige_id": .text(anmeldung.id.lowercased),
                        "ausgeloest_von": .text(ausgeloestVon.bezeichnung),
                    ])))
    }

    /// The record of a Rueckmeldung done: the Abmeldung `abmeldung` was stored at the former office.
    public static func ausgefuehrt(
        _ anmeldung: Fall, abmeldung: Fall, vermerkId: UUID, jetzt: Date
    )
        -> Rueckmeldungsvermerk
    {
        vermerk(
            id: vermerkId, ags: abmeldung.gemeindeschluessel, grund: "ausgefuehrt",
            meldung: "Abmeldung \(abmeldung.aktenzeichen) aus dem Register erstellt (Rückmeldeverfahren).",
            anmeldung: anmeldung, herkunftAGS: abmeldung.gemeindeschluessel, abmeldung: abmeldung.id, jetzt: jetzt)
    }

    static func vermerk(
        id: UUID, ags: String, grund: String, meldung: String, anmeldung: Fall, herkunftAGS: String?,
        abmeldung: UUID?, jetzt: Date
    ) -> Rueckmeldungsvermerk {
        Rueckmeldungsvermerk(
            id: id, ags: ags, grund: grund, meldung: meldung, anmeldung: anmeldung, herkunftAGS: herkunftAGS,
            abmeldungFallId: abmeldung, jetzt: jetzt,
            audit: Auditereignis(
                ags: ags, akteur: .system, aktion: abmeldung == nil ? "rueckmeldung.offen" : "rueckmeldung.ausgefuehrt",
                objektTyp: "rueckmeldung", objektId: id.lowercased,
                details: Auditwert.objekt([
                    "grund": grund, "anmeldung": anmeldung.aktenzeichen, "herkunft": herkunftAGS,
                    "abmeldung_fall_id": abmeldung?.lowercased,
                ]).alsObjekt))
    }
}
