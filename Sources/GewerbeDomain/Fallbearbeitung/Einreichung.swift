import Foundation

/// The submission of an Anzeige (An-, Um- or Abmeldung): what to load, and the decision.
public enum Einreichung {
    /// What a store loads for a submission, in one read.
    public struct Abfrage: Sendable, Hashable {
        public var anzeige: Anzeige
        /// The canonical JSON of the Anzeige (the store compares it with an earlier submission's).
        public var anzeigeJSON: String
        public var sicht: Sicht
        public var idempotenz: Idempotenzschluessel?
        /// The Betrieb an Ummeldung or Abmeldung names (to be locked).
        public var betriebId: UUID?
        /// For an Anmeldung: open Betriebe in scope at this place (``Anschrift/vergleichsschluessel``)
        /// with one of these persons (``Registertext/vergleichsnamen(_:)``), at most 20, by id.
        public var ort: String?
        public var namen: [String]
        /// Rueckmeldeverfahren: the former municipality (a valid AGS) ...
        public var herkunftAGS: String?
        /// ... and, open there and to be locked, at most 2 Betriebe: the one with this id first, else
        /// those at this former place with one of `namen` or this firm name.
        public var herkunftBetriebId: UUID?
        public var fruehererOrt: String?
        public var firma: String?
    }

    /// What the store found.
    public struct Lage: Sendable {
        /// The case an earlier submission with the same key created, and whether its Anzeige
        /// equals this one.
        public var frueher: (fall: Fall, gleicheAnzeige: Bool)?
        public var betrieb: GespeicherterBetrieb?
        public var aehnliche: [BetriebZustand]
        /// Whether `herkunftAGS` is a municipality of this instance.
        public var herkunftInInstanz: Bool
        public var herkunft: [GespeicherterBetrieb]

        public init(
            frueher: (fall: Fall, gleicheAnzeige: Bool)? = nil, betrieb: GespeicherterBetrieb? = nil,
            aehnliche: [BetriebZustand] = [], herkunftInInstanz: Bool = false, herkunft: [GespeicherterBetrieb] = []
        ) {
            self.frueher = frueher
            self.betrieb = betrieb
            self.aehnliche = aehnliche
            self.herkunftInInstanz = herkunftInInstanz
            self.herkunft = herkunft
        }
    }

    /// The decision.
    public enum Beschluss: Sendable {
        /// The Idempotency-Key replays an earlier submission: answer with its case, record the replay.
        case wiederholt(Fall, Auditereignis)
        /// At least one `fehler`: nothing is stored.
        case abgelehnt(Pruefergebnis)
        /// Store the case; with `rueckmeldung` the Rueckmeldeverfahren follows (``Rueckmeldung``).
        case angenommen(NeuerFall, rueckmeldung: Bool)
    }

    /// What to load for `anzeige` submitted in `sicht` (with an optional Idempotency-Key).
    public static func abfrage(_ anzeige: Anzeige, sicht: Sicht, idempotenzSchluessel: String?) -> Abfrage {
        let anmeldung = anzeige.meldeart == .anmeldung
        let herkunft = herkunftAGS(anzeige)
        return Abfrage(
            anzeige: anzeige, anzeigeJSON: String(decoding: anzeige.json(), as: UTF8.self), sicht: sicht,
            idempotenz: idempotenzSchluessel?.nichtLeer.map {
                Idempotenzschluessel(kennung: sicht.idempotenzKennung, schluessel: $0)
            },
            betriebId: anmeldung ? nil : anzeige.betriebId,
            ort: anmeldung ? anzeige.betriebsstaette?.anschrift?.vergleichsschluessel : nil,
            namen: Registertext.vergleichsnamen(anzeige), herkunftAGS: herkunft,
            herkunftBetriebId: herkunft == nil ? nil : anzeige.herkunft?.betriebId,
            fruehererOrt: herkunft == nil ? nil : anzeige.fruehereBetriebsstaette?.anschrift?.vergleichsschluessel,
            firma: herkunft == nil ? nil : Registertext.vergleichsfirma(anzeige))
    }

    /// The former municipality the Rueckmeldeverfahren writes into (it joins the operation's
    /// scope), if the Anzeige triggers it and names a valid one.
    public static func herkunftAGS(_ anzeige: Anzeige) -> String? {
        guard Lebenszyklus.loestRueckmeldungAus(anzeige),
            let ags = anzeige.herkunft?.gemeindeschluessel?.nichtLeer, AGS.istAchtstellig(ags)
        else { return nil }
        return ags
    }

