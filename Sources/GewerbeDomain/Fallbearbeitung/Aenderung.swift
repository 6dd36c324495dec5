import Foundation

/// The changes of a stored case: Berichtigung, Ruecknahme (with the Rueckmeldung it caused) and
/// Empfangsbescheinigung. Each decides on what the store loaded and returns the change to write.
public enum Aenderung {
    /// `If-Match` must name the case's current ETag (missing: 428, different: 412).
    public static func pruefeVorbedingung(_ ifMatch: String?, _ fall: Fall) throws(FallFehler) {
        guard let ifMatch = ifMatch?.nichtLeer else { throw .vorbedingungFehlt }
        let angegeben = ifMatch.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard angegeben.contains(fall.etag) else { throw .veraltet(aktuellesEtag: fall.etag) }
    }

    // MARK: - Berichtigung

    /// The decision of a Berichtigung: rejected with findings, or the change.
    public enum Berichtigung: Sendable, Hashable {
        case abgelehnt(Pruefergebnis)
        case angenommen(Fallaenderung)
    }

    /// A corrected Anzeige becomes a new version of the case (never an UPDATE of the old one).
    ///
    /// `If-Match` as ``pruefeVorbedingung(_:_:)``; a withdrawn case is ``FallFehler/konflikt(_:)``;
    /// a reason is required; Meldeart, AGS and (Um-/Abmeldung) Betrieb cannot change
    /// (``FallFehler/unzulaessig(_:)``); a missing `eingangsdatum` is the current version's. The
    /// rules run against the Betrieb as it stood before this case; if the Betrieb's later history
    /// no longer follows the ``Lebenszyklus``, ``FallFehler/konflikt(_:)``.
    public static func berichtige(
        _ lage: Aenderungslage, anzeige: Anzeige, grund: String, ifMatch: String?, sicht: Sicht, heute: Datum,
        jetzt: Date, einstellungen: Pruefeinstellungen
    ) throws(FallFehler) -> Berichtigung {
        var fall = lage.fall
        try pruefeVorbedingung(ifMatch, fall)
        guard fall.status == .wirksam else {
            throw .konflikt("Der Fall \(fall.aktenzeichen) ist zurückgenommen und kann nicht berichtigt werden.")
        }
        guard let grund = grund.nichtLeer else {
            throw .unzulaessig("Ein Grund für die Berichtigung ist anzugeben.")
        }
        var neu = anzeige
        if neu.eingangsdatum == nil { neu.eingangsdatum = fall.anzeige.eingangsdatum }
        guard neu.meldeart == fall.meldeart else {
            throw .unzulaessig(
                "Die Meldeart eines Falls kann nicht berichtigt werden (Fall: \(fall.meldeart.rawValue)); die Anzeige ist zurückzunehmen und neu einzureichen."
            )
        }
        try sicht.pruefeGemeinde(neu)
        if let ags = neu.gemeindeschluessel?.nichtLeer, ags != fall.gemeindeschluessel {
            throw .unzulaessig(
                "Die Gemeinde eines Falls (\(fall.gemeindeschluessel)) kann nicht berichtigt werden; die Anzeige ist zurückzunehmen und bei der zuständigen Gemeinde neu einzureichen."
            )
        }
        if fall.meldeart != .anmeldung, let betriebId = neu.betriebId, betriebId != fall.betriebId {
            throw .unzulaessig("Der Betrieb eines Falls kann nicht berichtigt werden.")
        }
        let position = lage.faelle.firstIndex { $0.id == fall.id } ?? lage.faelle.count
        let vorherige = lage.faelle[..<position].filter { $0.status == .wirksam }
        let zustandVorher: BetriebZustand?
        do throws(LebenszyklusVerstoss) {
            zustandVorher = try Lebenszyklus.zustand(betriebId: lage.betriebId, anzeigen: vorherige.map(\.anzeige))
        } catch {
            throw .konflikt(error.meldung)
        }
        let kontext = Pruefkontext(
            heute: heute, zustaendigeGemeinden: Set(sicht.kommunen),
            betrieb: zustandVorher.map { .bekannt($0) } ?? .unbekannt, einstellungen: einstellungen)
        let ergebnis = Pruefer.pruefe(neu, kontext: kontext)
        guard ergebnis.istAnnehmbar else { return .abgelehnt(ergebnis) }
        guard neu.eingangsdatum != nil else { throw .unzulaessig("Das Eingangsdatum ist erforderlich.") }

        let version = Fallversion(
            version: fall.versionen.count + 1, anzeige: neu, hinweise: ergebnis.hinweise, erfasstAm: jetzt,
            erfasstVon: sicht.akteur.bezeichnung, berichtigungsgrund: grund)
        fall.versionen.append(version)
        return .angenommen(
            Fallaenderung(
                fall: fall, neueVersion: true, betrieb: try betrieb(lage, mit: fall), auftrag: .berichtigung,
                akteur: sicht.akteur, jetzt: jetzt,
                audit: audit(
                    fall, sicht.akteur, "anzeige.berichtigen",
                    ["aktenzeichen": fall.aktenzeichen, "version": String(version.version), "grund": grund])))
    }

