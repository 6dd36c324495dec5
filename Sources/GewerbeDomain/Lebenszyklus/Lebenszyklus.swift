import Foundation

/// Whether a Betrieb is running.
public enum Betriebsstatus: String, Sendable, Codable, Hashable, CaseIterable {
    /// Opened by an Anmeldung, not yet ended.
    case offen
    /// Ended by an Abmeldung (also one built by the Rueckmeldeverfahren).
    case abgemeldet
}

/// The state of a Betrieb as it follows from its effective Anzeigen (``Lebenszyklus/zustand``).
///
/// Persistence may keep this as a row for speed, but it is always derivable from the Anzeigen.
public struct BetriebZustand: Sendable, Hashable, Codable {
    public var betriebId: UUID
    public var gemeindeschluessel: String
    public var status: Betriebsstatus
    /// Beginn of the opening Anmeldung.
    public var beginn: Datum?
    /// Date of the latest Ummeldung, if any.
    public var letzteAenderung: Datum?
    /// Aufgabe date of the Abmeldung, once abgemeldet.
    public var ende: Datum?
    /// The current declared data: the Anmeldung with every later Ummeldung applied.
    public var angaben: Anzeige
    /// Number of effective Anzeigen folded into this state.
    public var anzahlAnzeigen: Int

    public init(
        betriebId: UUID, gemeindeschluessel: String, status: Betriebsstatus, beginn: Datum?,
        letzteAenderung: Datum?, ende: Datum?, angaben: Anzeige, anzahlAnzeigen: Int
    ) {
        self.betriebId = betriebId
        self.gemeindeschluessel = gemeindeschluessel
        self.status = status
        self.beginn = beginn
        self.letzteAenderung = letzteAenderung
        self.ende = ende
        self.angaben = angaben
        self.anzahlAnzeigen = anzahlAnzeigen
    }

    /// The name the Betrieb is known by.
    public var name: String { angaben.anzeigename }
}

/// Why an Anzeige cannot follow a Betrieb's history.
public struct LebenszyklusVerstoss: Error, Sendable, Hashable, CustomStringConvertible {
    public var regel: String
    public var meldung: String
    public init(regel: String, meldung: String) {
        self.regel = regel
        self.meldung = meldung
    }
    public var description: String { "\(regel): \(meldung)" }
}

/// The lifecycle of a Betrieb as pure functions over its history.
///
/// An Anmeldung opens a Betrieb; an Ummeldung or Abmeldung refers to an open Betrieb of the same
/// municipality; nothing follows an Abmeldung except a new Anmeldung (which opens a new Betrieb).
/// A move into another municipality is an Anmeldung there that yields an Abmeldung here, dated one
/// day before the new Beginn (Rueckmeldeverfahren, section 14 Abs. 1 GewO since 1 November 2025).
/// Persistence stores only what these functions decide.
public enum Lebenszyklus {
    /// The date from which the Rueckmeldeverfahren applies.
    public static let rueckmeldeverfahrenAb = Datum(jahr: 2025, monat: 11, tag: 1)!

    /// Checks whether `anzeige` may follow the Betrieb in state `zustand` (`nil`: no Betrieb yet).
    /// Returns the violations (empty when allowed). The same checks run as rules `GEW-LZ-*`.
    public static func verstoesse(_ anzeige: Anzeige, nach zustand: BetriebZustand?) -> [LebenszyklusVerstoss] {
        switch anzeige.meldeart {
        case .anmeldung:
            if zustand != nil {
                return [
                    LebenszyklusVerstoss(
                        regel: "GEW-LZ-002",
                        meldung: "Eine Anmeldung eröffnet einen neuen Betrieb und bezieht sich auf keinen bestehenden.")
                ]
            }
            return []
        case .ummeldung, .abmeldung:
            guard let zustand else {
                return [
                    LebenszyklusVerstoss(
                        regel: "GEW-LZ-003",
                        meldung:
                            "\(anzeige.meldeart.bezeichnung) ohne bestehenden Betrieb: zuerst ist eine Anmeldung nötig."
                    )
                ]
            }
            var result: [LebenszyklusVerstoss] = []
            if zustand.status == .abgemeldet {
                result.append(
                    LebenszyklusVerstoss(
                        regel: "GEW-LZ-004",
                        meldung:
                            "Der Betrieb ist seit \(zustand.ende?.deutsch ?? "?") abgemeldet; danach ist nur eine neue Anmeldung möglich."
                    ))
            }
            if let gemeinde = anzeige.gemeindeschluessel, gemeinde != zustand.gemeindeschluessel {
                result.append(
                    LebenszyklusVerstoss(
                        regel: "GEW-LZ-005",
                        meldung:
                            "Der Betrieb gehört zur Gemeinde \(zustand.gemeindeschluessel), die Anzeige nennt \(gemeinde). Eine Verlegung in eine andere Gemeinde ist dort eine Anmeldung."
                    ))
            }
            if let datum = anzeige.ereignisdatum, let beginn = zustand.beginn, datum < beginn {
                result.append(
                    LebenszyklusVerstoss(
                        regel: "GEW-LZ-006",
                        meldung:
                            "Das Datum \(datum.deutsch) liegt vor dem Beginn des Betriebs am \(beginn.deutsch)."))
            }
            return result
        }
    }

