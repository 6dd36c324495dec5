import Foundation
import GewerbeCMISTestServer
import GewerbeDomain
import GewerbeEAkte
import GewerbePostgres
import GewerbeTestSupport
import Testing

/// End to end with the real `gewerbe serve` binary: a throwaway database (DATABASE_URL), real
/// HTTP, and a real protocol peer as eAkte (the CMIS browser-binding test server).
@Suite("Ende zu Ende: gewerbe serve als eigener Prozess", .serialized)
struct EndeZuEndeTests {
    /// A test database with the eleven municipalities and a clerk token for all of them.
    struct Umgebung {
        let url: String
        let name: String
        let token: String
        let ordner: URL

        /// Runs `body` with a new environment and removes it afterwards.
        static func mit(_ body: (Umgebung) async throws -> Void) async throws {
            let umgebung = try await anlegen()
            do {
                try await body(umgebung)
            } catch {
                await umgebung.aufraeumen()
                throw error
            }
            await umgebung.aufraeumen()
        }

        static func anlegen() async throws -> Umgebung {
            let name = "e2e_" + TestPostgres.randomSuffix()
            try await TestPostgres.createDatabase(name, template: TestPostgres.templateName)
            let konfiguration = try await TestPostgres.serverConfiguration().with(database: name)
            let token = try await TestPostgres.withRunningDatabase(konfiguration) { database in
                _ = try await KommunenStore(database: database).upsert(
                    Beispielanzeigen.kommunen.map { KommuneStammdaten(ags: $0.ags, name: $0.name, art: "Gemeinde") },
                    actor: .system)
                return try await TokenStore(database: database).create(
                    label: "E2E Sachbearbeitung", role: .sachbearbeitung,
                    kommunen: Beispielanzeigen.kommunen.map(\.ags), actor: .system
                ).secret
            }
            let ordner = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-\(name)")
            try FileManager.default.createDirectory(at: ordner, withIntermediateDirectories: true)
            return Umgebung(url: konfiguration.url, name: name, token: token, ordner: ordner)
        }

        /// Writes an eAkte configuration and returns its path.
        func eakteKonfiguration(_ json: String) throws -> String {
            let pfad = ordner.appendingPathComponent("eakte.json")
            try Data(json.utf8).write(to: pfad)
            return pfad.path
        }

        func mitDatenbank<R: Sendable>(_ body: @Sendable (Database) async throws -> R) async throws -> R {
            let konfiguration = try DatabaseConfiguration(url: url)
            return try await TestPostgres.withRunningDatabase(konfiguration, body)
        }

        func aufraeumen() async {
            try? await TestPostgres.dropDatabase(name)
            try? FileManager.default.removeItem(at: ordner)
        }
    }

    /// A valid Anmeldung received today, distinct per `nummer`, in one of the municipalities.
    static func anmeldung(_ nummer: Int) -> Data {
        let kommune = Beispielanzeigen.kommunen[nummer % Beispielanzeigen.kommunen.count]
        let heute = Datum(Date())
        let anzeige = Testanzeigen.anmeldung(
            gemeinde: kommune.ags, eingang: heute, familienname: "Prüfmann\(nummer)",
            geschaeft: "Schneiderei Nr. \(nummer)", strasse: "Teststraße", hausnummer: "\(nummer)",
            plz: "37213", ort: kommune.name)
        return anzeige.json()
    }

    static func einreichen(_ server: GewerbeServerProzess, token: String, nummern: Range<Int>) async throws -> [String]
    {
        try await withThrowingTaskGroup(of: (Int, String).self) { gruppe in
            var ergebnis: [Int: String] = [:]
            var naechste = nummern.lowerBound
            func starte() {
                guard naechste < nummern.upperBound else { return }
                let nummer = naechste
                naechste += 1
                gruppe.addTask {
                    let antwort = try await HTTPTestClient.post(
                        server.basisURL.appendingPathComponent("v1/anzeigen"), token: token, body: anmeldung(nummer))
                    guard antwort.status == 201, let id = antwort.json?["id"] as? String else {
                        throw TestPeers.Failure("Anzeige \(nummer): \(antwort.status) \(antwort.text)")
                    }
                    return (nummer, id)
                }
            }
            for _ in 0..<8 { starte() }
            while let (nummer, id) = try await gruppe.next() {
                ergebnis[nummer] = id
                starte()
            }
            return nummern.map { ergebnis[$0]! }
        }
    }

