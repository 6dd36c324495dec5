import AsyncHTTPClient
import Foundation
import GewerbeDomain
import GewerbeGateway
import GewerbeOutbox
import GewerbePostgres
import GewerbeTestSupport
import GewerbeXGewO
import Testing

/// The outbox of XGewO messages against the real gateway peer (`Tests/Peers/xgewo_gateway.py`)
/// and a real PostgreSQL: every message of a certified case arrives once, through a gateway
/// outage, a crash between sending and recording, and a rejection that is retried.
@Suite(.serialized) struct GatewayVersandTests {
    static let sontra = Beispielanzeigen.sontra.ags
    static let sb = Akteur(
        tokenId: UUID(), bezeichnung: "Sachbearbeitung Sontra", rolle: .sachbearbeitung, kommunen: [sontra])

    /// A directory in which every recipient has a DVDV key (the shipped one has mostly none).
    static let verzeichnis: Empfaengerverzeichnis = {
        let geliefert = try! Empfaengerverzeichnis(
            empfaenger: String(
                contentsOf: TestPeers.repositoryRoot.appending(path: "config/empfaenger.csv"), encoding: .utf8),
            einstellungen: "ags,verteilplattform,zoll\n*,nein,beiAnhaltspunkten\n")
        var zeilen = ["ags,empfaenger,name,praefix,kennung,verzicht,belegt,quelle"]
        for art in Empfaengerart.allCases where art != .gewerbeamt {
            guard let adresse = geliefert.adresse(art, ags: sontra) else { continue }
            zeilen.append(
                "*,\(art.rawValue),Teststelle \(art.rawValue),\(adresse.praefix),T-\(art.rawValue),nein,ja,Test")
        }
        return try! Empfaengerverzeichnis(
            empfaenger: zeilen.joined(separator: "\n") + "\n",
            einstellungen: "ags,verteilplattform,zoll\n*,nein,beiAnhaltspunkten\n")
    }()

    static let bau = Nachrichtenbau(
        verzeichnis: verzeichnis,
        gemeinden: Dictionary(uniqueKeysWithValues: Beispielanzeigen.kommunen.map { ($0.ags, $0.name) }))

    struct Umgebung: Sendable {
        let database: Database
        let uhr: TestUhr
        let faelle: Fallbearbeitung
        let queue: PostgresUebermittlungsauftragQueue
        let peer: XGewOGatewayPeer
        let client: HTTPClient

        func worker(_ name: String, lease: Duration = .seconds(60)) throws -> UebermittlungsWorker {
            UebermittlungsWorker(
                queue: queue, transport: try HTTPGatewayTransport(basis: peer.basisURL, token: nil, client: client),
                bau: GatewayVersandTests.bau,
                configuration: UebermittlungsWorkerConfiguration(
                    workerId: name, concurrency: 8, leaseDuration: lease,
                    backoff: Backoff(base: .seconds(1), cap: .seconds(1), jitter: 0)),
                uhr: uhr, logger: TestPostgres.logger)
        }

        /// Submits an Anmeldung and certifies it: its messages are queued.
        func bescheinigteAnmeldung(_ nummer: Int) async throws -> Fall {
            let anzeige = Testanzeigen.anmeldung(
                gemeinde: GatewayVersandTests.sontra, eingang: Beispielanzeigen.heute, familienname: "Weiß",
                geschaeft: "Schneiderei \(nummer)", strasse: "Marktplatz", hausnummer: "\(nummer + 1)")
            guard
                case .angenommen(let fall, _) = try await faelle.einreichen(
                    anzeige, akteur: GatewayVersandTests.sb, idempotenzSchluessel: nil)
            else { throw TestPeers.Failure("Anmeldung \(nummer) abgelehnt") }
            return try await faelle.bescheinigeEmpfang(fallId: fall.id, am: nil, akteur: GatewayVersandTests.sb)
        }
    }

