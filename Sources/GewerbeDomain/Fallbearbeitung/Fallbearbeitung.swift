import Foundation

/// The use cases of the Ordnungsamt's case work, each one transaction of a ``Fallspeicher``:
/// load what the decision needs, decide (``Einreichung``, ``Aenderung``, ``Rueckmeldung``,
/// ``Auskunftsregel``, ``Leseprotokoll``: pure functions), write what was decided.
///
/// Scope: every operation sees only the actor's municipalities (``Sicht``); a case or Betrieb of
/// another municipality is ``FallFehler/nichtGefunden(_:)``, exactly like a missing one. The
/// intake role sees only the cases its token submitted and nothing of the register.
public struct Fallbearbeitung: Sendable {
    /// Limits and thresholds, read once from the configuration.
    public struct Einstellungen: Sendable, Hashable {
        /// The largest page a list returns (the requested size is clamped to 1...this).
        public var maxSeitengroesse: Int
        /// The most Betriebe one Registerauskunft discloses.
        public var maxAuskunftsTreffer: Int
        /// Thresholds of the plausibility rules.
        public var pruefeinstellungen: Pruefeinstellungen

        public init(
            maxSeitengroesse: Int = 200, maxAuskunftsTreffer: Int = 100,
            pruefeinstellungen: Pruefeinstellungen = Pruefeinstellungen()
        ) {
            self.maxSeitengroesse = maxSeitengroesse
            self.maxAuskunftsTreffer = maxAuskunftsTreffer
            self.pruefeinstellungen = pruefeinstellungen
        }
    }

    public let speicher: any Fallspeicher
    let uhr: any Uhr
    let einstellungen: Einstellungen
    /// Called after every committed write that queued a filing job (wakes the filing worker).
    let nachAblageauftrag: @Sendable () -> Void
    /// Called after every committed write that queued a transmission (wakes the XGewO worker).
    let nachUebermittlungsauftrag: @Sendable () -> Void
    /// What the Land and each municipality decide about transmissions (Verteilplattform, Verzicht, Zoll).
    let uebermittlung: @Sendable (String) -> Uebermittlungseinstellungen
    /// Called with what an operator should know that is no error (e.g. an Abmeldung of the
    /// Rueckmeldeverfahren that stays because something followed it).
    let warnung: @Sendable (String) -> Void

    public init(
        speicher: any Fallspeicher, uhr: any Uhr = SystemUhr(), einstellungen: Einstellungen = Einstellungen(),
        uebermittlung: @escaping @Sendable (String) -> Uebermittlungseinstellungen = { _ in .init() },
        nachAblageauftrag: @escaping @Sendable () -> Void = {},
        nachUebermittlungsauftrag: @escaping @Sendable () -> Void = {},
        warnung: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.speicher = speicher
        self.uhr = uhr
        self.einstellungen = einstellungen
        self.uebermittlung = uebermittlung
        self.nachAblageauftrag = nachAblageauftrag
        self.nachUebermittlungsauftrag = nachUebermittlungsauftrag
        self.warnung = warnung
    }

    // MARK: - Writes

    /// Validates and stores a new Anzeige (``Einreichung``) and, for a Verlegung, the Rueckmeldung.
    public func einreichen(
        _ anzeige: Anzeige, akteur: Akteur, idempotenzSchluessel: String?
    ) async throws -> EinreichungsErgebnis {
        try akteur.pruefeSchreibrecht()
        let sicht = try await sicht(akteur)
        let abfrage = Einreichung.abfrage(anzeige, sicht: sicht, idempotenzSchluessel: idempotenzSchluessel)
        let art = Vorgangsart(
            kommunen: sicht.kommunen + (abfrage.herkunftAGS.map { [$0] } ?? []), rolle: akteur.rolle, lesend: false,
            sperre: abfrage.idempotenz?.sperre)
        let (uhr, einstellungen) = (self.uhr, self.einstellungen)
        let ergebnis = try await speicher.vorgang(art) { v -> EinreichungsErgebnis in
            let lage = try await v.einreichungslage(abfrage)
            let (heute, jetzt) = (uhr.heute(), uhr.jetzt())
            switch try Einreichung.entscheide(
                abfrage, lage: lage, heute: heute, jetzt: jetzt, einstellungen: einstellungen.pruefeinstellungen,
                fallId: UUID(), neueBetriebId: UUID())
            {
            case .wiederholt(let fall, let audit):
                try await v.protokolliere([audit])
                return .angenommen(fall, wiederholt: true)
            case .abgelehnt(let pruefergebnis):
                return .abgelehnt(pruefergebnis)
            case .angenommen(let neu, let rueckmeldung):
                let fall = try await v.schreibe(neu)
                if rueckmeldung {
                    try await Self.rueckmelden(
                        fall, lage: lage, sicht: sicht, heute: heute, jetzt: jetzt, einstellungen: einstellungen, v)
                }
                return .angenommen(fall, wiederholt: false)
            }
        }
        if case .angenommen(_, let wiederholt) = ergebnis, !wiederholt { nachAblageauftrag() }
        return ergebnis
    }