    /// The state after applying `anzeige` (which must be allowed, see ``verstoesse(_:nach:)``).
    ///
    /// - Anmeldung: opens the Betrieb with `betriebId`.
    /// - Ummeldung: every field the Ummeldung gives replaces the current one; its list of
    ///   activities (neu and weiterhin) replaces the current list.
    /// - Abmeldung: ends the Betrieb at the Aufgabe date.
    public static func anwenden(
        _ anzeige: Anzeige, auf zustand: BetriebZustand?, betriebId: UUID
    ) throws(LebenszyklusVerstoss)
        -> BetriebZustand
    {
        if let verstoss = verstoesse(anzeige, nach: zustand).first { throw verstoss }
        switch anzeige.meldeart {
        case .anmeldung:
            return BetriebZustand(
                betriebId: betriebId, gemeindeschluessel: anzeige.gemeindeschluessel ?? "", status: .offen,
                beginn: anzeige.beginn, letzteAenderung: nil, ende: nil, angaben: anzeige, anzahlAnzeigen: 1)
        case .ummeldung:
            var neu = zustand!
            neu.angaben = uebernehme(anzeige, in: neu.angaben)
            neu.letzteAenderung = anzeige.datumAenderung ?? neu.letzteAenderung
            neu.anzahlAnzeigen += 1
            return neu
        case .abmeldung:
            var neu = zustand!
            neu.status = .abgemeldet
            neu.ende = anzeige.datumAufgabe
            neu.anzahlAnzeigen += 1
            return neu
        }
    }

    /// Folds a Betrieb's effective Anzeigen (oldest first) into its state. Throws the first
    /// violation, naming the position of the offending Anzeige.
    public static func zustand(betriebId: UUID, anzeigen: [Anzeige]) throws(LebenszyklusVerstoss) -> BetriebZustand? {
        var zustand: BetriebZustand? = nil
        for (index, anzeige) in anzeigen.enumerated() {
            do {
                zustand = try anwenden(anzeige, auf: zustand, betriebId: betriebId)
            } catch {
                throw LebenszyklusVerstoss(regel: error.regel, meldung: "Anzeige Nr. \(index + 1): \(error.meldung)")
            }
        }
        return zustand
    }

    /// The current data after an Ummeldung: fields the Ummeldung gives replace the old ones.
    static func uebernehme(_ ummeldung: Anzeige, in alt: Anzeige) -> Anzeige {
        var neu = alt
        if let value = ummeldung.inhaber { neu.inhaber = value }
        if let value = ummeldung.geschaeftsbezeichnung { neu.geschaeftsbezeichnung = value }
        if let value = ummeldung.personen, !value.isEmpty { neu.personen = value }
        if let value = ummeldung.anzahlVertretungsberechtigte { neu.anzahlVertretungsberechtigte = value }
        if let value = ummeldung.beteiligungOeffentlicheHand { neu.beteiligungOeffentlicheHand = value }
        if let value = ummeldung.betriebsleiter { neu.betriebsleiter = value }
        if let value = ummeldung.betriebsstaette { neu.betriebsstaette = value }
        if let value = ummeldung.hauptniederlassung { neu.hauptniederlassung = value }
        if let value = ummeldung.taetigkeiten, !value.isEmpty {
            neu.taetigkeiten = value.map {
                var t = $0
                t.status = nil
                return t
            }
        }
        if let value = ummeldung.beschaeftigte { neu.beschaeftigte = value }
        if let value = ummeldung.niederlassungsart { neu.niederlassungsart = value }
        if let value = ummeldung.reisegewerbe { neu.reisegewerbe = value }
        if let value = ummeldung.erlaubnis { neu.erlaubnis = value }
        if let value = ummeldung.handwerkskarte { neu.handwerkskarte = value }
        return neu
    }

    /// Whether an Anmeldung triggers the Rueckmeldeverfahren: it declares a move from another
    /// Meldebezirk and reached the office on or after 1 November 2025.
    public static func loestRueckmeldungAus(_ anmeldung: Anzeige) -> Bool {
        guard anmeldung.meldeart == .anmeldung, anmeldung.grundAnmeldung == .verlegungAusAnderemMeldebezirk,
            let eingang = anmeldung.eingangsdatum ?? anmeldung.beginn
        else { return false }
        return eingang >= rueckmeldeverfahrenAb
    }

    /// The Abmeldung the former office builds from its own register data when a Betrieb moved
    /// away (Rueckmeldeverfahren): the current data of the old Betrieb, the new Betriebsstaette as
    /// kuenftige Betriebsstaette, Aufgabe one day before the new Beginn.
    public static func rueckmeldungsAbmeldung(
        anmeldung: Anzeige, alterBetrieb: BetriebZustand, eingang: Datum
    )
        -> Anzeige
    {
        let alt = alterBetrieb.angaben
        let aufgabe = anmeldung.beginn.map { $0.plusTage(-1) }
        return Anzeige(
            meldeart: .abmeldung, formularversion: .v2025, gemeindeschluessel: alterBetrieb.gemeindeschluessel,
            betriebId: alterBetrieb.betriebId, eingangsdatum: eingang, eingangskanal: .rueckmeldung,
            inhaber: alt.inhaber, geschaeftsbezeichnung: alt.geschaeftsbezeichnung, personen: alt.personen,
            anzahlVertretungsberechtigte: alt.anzahlVertretungsberechtigte,
            beteiligungOeffentlicheHand: alt.beteiligungOeffentlicheHand, betriebsleiter: alt.betriebsleiter,
            betriebsstaette: alt.betriebsstaette, hauptniederlassung: alt.hauptniederlassung,
            kuenftigeBetriebsstaette: anmeldung.betriebsstaette, taetigkeiten: alt.taetigkeiten,
            nebenerwerb: alt.nebenerwerb, datumAufgabe: aufgabe, betriebsart: alt.betriebsart,
            beschaeftigte: anmeldung.beschaeftigte ?? alt.beschaeftigte, niederlassungsart: alt.niederlassungsart,
            reisegewerbe: alt.reisegewerbe, grundAbmeldung: .verlegungInAnderenMeldebezirk,
            datumUnterschrift: nil, vonAmtsWegen: false)
    }
}
