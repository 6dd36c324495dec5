import Foundation
import GewerbeCMISTestServer
import GewerbeTestSupport
import Testing

/// Proves the CMIS test server faithful with an independent client: Apache Chemistry cmislib
/// 0.7.0 (Python, browser binding) creates, reads and queries against it.
@Suite("CMIS-Testserver gegen cmislib")
struct CMISTestServerCmislibTests {
    static var skript: URL {
        TestPeers.repositoryRoot.appendingPathComponent("Tests/Peers/cmislib_check.py")
    }

    @Test("cmislib: Repository-Info, Ordner und Dokument anlegen, Inhalt lesen, Abfragen")
    func cmislibRundgang() async throws {
        let server = try CMISTestServer(
            .init(credentials: .init(user: "cmislib", password: "geheim-123")))
        try await server.withRunning { server in
            let python = try TestPeers.venvExecutable("python")
            let result = try await TestPeers.run(
                python, [Self.skript.path, server.serviceURL, "cmislib", "geheim-123"])
            #expect(result.status == 0, "cmislib-Prüfung fehlgeschlagen:\n\(result.stderr)\n\(result.stdoutText)")
            let bericht = try #require(
                try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any],
                "keine JSON-Ausgabe: \(result.stdoutText) \(result.stderr)")
            #expect(bericht["repositoryId"] as? String == "gewerbe")
            #expect(bericht["capabilityQuery"] as? String == "metadataonly")
            #expect(bericht["duplicateRejected"] as? Bool == true)
            #expect(bericht["notFound"] as? Bool == true)
            #expect(bericht["queryHits"] as? Int == 2)

            // What cmislib did is in the repository.
            let ordner = try #require(await server.object(atPath: "/cmislib-Prüfung"))
            #expect(ordner.isFolder)
            #expect(ordner.id == bericht["folderId"] as? String)
            let dokument = try #require(await server.object(atPath: "/cmislib-Prüfung/Bescheinigung.txt"))
            #expect(dokument.id == bericht["documentId"] as? String)
            #expect(dokument.content == Data("Empfangsbescheinigung für Müller – § 15 GewO\n".utf8))
            #expect(dokument.mimeType == "text/plain")
            #expect(dokument.secondaryTypeIds == ["gewerbe:metadaten"])
            #expect(dokument.property("gewerbe:aktenzeichen") == "06636001-2026-000001")
            #expect(dokument.property("gewerbe:ags") == "06636001")
            #expect(dokument.description == "geprüft")
            #expect(await server.createCount(path: "/cmislib-Prüfung") == 1)
            #expect(await server.createAttemptCount(path: "/cmislib-Prüfung") == 2)
            #expect(await server.createCount(path: "/cmislib-Prüfung/Bescheinigung.txt") == 1)
        }
    }

    @Test("cmislib ohne gültige Anmeldung scheitert mit permissionDenied")
    func cmislibOhneAnmeldung() async throws {
        let server = try CMISTestServer(.init(credentials: .init(user: "cmislib", password: "richtig")))
        try await server.withRunning { server in
            let python = try TestPeers.venvExecutable("python")
            let result = try await TestPeers.run(python, [Self.skript.path, server.serviceURL, "cmislib", "falsch"])
            #expect(result.status != 0)
            #expect(result.stderr.contains("PermissionDeniedException"))
            #expect(await server.objects().count == 1)  // only the root folder
        }
    }
}