    static func rueckmelden(
        _ anmeldung: Fall, lage: Einreichung.Lage, sicht: Sicht, heute: Datum, jetzt: Date,
        einstellungen: Einstellungen, _ v: any Fallvorgang
    ) async throws {
        let vermerkId = UUID()
        switch Rueckmeldung.entscheide(
            anmeldung: anmeldung, lage: lage, ausgeloestVon: sicht.akteur, heute: heute, jetzt: jetzt,
            einstellungen: einstellungen.pruefeinstellungen, vermerkId: vermerkId, abmeldungId: UUID())
        {
        case .offen(let vermerk):
            try await v.vermerke(vermerk)
        case .abmelden(let neu):
            let abmeldung = try await v.schreibe(neu)
            try await v.vermerke(
                Rueckmeldung.ausgefuehrt(anmeldung, abmeldung: abmeldung, vermerkId: vermerkId, jetzt: jetzt))
        }
    }

    /// Stores a corrected Anzeige as a new version of the case (``Aenderung/berichtige(_:anzeige:grund:ifMatch:sicht:heute:jetzt:einstellungen:)``).
    public func berichtigen(
        fallId: UUID, anzeige: Anzeige, grund: String, ifMatch: String?, akteur: Akteur
    ) async throws -> EinreichungsErgebnis {
        try akteur.pruefeSchreibrecht()
        let sicht = try await sicht(akteur)
        let (uhr, einstellungen) = (self.uhr, self.einstellungen)
        let ergebnis = try await speicher.vorgang(art(sicht, lesend: false)) { v -> EinreichungsErgebnis in
            guard let lage = try await v.aenderungslage(fallId, sicht: sicht) else {
                throw FallFehler.fallNichtGefunden(fallId)
            }
            switch try Aenderung.berichtige(
                lage, anzeige: anzeige, grund: grund, ifMatch: ifMatch, sicht: sicht, heute: uhr.heute(),
                jetzt: uhr.jetzt(), einstellungen: einstellungen.pruefeinstellungen)
            {
            case .abgelehnt(let pruefergebnis): return .abgelehnt(pruefergebnis)
            case .angenommen(var aenderung):
                var neu = lage
                neu.fall = aenderung.fall
                neu.faelle = lage.faelle.map { $0.id == aenderung.fall.id ? aenderung.fall : $0 }
                aenderung.versand = Versandplanung.beiBerichtigung(
                    neu, jetzt: aenderung.jetzt, satzId: UUID(), neueId: { UUID() })
                aenderung.protokolliereVersand()
                return .angenommen(try await Self.schreibe(aenderung, v), wiederholt: false)
            }
        }
        if case .angenommen = ergebnis {
            nachAblageauftrag()
            nachUebermittlungsauftrag()
        }
        return ergebnis
    }