    static func mit(_ body: @Sendable (Umgebung) async throws -> Void) async throws {
        try await TestPostgres.withDatabase(maximumConnections: 8) { database in
            _ = try await KommunenStore(database: database).upsert(
                Beispielanzeigen.kommunen.map { KommuneStammdaten(ags: $0.ags, name: $0.name, art: "Stadt") },
                actor: .cli(benutzer: "test"))
            let uhr = TestUhr(heute: Beispielanzeigen.heute)
            let peer = try XGewOGatewayPeer()
            // A refused connection fails within the connect timeout (AsyncHTTPClient retries until then).
            var http = HTTPClient.Configuration()
            http.timeout = .init(connect: .milliseconds(300))
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: http)
            let umgebung = Umgebung(
                database: database, uhr: uhr,
                faelle: Fallbearbeitung(
                    speicher: PostgresFallspeicher(database: database, logger: TestPostgres.logger), uhr: uhr,
                    uebermittlung: { verzeichnis.einstellungen(ags: $0) }),
                queue: PostgresUebermittlungsauftragQueue(database: database, uhr: uhr, logger: TestPostgres.logger),
                peer: peer, client: client)
            do {
                try await body(umgebung)
            } catch {
                await peer.remove()
                try? await client.shutdown()
                throw TestPeers.Failure("\(error)\n--- peer log ---\n\(peer.log.suffix(3000))")
            }
            await peer.remove()
            try await client.shutdown()
        }
    }

    @Test func nachrichtenErstMitDerEmpfangsbescheinigung() async throws {
        try await Self.mit { u in
            let anzeige = Testanzeigen.anmeldung(gemeinde: Self.sontra, eingang: Beispielanzeigen.heute)
            guard
                case .angenommen(let fall, _) = try await u.faelle.einreichen(
                    anzeige, akteur: Self.sb, idempotenzSchluessel: nil)
            else { throw TestPeers.Failure("abgelehnt") }
            #expect(try await u.queue.anzahlJeStatus().isEmpty)
            _ = try await u.faelle.bescheinigeEmpfang(fallId: fall.id, am: nil, akteur: Self.sb)
            let auftraege = try await u.queue.auftraege(fallId: fall.id)
            let geplant = Uebermittlung.plan(Uebermittlungslage(anzeige: fall.anzeige)).nachrichten
            #expect(
                auftraege.map(\.auftrag.nachricht.nachrichtentyp).sorted() == geplant.map(\.nachrichtentyp).sorted())
            #expect(Set(auftraege.map(\.auftrag.satzId)).count == 1)
            #expect(auftraege.allSatisfy { $0.auftrag.status == .ausstehend && $0.aktenzeichen == fall.aktenzeichen })
        }
    }

    /// Acceptance: the gateway down during 200 submissions, then up: every message arrives
    /// exactly once.
    @Test func gatewayAusfallWaehrendZweihundertEinreichungen() async throws {
        try await Self.mit { u in
            let anzahl = 200
            for nummer in 0..<anzahl { _ = try await u.bescheinigteAnmeldung(nummer) }
            let erwartet = try await u.queue.anzahlJeStatus()[.ausstehend] ?? 0
            #expect(erwartet >= anzahl * 5)
            let worker = try u.worker("w1")
            // Down (no process listens): three rounds of attempts fail; nothing is lost or parked.
            let ausfall = try await worker.drain(maxRunden: 3)
            #expect(ausfall.fehlgeschlagen == 3 * 8 && ausfall.gesendet == 0 && ausfall.geparkt == 0)
            #expect(try await u.queue.anzahlJeStatus()[.ausstehend] == erwartet)
            // Unavailable (the gateway answers 503): the same.
            try await u.peer.start()
            try await u.peer.steuere(["modus": "nicht_verfuegbar"])
            let nichtVerfuegbar = try await worker.drain()
            #expect(nichtVerfuegbar.fehlgeschlagen == erwartet - 3 * 8 && nichtVerfuegbar.gesendet == 0)
            try await u.peer.steuere(["modus": "normal"])
            // Up again: after the backoff, every message goes, once.
            u.uhr.vorstellen(sekunden: 2)
            let danach = try await worker.drain()
            #expect(danach.gesendet == erwartet && danach.doppelt == 0)
            let zaehler = try await u.queue.anzahlJeStatus()
            #expect(zaehler[.gesendet] == erwartet && zaehler[.ausstehend] == nil)
            let postfach = try await u.peer.postfach()
            #expect(postfach.nachrichten.count == erwartet && postfach.angenommen == erwartet)
            #expect(postfach.nachrichten.allSatisfy { $0.zustellungen == 1 } && postfach.doppelt == 0)
            #expect(postfach.abgewiesen == 0)
        }
    }

    /// A crash between handing a message over and recording it: the lease runs out, another
    /// worker sends it again, the gateway answers "doppelt": it arrived once, the job is done.
    @Test func absturzZwischenSendenUndVermerken() async throws {
        try await Self.mit { u in
            try await u.peer.start()
            for nummer in 0..<3 { _ = try await u.bescheinigteAnmeldung(nummer) }
            let transport = try HTTPGatewayTransport(basis: u.peer.basisURL, token: nil, client: u.client)
            let bau = Self.bau
            let beansprucht = try await u.queue.beanspruche(
                anzahl: 100, worker: "abgestuerzt", sperrdauer: .seconds(30))
            #expect(!beansprucht.isEmpty)
            for vorlage in beansprucht {
                guard case .success(let nachricht) = bau.baue(vorlage) else { throw TestPeers.Failure("ungültig") }
                #expect(try await transport.sende(nachricht) == .angenommen(doppelt: false))
            }
            // The crashed worker records nothing; its lease runs out.
            #expect(try await u.worker("w2").drain().beansprucht == 0)
            u.uhr.vorstellen(sekunden: 31)
            let danach = try await u.worker("w2").drain()
            #expect(danach.gesendet == beansprucht.count && danach.doppelt == beansprucht.count)
            let postfach = try await u.peer.postfach()
            #expect(postfach.nachrichten.count == beansprucht.count && postfach.angenommen == beansprucht.count)
            #expect(postfach.nachrichten.allSatisfy { $0.zustellungen == 2 })
            // A late report of the crashed worker changes nothing.
            try await u.queue.abgewiesen(
                beansprucht[0].auftrag, worker: "abgestuerzt", rueckweisung: Rueckweisung(grund: "S999", text: "spät"))
            #expect(try await u.queue.anzahlJeStatus() == [.gesendet: beansprucht.count])
        }
    }

    /// Acceptance: a rejection parks with its reason; a retry after correction succeeds.
    @Test func rueckweisungParktUndWiederholungGelingt() async throws {
        try await Self.mit { u in
            try await u.peer.start()
            let fall = try await u.bescheinigteAnmeldung(1)
            let ihk = try #require(
                try await u.queue.auftraege(fallId: fall.id).first { $0.auftrag.nachricht.empfaenger == .ihk })
            let leser = try #require(
                Nachrichtenbau(verzeichnis: Self.verzeichnis, gemeinden: [:])
                    .leser(ihk.auftrag.nachricht, ags: Self.sontra))
            try await u.peer.steuere([
                "modus": "abweisen", "grund": "S020", "abweisen_leser": "\(leser.praefix):\(leser.kennung)",
            ])
            let runde = try await u.worker("w1").drain()
            #expect(runde.abgewiesen == 1 && runde.gesendet == runde.beansprucht - 1)
            let offen = try await u.queue.auftraege(status: [.abgewiesen])
            #expect(offen.map(\.auftrag.id) == [ihk.auftrag.id])
            #expect(offen.first?.auftrag.rueckweisung?.grund == "S020")
            #expect(offen.first?.auftrag.rueckweisung?.text.contains("Fehlerhafte Einzelfälle") == true)
            // The auditors' report names it, with its reason, per municipality and month.
            let berichte = PostgresBerichte(database: u.database, logger: TestPostgres.logger)
            let bericht = try await berichte.uebermittlung(
                try Berichtsumfang(kommunen: [Self.sontra], zeitraum: .alles))
            #expect(bericht.offen.map(\.nachricht) == [ihk.auftrag.id])
            #expect(bericht.offen.first?.grund?.hasPrefix("S020") == true)
            let zeile = try #require(bericht.versand.first { $0.empfaenger == "ihk" })
            #expect(zeile.abgewiesen == 1 && zeile.gesendet == 0 && zeile.ags == Self.sontra)
            #expect(bericht.versand.map(\.gesendet).reduce(0, +) == runde.beansprucht - 1)
            // The retry waits for the office; nothing goes by itself.
            #expect(try await u.worker("w1").drain().beansprucht == 0)
            try await u.peer.steuere(["modus": "normal"])
            #expect(try await u.queue.erneutVersuchen(auftragId: ihk.auftrag.id, akteur: .cli(benutzer: "test")) == 1)
            let wiederholt = try await u.worker("w1").drain()
            #expect(wiederholt.gesendet == 1)
            #expect(try await u.queue.anzahlJeStatus() == [.gesendet: runde.beansprucht])
            #expect(try await u.peer.postfach().nachrichten.count == runde.beansprucht)
        }
    }

    /// A message without a DVDV key never leaves: it parks with "Adresse fehlt".
    @Test func ohneAdresseGeparkt() async throws {
        try await Self.mit { u in
            try await u.peer.start()
            _ = try await u.bescheinigteAnmeldung(1)
            let leer = Empfaengerverzeichnis()
            let worker = UebermittlungsWorker(
                queue: u.queue,
                transport: try HTTPGatewayTransport(basis: u.peer.basisURL, token: nil, client: u.client),
                bau: Nachrichtenbau(verzeichnis: leer, gemeinden: [:]),
                configuration: UebermittlungsWorkerConfiguration(workerId: "w"), uhr: u.uhr, logger: TestPostgres.logger
            )
            let runde = try await worker.drain()
            #expect(runde.geparkt == runde.beansprucht && runde.beansprucht > 0)
            let geparkt = try await u.queue.auftraege(status: [.geparkt])
            #expect(geparkt.allSatisfy { $0.auftrag.letzterFehler?.hasPrefix("Adresse fehlt") == true })
            #expect(try await u.peer.postfach().nachrichten.isEmpty)
        }
    }
}
