import AsyncHTTPClient
import Foundation
import GewerbeDomain
import GewerbeEAkte
import GewerbeTestSupport
import Logging
import NIOCore
import Testing

/// The WebDAV adapter against a real WsgiDAV 4.4 server started by the tests.
@Suite("WebDAV-Ablage gegen WsgiDAV")
struct WebDAVAblageTests {
    static let client = EAkteHTTPClient.make(connectTimeout: .seconds(2), retryConnectionEstablishment: false)

    static func adapter(
        _ dav: WsgiDAVServer, credentials: HTTPCredentials? = nil, logger: Logger? = nil,
        configure: (inout WebDAVAblageConfiguration) -> Void = { _ in }
    ) throws -> WebDAVAblage {
        var configuration = WebDAVAblageConfiguration(
            baseURL: dav.baseURL + "eakte/", credentials: credentials, requestTimeout: .seconds(10))
        configure(&configuration)
        return try WebDAVAblage(
            configuration: configuration, httpClient: client,
            logger: logger ?? Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    /// Runs `body` with a fresh WsgiDAV and removes its folder afterwards.
    static func mitWsgiDAV(
        _ configuration: WsgiDAVServer.Configuration = .init(), _ body: (WsgiDAVServer) async throws -> Void
    ) async throws {
        let dav = try WsgiDAVServer(configuration)
        do {
            try await dav.withRunning(body)
        } catch {
            Issue.record("WsgiDAV-Log:\n\(dav.log.suffix(3000))")
            await dav.remove()
            throw error
        }
        await dav.remove()
    }

    static func vorgangOrdner(_ fall: EAkteTestFall) -> String {
        "eakte/\(fall.akte.gemeindeschluessel)/\(AblageNamen.akte(betriebId: fall.akte.betriebId))/"
            + fall.vorgang.aktenzeichen
    }

    /// An independent PROPFIND (raw HTTP, string matching instead of the adapter's parser).
    static func propfindRoh(_ dav: WsgiDAVServer, _ pfad: String, auth: String? = nil) async throws -> (Int, String) {
        var request = HTTPClientRequest(url: dav.baseURL + pfad)
        request.method = .RAW(value: "PROPFIND")
        request.headers.add(name: "Depth", value: "0")
        if let auth { request.headers.add(name: "Authorization", value: auth) }
        let response = try await client.execute(request, timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: body))
    }

    /// Whether an allprop PROPFIND answer carries `<…name …>wert</…name>` in our namespace.
    static func hatEigenschaft(_ xml: String, _ name: String, _ wert: String) -> Bool {
        let muster = #"<([A-Za-z0-9]+:)?\#(name)( [^>]*)?>\#(NSRegularExpression.escapedPattern(for: wert))</"#
        guard let regex = try? NSRegularExpression(pattern: muster) else { return false }
        guard regex.firstMatch(in: xml, range: NSRange(xml.startIndex..., in: xml)) != nil else { return false }
        return xml.contains("urn:gewerbe:metadaten")
    }

    static func sidecar(_ dav: WsgiDAVServer, _ pfad: String) throws -> [String: String] {
        let data = try #require(dav.file(pfad), "Sidecar \(pfad) fehlt")
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
    }

    @Test("Ganzer Ablauf: Sammlungen, Dokumente, Eigenschaften per PROPFIND lesbar, Sidecars, erledigt")
    func ganzerAblauf() async throws {
        try await Self.mitWsgiDAV { dav in
            let ablage = try Self.adapter(dav)
            let fall = EAkteTestFall.beispiel()
            let (akte, vorgang, quittungen) = try await CMISAblageTests.ablegen(fall, ablage)
            let ordner = Self.vorgangOrdner(fall)
            #expect(akte.rawValue == "/eakte/06636001/\(AblageNamen.akte(betriebId: fall.akte.betriebId))/")
            #expect(vorgang.rawValue == "/\(ordner)/")
            #expect(dav.isFolder(ordner))

            for (dokument, quittung) in zip(fall.dokumente, quittungen) {
                #expect(dav.file("\(ordner)/\(dokument.name)") == dokument.inhalt)
                #expect(quittung.sha256 == dokument.sha256)
                #expect(quittung.groesse == dokument.inhalt.count)
                #expect(quittung.objektId.rawValue == "/\(ordner)/\(dokument.name)")
                let (status, xml) = try await Self.propfindRoh(dav, "\(ordner)/\(dokument.name)")
                #expect(status == 207)
                #expect(Self.hatEigenschaft(xml, "sha256", dokument.sha256), "\(xml)")
                #expect(Self.hatEigenschaft(xml, "aktenzeichen", fall.vorgang.aktenzeichen))
                #expect(Self.hatEigenschaft(xml, "dokumentart", dokument.dokumentart))
                let sidecar = try Self.sidecar(dav, "\(ordner)/\(dokument.name).metadata.json")
                #expect(sidecar["sha256"] == dokument.sha256)
                #expect(sidecar["art"] == "dokument")
                #expect(sidecar["eingangsdatum"] == "2026-01-15")
            }
            let (_, vorgangXML) = try await Self.propfindRoh(dav, ordner + "/")
            #expect(Self.hatEigenschaft(vorgangXML, "anzeigeId", fall.vorgang.anzeigeId.lowercased))
            #expect(Self.hatEigenschaft(vorgangXML, "titel", fall.vorgang.titel))
            #expect(Self.hatEigenschaft(vorgangXML, "status", "offen"))
            let akteSidecar = try Self.sidecar(
                dav, "eakte/06636001/\(AblageNamen.akte(betriebId: fall.akte.betriebId)).metadata.json")
            #expect(akteSidecar["titel"] == fall.akte.titel)
            #expect(akteSidecar["betriebId"] == fall.akte.betriebId.lowercased)
            #expect(!dav.allFiles().contains { $0.contains(".upload-") })

            try await ablage.markVorgangErledigt(vorgang, metadaten: fall.vorgang)
            let (_, erledigtXML) = try await Self.propfindRoh(dav, ordner + "/")
            #expect(Self.hatEigenschaft(erledigtXML, "status", "erledigt"))
            #expect(try Self.sidecar(dav, ordner + ".metadata.json")["status"] == "erledigt")

            let gefunden = try await ablage.lookupDokument(
                name: fall.dokumente[2].name, vorgang: fall.vorgang, akte: fall.akte)
            #expect(gefunden == quittungen[2])
            #expect(try await ablage.lookupDokument(name: "fehlt.pdf", vorgang: fall.vorgang, akte: fall.akte) == nil)
        }
    }

    @Test("Wiederholung mit frischem Adapter ändert nichts: gleiche IDs, keine neuen oder geänderten Dateien")
    func idempotent() async throws {
        try await Self.mitWsgiDAV { dav in
            let fall = EAkteTestFall.beispiel(nummer: 2)
            let erster = try await CMISAblageTests.ablegen(fall, try Self.adapter(dav))
            try await Self.adapter(dav).markVorgangErledigt(erster.vorgang, metadaten: fall.vorgang)
            func zustand() throws -> [String: Date] {
                var result: [String: Date] = [:]
                for datei in dav.allFiles() {
                    let attribute = try FileManager.default.attributesOfItem(
                        atPath: dav.share.appendingPathComponent(datei).path)
                    result[datei] = attribute[.modificationDate] as? Date
                }
                return result
            }
            let vorher = try zustand()
            try await Task.sleep(for: .milliseconds(20))
            let zweiter = try await CMISAblageTests.ablegen(fall, try Self.adapter(dav))
            #expect(zweiter.akte == erster.akte)
            #expect(zweiter.vorgang == erster.vorgang)
            #expect(zweiter.quittungen == erster.quittungen)
            #expect(try zustand() == vorher)
            // The Vorgang stays "erledigt" (a repeated ensureVorgang does not reset it).
            let (_, xml) = try await Self.propfindRoh(dav, Self.vorgangOrdner(fall) + "/")
            #expect(Self.hatEigenschaft(xml, "status", "erledigt"))
            #expect(vorher.count == 3 + 3 + 2)  // documents, their sidecars, sidecars of Akte and Vorgang
        }
    }

    @Test("Ein anderes Dokument unter gleichem Namen ist dauerhaft und überschreibt nichts")
    func anderesDokument() async throws {
        try await Self.mitWsgiDAV { dav in
            let ablage = try Self.adapter(dav)
            let fall = EAkteTestFall.beispiel(nummer: 3)
            let (_, vorgang, _) = try await CMISAblageTests.ablegen(fall, ablage)
            var anderes = fall.dokumente[1]
            anderes.inhalt = Data("anders".utf8)
            anderes.sha256 = EAkteTestFall.sha256(anderes.inhalt)
            let fehler = await #expect(throws: EAkteFehler.self) {
                try await ablage.fileDokument(anderes, inVorgang: vorgang)
            }
            #expect(fehler?.art == .dauerhaft)
            #expect(dav.file("\(Self.vorgangOrdner(fall))/\(anderes.name)") == fall.dokumente[1].inhalt)
        }
    }