    /// Withdraws an erroneous case; the Betrieb's state is derived anew without it. A withdrawn
    /// Anmeldung "Verlegung" also withdraws the Abmeldung it caused at the former municipality.
    public func zuruecknehmen(fallId: UUID, grund: String, ifMatch: String?, akteur: Akteur) async throws -> Fall {
        try akteur.pruefeSchreibrecht()
        let sicht = try await sicht(akteur)
        let (uhr, warnung) = (self.uhr, self.warnung)
        let fall = try await speicher.vorgang(art(sicht, lesend: false)) { v -> Fall in
            guard let lage = try await v.aenderungslage(fallId, sicht: sicht) else {
                throw FallFehler.fallNichtGefunden(fallId)
            }
            let jetzt = uhr.jetzt()
            var aenderung = try Aenderung.nimmZurueck(
                lage, grund: grund, ifMatch: ifMatch, akteur: akteur, jetzt: jetzt)
            aenderung.uebermittlungEntfaellt = true
            let fall = try await Self.schreibe(aenderung, v)
            guard let herkunft = Aenderung.folgeGemeinde(fall), let grund = grund.nichtLeer else { return fall }
            // The transaction's scope widens to the former municipality for this step only.
            try await v.setzeKommunen(sicht.kommunen + [herkunft])
            let system = Akteur(
                tokenId: nil, bezeichnung: Akteur.system.bezeichnung, rolle: .system, kommunen: [herkunft])
            for id in try await v.ausgeloesteFaelle(von: fall.id, ags: herkunft) {
                guard let folge = try await v.aenderungslage(id, sicht: Sicht(kommunen: [herkunft], akteur: system))
                else {
                    throw FallFehler.fallNichtGefunden(id)
                }
                guard
                    var zurueck = Aenderung.nimmFolgeZurueck(
                        folge, anmeldung: fall, grund: grund, ausgeloestVon: akteur, jetzt: jetzt)
                else {
                    warnung("Abmeldung aus der Rückmeldung bleibt bestehen: \(folge.fall.aktenzeichen)")
                    continue
                }
                zurueck.uebermittlungEntfaellt = true
                _ = try await Self.schreibe(zurueck, v)
            }
            try await v.setzeKommunen(sicht.kommunen)
            return fall
        }
        nachAblageauftrag()
        return fall
    }

    /// Records the Empfangsbescheinigung (section 15 Abs. 1 GewO), queues its filing and the
    /// messages to the recipients the law names (section 3 Abs. 5 GewAnzV: "unverzueglich nach
    /// der Empfangsbescheinigung"; ``Versandplanung``).
    /// - Parameter anhaltspunkteZoll: the indications of a violation the office found (section 3
    ///   Abs. 3 GewAnzV); they set the Zoll's Verdachtsmoment.
    public func bescheinigeEmpfang(
        fallId: UUID, am: Datum?, anhaltspunkteZoll: String? = nil, akteur: Akteur
    ) async throws -> Fall {
        try akteur.pruefeSchreibrecht()
        let sicht = try await sicht(akteur)
        let (uhr, uebermittlung) = (self.uhr, self.uebermittlung)
        // Read before the transaction: it must not wait for a second connection while it holds locks.
        let instanz = Set(try await speicher.alleKommunen())
        let fall = try await speicher.vorgang(art(sicht, lesend: false)) { v -> Fall in
            // The Betrieb locked (as every change of a case locks it): a concurrent second
            // Empfangsbescheinigung waits and then sees this one.
            guard var lage = try await v.aenderungslage(fallId, sicht: sicht) else {
                throw FallFehler.fallNichtGefunden(fallId)
            }
            let fall = lage.fall
            var aenderung = try Aenderung.bescheinige(
                fall, am: am, akteur: akteur, heute: uhr.heute(), jetzt: uhr.jetzt())
            lage.fall = aenderung.fall
            let herkunftInInstanz = Einreichung.herkunftAGS(fall.anzeige).map(instanz.contains) ?? false
            aenderung.versand = Versandplanung.beiEmpfangsbescheinigung(
                lage, einstellungen: uebermittlung(fall.gemeindeschluessel), herkunftInInstanz: herkunftInInstanz,
                anhaltspunkteZoll: anhaltspunkteZoll,
                jetzt: aenderung.jetzt, satzId: UUID(), neueId: { UUID() })
            aenderung.protokolliereVersand()
            return try await Self.schreibe(aenderung, v)
        }
        nachAblageauftrag()
        nachUebermittlungsauftrag()
        return fall
    }

    static func schreibe(_ aenderung: Fallaenderung, _ v: any Fallvorgang) async throws -> Fall {
        if let fall = try await v.schreibe(aenderung) { return fall }
        var aktuell = aenderung.fall
        aktuell.revision = try await v.revision(aenderung.fall) ?? aenderung.fall.revision
        throw FallFehler.veraltet(aktuellesEtag: aktuell.etag)
    }

    // MARK: - Reads (each audited)

