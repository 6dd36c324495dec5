import Foundation
import GewerbeCMISTestServer
import GewerbeDomain
import GewerbeEAkte
import GewerbeTestSupport
import Logging
import Testing

/// The same contract for every implementation of the filing port: the in-memory twin behaves
/// like the CMIS, WebDAV and folder adapters.
@Suite("Vertrag des Ablage-Ports: Zwilling, CMIS, WebDAV, Ordner")
struct EAkteVertragTests {
    enum Art: String, CaseIterable, Sendable {
        case speicher, cmis, webdav, ordner
    }

    static let stumm = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Runs `body` with an implementation of the given kind (and its peer, if any).
    static func mit(_ art: Art, _ body: (any EAkteAblage) async throws -> Void) async throws {
        switch art {
        case .speicher:
            try await body(InMemoryEAkteAblage())
        case .cmis:
            let server = try CMISTestServer()
            try await server.withRunning { server in
                try await body(
                    CMISAblage(
                        configuration: .init(browserURL: server.serviceURL), httpClient: CMISAblageTests.client,
                        logger: stumm))
            }
        case .webdav:
            try await WebDAVAblageTests.mitWsgiDAV { dav in
                try await body(WebDAVAblageTests.adapter(dav))
            }
        case .ordner:
            let ordner = DateiAblageTests.temporaererOrdner()
            defer { try? FileManager.default.removeItem(at: ordner) }
            try await body(DateiAblage(configuration: .init(wurzel: ordner.path), logger: stumm))
        }
    }

    @Test("Ablegen, wiederholen, nachschlagen, Konflikt", arguments: Art.allCases)
    func vertrag(art: Art) async throws {
        try await Self.mit(art) { ablage in
            let fall = EAkteTestFall.beispiel(nummer: 31)
            let erster = try await CMISAblageTests.ablegen(fall, ablage)
            let zweiter = try await CMISAblageTests.ablegen(fall, ablage)
            #expect(erster.akte == zweiter.akte)
            #expect(erster.vorgang == zweiter.vorgang)
            #expect(erster.quittungen == zweiter.quittungen)
            #expect(erster.quittungen.map(\.sha256) == fall.dokumente.map(\.sha256))
            #expect(erster.quittungen.map(\.groesse) == fall.dokumente.map(\.inhalt.count))

            // A second Anzeige of the same Betrieb lands in the same Akte, another Vorgang.
            var zweiteAnzeige = EAkteTestFall.beispiel(nummer: 32, betriebId: fall.akte.betriebId)
            zweiteAnzeige.akte = fall.akte
            let dritter = try await CMISAblageTests.ablegen(zweiteAnzeige, ablage)
            #expect(dritter.akte == erster.akte)
            #expect(dritter.vorgang != erster.vorgang)

            for (dokument, quittung) in zip(fall.dokumente, erster.quittungen) {
                let gefunden = try await ablage.lookupDokument(
                    name: dokument.name, vorgang: fall.vorgang, akte: fall.akte)
                #expect(gefunden == quittung)
            }
            #expect(
                try await ablage.lookupDokument(name: "nicht-da.pdf", vorgang: fall.vorgang, akte: fall.akte) == nil)

            var anderes = fall.dokumente[0]
            anderes.inhalt = Data("anderer Inhalt".utf8)
            anderes.sha256 = EAkteTestFall.sha256(anderes.inhalt)
            let fehler = await #expect(throws: EAkteFehler.self) {
                try await ablage.fileDokument(anderes, inVorgang: erster.vorgang)
            }
            #expect(fehler?.art == .dauerhaft)

            try await ablage.markVorgangErledigt(erster.vorgang, metadaten: fall.vorgang)
            try await ablage.markVorgangErledigt(erster.vorgang, metadaten: fall.vorgang)
        }
    }

    @Test("Zwilling: Ausfall und eingespeiste Fehler")
    func zwillingSteuerung() async throws {
        let ablage = InMemoryEAkteAblage()
        let fall = EAkteTestFall.beispiel()
        await ablage.setDown(true)
        let aus = await #expect(throws: EAkteFehler.self) { try await ablage.ensureAkte(fall.akte) }
        #expect(aus?.art == .voruebergehend)
        await ablage.setDown(false)
        await ablage.failNextCalls(1, art: .dauerhaft)
        let eingespeist = await #expect(throws: EAkteFehler.self) { try await ablage.ensureAkte(fall.akte) }
        #expect(eingespeist?.art == .dauerhaft)
        _ = try await CMISAblageTests.ablegen(fall, ablage)
        _ = try await CMISAblageTests.ablegen(fall, ablage)
        #expect(await ablage.gespeicherteDokumente == 3)
        #expect(await ablage.fileDokumentCalls == 6)
        #expect(await ablage.alleDokumente.count == 3)
    }

    @Test("Mandanten: jede Gemeinde in ihre eAkte, unbekannte Gemeinde dauerhaft")
    func mandanten() async throws {
        let server = try CMISTestServer()
        try await server.withRunning { server in
            try await WebDAVAblageTests.mitWsgiDAV { dav in
                let ablage = try EAkteMandantenAblage(
                    anbindungen: [
                        "06636001": .cmis(.init(browserURL: server.serviceURL)),
                        "06636002": .webdav(.init(baseURL: dav.baseURL + "eakte/")),
                    ], httpClient: CMISAblageTests.client, logger: Self.stumm)
                let eins = EAkteTestFall.beispiel(nummer: 1, ags: "06636001")
                let zwei = EAkteTestFall.beispiel(nummer: 2, ags: "06636002")
                _ = try await CMISAblageTests.ablegen(eins, ablage)
                let ergebnis = try await CMISAblageTests.ablegen(zwei, ablage)
                try await ablage.markVorgangErledigt(ergebnis.vorgang, metadaten: zwei.vorgang)
                #expect(await server.documents().count == 3)
                #expect(dav.allFiles().filter { !$0.hasSuffix(".metadata.json") }.count == 3)
                #expect(dav.allFiles().allSatisfy { $0.hasPrefix("eakte/06636002/") })

                let fremd = EAkteTestFall.beispiel(nummer: 3, ags: "06636099")
                let fehler = await #expect(throws: EAkteFehler.self) { try await ablage.ensureAkte(fremd.akte) }
                #expect(fehler?.art == .dauerhaft)
            }
        }
    }
}
