import Foundation
import GewerbeDomain

/// The contract every ``Fallspeicher`` must keep, as checks of the use cases
/// (``Fallbearbeitung``) over a store: the in-memory twin and the PostgreSQL adapter run the same
/// checks, so that a test on the twin means the same on the real store.
///
/// Usage from a test target (one test per check, each on a fresh, empty store):
/// ```swift
/// @Test(arguments: FallspeicherVertrag.namen)
/// func vertrag(_ name: String) async throws {
///     try await FallspeicherVertrag.pruefe(name) { InMemoryFallspeicher() }
/// }
/// ```
/// The clock starts on ``FallspeicherVertrag/start``. A failed check throws ``VertragsVerstoss``
/// naming what was expected.
public enum FallspeicherVertrag {
    /// Builds an empty store.
    public typealias Fabrik = @Sendable () async throws -> any Fallspeicher

    /// What each check works with.
    public struct Umgebung: Sendable {
        /// The use cases over the store under test.
        public let repo: Fallbearbeitung
        public let uhr: TestUhr
    }

    /// One check of the contract.
    public struct Pruefung: Sendable {
        public let name: String
        public let ablauf: @Sendable (Umgebung) async throws -> Void
    }

    /// The day every check starts on (a Friday; the Empfangsbescheinigung is due on Tuesday).
    public static let start = Datum(jahr: 2026, monat: 11, tag: 20)!

    public static let sontra = "06636011"
    public static let witzenhausen = "06636016"
    public static let herleshausen = "06636005"

    /// A clerk of Sontra.
    public static let sbSontra = Akteur(
        tokenId: UUID(uuidString: "00000000-0000-0000-0000-000000000011")!, bezeichnung: "Sachbearbeitung Sontra",
        rolle: .sachbearbeitung, kommunen: [sontra])
    /// A clerk of Witzenhausen.
    public static let sbWitzenhausen = Akteur(
        tokenId: UUID(uuidString: "00000000-0000-0000-0000-000000000016")!, bezeichnung: "Sachbearbeitung Witzenhausen",
        rolle: .sachbearbeitung, kommunen: [witzenhausen])
    /// The intake service, for Sontra and Herleshausen.
    public static let intake = Akteur(
        tokenId: UUID(uuidString: "00000000-0000-0000-0000-0000000000a1")!, bezeichnung: "Online-Dienst",
        rolle: .intake, kommunen: [sontra, herleshausen])

    /// The names of all checks, for `@Test(arguments:)`.
    public static var namen: [String] { alle.map(\.name) }

    /// Runs the check `name` on a fresh repository.
    public static func pruefe(_ name: String, fabrik: Fabrik) async throws {
        guard let pruefung = alle.first(where: { $0.name == name }) else {
            throw VertragsVerstoss("Keine Prüfung namens \(name)")
        }
        let uhr = TestUhr(heute: start)
        try await pruefung.ablauf(Umgebung(repo: Fallbearbeitung(speicher: try await fabrik(), uhr: uhr), uhr: uhr))
    }

    public static let alle: [Pruefung] = [
        Pruefung(name: "aktenzeichenLueckenlosJeGemeindeUndJahr", ablauf: aktenzeichen),
        Pruefung(name: "ablehnungSpeichertNichts", ablauf: ablehnung),
        Pruefung(name: "idempotenz", ablauf: idempotenz),
        Pruefung(name: "mandantentrennung", ablauf: mandanten),
        Pruefung(name: "lebenszyklus", ablauf: lebenszyklus),
        Pruefung(name: "berichtigung", ablauf: berichtigung),
        Pruefung(name: "ruecknahme", ablauf: ruecknahme),
        Pruefung(name: "empfangsbescheinigung", ablauf: empfangsbescheinigung),
        Pruefung(name: "fallisteKeysetPaginierung", ablauf: paginierung),
        Pruefung(name: "registersuche", ablauf: registersuche),
        Pruefung(name: "registerauskunft", ablauf: auskunft),
    ]

    // MARK: Checks