    // MARK: - Ruecknahme

    /// An erroneous case is withdrawn: `If-Match` as ``pruefeVorbedingung(_:_:)``, a reason is
    /// required, a second withdrawal is ``FallFehler/konflikt(_:)``. The Betrieb's state is derived
    /// anew from the remaining effective cases; if that history is invalid (an Anmeldung with later
    /// Ummeldungen), ``FallFehler/konflikt(_:)`` and nothing changes.
    public static func nimmZurueck(
        _ lage: Aenderungslage, grund: String, ifMatch: String?, akteur: Akteur, jetzt: Date
    ) throws(FallFehler) -> Fallaenderung {
        try pruefeVorbedingung(ifMatch, lage.fall)
        guard lage.fall.status == .wirksam else {
            throw .konflikt("Der Fall \(lage.fall.aktenzeichen) ist bereits zurückgenommen.")
        }
        guard let grund = grund.nichtLeer else { throw .unzulaessig("Ein Grund für die Rücknahme ist anzugeben.") }
        return try ruecknahme(lage, grund: grund, akteur: akteur, jetzt: jetzt, details: [:])
    }

    /// The municipality whose Abmeldung from the Rueckmeldeverfahren a withdrawn Anmeldung
    /// "Verlegung aus anderem Meldebezirk" takes back, if any.
    public static func folgeGemeinde(_ zurueckgenommen: Fall) -> String? {
        guard zurueckgenommen.meldeart == .anmeldung,
            let herkunft = zurueckgenommen.anzeige.herkunft?.gemeindeschluessel, AGS.istAchtstellig(herkunft),
            herkunft != zurueckgenommen.gemeindeschluessel
        else { return nil }
        return herkunft
    }

    /// The withdrawal of an Abmeldung that the withdrawn `anmeldung` caused (same transaction, by
    /// the system, with the reason), so that the Betrieb there is open again. `nil` when something
    /// followed the Abmeldung there: the former office decides; the withdrawal of `anmeldung` stands.
    public static func nimmFolgeZurueck(
        _ lage: Aenderungslage, anmeldung: Fall, grund: String, ausgeloestVon: Akteur, jetzt: Date
    ) -> Fallaenderung? {
        let system = Akteur(
            tokenId: nil, bezeichnung: Akteur.system.bezeichnung, rolle: .system, kommunen: [lage.betriebAGS])
        return try? ruecknahme(
            lage,
            grund: "Die auslösende Anmeldung \(anmeldung.aktenzeichen) (Verlegung) wurde zurückgenommen: \(grund)",
            akteur: system, jetzt: jetzt,
            details: [
                "ausloesendes_aktenzeichen": anmeldung.aktenzeichen, "ausgeloest_von": ausgeloestVon.bezeichnung,
            ])
    }