    /// Decides a submission: replay, rejection with every finding, or the new case.
    ///
    /// - An Idempotency-Key used before answers with that case if the Anzeige is the same,
    ///   ``FallFehler/idempotenzKonflikt`` if not.
    /// - A valid AGS outside the actor's municipalities is ``FallFehler/nichtBerechtigt(_:)``.
    /// - The rules (``Pruefer``) run with `heute`, the actor's municipalities, the Betrieb an
    ///   Um-/Abmeldung names (unknown if not found in scope) and similar open Betriebe.
    /// - An Anmeldung opens the Betrieb `neueBetriebId`; the Betrieb's new state follows the
    ///   ``Lebenszyklus`` (a violation is ``FallFehler/konflikt(_:)``).
    public static func entscheide(
        _ abfrage: Abfrage, lage: Lage, heute: Datum, jetzt: Date, einstellungen: Pruefeinstellungen,
        fallId: UUID, neueBetriebId: UUID
    ) throws(FallFehler) -> Beschluss {
        let anzeige = abfrage.anzeige
        let sicht = abfrage.sicht
        if let frueher = lage.frueher {
            guard frueher.gleicheAnzeige else { throw .idempotenzKonflikt }
            let fall = frueher.fall
            return .wiederholt(
                fall,
                Auditereignis(
                    ags: fall.gemeindeschluessel, akteur: Auditakteur(sicht.akteur), aktion: "anzeige.wiederholt",
                    objektTyp: "fall", objektId: fall.id.lowercased,
                    details: Auditwert.objekt([
                        "aktenzeichen": fall.aktenzeichen, "idempotency_key": abfrage.idempotenz?.schluessel,
                    ]).alsObjekt))
        }
        try sicht.pruefeGemeinde(anzeige)
        let anmeldung = anzeige.meldeart == .anmeldung
        let vorher = anmeldung ? nil : lage.betrieb?.zustand
        let kontext = Pruefkontext(
            heute: heute, zustaendigeGemeinden: Set(sicht.kommunen), betrieb: vorher.map { .bekannt($0) } ?? .unbekannt,
            aehnlicheBetriebe: lage.aehnliche, einstellungen: einstellungen)
        let ergebnis = Pruefer.pruefe(anzeige, kontext: kontext)
        guard ergebnis.istAnnehmbar else { return .abgelehnt(ergebnis) }

        let betriebId = anmeldung ? neueBetriebId : (anzeige.betriebId ?? neueBetriebId)
        let neuerZustand: BetriebZustand
        do throws(LebenszyklusVerstoss) {
            neuerZustand = try Lebenszyklus.anwenden(anzeige, auf: vorher, betriebId: betriebId)
        } catch {
            throw .konflikt(error.meldung)
        }
        guard let gemeinde = anzeige.gemeindeschluessel, let eingang = anzeige.eingangsdatum else {
            // Both are required by the rules (GEW-PFL-*), so an accepted Anzeige has them.
            throw .unzulaessig("Gemeindeschlüssel und Eingangsdatum sind erforderlich.")
        }
        let neu = NeuerFall(
            id: fallId, ags: gemeinde, eingang: eingang, betriebId: betriebId,
            position: (anmeldung ? 0 : lage.betrieb?.anzahlFaelle ?? 0) + 1, anzeige: anzeige,
            anzeigeJSON: abfrage.anzeigeJSON, hinweise: ergebnis.hinweise, betrieb: neuerZustand, jetzt: jetzt,
            akteur: sicht.akteur, ausloesend: nil,
            idempotenz: abfrage.idempotenz,
            audit: neuerFallAudit(
                ags: gemeinde, akteur: Auditakteur(sicht.akteur), aktion: "anzeige.einreichen", fallId: fallId,
                anzeige: anzeige, betriebId: betriebId, details: [:]))
        return .angenommen(neu, rueckmeldung: Lebenszyklus.loestRueckmeldungAus(anzeige))
    }

    /// The audit event of a new case (the store adds `aktenzeichen`).
    static func neuerFallAudit(
        ags: String, akteur: Auditakteur, aktion: String, fallId: UUID, anzeige: Anzeige, betriebId: UUID,
        details: [String: Auditwert]
    ) -> Auditereignis {
        Auditereignis(
            ags: ags, akteur: akteur, aktion: aktion, objektTyp: "fall", objektId: fallId.lowercased,
            details: details.merging(
                [
                    "meldeart": .text(anzeige.meldeart.rawValue),
                    "betrieb_id": .text(betriebId.lowercased), "version": .zahl(1),
                ], uniquingKeysWith: { alt, _ in alt }))
    }
}

extension Auditwert {
    /// The entries of an object (empty for any other value).
    var alsObjekt: [String: Auditwert] {
        if case .objekt(let werte) = self { return werte }
        return [:]
    }
}