    static func aktenzeichen(_ u: Umgebung) async throws {
        let a = try await angenommen(u.repo.einreichen(anm(), akteur: sbSontra, idempotenzSchluessel: nil))
        var ungueltig = anm()
        ungueltig.betriebsstaette = nil
        _ = try await abgelehnt(u.repo.einreichen(ungueltig, akteur: sbSontra, idempotenzSchluessel: nil))
        let b = try await angenommen(
            u.repo.einreichen(anm(strasse: "Ring"), akteur: sbSontra, idempotenzSchluessel: nil))
        let w = try await angenommen(
            u.repo.einreichen(
                anm(gemeinde: witzenhausen, strasse: "Am Markt"), akteur: sbWitzenhausen, idempotenzSchluessel: nil))
        try erwarte(a.aktenzeichen, "06636011-2026-00001")
        try erwarte(b.aktenzeichen, "06636011-2026-00002", "eine Ablehnung verbraucht keine Nummer")
        try erwarte(w.aktenzeichen, "06636016-2026-00001", "jede Gemeinde zählt für sich")
        u.uhr.setze(Datum(jahr: 2027, monat: 1, tag: 4)!)
        let neu = try await angenommen(
            u.repo.einreichen(
                anm(eingang: Datum(jahr: 2027, monat: 1, tag: 4)!, strasse: "Weg"), akteur: sbSontra,
                idempotenzSchluessel: nil))
        try erwarte(neu.aktenzeichen, "06636011-2027-00001", "jedes Jahr beginnt bei 1")
        try erwarte(a.revision, 1)
        try erwarte(a.versionen.count, 1)
        try erwarte(a.status, .wirksam)
        try erwarte(a.gemeindeschluessel, sontra)
        try erwarte(a.betriebId != b.betriebId, true, "jede Anmeldung eröffnet einen eigenen Betrieb")
    }

    static func ablehnung(_ u: Umgebung) async throws {
        var anzeige = anm()
        anzeige.betriebsstaette = nil
        anzeige.eingangsdatum = nil
        let ergebnis = try await abgelehnt(u.repo.einreichen(anzeige, akteur: sbSontra, idempotenzSchluessel: "k1"))
        try erwarte(ergebnis.fehler.count >= 2, true, "alle Fehler auf einmal, nicht nur der erste")
        try erwarte(ergebnis.fehler.contains { $0.feldpfad == "eingangsdatum" }, true)
        let seite = try await u.repo.faelle(Fallfilter(), akteur: sbSontra)
        try erwarte(seite.eintraege.count, 0, "nach einer Ablehnung ist nichts gespeichert")
        // The key of a rejected submission is not used up: a corrected retry is accepted.
        _ = try await angenommen(u.repo.einreichen(anm(), akteur: sbSontra, idempotenzSchluessel: "k1"))
    }

    static func idempotenz(_ u: Umgebung) async throws {
        let erstes = try await u.repo.einreichen(anm(), akteur: intake, idempotenzSchluessel: "civento-4711")
        guard case .angenommen(let fall, let wiederholt1) = erstes else {
            throw VertragsVerstoss("erwartet: angenommen")
        }
        try erwarte(wiederholt1, false)
        let zweites = try await u.repo.einreichen(anm(), akteur: intake, idempotenzSchluessel: "civento-4711")
        guard case .angenommen(let nochmal, let wiederholt2) = zweites else {
            throw VertragsVerstoss("erwartet: angenommen")
        }
        try erwarte(wiederholt2, true, "Wiederholung ist markiert")
        try erwarte(nochmal.id, fall.id, "Wiederholung liefert denselben Fall")
        try erwarte(nochmal.aktenzeichen, fall.aktenzeichen)
        try await erwarteFehler(.idempotenzKonflikt) {
            _ = try await u.repo.einreichen(
                anm(strasse: "Anders"), akteur: intake, idempotenzSchluessel: "civento-4711")
        }
        // Keys belong to a token: another actor's equal key is a new submission.
        let fremd = try await angenommen(
            u.repo.einreichen(anm(), akteur: sbSontra, idempotenzSchluessel: "civento-4711"))
        try erwarte(fremd.id != fall.id, true, "Schlüssel gelten je Token")
        // Concurrent duplicates create one case.
        let ids = try await withThrowingTaskGroup(of: UUID.self) { gruppe in
            for _ in 0..<8 {
                gruppe.addTask {
                    try await angenommen(
                        u.repo.einreichen(anm(strasse: "Parallel"), akteur: intake, idempotenzSchluessel: "parallel-1")
                    ).id
                }
            }
            var ids = Set<UUID>()
            for try await id in gruppe { ids.insert(id) }
            return ids
        }
        try erwarte(ids.count, 1, "gleichzeitige Wiederholungen ergeben einen Fall")
        let alle = try await u.repo.faelle(Fallfilter(), akteur: sbSontra)
        try erwarte(alle.eintraege.count, 3)
        // The intake service reads back only what it submitted.
        let eigene = try await u.repo.faelle(Fallfilter(), akteur: intake)
        try erwarte(Set(eigene.eintraege.map(\.id)), [fall.id, ids.first!], "intake sieht nur die eigenen Fälle")
        try erwarte(try await u.repo.fall(id: fall.id, akteur: intake).id, fall.id)
        try await erwarteFehlerArt("nichtGefunden") { _ = try await u.repo.fall(id: fremd.id, akteur: intake) }
    }

