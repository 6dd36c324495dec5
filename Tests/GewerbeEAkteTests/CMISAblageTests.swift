import Foundation
import GewerbeCMISTestServer
import GewerbeDomain
import GewerbeEAkte
import GewerbeTestSupport
import Logging
import Testing

/// The CMIS adapter against the CMIS browser-binding test server (itself proven with cmislib).
@Suite("CMIS-Ablage gegen den CMIS-Testserver")
struct CMISAblageTests {
    /// One client for all tests: refused connections fail at once instead of being retried
    /// until the request deadline.
    static let client = EAkteHTTPClient.make(connectTimeout: .seconds(2), retryConnectionEstablishment: false)

    static func adapter(
        _ server: CMISTestServer, credentials: HTTPCredentials? = nil, logger: Logger? = nil,
        timeout: Duration = .seconds(10), configure: (inout CMISAblageConfiguration) -> Void = { _ in }
    ) throws -> CMISAblage {
        var configuration = CMISAblageConfiguration(
            browserURL: server.serviceURL, rootPath: "/Gewerbe", credentials: credentials, requestTimeout: timeout)
        configure(&configuration)
        return try CMISAblage(
            configuration: configuration, httpClient: client,
            logger: logger ?? Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    /// Files a whole case and returns the ids and receipts.
    @discardableResult
    static func ablegen(
        _ fall: EAkteTestFall, _ ablage: any EAkteAblage
    ) async throws -> (
        akte: EAkteObjektID, vorgang: EAkteObjektID, quittungen: [AblageQuittung]
    ) {
        let akte = try await ablage.ensureAkte(fall.akte)
        let vorgang = try await ablage.ensureVorgang(fall.vorgang, inAkte: akte)
        var quittungen: [AblageQuittung] = []
        for dokument in fall.dokumente {
            quittungen.append(try await ablage.fileDokument(dokument, inVorgang: vorgang))
        }
        return (akte, vorgang, quittungen)
    }

    static func vorgangPfad(_ fall: EAkteTestFall) -> String {
        "/Gewerbe/\(fall.akte.gemeindeschluessel)/\(AblageNamen.akte(betriebId: fall.akte.betriebId))/"
            + fall.vorgang.aktenzeichen
    }

    @Test("Ganzer Ablauf mit Sekundärtyp: Ordner, Dokumente, Metadaten, erledigt, Nachschlagen")
    func ganzerAblauf() async throws {
        let server = try CMISTestServer()
        try await server.withRunning { server in
            let ablage = try Self.adapter(server)
            let fall = EAkteTestFall.beispiel()
            let (akte, vorgang, quittungen) = try await Self.ablegen(fall, ablage)
            #expect(
                try await ablage.aktuellerMetadatenmodus()
                    == .sekundaertyp(
                        id: "gewerbe:metadaten",
                        eigenschaften: Set(CMISTestServer.SecondaryType.gewerbeMetadaten.propertyIds)))

            let akteObjekt = try #require(
                await server.object(atPath: "/Gewerbe/06636001/\(AblageNamen.akte(betriebId: fall.akte.betriebId))"))
            #expect(akteObjekt.id == akte.rawValue)
            #expect(akteObjekt.description == fall.akte.titel)
            #expect(akteObjekt.property("gewerbe:betriebId") == fall.akte.betriebId.lowercased)
            #expect(akteObjekt.property("gewerbe:ags") == "06636001")

            let vorgangObjekt = try #require(await server.object(atPath: Self.vorgangPfad(fall)))
            #expect(vorgangObjekt.id == vorgang.rawValue)
            #expect(vorgangObjekt.property("gewerbe:aktenzeichen") == fall.vorgang.aktenzeichen)
            #expect(vorgangObjekt.property("gewerbe:meldeart") == "anmeldung")
            #expect(vorgangObjekt.property("gewerbe:eingangsdatum") == "2026-01-15")
            #expect(vorgangObjekt.property("gewerbe:anzeigeId") == fall.vorgang.anzeigeId.lowercased)
            #expect(vorgangObjekt.property("gewerbe:status") == "offen")

            for (dokument, quittung) in zip(fall.dokumente, quittungen) {
                let objekt = try #require(await server.object(atPath: Self.vorgangPfad(fall) + "/" + dokument.name))
                #expect(objekt.id == quittung.objektId.rawValue)
                #expect(objekt.content == dokument.inhalt)
                #expect(objekt.mimeType == dokument.mimeType)
                #expect(objekt.secondaryTypeIds == ["gewerbe:metadaten"])
                #expect(objekt.property("gewerbe:sha256") == dokument.sha256)
                #expect(objekt.property("gewerbe:dokumentart") == dokument.dokumentart)
                #expect(objekt.property("gewerbe:aktenzeichen") == fall.vorgang.aktenzeichen)
                #expect(objekt.description == "\(dokument.dokumentart): \(fall.vorgang.titel)")
                #expect(quittung.sha256 == dokument.sha256)
                #expect(quittung.groesse == dokument.inhalt.count)
            }

            try await ablage.markVorgangErledigt(vorgang, metadaten: fall.vorgang)
            #expect(await server.object(atPath: Self.vorgangPfad(fall))?.property("gewerbe:status") == "erledigt")

            let gefunden = try #require(
                try await ablage.lookupDokument(name: fall.dokumente[0].name, vorgang: fall.vorgang, akte: fall.akte))
            #expect(gefunden == quittungen[0])
            #expect(try await ablage.lookupDokument(name: "fehlt.pdf", vorgang: fall.vorgang, akte: fall.akte) == nil)
        }
    }

    @Test("Wiederholung legt nichts neu an, auch mit frischem Adapter (ohne Zwischenspeicher)")
    func idempotent() async throws {
        let server = try CMISTestServer()
        try await server.withRunning { server in
            let fall = EAkteTestFall.beispiel(nummer: 7)
            let erster = try await Self.ablegen(fall, try Self.adapter(server))
            let objekteVorher = await server.objects()
            let versucheVorher = await server.creates()
            let requestsVorher = server.requestCount

            let zweiter = try await Self.ablegen(fall, try Self.adapter(server))
            let dritter = try await Self.ablegen(fall, try Self.adapter(server))
            #expect(zweiter.akte == erster.akte && dritter.akte == erster.akte)
            #expect(zweiter.vorgang == erster.vorgang && dritter.vorgang == erster.vorgang)
            #expect(zweiter.quittungen == erster.quittungen && dritter.quittungen == erster.quittungen)
            #expect(await server.objects() == objekteVorher)
            #expect(await server.creates() == versucheVorher)
            #expect(server.requestCount > requestsVorher)
            for (pfad, anzahl) in await server.creates() {
                #expect(anzahl == 1, "\(pfad) \(anzahl)-mal angelegt")
            }
            for dokument in fall.dokumente {
                #expect(await server.createAttemptCount(path: Self.vorgangPfad(fall) + "/" + dokument.name) == 1)
            }
            // Marking done twice is fine as well.
            let ablage = try Self.adapter(server)
            try await ablage.markVorgangErledigt(erster.vorgang, metadaten: fall.vorgang)
            let token = await server.object(atPath: Self.vorgangPfad(fall))?.changeToken
            try await ablage.markVorgangErledigt(erster.vorgang, metadaten: fall.vorgang)
            #expect(await server.object(atPath: Self.vorgangPfad(fall))?.changeToken == token)
        }
    }

    @Test("Ohne Sekundärtyp: Metadaten in Namen und cmis:description, ebenfalls idempotent")
    func rueckfallOhneSekundaertyp() async throws {
        let server = try CMISTestServer(.init(secondaryTypes: []))
        try await server.withRunning { server in
            let ablage = try Self.adapter(server)
            let fall = EAkteTestFall.beispiel(nummer: 3)
            let erster = try await Self.ablegen(fall, ablage)
            #expect(try await ablage.aktuellerMetadatenmodus() == .beschreibung)

            let vorgang = try #require(await server.object(atPath: Self.vorgangPfad(fall)))
            #expect(vorgang.secondaryTypeIds.isEmpty)
            #expect(vorgang.properties.isEmpty)
            let beschreibung = try #require(vorgang.description)
            #expect(beschreibung.hasPrefix(fall.vorgang.titel + " | "))
            #expect(beschreibung.contains("Aktenzeichen \(fall.vorgang.aktenzeichen)"))
            #expect(beschreibung.contains("Meldeart anmeldung"))
            #expect(beschreibung.contains("Eingangsdatum 2026-01-15"))
            #expect(beschreibung.contains("Anzeige-ID \(fall.vorgang.anzeigeId.lowercased)"))
            for dokument in fall.dokumente {
                let objekt = try #require(await server.object(atPath: Self.vorgangPfad(fall) + "/" + dokument.name))
                #expect(objekt.description?.contains("SHA-256 \(dokument.sha256)") == true)
                #expect(objekt.description?.contains("Dokumentart \(dokument.dokumentart)") == true)
                #expect(objekt.content == dokument.inhalt)
            }

            let zweiter = try await Self.ablegen(fall, try Self.adapter(server))
            #expect(zweiter.quittungen == erster.quittungen)
            for (pfad, anzahl) in await server.creates() { #expect(anzahl == 1, "\(pfad)") }

            try await ablage.markVorgangErledigt(erster.vorgang, metadaten: fall.vorgang)
            let erledigt = try #require(await server.object(atPath: Self.vorgangPfad(fall))?.description)
            #expect(erledigt.contains("Status erledigt"))
            #expect(!erledigt.contains("Status offen"))
        }
    }

    @Test("Sekundärtyp mit weniger Eigenschaften: nur definierte werden gesetzt, der Rest in die Beschreibung")
    func teilweiserSekundaertyp() async throws {
        let server = try CMISTestServer(.init(secondaryTypes: [.gewerbeMetadatenMinimal]))
        try await server.withRunning { server in
            let ablage = try Self.adapter(server)
            let fall = EAkteTestFall.beispiel(nummer: 4)
            let (_, vorgangId, _) = try await Self.ablegen(fall, ablage)
            let dokument = try #require(
                await server.object(atPath: Self.vorgangPfad(fall) + "/" + fall.dokumente[0].name))
            #expect(dokument.property("gewerbe:sha256") == fall.dokumente[0].sha256)
            #expect(dokument.property("gewerbe:dokumentart") == nil)
            #expect(dokument.description?.contains("Dokumentart anzeige-pdf") == true)
            #expect(dokument.description?.contains("SHA-256") == false)
            try await ablage.markVorgangErledigt(vorgangId, metadaten: fall.vorgang)
            #expect(
                await server.object(atPath: Self.vorgangPfad(fall))?.description?.contains("Status erledigt") == true)
            // Filing again still recognises the documents.
            _ = try await Self.ablegen(fall, try Self.adapter(server))
            for (pfad, anzahl) in await server.creates() { #expect(anzahl == 1, "\(pfad)") }
        }
    }

    @Test("Ein anderes Dokument unter gleichem Namen ist ein dauerhafter Fehler und überschreibt nichts")
    func anderesDokumentGleicherName() async throws {
        let server = try CMISTestServer()
        try await server.withRunning { server in
            let ablage = try Self.adapter(server)
            let fall = EAkteTestFall.beispiel(nummer: 5)
            let (_, vorgang, _) = try await Self.ablegen(fall, ablage)
            var anderes = fall.dokumente[1]
            anderes.inhalt = Data(#"{"geaendert":true}"#.utf8)
            anderes.sha256 = EAkteTestFall.sha256(anderes.inhalt)
            let fehler = await #expect(throws: EAkteFehler.self) {
                try await ablage.fileDokument(anderes, inVorgang: vorgang)
            }
            #expect(fehler?.art == .dauerhaft)
            #expect(fehler?.meldung.contains("anderes Dokument") == true)
            let gespeichert = await server.object(atPath: Self.vorgangPfad(fall) + "/" + anderes.name)
            #expect(gespeichert?.content == fall.dokumente[1].inhalt)
        }
    }

    @Test("503 und geschlossener Port sind vorübergehend; danach gelingt die Ablage")
    func eakteNichtErreichbar() async throws {
        let server = try CMISTestServer()
        let ablage = try Self.adapter(server, timeout: .seconds(5))
        let fall = EAkteTestFall.beispiel(nummer: 8)

        // Port closed (server never started).
        let geschlossen = await #expect(throws: EAkteFehler.self) { try await ablage.ensureAkte(fall.akte) }
        #expect(geschlossen?.art == .voruebergehend)

        try await server.start()
        server.setUnavailable(true)
        let nichtVerfuegbar = await #expect(throws: EAkteFehler.self) { try await ablage.ensureAkte(fall.akte) }
        #expect(nichtVerfuegbar?.art == .voruebergehend)
        #expect(nichtVerfuegbar?.meldung.contains("503") == true)

        server.setUnavailable(false)
        let erst = try await Self.ablegen(fall, ablage)

        // Down again in the middle of a case, then up: the rest is filed, nothing twice.
        await server.stop()
        let zweiterFall = EAkteTestFall.beispiel(nummer: 9)
        let unterwegs = await #expect(throws: EAkteFehler.self) { try await Self.ablegen(zweiterFall, ablage) }
        #expect(unterwegs?.art == .voruebergehend)
        try await server.start()
        _ = try await Self.ablegen(zweiterFall, ablage)
        #expect(try await Self.ablegen(fall, ablage).quittungen == erst.quittungen)
        for (pfad, anzahl) in await server.creates() { #expect(anzahl == 1, "\(pfad)") }
        #expect(await server.documents().count == 6)
        await server.stop()
    }

    @Test("Zeitüberschreitung ist vorübergehend")
    func zeitueberschreitung() async throws {
        let server = try CMISTestServer()
        try await server.withRunning { server in
            server.setLatency(.seconds(1))
            let ablage = try Self.adapter(server, timeout: .milliseconds(200))
            let fehler = await #expect(throws: EAkteFehler.self) {
                try await ablage.ensureAkte(EAkteTestFall.beispiel().akte)
            }
            #expect(fehler?.art == .voruebergehend)
            server.setLatency(.zero)
        }
    }

    @Test(
        "Abgebrochener Upload: erster Versuch vorübergehend, Wiederholung endet mit genau einem vollständigen Dokument",
        arguments: [
            CMISTestServer.UploadFailure.answer500, .dropConnection, .storeTruncatedThen500,
        ])
    func abgebrochenerUpload(modus: CMISTestServer.UploadFailure) async throws {
        let server = try CMISTestServer()
        try await server.withRunning { server in
            let ablage = try Self.adapter(server)
            let fall = EAkteTestFall.beispiel(nummer: 11)
            let akte = try await ablage.ensureAkte(fall.akte)
            let vorgang = try await ablage.ensureVorgang(fall.vorgang, inAkte: akte)
            let dokument = fall.dokumente[0]
            let pfad = Self.vorgangPfad(fall) + "/" + dokument.name

            server.failNextUploads(1, mode: modus)
            let fehler = await #expect(throws: EAkteFehler.self) {
                try await ablage.fileDokument(dokument, inVorgang: vorgang)
            }
            #expect(fehler?.art == .voruebergehend)
            #expect(server.injectedUploadFailures == 1)
            let nachAbbruch = await server.object(atPath: pfad)
            if modus == .storeTruncatedThen500 {
                let teil = try #require(nachAbbruch?.content)
                #expect(teil.count == dokument.inhalt.count / 2)
            } else {
                #expect(nachAbbruch == nil)
            }

            let quittung = try await ablage.fileDokument(dokument, inVorgang: vorgang)
            #expect(quittung.sha256 == dokument.sha256)
            #expect(quittung.groesse == dokument.inhalt.count)
            let gespeichert = try #require(await server.object(atPath: pfad))
            #expect(gespeichert.content == dokument.inhalt)
            #expect(gespeichert.id == quittung.objektId.rawValue)
            #expect(await server.createCount(path: pfad) == 1)
            #expect(await server.documents().count == 1)
        }
    }

    @Test("Parallele Ablage desselben Betriebs aus zwei Adaptern: ein Ordner, gleiche IDs")
    func parallel() async throws {
        let server = try CMISTestServer()
        try await server.withRunning { server in
            let fall = EAkteTestFall.beispiel(nummer: 21)
            let ablagen = [try Self.adapter(server), try Self.adapter(server)]
            let ids = try await withThrowingTaskGroup(of: EAkteObjektID.self) { gruppe in
                for index in 0..<16 {
                    gruppe.addTask { try await ablagen[index % 2].ensureAkte(fall.akte) }
                }
                return try await gruppe.reduce(into: Set<EAkteObjektID>()) { $0.insert($1) }
            }
            #expect(ids.count == 1)
            for (pfad, anzahl) in await server.creates() { #expect(anzahl == 1, "\(pfad)") }
            #expect(await server.objects().filter(\.isFolder).count == 4)  // root, Gewerbe, AGS, Akte
        }
    }

    @Test("Zugangsdaten erscheinen weder in Logs noch in Fehlermeldungen")
    func zugangsdatenGeheim() async throws {
        let passwort = "Geheim!Passwort-4711"
        let basic = Data("sachbearbeitung:\(passwort)".utf8).base64EncodedString()
        let server = try CMISTestServer(
            .init(credentials: .init(user: "sachbearbeitung", password: "Korrekt-Kennwort-99")))
        let sammler = LogSammler()
        let falsch = HTTPCredentials(user: "sachbearbeitung", password: passwort)
        let ablage = try Self.adapter(server, credentials: falsch, logger: sammler.logger(), timeout: .seconds(5))
        let fall = EAkteTestFall.beispiel(nummer: 12)
        var meldungen: [String] = []

        // Port closed.
        do { _ = try await ablage.ensureAkte(fall.akte) } catch { meldungen.append("\(error)") }
        try await server.withRunning { server in
            // Wrong password: 401 is permanent.
            let fehler = await #expect(throws: EAkteFehler.self) { try await ablage.ensureAkte(fall.akte) }
            #expect(fehler?.art == .dauerhaft)
            meldungen.append(String(describing: fehler))
            server.setUnavailable(true)
            do { _ = try await ablage.ensureAkte(fall.akte) } catch { meldungen.append("\(error)") }
            server.setUnavailable(false)

            // The right password works and is not logged either.
            let richtig = try Self.adapter(
                server, credentials: .init(user: "sachbearbeitung", password: "Korrekt-Kennwort-99"),
                logger: sammler.logger())
            try await Self.ablegen(fall, richtig)
        }
        #expect(meldungen.count == 3)
        let texte =
            meldungen + sammler.alles + [
                falsch.description, String(reflecting: falsch), "\(ablage.configuration)",
            ]
        #expect(!sammler.alles.isEmpty)
        for text in texte {
            #expect(!text.contains(passwort), "Passwort in: \(text)")
            #expect(!text.contains("Korrekt-Kennwort-99"), "Passwort in: \(text)")
            #expect(!text.contains(basic), "Basic-Header in: \(text)")
            #expect(!text.contains("Authorization"), "Header in: \(text)")
        }
        // URLs with credentials in them are refused.
        let mitZugang = #expect(throws: EAkteFehler.self) {
            _ = try CMISAblage(configuration: .init(browserURL: "http://nutzer:\(passwort)@127.0.0.1:1/browser"))
        }
        #expect(mitZugang?.art == .dauerhaft)
        #expect(mitZugang?.meldung.contains(passwort) == false)
    }

    @Test("Unbekanntes Repository und mehrdeutige Konfiguration sind dauerhafte Fehler")
    func repositoryAuswahl() async throws {
        let server = try CMISTestServer()
        try await server.withRunning { server in
            let ablage = try Self.adapter(server) { $0.repositoryId = "gibt-es-nicht" }
            let fehler = await #expect(throws: EAkteFehler.self) {
                try await ablage.ensureAkte(EAkteTestFall.beispiel().akte)
            }
            #expect(fehler?.art == .dauerhaft)
            let richtig = try Self.adapter(server) { $0.repositoryId = "gewerbe" }
            _ = try await richtig.ensureAkte(EAkteTestFall.beispiel().akte)
        }
    }

    @Test("useSecondaryType = false nutzt die Beschreibung, auch wenn das Repository einen Sekundärtyp hat")
    func sekundaertypAbgeschaltet() async throws {
        let server = try CMISTestServer()
        try await server.withRunning { server in
            let ablage = try Self.adapter(server) { $0.useSecondaryType = false }
            let fall = EAkteTestFall.beispiel(nummer: 13)
            _ = try await Self.ablegen(fall, ablage)
            #expect(try await ablage.aktuellerMetadatenmodus() == .beschreibung)
            let dokument = await server.object(atPath: Self.vorgangPfad(fall) + "/" + fall.dokumente[0].name)
            #expect(dokument?.secondaryTypeIds == [])
            #expect(dokument?.description?.contains("SHA-256 \(fall.dokumente[0].sha256)") == true)
        }
    }
}