    /// Filing state per case, from the database.
    static func ablagestaende(_ umgebung: Umgebung) async throws -> [String: Int] {
        try await umgebung.mitDatenbank { database in
            try await database.withConnection { connection in
                var zaehler: [String: Int] = [:]
                for try await (stand, anzahl) in try await connection.query(
                    "SELECT ablage, count(*)::integer FROM faelle GROUP BY ablage", logger: TestPostgres.logger
                ).decode((String, Int).self) {
                    zaehler[stand] = anzahl
                }
                return zaehler
            }
        }
    }

    /// The recorded SHA-256 of every filed document, by CMIS path suffix (`<Aktenzeichen>/<Name>`).
    static func erfassteHashes(_ umgebung: Umgebung) async throws -> [String: String] {
        try await umgebung.mitDatenbank { database in
            try await database.withConnection { connection in
                var hashes: [String: String] = [:]
                for try await (aktenzeichen, name, sha) in try await connection.query(
                    """
                    SELECT f.aktenzeichen, d.name, d.sha256::text FROM ablage_dokumente d
                    JOIN ablageauftraege a ON a.ags = d.ags AND a.id = d.auftrag_id
                    JOIN faelle f ON f.ags = a.ags AND f.id = a.fall_id
                    """, logger: TestPostgres.logger
                ).decode((String, String, String).self) {
                    hashes["\(aktenzeichen)/\(name)"] = sha
                }
                return hashes
            }
        }
    }

    static func warte(bis zeitlimit: Duration, _ bedingung: () async throws -> Bool) async throws -> Bool {
        let ende = ContinuousClock.now + zeitlimit
        while ContinuousClock.now < ende {
            if try await bedingung() { return true }
            try await Task.sleep(for: .milliseconds(250))
        }
        return try await bedingung()
    }

    static func cmisKonfiguration(_ cmis: CMISTestServer, sperrSekunden: Int = 300) -> String {
        """
        { "standard": { "art": "cmis", "url": "\(cmis.serviceURL)", "repository": "gewerbe", "wurzel": "/Gewerbe",
                        "zeitlimitSekunden": 5 },
          "worker": { "parallel": 4, "abfrageSekunden": 1, "sperrSekunden": \(sperrSekunden),
                      "wartezeitBasisMillisekunden": 200, "wartezeitMaxSekunden": 2 } }
        """
    }

    @Test("Die README-Anmeldung ergibt 201; nach einem Neustart ist der Fall noch da")
    func neustartBehaeltDaten() async throws {
        try await Umgebung.mit { umgebung in
            let eakte = try umgebung.eakteKonfiguration(
                #"{ "standard": { "art": "ordner", "wurzel": "\#(umgebung.ordner.appendingPathComponent("eakte").path)" } }"#
            )
            let env = ["DATABASE_URL": umgebung.url, "GEWERBE_EAKTE_CONFIG": eakte]
            var server = try await GewerbeServerProzess(umgebung: env)
            let beispiel = try Data(
                contentsOf: TestPeers.repositoryRoot.appendingPathComponent(
                    "docs/examples/anmeldung-einzelunternehmen.json"))
            let antwort = try await HTTPTestClient.post(
                server.basisURL.appendingPathComponent("v1/anzeigen"), token: umgebung.token, body: beispiel)
            #expect(antwort.status == 201, "\(antwort.text)")
            let aktenzeichen = try #require(antwort.json?["aktenzeichen"] as? String)
            let ort = try #require(antwort.kopf["location"])
            #expect(ort.hasPrefix("/v1/anzeigen/"))
            #expect(await server.beenden() == 0, "geordnet beendet\n\(server.logText)")

            server = try await GewerbeServerProzess(umgebung: env)
            let gelesen = try await HTTPTestClient.get(
                server.basisURL.appendingPathComponent(String(ort.dropFirst())), token: umgebung.token)
            #expect(gelesen.status == 200)
            #expect(gelesen.json?["aktenzeichen"] as? String == aktenzeichen)
            let bereit = try await HTTPTestClient.get(server.basisURL.appendingPathComponent("ready"))
            #expect(bereit.status == 200)
            #expect(await server.beenden() == 0)
        }
    }