    static func mandanten(_ u: Umgebung) async throws {
        try await erwarteFehlerArt("nichtBerechtigt") {
            _ = try await u.repo.einreichen(anm(gemeinde: witzenhausen), akteur: sbSontra, idempotenzSchluessel: nil)
        }
        let fall = try await angenommen(u.repo.einreichen(anm(), akteur: sbSontra, idempotenzSchluessel: nil))
        try await erwarteFehlerArt("nichtGefunden") { _ = try await u.repo.fall(id: fall.id, akteur: sbWitzenhausen) }
        try await erwarteFehlerArt("nichtGefunden") { _ = try await u.repo.fall(id: UUID(), akteur: sbSontra) }
        try await erwarteFehlerArt("nichtGefunden") {
            _ = try await u.repo.betrieb(id: fall.betriebId, akteur: sbWitzenhausen)
        }
        try await erwarteFehlerArt("nichtGefunden") {
            _ = try await u.repo.berichtigen(
                fallId: fall.id, anzeige: anm(), grund: "x", ifMatch: fall.etag, akteur: sbWitzenhausen)
        }
        try await erwarteFehlerArt("nichtGefunden") {
            _ = try await u.repo.zuruecknehmen(fallId: fall.id, grund: "x", ifMatch: fall.etag, akteur: sbWitzenhausen)
        }
        try await erwarteFehlerArt("nichtGefunden") {
            _ = try await u.repo.bescheinigeEmpfang(fallId: fall.id, am: nil, akteur: sbWitzenhausen)
        }
        try erwarte(try await u.repo.faelle(Fallfilter(), akteur: sbWitzenhausen).eintraege.count, 0)
        try erwarte(try await u.repo.faelle(Fallfilter(kommune: sontra), akteur: sbWitzenhausen).eintraege.count, 0)
        try erwarte(
            try await u.repo.sucheBetriebe(Registersuche(name: "Weiß"), akteur: sbWitzenhausen).eintraege.count, 0)
        let auskunft = try await u.repo.auskunft(
            Auskunftsanfrage(art: .einfach, name: "Weiß", anfragender: "Inkasso GmbH"), akteur: sbWitzenhausen)
        try erwarte(auskunft.treffer.count, 0, "keine Auskunft über fremde Gemeinden")
        // An Ummeldung naming another municipality's Betrieb sees no Betrieb (rule GEW-LZ-003).
        let um = ummeldung(fall.betriebId, gemeinde: witzenhausen)
        let ergebnis = try await abgelehnt(u.repo.einreichen(um, akteur: sbWitzenhausen, idempotenzSchluessel: nil))
        try erwarte(ergebnis.fehler.contains { $0.regel == "GEW-LZ-003" }, true)
    }