    static func ruecknahme(
        _ lage: Aenderungslage, grund: String, akteur: Akteur, jetzt: Date, details: [String: String]
    ) throws(FallFehler) -> Fallaenderung {
        var fall = lage.fall
        fall.status = .zurueckgenommen
        let betrieb = try betrieb(lage, mit: fall)
        fall.ruecknahme = Ruecknahme(grund: grund, am: jetzt, von: akteur.bezeichnung)
        var angaben = details
        angaben["aktenzeichen"] = fall.aktenzeichen
        angaben["grund"] = grund
        return Fallaenderung(
            fall: fall, neueVersion: false, betrieb: betrieb, auftrag: .ruecknahme, akteur: akteur, jetzt: jetzt,
            audit: audit(fall, akteur, "anzeige.zuruecknehmen", angaben))
    }

    // MARK: - Empfangsbescheinigung

    /// The Empfangsbescheinigung (section 15 Abs. 1 GewO), dated `am` or today: a second one or
    /// one on a withdrawn case is ``FallFehler/konflikt(_:)``; a date before the receipt or after
    /// today is ``FallFehler/unzulaessig(_:)``.
    public static func bescheinige(
        _ fall: Fall, am: Datum?, akteur: Akteur, heute: Datum, jetzt: Date
    ) throws(FallFehler) -> Fallaenderung {
        var fall = fall
        if let vorhanden = fall.empfangsbescheinigung {
            throw .konflikt(
                "Für den Fall \(fall.aktenzeichen) wurde die Empfangsbescheinigung bereits am \(vorhanden.ausgestelltAm.deutsch) ausgestellt."
            )
        }
        guard fall.status == .wirksam else { throw .konflikt("Der Fall \(fall.aktenzeichen) ist zurückgenommen.") }
        let datum = am ?? heute
        if let eingang = fall.anzeige.eingangsdatum, datum < eingang {
            throw .unzulaessig(
                "Die Empfangsbescheinigung kann nicht vor dem Eingang der Anzeige (\(eingang.deutsch)) ausgestellt sein."
            )
        }
        if datum > heute {
            throw .unzulaessig(
                "Die Empfangsbescheinigung kann nicht in der Zukunft (\(datum.deutsch)) ausgestellt sein.")
        }
        fall.empfangsbescheinigung = Empfangsbescheinigung(ausgestelltAm: datum, ausgestelltVon: akteur.bezeichnung)
        return Fallaenderung(
            fall: fall, neueVersion: false, betrieb: nil, auftrag: .empfangsbescheinigung, akteur: akteur,
            jetzt: jetzt,
            audit: audit(
                fall, akteur, "anzeige.empfangsbescheinigung",
                ["aktenzeichen": fall.aktenzeichen, "ausgestellt_am": datum.iso]))
    }

    // MARK: - Helpers

    /// The Betrieb's state from its effective cases with `geaendert` in place of its stored form;
    /// a history that no longer follows the lifecycle is a conflict.
    static func betrieb(_ lage: Aenderungslage, mit geaendert: Fall) throws(FallFehler) -> Betriebsaenderung {
        let wirksam = lage.faelle.map { $0.id == geaendert.id ? geaendert : $0 }.filter { $0.status == .wirksam }
        do throws(LebenszyklusVerstoss) {
            return Betriebsaenderung(
                ags: lage.betriebAGS, id: lage.betriebId,
                zustand: try Lebenszyklus.zustand(betriebId: lage.betriebId, anzeigen: wirksam.map(\.anzeige)),
                zuletzt: lage.faelle.first?.anzeige ?? lage.fall.anzeige)
        } catch {
            throw .konflikt(
                "Die übrige Geschichte des Betriebs wäre danach nicht mehr schlüssig (\(error.regel)): \(error.meldung)"
            )
        }
    }

    static func audit(
        _ fall: Fall, _ akteur: Akteur, _ aktion: String, _ details: [String: String]
    )
        -> Auditereignis
    {
        Auditereignis(
            ags: fall.gemeindeschluessel, akteur: Auditakteur(akteur), aktion: aktion, objektTyp: "fall",
            objektId: fall.id.lowercased, details: details.mapValues(Auditwert.text))
    }
}
