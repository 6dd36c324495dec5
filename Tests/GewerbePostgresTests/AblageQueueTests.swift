import Foundation
import GewerbeDomain
import GewerbePostgres
import GewerbeTestSupport
import PostgresNIO
import Testing

@Suite("Filing outbox on PostgreSQL")
struct AblageQueueTests {
    typealias U = Fallumgebung

    static func dokument(_ name: String, _ inhalt: String) -> AbgelegtesDokument {
        AbgelegtesDokument(
            name: name, dokumentart: "anzeige-pdf", sha256: String(repeating: "ab", count: 32),
            groesse: inhalt.utf8.count,
            objektId: EAkteObjektID("obj-\(name)"))
    }

    func ablage(_ u: U, _ fallId: UUID) async throws -> Ablagestatus {
        try await u.repo.fall(id: fallId, akteur: U.sbBeide).ablage
    }

    @Test func zweiWorkerErhaltenNieDenselbenAuftrag() async throws {
        try await U.mit(verbindungen: 12) { u in
            for nummer in 0..<30 {
                _ = try await u.angenommen(
                    U.anmeldung(nummer % 2 == 0 ? U.sontra : U.witzenhausen, strasse: "Gasse \(nummer)"), U.sbBeide)
            }
            // Four workers claim in parallel, in small batches, until nothing is left.
            let verteilt = try await withThrowingTaskGroup(of: [UUID].self) { gruppe in
                for worker in 0..<4 {
                    gruppe.addTask {
                        var meine: [UUID] = []
                        while true {
                            let vorlagen = try await u.queue.beanspruche(
                                anzahl: 3, worker: "w\(worker)", sperrdauer: .seconds(300))
                            if vorlagen.isEmpty { return meine }
                            meine += vorlagen.map(\.auftrag.id)
                        }
                    }
                }
                var alle: [[UUID]] = []
                for try await meine in gruppe { alle.append(meine) }
                return alle
            }
            let alle = verteilt.flatMap { $0 }
            #expect(alle.count == 30, "jeder Auftrag genau einmal")
            #expect(Set(alle).count == 30)
        }
    }