    static func lebenszyklus(_ u: Umgebung) async throws {
        let anmeldung = try await angenommen(u.repo.einreichen(anm(), akteur: sbSontra, idempotenzSchluessel: nil))
        let betriebId = anmeldung.betriebId
        let um = try await angenommen(
            u.repo.einreichen(ummeldung(betriebId), akteur: sbSontra, idempotenzSchluessel: nil))
        try erwarte(um.betriebId, betriebId)
        var akte = try await u.repo.betrieb(id: betriebId, akteur: sbSontra)
        try erwarte(akte.zustand?.angaben.betriebsstaette?.anschrift?.strasse, "Bahnhofstraße", "Ummeldung übernommen")
        try erwarte(akte.faelle.map(\.id), [anmeldung.id, um.id])
        let ab = try await angenommen(
            u.repo.einreichen(abmeldung(betriebId), akteur: sbSontra, idempotenzSchluessel: nil))
        akte = try await u.repo.betrieb(id: betriebId, akteur: sbSontra)
        try erwarte(akte.zustand?.status, .abgemeldet)
        try erwarte(akte.zustand?.ende, ab.anzeige.datumAufgabe)
        try erwarte(akte.faelle.count, 3)
        let danach = try await abgelehnt(
            u.repo.einreichen(ummeldung(betriebId, strasse: "Neuweg"), akteur: sbSontra, idempotenzSchluessel: nil))
        try erwarte(danach.fehler.contains { $0.regel == "GEW-LZ-004" }, true, "nach der Abmeldung keine Ummeldung")
        let unbekannt = try await abgelehnt(
            u.repo.einreichen(ummeldung(UUID()), akteur: sbSontra, idempotenzSchluessel: nil))
        try erwarte(unbekannt.fehler.contains { $0.regel == "GEW-LZ-003" }, true)
    }

    static func berichtigung(_ u: Umgebung) async throws {
        let fall = try await angenommen(u.repo.einreichen(anm(), akteur: sbSontra, idempotenzSchluessel: nil))
        var korrigiert = anm()
        korrigiert.geschaeftsbezeichnung = "Schneiderei Weiß"
        try await erwarteFehler(.vorbedingungFehlt) {
            _ = try await u.repo.berichtigen(
                fallId: fall.id, anzeige: korrigiert, grund: "Tippfehler", ifMatch: nil, akteur: sbSontra)
        }
        try await erwarteFehlerArt("veraltet") {
            _ = try await u.repo.berichtigen(
                fallId: fall.id, anzeige: korrigiert, grund: "Tippfehler", ifMatch: "\"veraltet\"", akteur: sbSontra)
        }
        var falsch = korrigiert
        falsch.betriebsstaette = nil
        _ = try await abgelehnt(
            u.repo.berichtigen(
                fallId: fall.id, anzeige: falsch, grund: "Tippfehler", ifMatch: fall.etag, akteur: sbSontra))
        try erwarte(try await u.repo.fall(id: fall.id, akteur: sbSontra).revision, 1, "Ablehnung ändert nichts")
        var andereArt = abmeldung(fall.betriebId)
        andereArt.eingangsdatum = start
        try await erwarteFehlerArt("unzulaessig") {
            _ = try await u.repo.berichtigen(
                fallId: fall.id, anzeige: andereArt, grund: "x", ifMatch: fall.etag, akteur: sbSontra)
        }
        let neu = try await angenommen(
            u.repo.berichtigen(
                fallId: fall.id, anzeige: korrigiert, grund: "Tippfehler", ifMatch: fall.etag, akteur: sbSontra))
        try erwarte(neu.id, fall.id)
        try erwarte(neu.aktenzeichen, fall.aktenzeichen)
        try erwarte(neu.versionen.count, 2)
        try erwarte(neu.revision, 2)
        try erwarte(neu.etag != fall.etag, true)
        try erwarte(neu.aktuell.berichtigungsgrund, "Tippfehler")
        try erwarte(neu.versionen[0].anzeige.geschaeftsbezeichnung, "Änderungsschneiderei Weiß", "alte Version bleibt")
        try erwarte(neu.anzeige.geschaeftsbezeichnung, "Schneiderei Weiß")
        let akte = try await u.repo.betrieb(id: fall.betriebId, akteur: sbSontra)
        try erwarte(akte.zustand?.angaben.geschaeftsbezeichnung, "Schneiderei Weiß", "Betrieb folgt der Berichtigung")
        try await erwarteFehlerArt("veraltet") {
            _ = try await u.repo.berichtigen(
                fallId: fall.id, anzeige: korrigiert, grund: "x", ifMatch: fall.etag, akteur: sbSontra)
        }
    }

