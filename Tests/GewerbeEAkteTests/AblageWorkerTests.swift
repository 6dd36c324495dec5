import Foundation
import GewerbeCMISTestServer
import GewerbeDokumente
import GewerbeDomain
import GewerbeEAkte
import GewerbeOutbox
import GewerbeTestSupport
import Logging
import ServiceLifecycle
import Synchronization
import Testing

/// A clock the tests move by hand in small steps (shared by worker and outbox).
final class StellbareUhr: Uhr, Sendable {
    private let zeit: Mutex<Date>
    init(_ start: Date = Date(timeIntervalSince1970: 1_768_469_400)) { zeit = Mutex(start) }
    func jetzt() -> Date { zeit.withLock { $0 } }
    func vorstellen(_ sekunden: TimeInterval) { zeit.withLock { $0 = $0.addingTimeInterval(sekunden) } }
}

/// Helpers of the worker tests.
enum WorkerTest {
    static let stumm = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    static let eingang = Datum(jahr: 2026, monat: 1, tag: 15)!

    static func konfiguration(
        _ id: String = "worker-a", parallel: Int = 8, sperrdauer: Duration = .seconds(60),
        abfrage: Duration = .milliseconds(50), basis: Duration = .milliseconds(20),
        obergrenze: Duration = .milliseconds(200),
        jitter: Double = 0.5, parken: Int = 5
    ) -> AblageWorkerConfiguration {
        AblageWorkerConfiguration(
            workerId: id, concurrency: parallel, leaseDuration: sperrdauer, pollInterval: abfrage,
            backoff: Backoff(base: basis, cap: obergrenze, jitter: jitter), maxPermanentFailures: parken)
    }

    /// Case `nummer` (an Anmeldung), in one of two municipalities, with distinct names.
    static func fall(_ nummer: Int, gemeinde: String? = nil, bescheinigt: Bool = false) -> Fall {
        let ags = gemeinde ?? (nummer % 2 == 0 ? "06636001" : "06636002")
        let anzeige = Testanzeigen.anmeldung(
            gemeinde: ags, eingang: eingang, familienname: "Weiß-\(nummer)",
            geschaeft: "Schneiderei Weiß Nr. \(nummer)",
            hausnummer: String(nummer))
        let fall = Testfaelle.fall(anzeige, nummer: nummer)
        return bescheinigt ? Testfaelle.bescheinigt(fall, am: eingang.plusTage(1)) : fall
    }

    /// The documents a job must end up with (rendered independently of the worker).
    static func erwartet(_ auftrag: Ablageauftrag, _ fall: Fall) throws -> [AblageDokument] {
        try AblageWorker.dokumente(Ablagevorlage(auftrag: auftrag, fall: fall, betrieb: nil))
    }