    /// One case with all versions.
    public func fall(id: UUID, akteur: Akteur) async throws -> Fall {
        let sicht = try await sicht(akteur)
        return try await speicher.vorgang(art(sicht, lesend: true)) { v in
            guard let fall = try await v.fall(id, sicht: sicht, sperren: false) else {
                throw FallFehler.fallNichtGefunden(id)
            }
            try await v.protokolliere([Leseprotokoll.fall(fall, akteur)])
            return fall
        }
    }

    /// The work list of cases, ordered by (Eingangsdatum, Aktenzeichen).
    public func faelle(_ filter: Fallfilter, akteur: Akteur) async throws -> Seite<Fallzeile> {
        let sicht = try await sicht(akteur)
        let nach = try filter.cursor.map { cursor throws(FallFehler) in
            let teile = try Cursor.lies(cursor, art: "f", teile: 2)
            guard Datum(iso: teile[0]) != nil else { throw FallFehler.unzulaessig("Der Cursor ist ungültig.") }
            return teile
        }
        let kommunen = sicht.auswahl(filter.kommune)
        guard !kommunen.isEmpty else { return Seite(eintraege: [], naechsterCursor: nil) }
        let groesse = seitengroesse(filter.limit)
        let heute = uhr.heute()
        return try await speicher.vorgang(art(sicht, lesend: true)) { v in
            let zeilen = try await v.faelle(
                filter, kommunen: kommunen, sicht: sicht, heute: heute, nach: nach, limit: groesse + 1)
            let seite = Array(zeilen.prefix(groesse))
            try await v.protokolliere(
                Leseprotokoll.treffer(
                    aktion: "faelle.auflisten", objektTyp: "fall", akteur: akteur,
                    treffer: seite.map { ($0.gemeindeschluessel, $0.aktenzeichen) }, leer: nil, details: [:]))
            let weiter = zeilen.count > groesse ? seite.last.map { [$0.eingangsdatum.iso, $0.aktenzeichen] } : nil
            return Seite(eintraege: seite, naechsterCursor: weiter.map { Cursor.schreibe($0, art: "f") })
        }
    }

    /// One Betrieb with its full history.
    public func betrieb(id: UUID, akteur: Akteur) async throws -> BetriebAkte {
        let sicht = try await sicht(akteur)
        let nichtGefunden = FallFehler.nichtGefunden("Betrieb \(id.lowercased) nicht gefunden.")
        // The intake role reads back its own cases, nothing of the register.
        guard !sicht.istIntake else { throw nichtGefunden }
        return try await speicher.vorgang(art(sicht, lesend: true)) { v in
            guard let akte = try await v.betrieb(id, kommunen: sicht.kommunen) else { throw nichtGefunden }
            try await v.protokolliere([Leseprotokoll.betrieb(akte, akteur)])
            return akte
        }
    }

    /// Searches the register, ordered by (folded name, Betrieb id).
    public func sucheBetriebe(_ suche: Registersuche, akteur: Akteur) async throws -> Seite<Registertreffer> {
        let sicht = try await sicht(akteur)
        let nach = try suche.cursor.map { cursor throws(FallFehler) in
            let teile = try Cursor.lies(cursor, art: "b", teile: 2)
            guard UUID(uuidString: teile[1]) != nil else { throw FallFehler.unzulaessig("Der Cursor ist ungültig.") }
            return teile
        }
        let kommunen = sicht.auswahl(suche.kommune)
        guard !sicht.istIntake, !kommunen.isEmpty else { return Seite(eintraege: [], naechsterCursor: nil) }
        let groesse = seitengroesse(suche.limit)
        let abfrage = Registerabfrage(
            kommunen: kommunen, name: suche.name?.nichtLeer, person: suche.person?.nichtLeer,
            anschrift: suche.anschrift?.nichtLeer,
            wz: suche.wz?.nichtLeer.map { $0.filter { $0 != "." } }.flatMap { $0.isEmpty ? nil : $0 },
            status: suche.status, beginnVon: suche.beginnVon, beginnBis: suche.beginnBis, endeVon: suche.endeVon,
            endeBis: suche.endeBis, nach: nach, limit: groesse + 1, mitZustand: false)
        return try await speicher.vorgang(art(sicht, lesend: true)) { v in
            let gefunden = try await v.suche(abfrage)
            let seite = Array(gefunden.prefix(groesse))
            try await v.protokolliere(Leseprotokoll.suche(suche, akteur: akteur, seite: seite, leer: kommunen[0]))
            let weiter =
                gefunden.count > groesse
                ? seite.last.map {
                    Cursor.schreibe([$0.sortname, $0.treffer.betriebId.lowercased], art: "b")
                } : nil
            return Seite(eintraege: seite.map(\.treffer), naechsterCursor: weiter)
        }
    }