    static func ruecknahme(_ u: Umgebung) async throws {
        let anmeldung = try await angenommen(u.repo.einreichen(anm(), akteur: sbSontra, idempotenzSchluessel: nil))
        let um = try await angenommen(
            u.repo.einreichen(ummeldung(anmeldung.betriebId), akteur: sbSontra, idempotenzSchluessel: nil))
        try await erwarteFehler(.vorbedingungFehlt) {
            _ = try await u.repo.zuruecknehmen(fallId: um.id, grund: "Irrtum", ifMatch: nil, akteur: sbSontra)
        }
        try await erwarteFehlerArt("konflikt") {
            _ = try await u.repo.zuruecknehmen(
                fallId: anmeldung.id, grund: "Irrtum", ifMatch: anmeldung.etag, akteur: sbSontra)
        }
        try await erwarteFehlerArt("unzulaessig") {
            _ = try await u.repo.zuruecknehmen(fallId: um.id, grund: "  ", ifMatch: um.etag, akteur: sbSontra)
        }
        let zurueck = try await u.repo.zuruecknehmen(fallId: um.id, grund: "Irrtum", ifMatch: um.etag, akteur: sbSontra)
        try erwarte(zurueck.status, .zurueckgenommen)
        try erwarte(zurueck.ruecknahme?.grund, "Irrtum")
        try erwarte(zurueck.revision, um.revision + 1)
        var akte = try await u.repo.betrieb(id: anmeldung.betriebId, akteur: sbSontra)
        try erwarte(
            akte.zustand?.angaben.betriebsstaette?.anschrift?.strasse, "Marktplatz", "Zustand ohne die Ummeldung")
        try erwarte(akte.faelle.count, 2, "zurückgenommene Fälle bleiben in der Geschichte")
        try await erwarteFehlerArt("konflikt") {
            _ = try await u.repo.zuruecknehmen(fallId: um.id, grund: "Irrtum", ifMatch: zurueck.etag, akteur: sbSontra)
        }
        _ = try await u.repo.zuruecknehmen(
            fallId: anmeldung.id, grund: "Doppelt", ifMatch: anmeldung.etag, akteur: sbSontra)
        akte = try await u.repo.betrieb(id: anmeldung.betriebId, akteur: sbSontra)
        try erwarte(akte.zustand == nil, true, "ohne wirksame Anzeige kein Zustand")
        try erwarte(try await u.repo.sucheBetriebe(Registersuche(name: "Weiß"), akteur: sbSontra).eintraege.count, 0)
    }

    static func empfangsbescheinigung(_ u: Umgebung) async throws {
        let fall = try await angenommen(u.repo.einreichen(anm(), akteur: sbSontra, idempotenzSchluessel: nil))
        let zweiter = try await angenommen(
            u.repo.einreichen(anm(strasse: "Ring"), akteur: sbSontra, idempotenzSchluessel: nil))
        try erwarte(fall.empfangsbescheinigungFaellig, Datum(jahr: 2026, monat: 11, tag: 23)!)
        var offen = try await u.repo.faelle(Fallfilter(ohneEmpfangsbescheinigung: true), akteur: sbSontra)
        try erwarte(Set(offen.eintraege.map(\.id)), [fall.id, zweiter.id])
        try erwarte(try await u.repo.faelle(Fallfilter(ueberfaellig: true), akteur: sbSontra).eintraege.count, 0)
        try await erwarteFehlerArt("unzulaessig") {
            _ = try await u.repo.bescheinigeEmpfang(fallId: fall.id, am: start.plusTage(-1), akteur: sbSontra)
        }
        try await erwarteFehlerArt("unzulaessig") {
            _ = try await u.repo.bescheinigeEmpfang(fallId: fall.id, am: start.plusTage(1), akteur: sbSontra)
        }
        u.uhr.vorstellen(tage: 4)  // Tuesday 24.11.: due Monday 23.11.
        let bescheinigt = try await u.repo.bescheinigeEmpfang(fallId: fall.id, am: start.plusTage(1), akteur: sbSontra)
        try erwarte(bescheinigt.empfangsbescheinigung?.ausgestelltAm, start.plusTage(1))
        try erwarte(bescheinigt.revision, 2)
        try await erwarteFehlerArt("konflikt") {
            _ = try await u.repo.bescheinigeEmpfang(fallId: fall.id, am: nil, akteur: sbSontra)
        }
        offen = try await u.repo.faelle(Fallfilter(ohneEmpfangsbescheinigung: true), akteur: sbSontra)
        try erwarte(offen.eintraege.map(\.id), [zweiter.id])
        let ueberfaellig = try await u.repo.faelle(Fallfilter(ueberfaellig: true), akteur: sbSontra)
        try erwarte(ueberfaellig.eintraege.map(\.id), [zweiter.id])
        try erwarte(ueberfaellig.eintraege.first?.ueberfaellig, true)
        let heute = try await u.repo.bescheinigeEmpfang(fallId: zweiter.id, am: nil, akteur: sbSontra)
        try erwarte(heute.empfangsbescheinigung?.ausgestelltAm, start.plusTage(4), "ohne Datum: heute")
    }