    @Test("Eine fremde Datei ohne Metadaten unter unserem Namen wird nicht überschrieben")
    func fremdeDatei() async throws {
        try await Self.mitWsgiDAV { dav in
            let ablage = try Self.adapter(dav)
            let fall = EAkteTestFall.beispiel(nummer: 4)
            let akte = try await ablage.ensureAkte(fall.akte)
            let vorgang = try await ablage.ensureVorgang(fall.vorgang, inAkte: akte)
            let pfad = dav.share.appendingPathComponent("\(Self.vorgangOrdner(fall))/\(fall.dokumente[0].name)")
            try Data("von Hand abgelegt".utf8).write(to: pfad)
            let fehler = await #expect(throws: EAkteFehler.self) {
                try await ablage.fileDokument(fall.dokumente[0], inVorgang: vorgang)
            }
            #expect(fehler?.art == .dauerhaft)
            #expect(try Data(contentsOf: pfad) == Data("von Hand abgelegt".utf8))
        }
    }

    @Test("Abgebrochener Upload (Rest einer temporären Datei) und abgeschnittener Inhalt werden vervollständigt")
    func abgebrochenerUpload() async throws {
        try await Self.mitWsgiDAV { dav in
            let ablage = try Self.adapter(dav)
            let fall = EAkteTestFall.beispiel(nummer: 5)
            let akte = try await ablage.ensureAkte(fall.akte)
            let vorgang = try await ablage.ensureVorgang(fall.vorgang, inAkte: akte)
            let ordner = Self.vorgangOrdner(fall)
            let dokument = fall.dokumente[0]

            // 1. A temporary file left by an upload that broke off halfway.
            let rest = dav.share.appendingPathComponent(
                "\(ordner)/.upload-\(dokument.sha256.prefix(16))-\(dokument.name)")
            try dokument.inhalt.prefix(dokument.inhalt.count / 2).write(to: rest)
            let quittung = try await ablage.fileDokument(dokument, inVorgang: vorgang)
            #expect(quittung.sha256 == dokument.sha256)
            #expect(dav.file("\(ordner)/\(dokument.name)") == dokument.inhalt)
            #expect(!FileManager.default.fileExists(atPath: rest.path))

            // 2. The stored content cut short behind our back (metadata still say it is ours).
            let ziel = dav.share.appendingPathComponent("\(ordner)/\(dokument.name)")
            try dokument.inhalt.prefix(100).write(to: ziel)
            let repariert = try await ablage.fileDokument(dokument, inVorgang: vorgang)
            #expect(repariert.sha256 == dokument.sha256)
            #expect(repariert.groesse == dokument.inhalt.count)
            #expect(dav.file("\(ordner)/\(dokument.name)") == dokument.inhalt)
            let (_, xml) = try await Self.propfindRoh(dav, "\(ordner)/\(dokument.name)")
            #expect(Self.hatEigenschaft(xml, "sha256", dokument.sha256))
            #expect(!dav.allFiles().contains { $0.contains(".upload-") })
        }
    }

    @Test("Server gestoppt: vorübergehend; nach dem Neustart wird fertig abgelegt, Eigenschaften bleiben erhalten")
    func serverWegUndWieder() async throws {
        try await Self.mitWsgiDAV { dav in
            let ablage = try Self.adapter(dav)
            let fall = EAkteTestFall.beispiel(nummer: 6)
            let akte = try await ablage.ensureAkte(fall.akte)
            let vorgang = try await ablage.ensureVorgang(fall.vorgang, inAkte: akte)
            _ = try await ablage.fileDokument(fall.dokumente[0], inVorgang: vorgang)
            await dav.simulateCrash()
            #expect(!TestPeers.canConnect(port: dav.port))
            let fehler = await #expect(throws: EAkteFehler.self) {
                try await ablage.fileDokument(fall.dokumente[1], inVorgang: vorgang)
            }
            #expect(fehler?.art == .voruebergehend)
            try await dav.start()
            let quittungen = try await CMISAblageTests.ablegen(fall, ablage).quittungen
            #expect(quittungen.map(\.sha256) == fall.dokumente.map(\.sha256))
            let (_, xml) = try await Self.propfindRoh(dav, "\(Self.vorgangOrdner(fall))/\(fall.dokumente[0].name)")
            #expect(Self.hatEigenschaft(xml, "sha256", fall.dokumente[0].sha256))
            #expect(!dav.allFiles().contains { $0.contains(".upload-") })
        }
    }

    @Test("Basic-Auth: richtige Zugangsdaten gehen, falsche sind dauerhaft; das Passwort erscheint nirgends")
    func basicAuth() async throws {
        let passwort = "WebDAV-Geheimnis-0815"
        try await Self.mitWsgiDAV(.init(credentials: ("gewerbe", passwort))) { dav in
            let sammler = LogSammler()
            let fall = EAkteTestFall.beispiel(nummer: 7)
            let falsch = try Self.adapter(
                dav, credentials: .init(user: "gewerbe", password: "falsch-\(passwort)"), logger: sammler.logger())
            let fehler = await #expect(throws: EAkteFehler.self) { try await falsch.ensureAkte(fall.akte) }
            #expect(fehler?.art == .dauerhaft)
            let richtig = try Self.adapter(
                dav, credentials: .init(user: "gewerbe", password: passwort), logger: sammler.logger())
            _ = try await CMISAblageTests.ablegen(fall, richtig)
            #expect(dav.file("\(Self.vorgangOrdner(fall))/\(fall.dokumente[0].name)") == fall.dokumente[0].inhalt)
            let anonym = try await Self.propfindRoh(dav, "eakte/")
            #expect(anonym.0 == 401)
            for text in sammler.alles + [String(describing: fehler), "\(richtig.configuration)"] {
                #expect(!text.contains(passwort), "Passwort in: \(text)")
                #expect(!text.contains("Authorization"), "Header in: \(text)")
            }
        }
    }

    @Test("Nur Sidecars (ohne PROPPATCH) oder nur Eigenschaften (ohne Sidecar)")
    func varianten() async throws {
        try await Self.mitWsgiDAV { dav in
            let fall = EAkteTestFall.beispiel(nummer: 8)
            let nurSidecar = try Self.adapter(dav) { $0.writeProperties = false }
            let ergebnis = try await CMISAblageTests.ablegen(fall, nurSidecar)
            let ordner = Self.vorgangOrdner(fall)
            let (_, xml) = try await Self.propfindRoh(dav, "\(ordner)/\(fall.dokumente[0].name)")
            #expect(!Self.hatEigenschaft(xml, "sha256", fall.dokumente[0].sha256))
            #expect(
                try Self.sidecar(dav, "\(ordner)/\(fall.dokumente[0].name).metadata.json")["sha256"]
                    == fall.dokumente[0].sha256)
            // Without a stored hash, a second run recognises the document by its content.
            #expect(try await CMISAblageTests.ablegen(fall, nurSidecar).quittungen == ergebnis.quittungen)

            let zweiterFall = EAkteTestFall.beispiel(nummer: 9)
            let nurEigenschaften = try Self.adapter(dav) { $0.writeSidecar = false }
            _ = try await CMISAblageTests.ablegen(zweiterFall, nurEigenschaften)
            let zweiterOrdner = Self.vorgangOrdner(zweiterFall)
            #expect(dav.file("\(zweiterOrdner)/\(zweiterFall.dokumente[0].name).metadata.json") == nil)
            let (_, xml2) = try await Self.propfindRoh(dav, "\(zweiterOrdner)/\(zweiterFall.dokumente[0].name)")
            #expect(Self.hatEigenschaft(xml2, "sha256", zweiterFall.dokumente[0].sha256))
        }
    }
}