    /// Answers and logs a Registerauskunft (section 14 Abs. 5-7 GewO, ``Auskunftsregel``).
    public func auskunft(_ anfrage: Auskunftsanfrage, akteur: Akteur) async throws -> Registerauskunft {
        let sicht = try await sicht(akteur)
        try Auskunftsregel.pruefeBerechtigung(akteur)
        let probleme = Auskunftsregel.pruefe(anfrage)
        guard probleme.isEmpty else { throw FallFehler.unzulaessig(probleme.joined(separator: " ")) }
        let kommunen = sicht.auswahl(anfrage.kommune)
        let abfrage = Registerabfrage(
            kommunen: kommunen, nameOderPerson: anfrage.name?.nichtLeer, anschrift: anfrage.anschrift?.nichtLeer,
            limit: einstellungen.maxAuskunftsTreffer, mitZustand: true)
        let (id, jetzt) = (UUID(), uhr.jetzt())
        return try await speicher.vorgang(art(sicht, lesend: false)) { v in
            let gefunden = kommunen.isEmpty ? [] : try await v.suche(abfrage)
            let vermerk = Auskunftsregel.erteile(
                anfrage, gefunden: gefunden, id: id, jetzt: jetzt, akteur: akteur,
                gemeindeOhneTreffer: kommunen.first ?? sicht.kommunen[0])
            try await v.vermerke(vermerk)
            return vermerk.auskunft
        }
    }

    // MARK: - Pending Rueckmeldungen

    /// The pending Rueckmeldungen of the actor's municipalities, oldest first (at most 500).
    /// Reading them is audited (they name Betriebe and the new Anmeldung).
    public func offeneRueckmeldungen(akteur: Akteur) async throws -> [OffeneRueckmeldung] {
        let sicht = try await sicht(akteur)
        guard !sicht.istIntake else { return [] }
        return try await speicher.vorgang(art(sicht, lesend: true)) { v in
            let offene = try await v.offeneRueckmeldungen(kommunen: sicht.kommunen)
            try await v.protokolliere(
                Leseprotokoll.treffer(
                    aktion: "rueckmeldungen.auflisten", objektTyp: "rueckmeldung", akteur: akteur,
                    treffer: offene.map { ($0.gemeindeschluessel, $0.id.lowercased) }, leer: nil,
                    details: [:]))
            return offene
        }
    }

    /// Marks a pending Rueckmeldung as dealt with (the office made the Abmeldung by hand or
    /// forwarded it). Returns false when it was not pending (or not visible).
    @discardableResult
    public func erledigeRueckmeldung(id: UUID, akteur: Akteur) async throws -> Bool {
        try akteur.pruefeSchreibrecht()
        let sicht = try await sicht(akteur)
        guard !sicht.istIntake else { return false }
        let jetzt = uhr.jetzt()
        return try await speicher.vorgang(art(sicht, lesend: false)) { v in
            guard let ags = try await v.erledigeRueckmeldung(id, kommunen: sicht.kommunen, akteur: akteur, jetzt: jetzt)
            else { return false }
            try await v.protokolliere([
                Auditereignis(
                    ags: ags, akteur: Auditakteur(akteur), aktion: "rueckmeldung.erledigt", objektTyp: "rueckmeldung",
                    objektId: id.lowercased, details: [:])
            ])
            return true
        }
    }

    // MARK: - Helpers

    func sicht(_ akteur: Akteur) async throws -> Sicht {
        try Sicht(akteur, alleKommunen: akteur.rolle == .system ? try await speicher.alleKommunen() : [])
    }

    func art(_ sicht: Sicht, lesend: Bool) -> Vorgangsart {
        Vorgangsart(kommunen: sicht.kommunen, rolle: sicht.akteur.rolle, lesend: lesend)
    }

    /// The page size asked for, clamped to 1...maxSeitengroesse.
    func seitengroesse(_ limit: Int) -> Int { min(max(limit, 1), einstellungen.maxSeitengroesse) }
}