    static func paginierung(_ u: Umgebung) async throws {
        var erwartet = Set<UUID>()
        for nummer in 0..<7 {
            let tag = start.plusTage(-nummer)
            let fall = try await angenommen(
                u.repo.einreichen(
                    anm(eingang: tag, strasse: "Gasse \(nummer)"), akteur: sbSontra, idempotenzSchluessel: nil))
            erwartet.insert(fall.id)
        }
        _ = try await angenommen(
            u.repo.einreichen(
                anm(gemeinde: witzenhausen, strasse: "Am Markt"), akteur: sbWitzenhausen, idempotenzSchluessel: nil))
        var gesehen: [UUID] = []
        var cursor: String? = nil
        var seiten = 0
        repeat {
            let seite = try await u.repo.faelle(Fallfilter(limit: 3, cursor: cursor), akteur: sbSontra)
            try erwarte(seite.eintraege.count <= 3, true, "Seitengröße begrenzt")
            gesehen += seite.eintraege.map(\.id)
            cursor = seite.naechsterCursor
            seiten += 1
        } while cursor != nil && seiten < 10
        try erwarte(seiten, 3)
        try erwarte(gesehen.count, 7, "keine Doppelten")
        try erwarte(Set(gesehen), erwartet, "alle, und nur die eigenen")
        let eingaenge = try await u.repo.faelle(Fallfilter(limit: 200), akteur: sbSontra).eintraege.map(\.eingangsdatum)
        try erwarte(eingaenge, eingaenge.sorted(), "nach Eingang geordnet")
        let bereich = try await u.repo.faelle(
            Fallfilter(eingangVon: start.plusTage(-2), eingangBis: start.plusTage(-1)), akteur: sbSontra)
        try erwarte(bereich.eintraege.count, 2)
        try await erwarteFehlerArt("unzulaessig") {
            _ = try await u.repo.faelle(Fallfilter(cursor: "kein-cursor"), akteur: sbSontra)
        }
    }

