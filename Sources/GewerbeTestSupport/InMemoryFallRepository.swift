import Foundation
import GewerbeDomain

/// In-memory twin of ``FallRepository``: the same contract as the PostgreSQL adapter, built only
/// from the domain's functions, for HTTP tests and as the reference of the contract tests
/// (``FallRepositoryVertrag``).
///
/// Semantics (the contract; the PostgreSQL adapter must behave the same):
/// - **Scope.** Every operation sees only the actor's municipalities (``Akteur/kommunen``; the
///   ``Akteur/system`` actor sees all). A case or Betrieb of another municipality is
///   ``FallFehler/nichtGefunden(_:)``, exactly like a missing one. Roles are not checked here
///   (the HTTP layer does that), except that the **intake** role sees only the cases its token
///   submitted (others are ``FallFehler/nichtGefunden(_:)`` and missing from its lists).
/// - **Einreichen.** An Idempotency-Key is scoped to the actor's token (``Akteur/tokenId``, else
///   its ``Akteur/bezeichnung``): the same key with an equal Anzeige returns the case created
///   then (`wiederholt: true`, in its current state), with a different Anzeige
///   ``FallFehler/idempotenzKonflikt``. A valid AGS outside the actor's municipalities is
///   ``FallFehler/nichtBerechtigt(_:)``. Validation runs ``Pruefer/pruefe(_:kontext:regeln:)`` with
///   `heute` from the clock, `zustaendigeGemeinden` = the actor's municipalities, the Betrieb an
///   Um-/Abmeldung names (looked up in scope: unknown otherwise) and open Betriebe at the same
///   Betriebsstaette with the same person (double Anmeldung). Any `fehler`: `.abgelehnt`, nothing
///   stored, no Aktenzeichen used. Else: Aktenzeichen `<AGS>-<Jahr des Eingangs>-<n>`, `n`
///   gap-free per municipality and year, version 1 with the `hinweis` findings, revision 1,
///   Ablage `ausstehend`; an Anmeldung opens a new Betrieb (new UUID).
/// - **Berichtigen.** `If-Match` must equal ``Fall/etag`` (missing: ``FallFehler/vorbedingungFehlt``,
///   different: ``FallFehler/veraltet(aktuellesEtag:)``). A withdrawn case is
///   ``FallFehler/konflikt(_:)``. Meldeart, AGS and (Um-/Abmeldung) Betrieb cannot change
///   (``FallFehler/unzulaessig(_:)``), nor can the reason be empty. A missing `eingangsdatum` is
///   taken from the current version. Validated against the Betrieb as it stood before this case;
///   if the Betrieb's later history no longer follows (``Lebenszyklus``), ``FallFehler/konflikt(_:)``.
///   Stored as a new version (revision + 1, Ablage `ausstehend` again).
/// - **Zuruecknehmen.** Same `If-Match` rules; a reason is required; the Betrieb's state is
///   derived anew from the remaining effective cases; if that history is invalid (e.g. an
///   Anmeldung with later Ummeldungen) ``FallFehler/konflikt(_:)`` and nothing changes. A second
///   withdrawal is ``FallFehler/konflikt(_:)``.
/// - **Empfangsbescheinigung.** Dated `am` or today; a second one or one on a withdrawn case is
///   ``FallFehler/konflikt(_:)``; a date before the receipt or after today is
///   ``FallFehler/unzulaessig(_:)``. Revision + 1.
/// - **Lists.** ``faelle(_:akteur:)`` is ordered by (Eingangsdatum, Aktenzeichen) ascending;
///   ``sucheBetriebe(_:akteur:)`` by (name case-folded, Betrieb id). Keyset cursors are opaque
///   strings; a cursor that cannot be read is ``FallFehler/unzulaessig(_:)``. Page sizes are
///   clamped to 1...200. Withdrawn cases never count as waiting for an Empfangsbescheinigung.
///   A `kommune` filter outside the actor's municipalities yields an empty page.
/// - **Auskunft.** ``Auskunftsregel/pruefe(_:)`` problems are ``FallFehler/unzulaessig(_:)``.
///   Matches Betriebe in scope by name (firm, Geschaeftsbezeichnung or person, substring, case-
///   and diacritics-insensitive) and/or Betriebsanschrift; at most 100 hits; each Auskunft is
///   logged (``auskunftsprotokoll()``), as are reads and writes (``protokoll()``).
public actor InMemoryFallRepository: FallRepository {
    /// One line of the audit trail (in memory; the real one is a hash chain in PostgreSQL).
    public struct Protokolleintrag: Sendable, Hashable {
        public var zeit: Date
        public var akteur: String
        public var aktion: String
        public var objekt: String
    }

    /// One logged Registerauskunft.
    public struct Auskunftseintrag: Sendable, Hashable {
        public var auskunft: Registerauskunft
        public var anfrage: Auskunftsanfrage
        public var akteur: String
    }

    private struct Betriebseintrag {
        var gemeinde: String
        var fallIds: [UUID]
        var zustand: BetriebZustand?
    }

    private let uhr: any Uhr
    private var faelleNachId: [UUID: Fall] = [:]
    /// Who submitted each case (token id, else label): the intake role reads back only its own.
    private var einreicher: [UUID: String] = [:]
    private var betriebe: [UUID: Betriebseintrag] = [:]
    private var zaehler: [String: Int] = [:]
    private var idempotenz: [String: (anzeige: Anzeige, fallId: UUID)] = [:]
    private var protokollEintraege: [Protokolleintrag] = []
    private var auskuenfte: [Auskunftseintrag] = []

    /// The largest page any list returns.
    public static let maxSeitengroesse = 200
    /// The most Betriebe one Auskunft discloses.
    public static let maxAuskunftsTreffer = 100

    public init(uhr: any Uhr = SystemUhr()) {
        self.uhr = uhr
    }

    // MARK: Inspection for tests

    /// The audit trail so far, oldest first.
    public func protokoll() -> [Protokolleintrag] { protokollEintraege }
    /// Every Auskunft given so far, oldest first.
    public func auskunftsprotokoll() -> [Auskunftseintrag] { auskuenfte }
    /// Number of stored cases (any municipality, any state).
    public func anzahlFaelle() -> Int { faelleNachId.count }

    // MARK: Writes

    public func einreichen(
        _ anzeige: Anzeige, akteur: Akteur, idempotenzSchluessel: String?
    ) async throws
        -> EinreichungsErgebnis
    {
        let idemKey = idempotenzSchluessel.map { "\(akteur.tokenId?.uuidString ?? akteur.bezeichnung)|\($0)" }
        if let idemKey, let frueher = idempotenz[idemKey] {
            guard frueher.anzeige == anzeige else { throw FallFehler.idempotenzKonflikt }
            guard let fall = faelleNachId[frueher.fallId] else {
                throw FallFehler.nichtGefunden("Fall nicht gefunden.")
            }
            return .angenommen(fall, wiederholt: true)
        }
        if let ags = anzeige.gemeindeschluessel?.nichtLeer, AGS.istGueltig(ags), !sichtbar(ags, akteur) {
            throw FallFehler.nichtBerechtigt("Das Token ist für die Gemeinde \(ags) nicht zugelassen.")
        }
        let heute = uhr.heute()
        let lage: Pruefkontext.BetriebsLage
        if anzeige.meldeart == .anmeldung {
            lage = .unbekannt
        } else if let betriebId = anzeige.betriebId, let eintrag = betriebe[betriebId],
            sichtbar(eintrag.gemeinde, akteur),
            let zustand = eintrag.zustand
        {
            lage = .bekannt(zustand)
        } else {
            lage = .unbekannt
        }
        let kontext = Pruefkontext(
            heute: heute, zustaendigeGemeinden: zustaendig(akteur), betrieb: lage,
            aehnlicheBetriebe: anzeige.meldeart == .anmeldung ? aehnlicheBetriebe(anzeige, akteur) : [])
        let ergebnis = Pruefer.pruefe(anzeige, kontext: kontext)
        guard ergebnis.istAnnehmbar else { return .abgelehnt(ergebnis) }

        let betriebId = anzeige.meldeart == .anmeldung ? UUID() : anzeige.betriebId!
        let vorher = betriebe[betriebId]?.zustand
        let neuerZustand: BetriebZustand
        do {
            neuerZustand = try Lebenszyklus.anwenden(anzeige, auf: vorher, betriebId: betriebId)
        } catch {
            throw FallFehler.konflikt(error.meldung)
        }
        guard let gemeinde = anzeige.gemeindeschluessel, let eingang = anzeige.eingangsdatum else {
            // Both are required by rules GEW-PFL-001/002, so an accepted Anzeige has them.
            throw FallFehler.unzulaessig("Gemeindeschlüssel und Eingangsdatum sind erforderlich.")
        }
        let zaehlerKey = "\(gemeinde)|\(eingang.jahr)"
        let nummer = (zaehler[zaehlerKey] ?? 0) + 1
        zaehler[zaehlerKey] = nummer
        let fall = Fall(
            id: UUID(), aktenzeichen: Aktenzeichen.format(gemeinde: gemeinde, jahr: eingang.jahr, nummer: nummer),
            gemeindeschluessel: gemeinde, betriebId: betriebId, meldeart: anzeige.meldeart, status: .wirksam,
            versionen: [
                Fallversion(
                    version: 1, anzeige: anzeige, hinweise: ergebnis.hinweise, erfasstAm: uhr.jetzt(),
                    erfasstVon: akteur.bezeichnung, berichtigungsgrund: nil)
            ],
            empfangsbescheinigung: nil, ablage: .ausstehend, revision: 1, ruecknahme: nil)
        faelleNachId[fall.id] = fall
        einreicher[fall.id] = Self.kennung(akteur)
        var eintrag = betriebe[betriebId] ?? Betriebseintrag(gemeinde: gemeinde, fallIds: [], zustand: nil)
        eintrag.fallIds.append(fall.id)
        eintrag.zustand = neuerZustand
        betriebe[betriebId] = eintrag
        if let idemKey { idempotenz[idemKey] = (anzeige, fall.id) }
        protokolliere(akteur, "einreichen", fall.aktenzeichen)
        return .angenommen(fall, wiederholt: false)
    }

    public func berichtigen(
        fallId: UUID, anzeige: Anzeige, grund: String, ifMatch: String?, akteur: Akteur
    ) async throws
        -> EinreichungsErgebnis
    {
        var fall = try sichtbarerFall(fallId, akteur)
        try pruefeVorbedingung(ifMatch, fall)
        guard fall.status == .wirksam else {
            throw FallFehler.konflikt(
                "Der Fall \(fall.aktenzeichen) ist zurückgenommen und kann nicht berichtigt werden.")
        }
        guard let grund = grund.nichtLeer else {
            throw FallFehler.unzulaessig("Ein Grund für die Berichtigung ist anzugeben.")
        }
        var neu = anzeige
        if neu.eingangsdatum == nil { neu.eingangsdatum = fall.anzeige.eingangsdatum }
        guard neu.meldeart == fall.meldeart else {
            throw FallFehler.unzulaessig(
                "Die Meldeart eines Falls kann nicht berichtigt werden (Fall: \(fall.meldeart.rawValue)); die Anzeige ist zurückzunehmen und neu einzureichen."
            )
        }
        if let ags = neu.gemeindeschluessel?.nichtLeer, AGS.istGueltig(ags), !sichtbar(ags, akteur) {
            throw FallFehler.nichtBerechtigt("Das Token ist für die Gemeinde \(ags) nicht zugelassen.")
        }
        if let ags = neu.gemeindeschluessel?.nichtLeer, ags != fall.gemeindeschluessel {
            throw FallFehler.unzulaessig(
                "Die Gemeinde eines Falls (\(fall.gemeindeschluessel)) kann nicht berichtigt werden; die Anzeige ist zurückzunehmen und bei der zuständigen Gemeinde neu einzureichen."
            )
        }
        if fall.meldeart != .anmeldung, let betriebId = neu.betriebId, betriebId != fall.betriebId {
            throw FallFehler.unzulaessig("Der Betrieb eines Falls kann nicht berichtigt werden.")
        }
        guard var eintrag = betriebe[fall.betriebId] else { throw FallFehler.nichtGefunden("Betrieb nicht gefunden.") }
        let position = eintrag.fallIds.firstIndex(of: fall.id) ?? eintrag.fallIds.count
        let vorherige = eintrag.fallIds[..<position].compactMap { faelleNachId[$0] }.filter { $0.status == .wirksam }
        let zustandVorher: BetriebZustand?
        do {
            zustandVorher = try Lebenszyklus.zustand(betriebId: fall.betriebId, anzeigen: vorherige.map(\.anzeige))
        } catch {
            throw FallFehler.konflikt(error.meldung)
        }
        let lage: Pruefkontext.BetriebsLage = zustandVorher.map { .bekannt($0) } ?? .unbekannt
        let kontext = Pruefkontext(heute: uhr.heute(), zustaendigeGemeinden: zustaendig(akteur), betrieb: lage)
        let ergebnis = Pruefer.pruefe(neu, kontext: kontext)
        guard ergebnis.istAnnehmbar else { return .abgelehnt(ergebnis) }

        fall.versionen.append(
            Fallversion(
                version: fall.versionen.count + 1, anzeige: neu, hinweise: ergebnis.hinweise, erfasstAm: uhr.jetzt(),
                erfasstVon: akteur.bezeichnung, berichtigungsgrund: grund))
        eintrag.zustand = try neuerBetriebszustand(eintrag, mit: fall)
        fall.revision += 1
        fall.ablage = .ausstehend
        faelleNachId[fall.id] = fall
        betriebe[fall.betriebId] = eintrag
        protokolliere(akteur, "berichtigen", fall.aktenzeichen)
        return .angenommen(fall, wiederholt: false)
    }

    public func zuruecknehmen(fallId: UUID, grund: String, ifMatch: String?, akteur: Akteur) async throws -> Fall {
        var fall = try sichtbarerFall(fallId, akteur)
        try pruefeVorbedingung(ifMatch, fall)
        guard fall.status == .wirksam else {
            throw FallFehler.konflikt("Der Fall \(fall.aktenzeichen) ist bereits zurückgenommen.")
        }
        guard let grund = grund.nichtLeer else {
            throw FallFehler.unzulaessig("Ein Grund für die Rücknahme ist anzugeben.")
        }
        guard var eintrag = betriebe[fall.betriebId] else { throw FallFehler.nichtGefunden("Betrieb nicht gefunden.") }
        fall.status = .zurueckgenommen
        eintrag.zustand = try neuerBetriebszustand(eintrag, mit: fall)
        fall.ruecknahme = Ruecknahme(grund: grund, am: uhr.jetzt(), von: akteur.bezeichnung)
        fall.revision += 1
        faelleNachId[fall.id] = fall
        betriebe[fall.betriebId] = eintrag
        protokolliere(akteur, "zuruecknehmen", fall.aktenzeichen)
        return fall
    }

    public func bescheinigeEmpfang(fallId: UUID, am: Datum?, akteur: Akteur) async throws -> Fall {
        var fall = try sichtbarerFall(fallId, akteur)
        if let vorhanden = fall.empfangsbescheinigung {
            throw FallFehler.konflikt(
                "Für den Fall \(fall.aktenzeichen) wurde die Empfangsbescheinigung bereits am \(vorhanden.ausgestelltAm.deutsch) ausgestellt."
            )
        }
        guard fall.status == .wirksam else {
            throw FallFehler.konflikt("Der Fall \(fall.aktenzeichen) ist zurückgenommen.")
        }
        let heute = uhr.heute()
        let datum = am ?? heute
        if let eingang = fall.anzeige.eingangsdatum, datum < eingang {
            throw FallFehler.unzulaessig(
                "Die Empfangsbescheinigung kann nicht vor dem Eingang der Anzeige (\(eingang.deutsch)) ausgestellt sein."
            )
        }
        if datum > heute {
            throw FallFehler.unzulaessig(
                "Die Empfangsbescheinigung kann nicht in der Zukunft (\(datum.deutsch)) ausgestellt sein.")
        }
        fall.empfangsbescheinigung = Empfangsbescheinigung(ausgestelltAm: datum, ausgestelltVon: akteur.bezeichnung)
        fall.revision += 1
        faelleNachId[fall.id] = fall
        protokolliere(akteur, "empfangsbescheinigung", fall.aktenzeichen)
        return fall
    }

    // MARK: Reads

    public func fall(id: UUID, akteur: Akteur) async throws -> Fall {
        let fall = try sichtbarerFall(id, akteur)
        protokolliere(akteur, "fall lesen", fall.aktenzeichen)
        return fall
    }

    public func faelle(_ filter: Fallfilter, akteur: Akteur) async throws -> Seite<Fallzeile> {
        let heute = uhr.heute()
        let nach = try filter.cursor.map { try Self.leseCursor($0, art: "f") }
        var zeilen: [Fallzeile] = []
        for fall in faelleNachId.values where sichtbar(fall.gemeindeschluessel, akteur) && eigen(fall.id, akteur) {
            guard let eingang = fall.anzeige.eingangsdatum else { continue }
            let faellig = Fristen.empfangsbescheinigungFaellig(eingang: eingang)
            let offen = fall.status == .wirksam && fall.empfangsbescheinigung == nil
            let ueberfaellig = offen && Fristen.empfangsbescheinigungUeberfaellig(eingang: eingang, stichtag: heute)
            if let wert = filter.ohneEmpfangsbescheinigung, wert != offen { continue }
            if let wert = filter.ueberfaellig, wert != ueberfaellig { continue }
            if let wert = filter.meldeart, wert != fall.meldeart { continue }
            if let wert = filter.status, wert != fall.status { continue }
            if let wert = filter.ablage, wert != fall.ablage { continue }
            if let wert = filter.kommune, wert != fall.gemeindeschluessel { continue }
            if let von = filter.eingangVon, eingang < von { continue }
            if let bis = filter.eingangBis, eingang > bis { continue }
            let schluessel = [eingang.iso, fall.aktenzeichen]
            if let nach, !Self.istNach(schluessel, nach) { continue }
            zeilen.append(
                Fallzeile(
                    id: fall.id, aktenzeichen: fall.aktenzeichen, gemeindeschluessel: fall.gemeindeschluessel,
                    betriebId: fall.betriebId, meldeart: fall.meldeart, status: fall.status,
                    name: fall.anzeige.anzeigename,
                    eingangsdatum: eingang, ereignisdatum: fall.anzeige.ereignisdatum,
                    empfangsbescheinigung: fall.empfangsbescheinigung, empfangsbescheinigungFaellig: faellig,
                    ueberfaellig: ueberfaellig, ablage: fall.ablage, version: fall.versionen.count))
        }
        zeilen.sort { ($0.eingangsdatum, $0.aktenzeichen) < ($1.eingangsdatum, $1.aktenzeichen) }
        let seite = Self.seite(zeilen, limit: filter.limit, art: "f") { [$0.eingangsdatum.iso, $0.aktenzeichen] }
        return Seite(eintraege: seite.eintraege, naechsterCursor: seite.naechsterCursor)
    }

    public func betrieb(id: UUID, akteur: Akteur) async throws -> BetriebAkte {
        guard let eintrag = betriebe[id], sichtbar(eintrag.gemeinde, akteur) else {
            throw FallFehler.nichtGefunden("Betrieb \(id.uuidString.lowercased()) nicht gefunden.")
        }
        protokolliere(akteur, "betrieb lesen", id.uuidString.lowercased())
        return BetriebAkte(
            zustand: eintrag.zustand, betriebId: id, gemeindeschluessel: eintrag.gemeinde,
            faelle: eintrag.fallIds.compactMap { faelleNachId[$0] })
    }

    public func sucheBetriebe(_ suche: Registersuche, akteur: Akteur) async throws -> Seite<Registertreffer> {
        let nach = try suche.cursor.map { try Self.leseCursor($0, art: "b") }
        var treffer: [(schluessel: [String], treffer: Registertreffer)] = []
        for (id, eintrag) in betriebe where sichtbar(eintrag.gemeinde, akteur) {
            guard let zustand = eintrag.zustand else { continue }
            let angaben = zustand.angaben
            let personen = (angaben.personen ?? []).map(\.anzeigename).filter { !$0.isEmpty }
            let anschrift = angaben.betriebsstaette?.anschrift?.einzeilig ?? ""
            let wz = (angaben.taetigkeiten ?? []).compactMap { $0.wz?.gepunktet }
            if let name = suche.name?.nichtLeer,
                !Self.enthaelt([zustand.name, angaben.inhaber?.name, angaben.geschaeftsbezeichnung], name)
            {
                continue
            }
            if let person = suche.person?.nichtLeer, !Self.enthaelt(personen, person) { continue }
            if let text = suche.anschrift?.nichtLeer, !Self.enthaelt([anschrift], text) { continue }
            if let code = suche.wz?.nichtLeer {
                let praefix = code.filter { $0 != "." }
                if !wz.contains(where: { $0.filter { $0 != "." }.hasPrefix(praefix) }) { continue }
            }
            if let status = suche.status, status != zustand.status { continue }
            if let kommune = suche.kommune, kommune != eintrag.gemeinde { continue }
            if !Self.imBereich(zustand.beginn, suche.beginnVon, suche.beginnBis) { continue }
            if !Self.imBereich(zustand.ende, suche.endeVon, suche.endeBis) { continue }
            let schluessel = [Self.falte(zustand.name), id.uuidString.lowercased()]
            if let nach, !Self.istNach(schluessel, nach) { continue }
            treffer.append(
                (
                    schluessel,
                    Registertreffer(
                        betriebId: id, gemeindeschluessel: eintrag.gemeinde, name: zustand.name, status: zustand.status,
                        betriebsanschrift: anschrift, taetigkeit: Self.taetigkeit(angaben), wz: wz, personen: personen,
                        beginn: zustand.beginn, ende: zustand.ende)
                ))
        }
        treffer.sort { $0.schluessel.lexicographicallyPrecedes($1.schluessel) }
        protokolliere(akteur, "register suchen", "\(treffer.count) Treffer")
        let seite = Self.seite(treffer, limit: suche.limit, art: "b") { $0.schluessel }
        return Seite(eintraege: seite.eintraege.map(\.treffer), naechsterCursor: seite.naechsterCursor)
    }

    public func auskunft(_ anfrage: Auskunftsanfrage, akteur: Akteur) async throws -> Registerauskunft {
        let probleme = Auskunftsregel.pruefe(anfrage)
        guard probleme.isEmpty else { throw FallFehler.unzulaessig(probleme.joined(separator: " ")) }
        var gefunden: [(String, AuskunftsTreffer)] = []
        for (id, eintrag) in betriebe where sichtbar(eintrag.gemeinde, akteur) {
            guard let zustand = eintrag.zustand else { continue }
            if let kommune = anfrage.kommune, kommune != eintrag.gemeinde { continue }
            let angaben = zustand.angaben
            if let name = anfrage.name?.nichtLeer {
                let namen =
                    [zustand.name, angaben.inhaber?.name, angaben.geschaeftsbezeichnung]
                    + (angaben.personen ?? []).map(\.anzeigename)
                if !Self.enthaelt(namen, name) { continue }
            }
            if let text = anfrage.anschrift?.nichtLeer,
                !Self.enthaelt([angaben.betriebsstaette?.anschrift?.einzeilig], text)
            {
                continue
            }
            gefunden.append(
                ("\(Self.falte(zustand.name))|\(id.uuidString)", Auskunftsregel.treffer(zustand, art: anfrage.art)))
        }
        gefunden.sort { $0.0 < $1.0 }
        let auskunft = Registerauskunft(
            id: UUID(), art: anfrage.art, rechtsgrundlage: anfrage.art.rechtsgrundlage, erteiltAm: uhr.jetzt(),
            treffer: Array(gefunden.prefix(Self.maxAuskunftsTreffer).map(\.1)))
        auskuenfte.append(Auskunftseintrag(auskunft: auskunft, anfrage: anfrage, akteur: akteur.bezeichnung))
        protokolliere(akteur, "auskunft \(anfrage.art.rawValue)", anfrage.anfragender)
        return auskunft
    }

    // MARK: Helpers

    private func sichtbar(_ gemeinde: String, _ akteur: Akteur) -> Bool {
        akteur.rolle == .system || akteur.kommunen.contains(gemeinde)
    }

    /// The intake role sees only the cases its token submitted; every other role all of its municipalities'.
    private func eigen(_ fallId: UUID, _ akteur: Akteur) -> Bool {
        akteur.rolle != .intake || einreicher[fallId] == Self.kennung(akteur)
    }

    private static func kennung(_ akteur: Akteur) -> String {
        akteur.tokenId?.uuidString ?? akteur.bezeichnung
    }

    private func zustaendig(_ akteur: Akteur) -> Set<String>? {
        akteur.rolle == .system ? nil : akteur.kommunen
    }

    private func sichtbarerFall(_ id: UUID, _ akteur: Akteur) throws -> Fall {
        guard let fall = faelleNachId[id], sichtbar(fall.gemeindeschluessel, akteur), eigen(id, akteur) else {
            throw FallFehler.nichtGefunden("Fall \(id.uuidString.lowercased()) nicht gefunden.")
        }
        return fall
    }

    private func pruefeVorbedingung(_ ifMatch: String?, _ fall: Fall) throws {
        guard let ifMatch = ifMatch?.nichtLeer else { throw FallFehler.vorbedingungFehlt }
        let angegeben = ifMatch.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard angegeben.contains(fall.etag) else { throw FallFehler.veraltet(aktuellesEtag: fall.etag) }
    }

    /// The Betrieb's state from its effective cases, with `geaendert` in place of its stored
    /// version; a history that no longer follows the lifecycle is a conflict.
    private func neuerBetriebszustand(_ eintrag: Betriebseintrag, mit geaendert: Fall) throws -> BetriebZustand? {
        let faelle = eintrag.fallIds.compactMap { $0 == geaendert.id ? geaendert : faelleNachId[$0] }
        let wirksam = faelle.filter { $0.status == .wirksam }
        guard let betriebId = faelle.first?.betriebId else { return nil }
        do {
            return try Lebenszyklus.zustand(betriebId: betriebId, anzeigen: wirksam.map(\.anzeige))
        } catch {
            throw FallFehler.konflikt(
                "Die übrige Geschichte des Betriebs wäre danach nicht mehr schlüssig (\(error.regel)): \(error.meldung)"
            )
        }
    }

    private func aehnlicheBetriebe(_ anzeige: Anzeige, _ akteur: Akteur) -> [BetriebZustand] {
        guard let ort = anzeige.betriebsstaette?.anschrift?.vergleichsschluessel else { return [] }
        let namen = Set((anzeige.personen ?? []).map { Self.falte($0.anzeigename) }.filter { !$0.isEmpty })
        guard !namen.isEmpty else { return [] }
        return betriebe.values.compactMap { eintrag -> BetriebZustand? in
            guard sichtbar(eintrag.gemeinde, akteur), let zustand = eintrag.zustand, zustand.status == .offen,
                zustand.angaben.betriebsstaette?.anschrift?.vergleichsschluessel == ort,
                (zustand.angaben.personen ?? []).contains(where: { namen.contains(Self.falte($0.anzeigename)) })
            else { return nil }
            return zustand
        }
    }

    private func protokolliere(_ akteur: Akteur, _ aktion: String, _ objekt: String) {
        protokollEintraege.append(
            Protokolleintrag(zeit: uhr.jetzt(), akteur: akteur.bezeichnung, aktion: aktion, objekt: objekt))
    }

    static func taetigkeit(_ angaben: Anzeige) -> String {
        (angaben.taetigkeiten ?? []).compactMap { $0.beschreibung?.nichtLeer }.joined(separator: "; ")
    }

    static func falte(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }

    static func enthaelt(_ texte: [String?], _ gesucht: String) -> Bool {
        let muster = falte(gesucht)
        return texte.contains { $0.map { falte($0).contains(muster) } ?? false }
    }

    static func imBereich(_ datum: Datum?, _ von: Datum?, _ bis: Datum?) -> Bool {
        if von == nil && bis == nil { return true }
        guard let datum else { return false }
        if let von, datum < von { return false }
        if let bis, datum > bis { return false }
        return true
    }

    static func istNach(_ schluessel: [String], _ cursor: [String]) -> Bool {
        cursor.lexicographicallyPrecedes(schluessel)
    }

    /// The first `limit` entries (clamped to 1...200) and, if more follow, the cursor after the last.
    static func seite<T>(
        _ alle: [T], limit: Int, art: String, schluessel: (T) -> [String]
    ) -> (
        eintraege: [T], naechsterCursor: String?
    ) {
        let groesse = min(max(limit, 1), maxSeitengroesse)
        let eintraege = Array(alle.prefix(groesse))
        guard alle.count > groesse, let letzter = eintraege.last else { return (eintraege, nil) }
        return (eintraege, schreibeCursor(schluessel(letzter), art: art))
    }

    /// Cursor: base64url (no padding) of `<art>1` and the sort key, joined by U+001F.
    static func schreibeCursor(_ schluessel: [String], art: String) -> String {
        let text = ([art + "1"] + schluessel).joined(separator: "\u{1F}")
        return Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func leseCursor(_ cursor: String, art: String) throws -> [String] {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let daten = Data(base64Encoded: base64), let text = String(data: daten, encoding: .utf8) else {
            throw FallFehler.unzulaessig("Der Cursor ist ungültig.")
        }
        let teile = text.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
        guard teile.count == 3, teile[0] == art + "1" else { throw FallFehler.unzulaessig("Der Cursor ist ungültig.") }
        return Array(teile.dropFirst())
    }
}