    /// Waits until `bedingung` holds, polling every 20 ms; fails after `timeout`.
    static func warteBis(
        _ timeout: Duration = .seconds(60), _ was: String, _ bedingung: () async throws -> Bool
    ) async throws {
        let ende = ContinuousClock.now + timeout
        while ContinuousClock.now < ende {
            if try await bedingung() { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("Zeitüberschreitung: \(was)")
        throw TestPeers.Failure("Zeitüberschreitung: \(was)")
    }

    /// Runs the worker as a service in a ServiceGroup during `body`, then shuts it down gracefully.
    static func mitLaufendemWorker(_ worker: AblageWorker, _ body: () async throws -> Void) async throws {
        let gruppe = ServiceGroup(configuration: .init(services: [worker], gracefulShutdownSignals: [], logger: stumm))
        try await withThrowingTaskGroup(of: Void.self) { aufgaben in
            aufgaben.addTask { try await gruppe.run() }
            do {
                try await body()
            } catch {
                await gruppe.triggerGracefulShutdown()
                try? await aufgaben.waitForAll()
                throw error
            }
            await gruppe.triggerGracefulShutdown()
            try await aufgaben.waitForAll()
        }
    }
}

@Suite("Ablage-Worker gegen echte Gegenstellen", .serialized)
struct AblageWorkerPeerTests {
    enum Gegenstelle: String, CaseIterable, Sendable { case cmis, webdav }

    @Test(
        "200 Anzeigen bei ausgefallener eAkte, dann Start: alle Vorgänge und Dokumente genau einmal, Hashes stimmen",
        arguments: Gegenstelle.allCases)
    func ausfallUndNachholen(gegenstelle: Gegenstelle) async throws {
        let queue = InMemoryAblageauftragQueue()
        var faelle: [UUID: Fall] = [:]
        for nummer in 1...200 {
            let fall = WorkerTest.fall(nummer, bescheinigt: nummer % 2 == 0)
            faelle[fall.id] = fall
            await queue.einstellen(fall, art: .anzeige, version: 1)
            if nummer % 2 == 0 { await queue.einstellen(fall, art: .empfangsbescheinigung, version: 1) }
        }
        let auftraege = await queue.auftraege()
        #expect(auftraege.count == 300)

        let cmis = try CMISTestServer()
        let dav = try WsgiDAVServer()
        do {
            try await Self.nachholen(
                gegenstelle, queue: queue, faelle: faelle, auftraege: auftraege, cmis: cmis, dav: dav)
        } catch {
            await cmis.stop()
            await dav.remove()
            throw error
        }
        await cmis.stop()
        await dav.remove()
    }

    static func nachholen(
        _ gegenstelle: Gegenstelle, queue: InMemoryAblageauftragQueue, faelle: [UUID: Fall], auftraege: [Ablageauftrag],
        cmis: CMISTestServer, dav: WsgiDAVServer
    ) async throws {
        let ablage: any EAkteAblage =
            gegenstelle == .cmis
            ? try CMISAblageTests.adapter(cmis, timeout: .seconds(5))
            : try WebDAVAblageTests.adapter(dav)
        let worker = AblageWorker(
            queue: queue, ablage: ablage, configuration: WorkerTest.konfiguration(), logger: WorkerTest.stumm)
        try await WorkerTest.mitLaufendemWorker(worker) {
            // The peer is down: every attempt fails transiently, nothing is parked.
            try await WorkerTest.warteBis(.seconds(120), "Fehlversuche bei ausgefallener eAkte") {
                await queue.fehlschlaege.count >= 300
            }
            #expect(await queue.anzahl(.erledigt) == 0)
            #expect(await queue.anzahl(.geparkt) == 0)
            #expect(await queue.fehlschlaege.allSatisfy { $0.fehler.hasPrefix("voruebergehend") && !$0.parken })
            switch gegenstelle {
            case .cmis:
                try await cmis.start()
                // Uploads that break off halfway, in every way the test server knows.
                cmis.failNextUploads(3, mode: .answer500)
                cmis.failNextUploads(3, mode: .dropConnection)
                cmis.failNextUploads(3, mode: .storeTruncatedThen500)
            case .webdav:
                try await dav.start()
            }
            try await WorkerTest.warteBis(.seconds(240), "alle Aufträge erledigt") {
                await queue.anzahl(.erledigt) == 300
            }
        }
        #expect(await queue.erledigtMeldungen == 300)
        #expect(await queue.veralteteMeldungen == 0)

        // Every document once, with the bytes rendered from the case.
        var erwarteteDokumente = 0
        for auftrag in auftraege {
            let fall = try #require(faelle[auftrag.fallId])
            let eintrag = try #require(await queue.eintrag(auftrag.id))
            let erwartet = try WorkerTest.erwartet(auftrag, fall)
            erwarteteDokumente += erwartet.count
            #expect(eintrag.dokumente.map(\.name) == erwartet.map(\.name))
            #expect(eintrag.dokumente.map(\.sha256) == erwartet.map(\.sha256))
            let ordner =
                "\(fall.gemeindeschluessel)/\(AblageNamen.akte(betriebId: fall.betriebId))/\(fall.aktenzeichen)"
            for dokument in erwartet {
                switch gegenstelle {
                case .cmis:
                    let objekt = await cmis.object(atPath: "/Gewerbe/\(ordner)/\(dokument.name)")
                    #expect(objekt?.content.map(AblageDokument.sha256Hex) == dokument.sha256, "\(dokument.name)")
                    #expect(objekt?.id == eintrag.dokumente.first { $0.name == dokument.name }?.objektId.rawValue)
                case .webdav:
                    #expect(
                        dav.file("eakte/\(ordner)/\(dokument.name)").map(AblageDokument.sha256Hex) == dokument.sha256)
                }
            }
        }
        #expect(erwarteteDokumente == 500)
        switch gegenstelle {
        case .cmis:
            #expect(cmis.injectedUploadFailures == 9)
            #expect(await cmis.documents().count == 500)
            for (pfad, anzahl) in await cmis.creates() { #expect(anzahl == 1, "\(pfad) \(anzahl)-mal angelegt") }
            // Vorgaenge: 200, closed exactly where the Empfangsbescheinigung was filed.
            let vorgaenge = await cmis.objects().filter {
                $0.isFolder && $0.property("gewerbe:aktenzeichen") != nil
            }
            #expect(vorgaenge.count == 200)
            #expect(vorgaenge.filter { $0.property("gewerbe:status") == "erledigt" }.count == 100)
        case .webdav:
            let dateien = dav.allFiles().filter { !$0.hasSuffix(".metadata.json") }
            #expect(dateien.count == 500)
            #expect(!dateien.contains { $0.contains(".upload-") })
        }
    }

    @Test(
        "Ein Upload, der auf halbem Weg scheitert, wird wiederholt und endet vollständig",
        arguments: [CMISTestServer.UploadFailure.answer500, .dropConnection, .storeTruncatedThen500])
    func halberUpload(modus: CMISTestServer.UploadFailure) async throws {
        let server = try CMISTestServer()
        try await server.withRunning { server in
            let queue = InMemoryAblageauftragQueue()
            let fall = WorkerTest.fall(1)
            let auftrag = await queue.einstellen(fall, art: .anzeige)
            let worker = AblageWorker(
                queue: queue, ablage: try CMISAblageTests.adapter(server), configuration: WorkerTest.konfiguration(),
                logger: WorkerTest.stumm)
            server.failNextUploads(1, mode: modus)
            let erste = try await worker.runOnce()
            #expect(erste == AblageDurchlauf(beansprucht: 1, fehlgeschlagen: 1))
            #expect(await queue.auftrag(auftrag.id)?.status == .ausstehend)
            #expect(await queue.auftrag(auftrag.id)?.letzterFehler?.hasPrefix("voruebergehend") == true)
            try await Task.sleep(for: .milliseconds(50))
            let zweite = try await worker.drain()
            #expect(zweite.erledigt == 1)
            #expect(server.injectedUploadFailures == 1)
            let ordner =
                "/Gewerbe/\(fall.gemeindeschluessel)/\(AblageNamen.akte(betriebId: fall.betriebId))/\(fall.aktenzeichen)"
            for dokument in try WorkerTest.erwartet(auftrag, fall) {
                let objekt = try #require(await server.object(atPath: "\(ordner)/\(dokument.name)"))
                #expect(objekt.content == dokument.inhalt)
                #expect(await server.createCount(path: "\(ordner)/\(dokument.name)") == 1)
            }
            #expect(await server.documents().count == 2)
        }
    }

    @Test("Abgestürzter Worker: seine Sperre läuft ab, ein anderer legt fertig ab, nichts doppelt")
    func absturz() async throws {
        let server = try CMISTestServer()
        try await server.withRunning { server in
            // The outbox measures leases with its clock; the test moves it past A's lease.
            let uhr = StellbareUhr()
            let queue = InMemoryAblageauftragQueue(uhr: uhr)
            for nummer in 1...10 { await queue.einstellen(WorkerTest.fall(nummer), art: .anzeige) }
            let ablage = try CMISAblageTests.adapter(server)
            // Worker A claims everything, files part of five jobs, then dies (no report).
            let vorlagen = try await queue.beanspruche(anzahl: 10, worker: "worker-a", sperrdauer: .seconds(300))
            #expect(vorlagen.count == 10)
            for vorlage in vorlagen.prefix(5) {
                let (akte, vorgang) = AblageWorker.metadaten(vorlage)
                let akteId = try await ablage.ensureAkte(akte)
                let vorgangId = try await ablage.ensureVorgang(vorgang, inAkte: akteId)
                _ = try await ablage.fileDokument(try AblageWorker.dokumente(vorlage)[0], inVorgang: vorgangId)
            }
            let b = AblageWorker(
                queue: queue, ablage: try CMISAblageTests.adapter(server),
                configuration: WorkerTest.konfiguration("worker-b"), uhr: uhr, logger: WorkerTest.stumm)
            // While A's lease lives, B skips the jobs.
            uhr.vorstellen(299)
            #expect(try await b.runOnce().beansprucht == 0)
            uhr.vorstellen(2)
            let durchlauf = try await b.drain()
            #expect(durchlauf.erledigt == 10)
            #expect(await queue.anzahl(.erledigt) == 10)
            // A's late report is ignored.
            let (akte, vorgang) = AblageWorker.metadaten(vorlagen[0])
            try await queue.erledigt(
                vorlagen[0].auftrag, worker: "worker-a", akte: EAkteObjektID(akte.titel),
                vorgang: EAkteObjektID(vorgang.titel), dokumente: [])
            #expect(await queue.veralteteMeldungen == 1)
            #expect(await queue.eintrag(vorlagen[0].auftrag.id)?.dokumente.count == 2)
            #expect(await server.documents().count == 20)
            for (pfad, anzahl) in await server.creates() { #expect(anzahl == 1, "\(pfad) \(anzahl)-mal angelegt") }
        }
    }

    @Test("Geordnetes Herunterfahren: laufende Aufträge werden fertig, danach wird nichts mehr beansprucht")
    func herunterfahren() async throws {
        let server = try CMISTestServer()
        try await server.withRunning { server in
            server.setLatency(.milliseconds(150))
            let queue = InMemoryAblageauftragQueue()
            for nummer in 1...20 { await queue.einstellen(WorkerTest.fall(nummer), art: .anzeige) }
            let worker = AblageWorker(
                queue: queue, ablage: try CMISAblageTests.adapter(server),
                configuration: WorkerTest.konfiguration(parallel: 2), logger: WorkerTest.stumm)
            let beginn = ContinuousClock.now
            try await WorkerTest.mitLaufendemWorker(worker) {
                try await WorkerTest.warteBis(.seconds(60), "ein Auftrag in Arbeit") {
                    await queue.anzahl(.inArbeit) > 0
                }
            }
            let dauer = ContinuousClock.now - beginn
            let beansprucht = Set(await queue.beanspruchungen.flatMap(\.auftraege))
            #expect(!beansprucht.isEmpty && beansprucht.count <= 4)
            #expect(await queue.anzahl(.inArbeit) == 0)
            #expect(await queue.anzahl(.erledigt) == beansprucht.count)
            #expect(await queue.fehlschlaege.isEmpty)
            for auftrag in await queue.auftraege() where !beansprucht.contains(auftrag.id) {
                #expect(auftrag.status == .ausstehend && auftrag.versuche == 0)
            }
            #expect(await server.documents().count == 2 * beansprucht.count)
            // The jobs in flight took several slow requests each: the shutdown waited for them.
            #expect(dauer > .milliseconds(600))
        }
    }

    @Test("Abbruch (ohne geordnetes Herunterfahren) gibt laufende Aufträge sofort wieder frei")
    func abbruch() async throws {
        let server = try CMISTestServer()
        try await server.withRunning { server in
            server.setLatency(.milliseconds(200))
            let queue = InMemoryAblageauftragQueue()
            for nummer in 1...6 { await queue.einstellen(WorkerTest.fall(nummer), art: .anzeige) }
            let worker = AblageWorker(
                queue: queue, ablage: try CMISAblageTests.adapter(server),
                configuration: WorkerTest.konfiguration(parallel: 3), logger: WorkerTest.stumm)
            let lauf = Task { try await worker.run() }
            try await WorkerTest.warteBis(.seconds(60), "Aufträge in Arbeit") { await queue.anzahl(.inArbeit) == 3 }
            try await Task.sleep(for: .milliseconds(100))
            lauf.cancel()
            try await lauf.value
            #expect(await queue.anzahl(.inArbeit) == 0)
            let fehlschlaege = await queue.fehlschlaege
            #expect(fehlschlaege.count == 3)
            #expect(fehlschlaege.allSatisfy { !$0.parken && $0.naechsterVersuch <= Date() })
            // Released jobs are taken up at once by the next run, and end complete.
            let ende = try await AblageWorker(
                queue: queue, ablage: try CMISAblageTests.adapter(server),
                configuration: WorkerTest.konfiguration(), logger: WorkerTest.stumm
            ).drain()
            #expect(ende.erledigt == 6)
            #expect(await server.documents().count == 12)
            for (pfad, anzahl) in await server.creates() { #expect(anzahl == 1, "\(pfad) \(anzahl)-mal angelegt") }
        }
    }
}

@Suite("Ablage-Worker: Regeln für Fehler, Wartezeiten, Vorgänge")
struct AblageWorkerRegelTests {
    @Test("Wartezeit wächst exponentiell und ist gedeckelt; Jitter bleibt im Band")
    func backoffRechnung() {
        let ohne = Backoff(base: .seconds(1), cap: .seconds(60), jitter: 0)
        #expect(
            (1...8).map { ohne.wartezeit(nachVersuchen: $0, zufall: 0.7) }
                == [1, 2, 4, 8, 16, 32, 60, 60].map { Duration.seconds($0) })
        #expect(ohne.wartezeit(nachVersuchen: 10_000, zufall: 0) == .seconds(60))
        #expect(ohne.wartezeit(nachVersuchen: 0, zufall: 0) == .seconds(1))
        let mit = Backoff(base: .seconds(2), cap: .seconds(900), jitter: 0.5)
        #expect(mit.wartezeit(nachVersuchen: 3, zufall: 0) == .seconds(8))
        #expect(mit.wartezeit(nachVersuchen: 3, zufall: 0.5) == .seconds(6))
        #expect(mit.wartezeit(nachVersuchen: 3, zufall: 0.999_999) == .milliseconds(4000))
        #expect(mit.wartezeit(nachVersuchen: 50, zufall: 0) == .seconds(900))
        #expect(mit.wartezeit(nachVersuchen: 50, zufall: 0.999_999) == .milliseconds(450_000))
        let standard = AblageWorkerConfiguration(workerId: "x")
        #expect(standard.backoff.cap == .seconds(900))
        #expect(standard.maxPermanentFailures == 5)
    }

    @Test(
        "Im Worker: aufeinanderfolgende Fehlversuche warten 10, 20, 40, 80, 80 ms (ohne Jitter) bzw. im Band (mit Jitter)",
        arguments: [0.0, 0.5])
    func backoffImWorker(jitter: Double) async throws {
        let uhr = StellbareUhr()
        let queue = InMemoryAblageauftragQueue(uhr: uhr)
        let ablage = InMemoryEAkteAblage()
        await ablage.setDown(true)
        await queue.einstellen(WorkerTest.fall(1), art: .anzeige)
        let worker = AblageWorker(
            queue: queue, ablage: ablage,
            configuration: WorkerTest.konfiguration(
                basis: .milliseconds(10), obergrenze: .milliseconds(80), jitter: jitter),
            uhr: uhr, logger: WorkerTest.stumm)
        var wartezeiten: [Double] = []
        for _ in 0..<6 {
            #expect(try await worker.runOnce().fehlgeschlagen == 1)
            // Not due again before its time.
            #expect(try await worker.runOnce().beansprucht == 0)
            let letzter = try #require(await queue.fehlschlaege.last)
            let warten = letzter.naechsterVersuch.timeIntervalSince(letzter.am)
            wartezeiten.append(warten)
            uhr.vorstellen(warten)
        }
        let soll = [0.010, 0.020, 0.040, 0.080, 0.080, 0.080]
        for (ist, erwartet) in zip(wartezeiten, soll) {
            if jitter == 0 {
                #expect(abs(ist - erwartet) < 0.0005, "\(wartezeiten)")
            } else {
                #expect(ist >= erwartet * 0.5 - 0.0005 && ist <= erwartet + 0.0005, "\(wartezeiten)")
            }
        }
        #expect(await queue.auftraege().first?.versuche == 6)
        #expect(await queue.anzahl(.geparkt) == 0)
    }

    @Test("Vorübergehende Fehler werden nie geparkt; nach dem Ausfall läuft der Rückstand von selbst ab")
    func voruebergehendOhneEnde() async throws {
        let queue = InMemoryAblageauftragQueue()
        let ablage = InMemoryEAkteAblage()
        await ablage.setDown(true)
        let auftrag = await queue.einstellen(WorkerTest.fall(1), art: .anzeige)
        let worker = AblageWorker(
            queue: queue, ablage: ablage,
            configuration: WorkerTest.konfiguration(basis: .milliseconds(1), obergrenze: .milliseconds(2), parken: 2),
            logger: WorkerTest.stumm)
        for _ in 0..<12 {
            _ = try await worker.runOnce()
            try await Task.sleep(for: .milliseconds(3))
        }
        let zwischen = try #require(await queue.auftrag(auftrag.id))
        #expect(zwischen.status == .ausstehend)
        #expect(zwischen.versuche >= 10)
        await ablage.setDown(false)
        try await Task.sleep(for: .milliseconds(3))
        #expect(try await worker.drain().erledigt == 1)
        #expect(await ablage.gespeicherteDokumente == 2)
        #expect(await queue.ablagestatus(fallId: auftrag.fallId) == .abgelegt)
    }

    @Test("Nach langem Ausfall parkt ein einzelner dauerhafter Fehler nicht: nur dauerhafte Fehlschläge zählen")
    func nachAusfallKeinSofortigesParken() async throws {
        let queue = InMemoryAblageauftragQueue()
        let ablage = InMemoryEAkteAblage()
        await ablage.setDown(true)
        let auftrag = await queue.einstellen(WorkerTest.fall(1), art: .anzeige)
        let worker = AblageWorker(
            queue: queue, ablage: ablage,
            configuration: WorkerTest.konfiguration(basis: .milliseconds(1), obergrenze: .milliseconds(2), parken: 2),
            logger: WorkerTest.stumm)
        for _ in 0..<8 {
            _ = try await worker.runOnce()
            try await Task.sleep(for: .milliseconds(3))
        }
        await ablage.setDown(false)
        await ablage.failNextCalls(1, art: .dauerhaft)
        _ = try await worker.runOnce()
        let zwischen = try #require(await queue.auftrag(auftrag.id))
        #expect(zwischen.status == .ausstehend, "ein dauerhafter Fehler nach 8 vorübergehenden parkt nicht")
        #expect(zwischen.dauerhafteFehlschlaege == 1)
        #expect(zwischen.versuche >= 9)
        try await Task.sleep(for: .milliseconds(3))
        #expect(try await worker.drain().erledigt == 1)
        #expect(await queue.ablagestatus(fallId: auftrag.fallId) == .abgelegt)
    }

    @Test("Dauerhafte Fehler parken nach N Versuchen; nach Korrektur holt ein Retry die Ablage nach")
    func parken() async throws {
        let queue = InMemoryAblageauftragQueue()
        let ablage = InMemoryEAkteAblage()
        // The municipality 06636099 has no eAkte configured: `.dauerhaft` every time.
        let ohneGemeinde = EAkteMandantenAblage(ablagen: ["06636001": ablage])
        let fall = WorkerTest.fall(1, gemeinde: "06636099")
        let auftrag = await queue.einstellen(fall, art: .anzeige)
        // And a job whose document cannot be rendered (no Empfangsbescheinigung issued).
        let ohneBescheinigung = WorkerTest.fall(2, gemeinde: "06636001")
        let ebAuftrag = await queue.einstellen(ohneBescheinigung, art: .empfangsbescheinigung)
        let worker = AblageWorker(
            queue: queue, ablage: ohneGemeinde,
            configuration: WorkerTest.konfiguration(basis: .milliseconds(1), obergrenze: .milliseconds(2), parken: 3),
            logger: WorkerTest.stumm)
        var geparkt = 0
        for _ in 0..<10 {
            geparkt += try await worker.runOnce().geparkt
            try await Task.sleep(for: .milliseconds(3))
        }
        #expect(geparkt == 2)
        let erster = try #require(await queue.auftrag(auftrag.id))
        #expect(erster.status == .geparkt)
        #expect(erster.versuche == 3)
        #expect(
            erster.letzterFehler?.hasPrefix("dauerhaft: Für die Gemeinde 06636099 ist keine eAkte konfiguriert") == true
        )
        let zweiter = try #require(await queue.auftrag(ebAuftrag.id))
        #expect(zweiter.status == .geparkt && zweiter.versuche == 3)
        #expect(zweiter.letzterFehler?.hasPrefix("dokument: ") == true)
        #expect(await queue.fehlschlaege.filter(\.parken).count == 2)
        #expect(await queue.ablagestatus(fallId: fall.id) == .geparkt)
        // Parked jobs are not claimed any more.
        #expect(try await worker.runOnce().beansprucht == 0)

        // The operator configures the municipality and retries.
        let korrigiert = AblageWorker(
            queue: queue, ablage: EAkteMandantenAblage(ablagen: ["06636001": ablage, "06636099": ablage]),
            configuration: WorkerTest.konfiguration(), logger: WorkerTest.stumm)
        await queue.erneutVersuchen(auftrag.id)
        #expect(try await korrigiert.drain().erledigt == 1)
        #expect(await queue.ablagestatus(fallId: fall.id) == .abgelegt)
        #expect(await queue.auftrag(ebAuftrag.id)?.status == .geparkt)
    }

    @Test("Vorgang wird erst mit Empfangsbescheinigung bzw. Rücknahme erledigt; Berichtigung landet im selben Vorgang")
    func vorgangErledigt() async throws {
        let queue = InMemoryAblageauftragQueue()
        let ablage = InMemoryEAkteAblage()
        let worker = AblageWorker(
            queue: queue, ablage: ablage, configuration: WorkerTest.konfiguration(parallel: 1), logger: WorkerTest.stumm
        )
        var fall = WorkerTest.fall(1)
        await queue.einstellen(fall, art: .anzeige)
        #expect(try await worker.drain().erledigt == 1)
        #expect(await ablage.erledigt.isEmpty)
        var neu = fall.anzeige
        neu.geschaeftsbezeichnung = "Schneiderei Weiß & Töchter"
        fall = Testfaelle.berichtigt(fall, anzeige: neu, grund: "Name berichtigt", am: Testfaelle.erfasstAm)
        await queue.einstellen(fall, art: .berichtigung, version: 2)
        #expect(try await worker.drain().erledigt == 1)
        #expect(await ablage.erledigt.isEmpty)
        fall = Testfaelle.bescheinigt(fall, am: WorkerTest.eingang.plusTage(1))
        await queue.einstellen(fall, art: .empfangsbescheinigung, version: 2)
        #expect(try await worker.drain().erledigt == 1)
        #expect(await ablage.erledigt.count == 1)
        fall = Testfaelle.zurueckgenommen(fall, grund: "Doppelt erfasst", am: Testfaelle.erfasstAm)
        await queue.einstellen(fall, art: .ruecknahme, version: 2)
        #expect(try await worker.drain().erledigt == 1)
        let vorgaenge = await ablage.vorgaenge
        #expect(vorgaenge.count == 1)
        let namen = Set(await ablage.alleDokumente.map(\.name))
        let az = fall.aktenzeichen
        #expect(
            namen == [
                "Gewerbeanmeldung-\(az)-v1.pdf", "Gewerbeanmeldung-\(az)-v1.json", "Gewerbeanmeldung-\(az)-v2.pdf",
                "Gewerbeanmeldung-\(az)-v2.json", "Empfangsbescheinigung-\(az).pdf", "Ruecknahmevermerk-\(az).pdf",
            ])
        #expect(await ablage.erledigt == Set(vorgaenge.values))
    }

    @Test("Ablage gelungen, Vermerk in der Outbox gescheitert: nach Ablauf der Sperre erneut, ohne Doppelablage")
    func vermerkGescheitert() async throws {
        let uhr = StellbareUhr()
        let twin = InMemoryAblageauftragQueue(uhr: uhr)
        let queue = ErsteErledigtMeldungScheitert(twin)
        let ablage = InMemoryEAkteAblage()
        await twin.einstellen(WorkerTest.fall(1), art: .anzeige)
        let worker = AblageWorker(
            queue: queue, ablage: ablage, configuration: WorkerTest.konfiguration(sperrdauer: .seconds(60)), uhr: uhr,
            logger: WorkerTest.stumm)
        #expect(try await worker.runOnce() == AblageDurchlauf(beansprucht: 1, nichtVermerkt: 1))
        #expect(await twin.anzahl(.inArbeit) == 1)
        // Locked until the lease runs out.
        uhr.vorstellen(59)
        #expect(try await worker.runOnce().beansprucht == 0)
        uhr.vorstellen(2)
        #expect(try await worker.drain().erledigt == 1)
        #expect(await ablage.fileDokumentCalls == 4)
        #expect(await ablage.gespeicherteDokumente == 2)
    }

    @Test("Wecken: ein neuer Auftrag wird sofort beansprucht, nicht erst nach dem Abfrageintervall")
    func wecken() async throws {
        let queue = InMemoryAblageauftragQueue()
        let ablage = InMemoryEAkteAblage()
        let worker = AblageWorker(
            queue: queue, ablage: ablage, configuration: WorkerTest.konfiguration(abfrage: .seconds(60)),
            logger: WorkerTest.stumm)
        try await WorkerTest.mitLaufendemWorker(worker) {
            try await WorkerTest.warteBis(.seconds(30), "erste Abfrage") { await !queue.beanspruchungen.isEmpty }
            let auftrag = await queue.einstellen(WorkerTest.fall(1), art: .anzeige)
            try await Task.sleep(for: .milliseconds(300))
            #expect(await queue.auftrag(auftrag.id)?.status == .ausstehend)
            let geweckt = ContinuousClock.now
            worker.wecken()
            try await WorkerTest.warteBis(.seconds(30), "Auftrag erledigt") {
                await queue.auftrag(auftrag.id)?.status == .erledigt
            }
            // Well below the 60 s poll interval: the wake-up, not the poll, picked it up (generous
            // bound, so that a loaded CI machine cannot make it flaky).
            #expect(ContinuousClock.now - geweckt < .seconds(30))
        }
    }

    @Test("Logs nennen Ids, Art und Gemeinde, aber keine Namen, Anschriften oder Zugangsdaten")
    func logs() async throws {
        let sammler = LogSammler()
        let queue = InMemoryAblageauftragQueue()
        let ablage = InMemoryEAkteAblage()
        await queue.einstellen(WorkerTest.fall(1), art: .anzeige)
        await queue.einstellen(WorkerTest.fall(2, gemeinde: "06636099"), art: .anzeige)
        let worker = AblageWorker(
            queue: queue, ablage: EAkteMandantenAblage(ablagen: ["06636002": ablage]),
            configuration: WorkerTest.konfiguration(), logger: sammler.logger())
        _ = try await worker.runOnce()
        let alles = sammler.alles.joined(separator: "\n")
        #expect(alles.contains("filing job done"))
        #expect(alles.contains("filing job failed"))
        #expect(alles.contains("06636099"))
        for geheim in ["Weiß", "Jürgen", "Marktplatz", "Sontra", "Schneiderei", "weiss@example.org", "1984"] {
            #expect(!alles.contains(geheim), "\(geheim) im Log")
        }
    }
}

/// An outbox whose first `erledigt` fails (database gone at the wrong moment).
struct ErsteErledigtMeldungScheitert: AblageauftragQueue {
    let twin: InMemoryAblageauftragQueue
    let gescheitert = LockedBox(false)
    init(_ twin: InMemoryAblageauftragQueue) { self.twin = twin }

    struct Weg: Error {}

    func beanspruche(anzahl: Int, worker: String, sperrdauer: Duration) async throws -> [Ablagevorlage] {
        try await twin.beanspruche(anzahl: anzahl, worker: worker, sperrdauer: sperrdauer)
    }

    func erledigt(
        _ auftrag: Ablageauftrag, worker: String, akte: EAkteObjektID, vorgang: EAkteObjektID,
        dokumente: [AbgelegtesDokument]
    ) async throws {
        let zuerst = gescheitert.update { wert -> Bool in
            defer { wert = true }
            return !wert
        }
        if zuerst { throw Weg() }
        try await twin.erledigt(auftrag, worker: worker, akte: akte, vorgang: vorgang, dokumente: dokumente)
    }

    func fehlgeschlagen(
        _ auftrag: Ablageauftrag, worker: String, fehler: String, dauerhaft: Bool, naechsterVersuch: Date, parken: Bool
    ) async throws {
        try await twin.fehlgeschlagen(
            auftrag, worker: worker, fehler: fehler, dauerhaft: dauerhaft, naechsterVersuch: naechsterVersuch,
            parken: parken)
    }
}