    static func registersuche(_ u: Umgebung) async throws {
        let weiss = try await angenommen(u.repo.einreichen(anm(), akteur: sbSontra, idempotenzSchluessel: nil))
        let mueller = try await angenommen(
            u.repo.einreichen(
                anm(
                    familienname: "Müller", vornamen: "Anna", geschaeft: "Blumen Müller", strasse: "Ring",
                    hausnummer: "9",
                    taetigkeit: "Einzelhandel mit Blumen und Pflanzen", wz: "47.76.1"),
                akteur: sbSontra, idempotenzSchluessel: nil))
        _ = try await angenommen(
            u.repo.einreichen(abmeldung(mueller.betriebId), akteur: sbSontra, idempotenzSchluessel: nil))
        func ids(_ suche: Registersuche) async throws -> Set<UUID> {
            Set(try await u.repo.sucheBetriebe(suche, akteur: sbSontra).eintraege.map(\.betriebId))
        }
        try erwarte(try await ids(Registersuche(name: "schneiderei")), [weiss.betriebId], "Name, ohne Groß/klein")
        try erwarte(
            try await ids(Registersuche(person: "muller")), [mueller.betriebId], "Person, ohne Umlaut-Unterschied")
        try erwarte(try await ids(Registersuche(anschrift: "Ring 9")), [mueller.betriebId])
        try erwarte(try await ids(Registersuche(wz: "47.76")), [mueller.betriebId], "WZ-Präfix")
        try erwarte(try await ids(Registersuche(wz: "9529")), [weiss.betriebId], "WZ ohne Punkte")
        try erwarte(try await ids(Registersuche(status: .abgemeldet)), [mueller.betriebId])
        try erwarte(try await ids(Registersuche(status: .offen)), [weiss.betriebId])
        try erwarte(try await ids(Registersuche(endeVon: start.plusTage(-1))), [mueller.betriebId])
        try erwarte(try await ids(Registersuche(beginnVon: start.plusTage(1), beginnBis: start.plusTage(1))).count, 2)
        try erwarte(try await ids(Registersuche(kommune: witzenhausen)).count, 0)
        let erste = try await u.repo.sucheBetriebe(Registersuche(limit: 1), akteur: sbSontra)
        try erwarte(erste.eintraege.count, 1)
        let cursor = try erste.naechsterCursor.unwrap("Cursor nach der ersten Seite")
        let zweite = try await u.repo.sucheBetriebe(Registersuche(limit: 1, cursor: cursor), akteur: sbSontra)
        try erwarte(zweite.eintraege.count, 1)
        try erwarte(zweite.naechsterCursor == nil, true)
        try erwarte(Set((erste.eintraege + zweite.eintraege).map(\.betriebId)), [weiss.betriebId, mueller.betriebId])
        let treffer = try await u.repo.sucheBetriebe(Registersuche(name: "Blumen"), akteur: sbSontra).eintraege.first
        try erwarte(treffer?.personen, ["Anna Müller"])
        try erwarte(treffer?.wz, ["47.76.1"])
    }

    static func auskunft(_ u: Umgebung) async throws {
        _ = try await angenommen(u.repo.einreichen(anm(), akteur: sbSontra, idempotenzSchluessel: nil))
        let einfach = try await u.repo.auskunft(
            Auskunftsanfrage(art: .einfach, name: "Weiß", anfragender: "Max Muster, Kassel"), akteur: sbSontra)
        try erwarte(einfach.treffer.count, 1)
        try erwarte(einfach.rechtsgrundlage, "§ 14 Abs. 5 Satz 2 GewO")
        let t = try einfach.treffer.first.unwrap("Treffer")
        try erwarte(t.name, "Änderungsschneiderei Weiß")
        try erwarte(t.betriebsanschrift, "Marktplatz 3, 36205 Sontra")
        try erwarte(t.taetigkeit, "Änderungsschneiderei und Reparatur von Bekleidung")
        try erwarte(
            t.personen == nil && t.status == nil && t.beginn == nil && t.rechtsform == nil && t.register == nil, true,
            "einfache Auskunft: nur Name, Anschrift, Tätigkeit")
        try await erwarteFehlerArt("unzulaessig") {
            _ = try await u.repo.auskunft(
                Auskunftsanfrage(art: .erweitert, name: "Weiß", anfragender: "Inkasso GmbH"), akteur: sbSontra)
        }
        try await erwarteFehlerArt("unzulaessig") {
            _ = try await u.repo.auskunft(
                Auskunftsanfrage(art: .einfach, anfragender: "Inkasso GmbH"), akteur: sbSontra)
        }
        let erweitert = try await u.repo.auskunft(
            Auskunftsanfrage(
                art: .erweitert, anschrift: "Marktplatz", anfragender: "Inkasso GmbH",
                begruendung: "Vollstreckungstitel AG Eschwege 3 C 12/26"),
            akteur: sbSontra)
        let e = try erweitert.treffer.first.unwrap("Treffer der erweiterten Auskunft")
        try erwarte(e.personen?.first?.name, "Jürgen Günther Weiß")
        try erwarte(e.personen?.first?.geburtsdatum, Datum(jahr: 1984, monat: 3, tag: 17))
        try erwarte(e.status, .offen)
    }