    @Test(
        "200 Anzeigen bei ausgefallener eAkte, dann startet die eAkte: alle Vorgänge mit allen Dokumenten genau einmal, Hashes stimmen"
    )
    func ausfallDannAbarbeiten() async throws {
        try await Umgebung.mit { umgebung in
            let cmis = try CMISTestServer()  // not started: the eAkte is down (port closed)
            let env = [
                "DATABASE_URL": umgebung.url,
                "GEWERBE_EAKTE_CONFIG": try umgebung.eakteKonfiguration(Self.cmisKonfiguration(cmis)),
            ]
            let server = try await GewerbeServerProzess(umgebung: env)
            let ids = try await Self.einreichen(server, token: umgebung.token, nummern: 0..<200)
            #expect(Set(ids).count == 200)
            try await Task.sleep(for: .seconds(2))
            #expect(try await Self.ablagestaende(umgebung)["abgelegt", default: 0] == 0, "eAkte ist aus")

            try await cmis.start()
            let fertig = try await Self.warte(bis: .seconds(240)) {
                try await Self.ablagestaende(umgebung)["abgelegt", default: 0] == 200
            }
            let staende = try await Self.ablagestaende(umgebung)
            #expect(fertig, "alle 200 abgelegt: \(staende)\n\(server.logText.suffix(2000))")

            let dokumente = await cmis.documents()
            #expect(dokumente.count == 400, "je Anzeige PDF und JSON")
            let vorgaenge = Set(dokumente.map { URL(fileURLWithPath: $0.path).deletingLastPathComponent().path })
            #expect(vorgaenge.count == 200)
            let creates = await cmis.creates()
            #expect(creates.values.allSatisfy { $0 == 1 }, "kein Objekt doppelt angelegt")
            let erfasst = try await Self.erfassteHashes(umgebung)
            #expect(erfasst.count == 400)
            for dokument in dokumente {
                let teile = dokument.path.split(separator: "/").suffix(2).joined(separator: "/")
                let inhalt = try #require(dokument.content)
                #expect(erfasst[teile] == AblageDokument.sha256Hex(inhalt), "Hash von \(teile)")
            }
            #expect(await server.beenden() == 0)
            await cmis.stop()
        }
    }

    @Test("kill -9 des Servers mitten in der Ablage, Neustart: kein Fall verloren, nichts doppelt abgelegt")
    func killMittenInDerAblage() async throws {
        try await Umgebung.mit { umgebung in
            let cmis = try CMISTestServer()
            try await cmis.start()
            cmis.setLatency(.milliseconds(150))
            let env = [
                "DATABASE_URL": umgebung.url,
                "GEWERBE_EAKTE_CONFIG": try umgebung.eakteKonfiguration(Self.cmisKonfiguration(cmis, sperrSekunden: 3)),
            ]
            var server = try await GewerbeServerProzess(umgebung: env)
            let ids = try await Self.einreichen(server, token: umgebung.token, nummern: 0..<40)
            #expect(Set(ids).count == 40)
            let angefangen = try await Self.warte(bis: .seconds(60)) { await cmis.documents().count >= 10 }
            #expect(angefangen)
            server.kill9()
            let vorDemNeustart = await cmis.documents().count
            #expect(vorDemNeustart < 80, "mitten in der Ablage abgebrochen (\(vorDemNeustart) von 80 Dokumenten)")

            cmis.setLatency(.zero)
            server = try await GewerbeServerProzess(umgebung: env)
            let fertig = try await Self.warte(bis: .seconds(120)) {
                try await Self.ablagestaende(umgebung)["abgelegt", default: 0] == 40
            }
            let staende = try await Self.ablagestaende(umgebung)
            #expect(fertig, "\(staende)\n\(server.logText.suffix(2000))")
            // No case lost: all 40 accepted cases are there, with gap-free Aktenzeichen per municipality.
            for id in ids {
                let fall = try await HTTPTestClient.get(
                    server.basisURL.appendingPathComponent("v1/anzeigen/\(id)"), token: umgebung.token)
                #expect(fall.status == 200)
            }
            #expect(await cmis.documents().count == 80)
            #expect(await cmis.creates().values.allSatisfy { $0 == 1 }, "nichts doppelt angelegt")
            #expect(await server.beenden() == 0)
            await cmis.stop()
        }
    }
}
