import Foundation
import GewerbeDomain
import GewerbePostgres
import GewerbeTestSupport
import PostgresNIO
import Testing

@Suite("Case store: storage, tenancy, idempotency, corrections, audit")
struct FallspeicherTests {
    typealias U = Fallumgebung

    @Test func eineEinreichungSchreibtAllesInEinerTransaktion() async throws {
        try await U.mit { u in
            let vorher = try await u.zeilen()
            let fall = try await u.angenommen(U.anmeldung(), schluessel: "k-1")
            let nachher = try await u.zeilen()
            let zuwachs = Dictionary(uniqueKeysWithValues: U.tabellen.map { ($0, nachher[$0]! - vorher[$0]!) })
            #expect(
                zuwachs == [
                    "betriebe": 1, "faelle": 1, "anzeige_versionen": 1, "aktenzeichen_zaehler": 1, "idempotenz": 1,
                    "rueckmeldungen": 0, "auskunft_protokoll": 0, "ablageauftraege": 1, "ablage_dokumente": 0,
                    "ablage_versuche": 0, "audit_events": 1,
                ])
            #expect(fall.aktenzeichen == "06636011-2026-00001")
            let (art, version, status, anzeige) = try await u.database.withConnection { connection in
                (
                    try await connection.scalar("SELECT art FROM ablageauftraege", as: String.self),
                    try await connection.scalar("SELECT version FROM ablageauftraege", as: Int.self),
                    try await connection.scalar("SELECT status FROM ablageauftraege", as: String.self),
                    try await connection.scalar("SELECT anzeige::text FROM anzeige_versionen", as: String.self)
                )
            }
            #expect((art, version, status) == ("anzeige", 1, "ausstehend"))
            #expect(try JSONDecoder().decode(Anzeige.self, from: Data(anzeige.utf8)) == U.anmeldung())
            #expect(try await u.auditAktionen(U.sontra) == ["anzeige.einreichen"])
            // Read back: the same case.
            let gelesen = try await u.repo.fall(id: fall.id, akteur: U.sbSontra)
            #expect(gelesen.aktenzeichen == fall.aktenzeichen)
            #expect(gelesen.anzeige == fall.anzeige)
            #expect(gelesen.etag == fall.etag)
            #expect(gelesen.aktuell.hinweise == fall.aktuell.hinweise)
        }
    }

    @Test func eineAblehnungHinterlaesstKeineZeile() async throws {
        try await U.mit { u in
            let vorher = try await u.zeilen()
            var ohneStaette = U.anmeldung()
            ohneStaette.betriebsstaette = nil
            ohneStaette.personen = nil
            for (anzeige, schluessel) in [
                (ohneStaette, "k-1"), (U.ummeldung(UUID()), nil), (U.abmeldung(UUID()), "k-2"),
            ] {
                guard
                    case .abgelehnt(let ergebnis) = try await u.repo.einreichen(
                        anzeige, akteur: U.sbSontra, idempotenzSchluessel: schluessel)
                else {
                    Issue.record("angenommen: \(anzeige.meldeart)")
                    continue
                }
                #expect(!ergebnis.fehler.isEmpty)
            }
            #expect(try await u.zeilen() == vorher, "jede Tabelle wie vorher")
            // The rejected submission used no number.
            #expect(try await u.angenommen(U.anmeldung()).aktenzeichen == "06636011-2026-00001")
        }
    }

    @Test func zeilenschutzZeigtEinerTransaktionNurIhreGemeinde() async throws {
        try await U.mit { u in
            let s = try await u.angenommen(U.anmeldung())
            let w = try await u.angenommen(U.anmeldung(U.witzenhausen), U.sbWitzenhausen)
            _ = try await u.repo.bescheinigeEmpfang(fallId: s.id, am: nil, akteur: U.sbSontra)
            _ = try await u.repo.auskunft(
                Auskunftsanfrage(art: .einfach, name: "Weiß", anfragender: "Max Muster"), akteur: U.sbWitzenhausen)
            let alle = try await u.zeilen()
            for (gemeinde, fall) in [(U.sontra, s), (U.witzenhausen, w)] {
                let (sichtbar, fremd) = try await u.database.withTransaction(tenant: TenantScope(ags: gemeinde)) {
                    connection in
                    var sichtbar: [String: Int] = [:]
                    for tabelle in U.tabellen where tabelle != "audit_events" {
                        // No WHERE clause: row-level security alone filters.
                        sichtbar[tabelle] = try await connection.scalar(
                            PostgresQuery(unsafeSQL: "SELECT count(*)::integer FROM \(tabelle)"), as: Int.self)
                    }
                    let fremd = try await connection.scalar(
                        "SELECT count(*)::integer FROM faelle WHERE ags <> \(gemeinde)", as: Int.self)
                    return (sichtbar, fremd)
                }
                #expect(fremd == 0)
                #expect(sichtbar["faelle"] == 1, "\(gemeinde)")
                #expect(sichtbar["betriebe"] == 1)
                #expect(sichtbar["anzeige_versionen"] == 1)
                #expect(sichtbar["ablageauftraege"] == (fall.id == s.id ? 2 : 1))
                #expect(sichtbar["auskunft_protokoll"] == (gemeinde == U.witzenhausen ? 1 : 0))
            }
            #expect(alle["faelle"] == 2)
            // The search function applies the transaction's scope even when asked for more.
            let keys = try await u.database.withTransaction(tenant: TenantScope(ags: U.sontra)) { connection in
                try await connection.scalar(
                    """
                    SELECT coalesce(array_agg(ags::text), '{}') FROM gewerbe_register_suche(
                        ARRAY['06636011', '06636016']::char(8)[], NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                        NULL, NULL, NULL, 50)
                    """, as: [String].self)
            }
            #expect(keys == [U.sontra])
        }
    }

    @Test func fremdeGemeindenAntwortenWieFehlende() async throws {
        try await U.mit { u in
            let fall = try await u.angenommen(U.anmeldung())
            await erwarteFallFehler("nichtGefunden") {
                _ = try await u.repo.fall(id: fall.id, akteur: U.sbWitzenhausen)
            }
            await erwarteFallFehler("nichtGefunden") {
                _ = try await u.repo.betrieb(id: fall.betriebId, akteur: U.sbWitzenhausen)
            }
            await erwarteFallFehler("nichtGefunden") {
                _ = try await u.repo.zuruecknehmen(
                    fallId: fall.id, grund: "x", ifMatch: fall.etag, akteur: U.sbWitzenhausen)
            }
            await erwarteFallFehler("nichtBerechtigt") {
                _ = try await u.repo.einreichen(
                    U.anmeldung(U.witzenhausen), akteur: U.sbSontra, idempotenzSchluessel: nil)
            }
            #expect(try await u.repo.sucheBetriebe(Registersuche(), akteur: U.sbWitzenhausen).eintraege.isEmpty)
            #expect(try await u.repo.sucheBetriebe(Registersuche(), akteur: U.sbSontra).eintraege.count == 1)
            #expect(
                try await u.repo.faelle(Fallfilter(kommune: U.sontra), akteur: U.sbWitzenhausen).eintraege.isEmpty)
            // A two-municipality office sees both.
            _ = try await u.angenommen(U.anmeldung(U.witzenhausen), U.sbBeide)
            let beide = try await u.repo.faelle(Fallfilter(), akteur: U.sbBeide).eintraege
            #expect(Set(beide.map(\.gemeindeschluessel)) == [U.sontra, U.witzenhausen])
            #expect(try await u.repo.sucheBetriebe(Registersuche(), akteur: U.sbBeide).eintraege.count == 2)
        }
    }

    @Test func idempotenzGiltJeTokenUndUeberGemeindenHinweg() async throws {
        try await U.mit(verbindungen: 12) { u in
            let erster = try await u.angenommen(U.anmeldung(), U.sbBeide, schluessel: "portal-1")
            // The same key with a body for the other municipality: still the same key, a conflict.
            await erwarteFallFehler("idempotenzKonflikt") {
                _ = try await u.repo.einreichen(
                    U.anmeldung(U.witzenhausen), akteur: U.sbBeide, idempotenzSchluessel: "portal-1")
            }
            guard
                case .angenommen(let wieder, let wiederholt) = try await u.repo.einreichen(
                    U.anmeldung(), akteur: U.sbBeide, idempotenzSchluessel: "portal-1")
            else { throw TestFailure("Wiederholung abgelehnt") }
            #expect(wiederholt)
            #expect(wieder.id == erster.id)
            // Concurrent duplicates: one case, the others replay it.
            let ergebnisse = try await withThrowingTaskGroup(of: (UUID, Bool).self) { gruppe in
                for _ in 0..<16 {
                    gruppe.addTask {
                        guard
                            case .angenommen(let fall, let wiederholt) = try await u.repo.einreichen(
                                U.anmeldung(strasse: "Parallelweg"), akteur: U.intake,
                                idempotenzSchluessel: "gleichzeitig")
                        else { throw TestFailure("abgelehnt") }
                        return (fall.id, wiederholt)
                    }
                }
                var alle: [(UUID, Bool)] = []
                for try await ergebnis in gruppe { alle.append(ergebnis) }
                return alle
            }
            #expect(Set(ergebnisse.map(\.0)).count == 1)
            #expect(ergebnisse.filter { !$0.1 }.count == 1, "genau eine Einreichung ist neu")
            let zeilen = try await u.zeilen()
            #expect(zeilen["faelle"] == 2)
            #expect(zeilen["idempotenz"] == 2)
            #expect(try await u.auditAktionen(U.sontra).filter { $0 == "anzeige.wiederholt" }.count == 16)
        }
    }

    @Test func intakeSiehtNurDieEigenenFaelleUndKeinRegister() async throws {
        try await U.mit { u in
            let eigen = try await u.angenommen(U.anmeldung(), U.intake, schluessel: "a")
            let fremd = try await u.angenommen(U.anmeldung(strasse: "Ring"), U.sbSontra)
            #expect(try await u.repo.fall(id: eigen.id, akteur: U.intake).id == eigen.id)
            await erwarteFallFehler("nichtGefunden") { _ = try await u.repo.fall(id: fremd.id, akteur: U.intake) }
            #expect(try await u.repo.faelle(Fallfilter(), akteur: U.intake).eintraege.map(\.id) == [eigen.id])
            await erwarteFallFehler("nichtGefunden") {
                _ = try await u.repo.betrieb(id: eigen.betriebId, akteur: U.intake)
            }
            #expect(try await u.repo.sucheBetriebe(Registersuche(), akteur: U.intake).eintraege.isEmpty)
            await erwarteFallFehler("nichtBerechtigt") {
                _ = try await u.repo.auskunft(
                    Auskunftsanfrage(art: .einfach, name: "Weiß", anfragender: "x"), akteur: U.intake)
            }
            await erwarteFallFehler("nichtBerechtigt") {
                _ = try await u.repo.einreichen(
                    U.anmeldung(strasse: "Weg"), akteur: U.pruefung, idempotenzSchluessel: nil)
            }
            // Auditors read (as gewerbe_report) and are audited.
            #expect(try await u.repo.fall(id: fremd.id, akteur: U.pruefung).id == fremd.id)
            #expect(try await u.auditAktionen(U.sontra).last == "fall.lesen")
        }
    }

    @Test func anzeigeversionenUndAuskunftsprotokollSindUnveraenderlich() async throws {
        try await U.mit { u in
            _ = try await u.angenommen(U.anmeldung())
            _ = try await u.repo.auskunft(
                Auskunftsanfrage(art: .einfach, name: "Weiß", anfragender: "Max Muster"), akteur: U.sbSontra)
            for statement: PostgresQuery in [
                "UPDATE anzeige_versionen SET hinweise = '[]'", "DELETE FROM anzeige_versionen",
                "TRUNCATE anzeige_versionen CASCADE", "UPDATE auskunft_protokoll SET anfragender = 'x'",
                "DELETE FROM auskunft_protokoll",
            ] {
                // Even the owner cannot (the trigger); the service role has no such privilege at all.
                let alsEigentuemer = await #expect(throws: PSQLError.self) {
                    try await u.database.withTransaction { connection in try await connection.run(statement) }
                }
                #expect(sqlState(alsEigentuemer) == "42501", "\(statement.sql)")
                let alsDienst = await #expect(throws: PSQLError.self) {
                    try await u.database.withTransaction(tenant: TenantScope(ags: U.sontra)) { connection in
                        try await connection.run(statement)
                    }
                }
                #expect(sqlState(alsDienst) == "42501", "\(statement.sql)")
            }
            // The service role may not rewrite a case's Aktenzeichen or delete it either.
            for statement: PostgresQuery in ["UPDATE faelle SET aktenzeichen = 'x'", "DELETE FROM faelle"] {
                let fehler = await #expect(throws: PSQLError.self) {
                    try await u.database.withTransaction(tenant: TenantScope(ags: U.sontra)) { connection in
                        try await connection.run(statement)
                    }
                }
                #expect(sqlState(fehler) == "42501", "\(statement.sql)")
            }
        }
    }

    @Test func aktenzeichenWachsenUeberFuenfStellen() async throws {
        try await U.mit { u in
            try await u.database.withConnection { connection in
                try await connection.run(
                    "INSERT INTO aktenzeichen_zaehler (ags, jahr, letzte_nummer) VALUES (\(U.sontra), 2026, 99999)")
            }
            let fall = try await u.angenommen(U.anmeldung())
            #expect(fall.aktenzeichen == "06636011-2026-100000")
            #expect(Aktenzeichen.teile(fall.aktenzeichen)?.nummer == 100000)
        }
    }

    @Test func berichtigungUndRuecknahmeLeitenDenBetriebNeuAb() async throws {
        try await U.mit { u in
            let anmeldung = try await u.angenommen(U.anmeldung())
            let um = try await u.angenommen(U.ummeldung(anmeldung.betriebId))
            let ab = try await u.angenommen(U.abmeldung(anmeldung.betriebId))
            var akte = try await u.repo.betrieb(id: anmeldung.betriebId, akteur: U.sbSontra)
            #expect(akte.zustand?.status == .abgemeldet)
            #expect(akte.zustand?.anzahlAnzeigen == 3)

            // A corrected Beginn (one day later) reaches the Betrieb and its search column.
            var spaeter = anmeldung.anzeige
            spaeter.beginn = anmeldung.anzeige.beginn?.plusTage(1)
            guard
                case .angenommen(let berichtigt, _) = try await u.repo.berichtigen(
                    fallId: anmeldung.id, anzeige: spaeter, grund: "Beginn falsch übertragen", ifMatch: anmeldung.etag,
                    akteur: U.sbSontra)
            else { throw TestFailure("Berichtigung abgelehnt") }
            #expect(berichtigt.versionen.count == 2)
            akte = try await u.repo.betrieb(id: anmeldung.betriebId, akteur: U.sbSontra)
            #expect(akte.zustand?.beginn == spaeter.beginn)
            #expect(akte.zustand?.betriebId == anmeldung.betriebId)
            let treffer = try await u.repo.sucheBetriebe(
                Registersuche(beginnVon: spaeter.beginn, beginnBis: spaeter.beginn), akteur: U.sbSontra)
            #expect(treffer.eintraege.map(\.betriebId) == [anmeldung.betriebId])

            // A correction that breaks the later history is refused, and nothing changes.
            var zuSpaet = anmeldung.anzeige
            zuSpaet.beginn = Beispielanzeigen.heute.plusTage(10)  // after the Ummeldung's date
            await erwarteFallFehler("konflikt") {
                _ = try await u.repo.berichtigen(
                    fallId: anmeldung.id, anzeige: zuSpaet, grund: "x", ifMatch: berichtigt.etag, akteur: U.sbSontra)
            }
            #expect(try await u.repo.fall(id: anmeldung.id, akteur: U.sbSontra).revision == berichtigt.revision)

            // Withdrawing the Abmeldung reopens the Betrieb.
            _ = try await u.repo.zuruecknehmen(
                fallId: ab.id, grund: "Doppelt erfasst", ifMatch: ab.etag, akteur: U.sbSontra)
            akte = try await u.repo.betrieb(id: anmeldung.betriebId, akteur: U.sbSontra)
            #expect(akte.zustand?.status == .offen)
            #expect(akte.zustand?.ende == nil)
            #expect(akte.zustand?.anzahlAnzeigen == 2)
            #expect(akte.faelle.map(\.id) == [anmeldung.id, um.id, ab.id])
            let offen = try await u.repo.sucheBetriebe(Registersuche(status: .offen), akteur: U.sbSontra)
            #expect(offen.eintraege.map(\.betriebId) == [anmeldung.betriebId])
            // The stored state is what the lifecycle derives from the effective cases.
            let abgeleitet = try Lebenszyklus.zustand(
                betriebId: anmeldung.betriebId,
                anzeigen: akte.faelle.filter { $0.status == .wirksam }.map(\.anzeige))
            #expect(akte.zustand == abgeleitet)

            // Every change queued its filing job, with the version it files.
            let auftraege = try await u.database.withConnection { connection in
                try await connection.scalar(
                    "SELECT array_agg(art || ':' || version ORDER BY erstellt_am, art) FROM ablageauftraege",
                    as: [String].self)
            }
            #expect(
                auftraege.sorted()
                    == ["anzeige:1", "anzeige:1", "anzeige:1", "berichtigung:2", "ruecknahme:1"].sorted())
            #expect(
                try await u.auditAktionen(U.sontra).filter { $0.hasPrefix("anzeige.") } == [
                    "anzeige.einreichen", "anzeige.einreichen", "anzeige.einreichen", "anzeige.berichtigen",
                    "anzeige.zuruecknehmen",
                ])
            #expect(try await u.auditIntakt())
        }
    }

    @Test func empfangsbescheinigungUndArbeitslisten() async throws {
        try await U.mit { u in
            let a = try await u.angenommen(U.anmeldung())
            let b = try await u.angenommen(U.anmeldung(strasse: "Ring"))
            u.uhr.vorstellen(tage: 4)  // Tuesday 24 November: both are overdue (due Monday)
            #expect(try await u.repo.faelle(Fallfilter(ueberfaellig: true), akteur: U.sbSontra).eintraege.count == 2)
            let bescheinigt = try await u.repo.bescheinigeEmpfang(fallId: a.id, am: nil, akteur: U.sbSontra)
            #expect(bescheinigt.empfangsbescheinigung?.ausgestelltAm == Beispielanzeigen.heute.plusTage(4))
            let ueberfaellig = try await u.repo.faelle(Fallfilter(ueberfaellig: true), akteur: U.sbSontra)
            #expect(ueberfaellig.eintraege.map(\.id) == [b.id])
            #expect(
                try await u.repo.faelle(Fallfilter(ohneEmpfangsbescheinigung: false), akteur: U.sbSontra).eintraege
                    .map(\.id) == [a.id])
            let zeile = try #require(
                try await u.repo.faelle(Fallfilter(), akteur: U.sbSontra).eintraege.first { $0.id == a.id })
            #expect(zeile.empfangsbescheinigung?.ausgestelltVon == U.sbSontra.bezeichnung)
            #expect(zeile.empfangsbescheinigungFaellig == Datum(jahr: 2026, monat: 11, tag: 23))
            // Concurrent second certificates: exactly one wins.
            let ergebnisse = await withTaskGroup(of: Bool.self) { gruppe in
                for _ in 0..<4 {
                    gruppe.addTask {
                        (try? await u.repo.bescheinigeEmpfang(fallId: b.id, am: nil, akteur: U.sbSontra)) != nil
                    }
                }
                var erfolge = 0
                for await ok in gruppe where ok { erfolge += 1 }
                return erfolge
            }
            #expect(ergebnisse == 1)
            let jobs = try await u.database.withConnection { connection in
                try await connection.scalar(
                    "SELECT count(*)::integer FROM ablageauftraege WHERE art = 'empfangsbescheinigung'", as: Int.self)
            }
            #expect(jobs == 2)
        }
    }

    @Test func jedesLesenPersonenbezogenerDatenWirdProtokolliert() async throws {
        try await U.mit { u in
            let fall = try await u.angenommen(U.anmeldung())
            _ = try await u.repo.fall(id: fall.id, akteur: U.sbSontra)
            _ = try await u.repo.faelle(Fallfilter(), akteur: U.sbSontra)
            _ = try await u.repo.betrieb(id: fall.betriebId, akteur: U.sbSontra)
            _ = try await u.repo.sucheBetriebe(Registersuche(person: "weiss"), akteur: U.sbSontra)
            _ = try await u.repo.sucheBetriebe(Registersuche(person: "niemand"), akteur: U.sbSontra)
            let einfach = try await u.repo.auskunft(
                Auskunftsanfrage(art: .einfach, name: "Weiß", anfragender: "Max Muster, Kassel"), akteur: U.sbSontra)
            let erweitert = try await u.repo.auskunft(
                Auskunftsanfrage(
                    art: .erweitert, anschrift: "Marktplatz", anfragender: "Inkasso GmbH",
                    begruendung: "Titel AG Eschwege 3 C 12/26", aktenzeichenAnfragender: "IK-77"),
                akteur: U.sbSontra)
            #expect(einfach.treffer.count == 1)
            #expect(erweitert.treffer.first?.personen?.count == 1)
            #expect(
                try await u.auditAktionen(U.sontra) == [
                    "anzeige.einreichen", "fall.lesen", "faelle.auflisten", "betrieb.lesen", "register.suchen",
                    "register.suchen", "auskunft.erteilen", "auskunft.erteilen",
                ])
            let (objekte, details) = try await u.database.withConnection { connection in
                (
                    try await connection.scalar(
                        """
                        SELECT array_agg(coalesce(object_id, '-') ORDER BY seq) FROM audit_events
                        WHERE ags = \(U.sontra) AND action NOT LIKE 'kommune.%'
                        """,
                        as: [String].self),
                    try await connection.scalar(
                        "SELECT details::text FROM audit_events WHERE ags = \(U.sontra) AND action = 'faelle.auflisten'",
                        as: String.self)
                )
            }
            #expect(objekte[1] == fall.id.lowercased)
            #expect(objekte[3] == fall.betriebId.lowercased)
            #expect(details.contains(fall.aktenzeichen), "die Liste nennt ihre Fälle")
            let protokoll = try await u.database.withConnection { connection in
                try await connection.scalar(
                    """
                    SELECT array_agg(art || ' ' || array_length(felder, 1) || ' ' || cardinality(betriebe)
                                     || ' ' || coalesce(aktenzeichen_anfragender, '-') ORDER BY erteilt_am, art)
                    FROM auskunft_protokoll
                    """, as: [String].self)
            }
            #expect(protokoll == ["einfach 3 1 -", "erweitert 9 1 IK-77"])
            #expect(try await u.auditIntakt())
        }
    }

    @Test func registersucheBlaettertUeberGemeindenUndGrenzen() async throws {
        try await U.mit { u in
            var erwartet: Set<UUID> = []
            for nummer in 0..<7 {
                let fall = try await u.angenommen(
                    U.anmeldung(strasse: "Gasse \(nummer)", geschaeft: "Schneiderei \(nummer % 3) 100%_"), U.sbBeide)
                erwartet.insert(fall.betriebId)
            }
            for nummer in 0..<5 {
                let fall = try await u.angenommen(
                    U.anmeldung(U.witzenhausen, strasse: "Weg \(nummer)", geschaeft: "Schneiderei W\(nummer)"),
                    U.sbBeide)
                erwartet.insert(fall.betriebId)
            }
            var gesehen: [UUID] = []
            var cursor: String?
            repeat {
                let seite = try await u.repo.sucheBetriebe(
                    Registersuche(name: "schneiderei", limit: 5, cursor: cursor), akteur: U.sbBeide)
                #expect(seite.eintraege.count <= 5)
                gesehen += seite.eintraege.map(\.betriebId)
                cursor = seite.naechsterCursor
            } while cursor != nil && gesehen.count < 100
            #expect(gesehen.count == 12)
            #expect(Set(gesehen) == erwartet)
            // LIKE's wildcards in a term are taken literally.
            #expect(
                try await u.repo.sucheBetriebe(Registersuche(name: "100%_"), akteur: U.sbBeide).eintraege.count == 7)
            #expect(try await u.repo.sucheBetriebe(Registersuche(name: "1%0"), akteur: U.sbBeide).eintraege.isEmpty)
            // Page sizes are bounded.
            #expect(try await u.repo.sucheBetriebe(Registersuche(limit: 0), akteur: U.sbBeide).eintraege.count == 1)
            #expect(try await u.repo.faelle(Fallfilter(limit: 10_000), akteur: U.sbBeide).eintraege.count == 12)
            await erwarteFallFehler("unzulaessig") {
                _ = try await u.repo.sucheBetriebe(Registersuche(cursor: "xyz"), akteur: U.sbBeide)
            }
        }
    }
}