/// A miniature of the later acceptance test: many cases, filed concurrently with retries while
/// the CMIS peer goes down and uploads break off; in the end every document is there exactly
/// once with the right hash.
@Suite("CMIS-Ablage unter Last mit Ausfällen")
struct CMISAblageLastTests {
    @Test("200 Fälle, 8 gleichzeitig, Ausfall und abgebrochene Uploads: alles genau einmal, Hashes stimmen")
    func vieleFaelle() async throws {
        let server = try CMISTestServer()
        let ablage = try CMISAblageTests.adapter(server, timeout: .seconds(5))
        let faelle = (1...200).map {
            EAkteTestFall.beispiel(nummer: 1000 + $0, ags: $0 % 2 == 0 ? "06636001" : "06636002")
        }
        // Down at first (port closed); the workers keep retrying.
        let fertig = Counter()
        try await withThrowingTaskGroup(of: Void.self) { gruppe in
            gruppe.addTask {
                try await Task.sleep(for: .milliseconds(300))
                try await server.start()
                server.failNextUploads(5, mode: .answer500)
                server.failNextUploads(5, mode: .dropConnection)
                server.failNextUploads(5, mode: .storeTruncatedThen500)
                while await fertig.wert < 100 { try await Task.sleep(for: .milliseconds(10)) }
                server.setUnavailable(true)
                try await Task.sleep(for: .milliseconds(200))
                server.setUnavailable(false)
                await server.stop()
                try await Task.sleep(for: .milliseconds(200))
                try await server.start()
            }
            for arbeiter in 0..<8 {
                gruppe.addTask {
                    for fall in faelle.enumerated().filter({ $0.offset % 8 == arbeiter }).map(\.element) {
                        var versuche = 0
                        while true {
                            versuche += 1
                            do {
                                _ = try await CMISAblageTests.ablegen(fall, ablage)
                                break
                            } catch let fehler as EAkteFehler where fehler.art == .voruebergehend && versuche < 200 {
                                try await Task.sleep(for: .milliseconds(20))
                            }
                        }
                        await fertig.erhoehen()
                    }
                }
            }
            try await gruppe.waitForAll()
        }
        #expect(server.injectedUploadFailures == 15)
        let dokumente = await server.documents()
        #expect(dokumente.count == 600)
        for (pfad, anzahl) in await server.creates() { #expect(anzahl == 1, "\(pfad) \(anzahl)-mal") }
        for fall in faelle {
            for dokument in fall.dokumente {
                let pfad = CMISAblageTests.vorgangPfad(fall) + "/" + dokument.name
                let objekt = await server.object(atPath: pfad)
                #expect(objekt?.content.map(EAkteTestFall.sha256) == dokument.sha256, "\(pfad)")
            }
        }
        await server.stop()
    }
}

actor Counter {
    private(set) var wert = 0
    func erhoehen() { wert += 1 }
}