    // MARK: Fixtures and helpers

    static func anm(
        gemeinde: String = sontra, eingang: Datum = start, familienname: String = "Weiß",
        vornamen: String = "Jürgen Günther",
        geschaeft: String = "Änderungsschneiderei Weiß", strasse: String = "Marktplatz", hausnummer: String = "3",
        taetigkeit: String = "Änderungsschneiderei und Reparatur von Bekleidung", wz: String = "95.29.0"
    ) -> Anzeige {
        // A different street per Betrieb keeps the double-Anmeldung hint (GEW-LZ-007) apart.
        Testanzeigen.anmeldung(
            gemeinde: gemeinde, eingang: eingang, familienname: familienname, vornamen: vornamen, geschaeft: geschaeft,
            strasse: strasse, hausnummer: hausnummer, ort: gemeinde == witzenhausen ? "Witzenhausen" : "Sontra",
            taetigkeit: taetigkeit, wz: wz)
    }

    static func ummeldung(_ betriebId: UUID, gemeinde: String = sontra, strasse: String = "Bahnhofstraße") -> Anzeige {
        Testanzeigen.ummeldung(
            betriebId: betriebId, gemeinde: gemeinde, eingang: start, aenderung: start.plusTage(2), strasse: strasse)
    }

    static func abmeldung(_ betriebId: UUID) -> Anzeige {
        Testanzeigen.abmeldung(
            betriebId: betriebId, eingang: start, aufgabe: start.plusTage(3), strasse: "Bahnhofstraße", hausnummer: "7")
    }

    static func angenommen(_ ergebnis: EinreichungsErgebnis) throws -> Fall {
        switch ergebnis {
        case .angenommen(let fall, _): return fall
        case .abgelehnt(let pruefung):
            throw VertragsVerstoss(
                "erwartet: angenommen; abgelehnt mit \(pruefung.fehler.map { "\($0.regel) \($0.feldpfad): \($0.meldung)" })"
            )
        }
    }

    static func abgelehnt(_ ergebnis: EinreichungsErgebnis) throws -> Pruefergebnis {
        switch ergebnis {
        case .angenommen(let fall, _):
            throw VertragsVerstoss("erwartet: abgelehnt; angenommen als \(fall.aktenzeichen)")
        case .abgelehnt(let pruefung):
            if pruefung.fehler.isEmpty { throw VertragsVerstoss("abgelehnt ohne Fehler") }
            return pruefung
        }
    }

    static func erwarte<T: Equatable>(
        _ ist: T, _ soll: T, _ was: String = "", zeile: UInt = #line
    ) throws {
        if ist != soll {
            throw VertragsVerstoss("Zeile \(zeile): \(was.isEmpty ? "" : was + ": ")erwartet \(soll), ist \(ist)")
        }
    }

    static func erwarteFehler(_ soll: FallFehler, zeile: UInt = #line, _ ablauf: () async throws -> Void) async throws {
        do {
            try await ablauf()
        } catch let fehler as FallFehler {
            if fehler != soll { throw VertragsVerstoss("Zeile \(zeile): erwartet \(soll), geworfen \(fehler)") }
            return
        }
        throw VertragsVerstoss("Zeile \(zeile): erwartet Fehler \(soll), nichts geworfen")
    }

    static func erwarteFehlerArt(_ art: String, zeile: UInt = #line, _ ablauf: () async throws -> Void) async throws {
        do {
            try await ablauf()
        } catch let fehler as FallFehler {
            let ist = String(describing: Mirror(reflecting: fehler).children.first?.label ?? "\(fehler)")
            if ist != art { throw VertragsVerstoss("Zeile \(zeile): erwartet \(art), geworfen \(ist): \(fehler)") }
            return
        }
        throw VertragsVerstoss("Zeile \(zeile): erwartet Fehler \(art), nichts geworfen")
    }
}

/// A broken rule of the ``FallspeicherVertrag``.
public struct VertragsVerstoss: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Optional {
    func unwrap(_ was: String) throws -> Wrapped {
        guard let self else { throw VertragsVerstoss("\(was) fehlt") }
        return self
    }
}