    @Test func einAuftragLiefertFallUndBetriebUndWirdErledigt() async throws {
        try await U.mit { u in
            let fall = try await u.angenommen(U.anmeldung())
            let vorlagen = try await u.queue.beanspruche(anzahl: 10, worker: "w1", sperrdauer: .seconds(60))
            let vorlage = try #require(vorlagen.first)
            #expect(vorlagen.count == 1)
            #expect(vorlage.auftrag.status == .inArbeit)
            #expect(vorlage.auftrag.art == .anzeige)
            #expect(vorlage.auftrag.version == 1)
            #expect(vorlage.auftrag.gemeindeschluessel == U.sontra)
            #expect(vorlage.fall.id == fall.id)
            #expect(vorlage.fall.anzeige == fall.anzeige)
            #expect(vorlage.betrieb?.betriebId == fall.betriebId)
            #expect(try await u.queue.beanspruche(anzahl: 10, worker: "w2", sperrdauer: .seconds(60)).isEmpty)

            let dokumente = [Self.dokument("Anmeldung.pdf", "pdf"), Self.dokument("Anmeldung.json", "{}")]
            try await u.queue.erledigt(
                vorlage.auftrag, worker: "w1", akte: EAkteObjektID("akte-1"), vorgang: EAkteObjektID("vorgang-1"),
                dokumente: dokumente)
            #expect(try await ablage(u, fall.id) == .abgelegt)
            let abgelegt = try await u.queue.abgelegteDokumente()
            #expect(abgelegt.map(\.dokument.name).sorted() == ["Anmeldung.json", "Anmeldung.pdf"])
            #expect(
                abgelegt.allSatisfy { $0.aktenzeichen == fall.aktenzeichen && $0.vorgangId?.rawValue == "vorgang-1" })
            #expect(abgelegt.first?.dokument.sha256 == String(repeating: "ab", count: 32))
            // Keyset: the page after the first document holds the second.
            let zweite = try await u.queue.abgelegteDokumente(nach: abgelegt[0], limit: 10)
            #expect(zweite.map(\.dokument.name) == [abgelegt[1].dokument.name])
            #expect(try await u.queue.anzahlJeStatus() == [.erledigt: 1])
            #expect(try await u.auditAktionen(U.sontra).contains("ablage.erledigt"))

            // A new job (the Empfangsbescheinigung) makes the case wait again.
            _ = try await u.repo.bescheinigeEmpfang(fallId: fall.id, am: nil, akteur: U.sbSontra)
            #expect(try await ablage(u, fall.id) == .ausstehend)
        }
    }

    @Test func abgelaufeneSperrenWerdenUebernommenUndVerspaeteteMeldungenIgnoriert() async throws {
        try await U.mit { u in
            let fall = try await u.angenommen(U.anmeldung())
            let erste = try #require(
                try await u.queue.beanspruche(anzahl: 1, worker: "w1", sperrdauer: .seconds(60)).first)
            #expect(try await u.queue.beanspruche(anzahl: 1, worker: "w2", sperrdauer: .seconds(60)).isEmpty)
            u.uhr.vorstellen(tage: 1)  // w1 crashed; its lease ran out
            let zweite = try #require(
                try await u.queue.beanspruche(anzahl: 1, worker: "w2", sperrdauer: .seconds(60)).first)
            #expect(zweite.auftrag.id == erste.auftrag.id)
            // w1 wakes up and reports: ignored, w2 holds the job.
            try await u.queue.erledigt(
                erste.auftrag, worker: "w1", akte: EAkteObjektID("a"), vorgang: EAkteObjektID("v"),
                dokumente: [Self.dokument("x.pdf", "x")])
            #expect(try await u.queue.abgelegteDokumente().isEmpty)
            #expect(try await ablage(u, fall.id) == .ausstehend)
            try await u.queue.erledigt(
                zweite.auftrag, worker: "w2", akte: EAkteObjektID("a"), vorgang: EAkteObjektID("v"),
                dokumente: [Self.dokument("x.pdf", "x")])
            #expect(try await ablage(u, fall.id) == .abgelegt)
            #expect(try await u.queue.abgelegteDokumente().count == 1)
        }
    }

    @Test func fehlschlaegeWerdenWiederholtGeparktUndVomBetreiberFreigegeben() async throws {
        try await U.mit { u in
            let fall = try await u.angenommen(U.anmeldung())
            var vorlage = try #require(
                try await u.queue.beanspruche(anzahl: 1, worker: "w1", sperrdauer: .seconds(60)).first)
            let spaeter = u.uhr.jetzt().addingTimeInterval(120)
            try await u.queue.fehlgeschlagen(
                vorlage.auftrag, worker: "w1", fehler: "503 Service Unavailable", dauerhaft: false,
                naechsterVersuch: spaeter,
                parken: false)
            #expect(
                try await u.queue.beanspruche(anzahl: 1, worker: "w1", sperrdauer: .seconds(60)).isEmpty,
                "noch nicht fällig")
            u.uhr.vorstellen(tage: 1)
            vorlage = try #require(
                try await u.queue.beanspruche(anzahl: 1, worker: "w1", sperrdauer: .seconds(60)).first)
            #expect(vorlage.auftrag.versuche == 1)
            #expect(vorlage.auftrag.letzterFehler == "503 Service Unavailable")
            try await u.queue.fehlgeschlagen(
                vorlage.auftrag, worker: "w1", fehler: "403 Forbidden", dauerhaft: true,
                naechsterVersuch: u.uhr.jetzt(),
                parken: true)
            #expect(try await ablage(u, fall.id) == .geparkt)
            #expect(try await u.queue.beanspruche(anzahl: 1, worker: "w1", sperrdauer: .seconds(60)).isEmpty, "geparkt")

            // A second job of the case: the case stays parked while any job is.
            _ = try await u.repo.bescheinigeEmpfang(fallId: fall.id, am: nil, akteur: U.sbSontra)
            #expect(try await ablage(u, fall.id) == .geparkt)
            let liste = try await u.queue.auftraege()
            #expect(liste.map(\.auftrag.status) == [.geparkt, .ausstehend], "geparkte zuerst")
            #expect(liste.first?.aktenzeichen == fall.aktenzeichen)
            #expect(liste.first?.auftrag.letzterFehler == "403 Forbidden")

            let betreiber = Auditakteur.cli(benutzer: "betrieb")
            #expect(try await u.queue.erneutVersuchen(auftragId: UUID(), akteur: betreiber) == false)
            #expect(try await u.queue.erneutVersuchen(auftragId: vorlage.auftrag.id, akteur: betreiber))
            #expect(try await ablage(u, fall.id) == .ausstehend)
            let wieder = try await u.queue.beanspruche(anzahl: 5, worker: "w1", sperrdauer: .seconds(60))
            #expect(Set(wieder.map(\.auftrag.art)) == [.anzeige, .empfangsbescheinigung])
            #expect(wieder.first { $0.auftrag.art == .anzeige }?.auftrag.versuche == 0)
            let versuche = try await u.database.withConnection { connection in
                try await connection.scalar(
                    "SELECT array_agg(nummer || ':' || geparkt ORDER BY nummer) FROM ablage_versuche", as: [String].self
                )
            }
            #expect(versuche == ["1:false", "2:true"])
            #expect(try await u.auditAktionen(U.sontra).contains("ablage.geparkt"))
            #expect(try await u.auditAktionen(U.sontra).contains("ablage.erneut"))

            for vorlage in wieder {
                try await u.queue.fehlgeschlagen(
                    vorlage.auftrag, worker: "w1", fehler: "kaputt", dauerhaft: true, naechsterVersuch: u.uhr.jetzt(),
                    parken: true)
            }
            #expect(try await u.queue.erneutVersuchenGeparkte(akteur: betreiber) == 2)
            #expect(try await u.queue.anzahlJeStatus() == [.ausstehend: 2])
            #expect(try await u.auditIntakt())
        }
    }

    @Test func zweiAuftraegeEinesFallsGleichzeitigErledigtErgebenAbgelegt() async throws {
        try await U.mit(verbindungen: 12) { u in
            for _ in 0..<10 {
                let fall = try await u.angenommen(U.anmeldung(strasse: "Gasse \(UUID().uuidString.prefix(4))"))
                _ = try await u.repo.bescheinigeEmpfang(fallId: fall.id, am: nil, akteur: U.sbSontra)
                let vorlagen = try await u.queue.beanspruche(anzahl: 2, worker: "w", sperrdauer: .seconds(60))
                #expect(vorlagen.count == 2)
                try await withThrowingTaskGroup(of: Void.self) { gruppe in
                    for vorlage in vorlagen {
                        gruppe.addTask {
                            try await u.queue.erledigt(
                                vorlage.auftrag, worker: "w", akte: EAkteObjektID("a"), vorgang: EAkteObjektID("v"),
                                dokumente: [Self.dokument("\(vorlage.auftrag.art.rawValue).pdf", "x")])
                        }
                    }
                    try await gruppe.waitForAll()
                }
                #expect(try await ablage(u, fall.id) == .abgelegt)
            }
        }
    }
}
