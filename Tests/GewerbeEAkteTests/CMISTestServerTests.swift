import AsyncHTTPClient
import Foundation
import GewerbeCMISTestServer
import GewerbeEAkte
import GewerbeTestSupport
import NIOCore
import Testing

/// The browser-binding details and test controls of the CMIS test server, at the HTTP level.
@Suite("CMIS-Testserver: Protokoll und Steuerung")
struct CMISTestServerTests {
    static let client = EAkteHTTPClient.make(connectTimeout: .seconds(2), retryConnectionEstablishment: false)

    struct Antwort {
        var status: Int
        var contentType: String?
        var body: Data
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    }

    static func get(_ url: String) async throws -> Antwort {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 1 << 24)
        return Antwort(
            status: Int(response.status.code), contentType: response.headers.first(name: "content-type"),
            body: Data(body.readableBytesView))
    }

    static func post(_ url: String, _ felder: [(String, String)]) async throws -> Antwort {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        let body = felder.map { "\(enc($0.0))=\(enc($0.1))" }.joined(separator: "&")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await client.execute(request, timeout: .seconds(5))
        let data = try await response.body.collect(upTo: 1 << 24)
        return Antwort(
            status: Int(response.status.code), contentType: response.headers.first(name: "content-type"),
            body: Data(data.readableBytesView))
    }

    static func enc(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    static func ordner(_ server: CMISTestServer, _ name: String, in elternPfad: String = "") async throws -> Antwort {
        try await post(
            server.rootFolderURL + elternPfad,
            [
                ("cmisaction", "createFolder"), ("propertyId[0]", "cmis:name"), ("propertyValue[0]", name),
                ("propertyId[1]", "cmis:objectTypeId"), ("propertyValue[1]", "cmis:folder"), ("succinct", "true"),
            ])
    }

    @Test("Service-Dokument, Objekt per Pfad (vollständig und succinct), Kinder, Eltern, Typen")
    func lesen() async throws {
        let server = try CMISTestServer()
        try await server.withRunning { server in
            let service = try await Self.get(server.serviceURL)
            #expect(service.status == 200)
            #expect(service.contentType?.hasPrefix("application/json") == true)
            let info = try #require(service.json["gewerbe"] as? [String: Any])
            #expect(info["repositoryUrl"] as? String == server.repositoryURL)
            #expect(info["rootFolderUrl"] as? String == server.rootFolderURL)
            #expect((info["capabilities"] as? [String: Any])?["capabilityQuery"] as? String == "metadataonly")

            let angelegt = try await Self.ordner(server, "Akten")
            #expect(angelegt.status == 201)
            let id = try #require((angelegt.json["succinctProperties"] as? [String: Any])?["cmis:objectId"] as? String)

            let voll = try await Self.get(server.rootFolderURL + "/Akten?cmisselector=object")
            let name = (voll.json["properties"] as? [String: Any])?["cmis:name"] as? [String: Any]
            #expect(name?["value"] as? String == "Akten")
            #expect(name?["type"] as? String == "string")
            #expect(name?["cardinality"] as? String == "single")
            let knapp = try await Self.get(server.rootFolderURL + "/Akten?cmisselector=object&succinct=true")
            #expect((knapp.json["succinctProperties"] as? [String: Any])?["cmis:path"] as? String == "/Akten")

            let kinder = try await Self.get(server.rootFolderURL + "?cmisselector=children&succinct=true")
            #expect((kinder.json["numItems"] as? Int) == 1)
            let eltern = try await Self.get(server.rootFolderURL + "?objectId=\(id)&cmisselector=parents&succinct=true")
            let elternListe = try #require(try JSONSerialization.jsonObject(with: eltern.body) as? [[String: Any]])
            #expect(elternListe.first?["relativePathSegment"] as? String == "Akten")

            let typen = try await Self.get(server.repositoryURL + "?cmisselector=typeChildren")
            let ids = (typen.json["types"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
            #expect(ids == ["cmis:document", "cmis:folder", "cmis:secondary"])
            let sekundaer = try await Self.get(
                server.repositoryURL
                    + "?cmisselector=typeChildren&typeId=cmis:secondary&includePropertyDefinitions=true")
            let typ = (sekundaer.json["types"] as? [[String: Any]])?.first
            #expect(typ?["id"] as? String == "gewerbe:metadaten")
            #expect((typ?["propertyDefinitions"] as? [String: Any])?["gewerbe:sha256"] != nil)
        }
    }

    @Test(
        "Fehler als CMIS-JSON mit dem HTTP-Status der Spezifikation",
        arguments: [
            ("404 objectNotFound", 404, "objectNotFound"),
            ("409 nameConstraintViolation", 409, "nameConstraintViolation"),
            ("400 invalidArgument", 400, "invalidArgument"),
            ("409 constraint (unbekannte Eigenschaft)", 409, "constraint"),
            ("405 notSupported", 405, "notSupported"),
        ])
    func fehler(fall: String, status: Int, exception: String) async throws {
        let server = try CMISTestServer()
        try await server.withRunning { server in
            _ = try await Self.ordner(server, "Doppelt")
            let antwort: Antwort
            switch exception {
            case "objectNotFound":
                antwort = try await Self.get(server.rootFolderURL + "/gibt/es/nicht?cmisselector=object")
            case "nameConstraintViolation":
                antwort = try await Self.ordner(server, "Doppelt")
            case "invalidArgument":
                antwort = try await Self.post(
                    server.repositoryURL, [("cmisaction", "query"), ("statement", "SELEKT *")])
            case "constraint":
                antwort = try await Self.post(
                    server.rootFolderURL,
                    [
                        ("cmisaction", "createFolder"), ("propertyId[0]", "cmis:name"), ("propertyValue[0]", "x"),
                        ("propertyId[1]", "cmis:objectTypeId"), ("propertyValue[1]", "cmis:folder"),
                        ("propertyId[2]", "gewerbe:aktenzeichen"), ("propertyValue[2]", "ohne Sekundärtyp"),
                    ])
            default:
                antwort = try await Self.post(server.rootFolderURL, [("cmisaction", "checkOut")])
            }
            #expect(antwort.status == status, "\(fall)")
            #expect(antwort.json["exception"] as? String == exception, "\(fall)")
            #expect((antwort.json["message"] as? String)?.isEmpty == false)
        }
    }

    @Test(
        "CMIS-SQL-Teilmenge",
        arguments: [
            ("SELECT * FROM cmis:folder", 3),
            ("SELECT cmis:name FROM cmis:folder WHERE cmis:name = 'Akte A'", 1),
            ("SELECT * FROM cmis:folder f WHERE f.cmis:name LIKE 'Akte%'", 2),
            ("SELECT * FROM cmis:folder WHERE cmis:name IN ('Akte A', 'Akte B', 'X')", 2),
            ("SELECT * FROM cmis:folder WHERE cmis:name <> 'Akte A' AND cmis:name LIKE 'Akte _'", 1),
            ("SELECT * FROM cmis:document", 1),
            ("SELECT * FROM cmis:document WHERE cmis:contentStreamLength = 5", 1),
            ("SELECT * FROM gewerbe:metadaten WHERE gewerbe:aktenzeichen = 'AZ-1'", 1),
            ("SELECT * FROM gewerbe:metadaten WHERE gewerbe:aktenzeichen = 'AZ-2'", 0),
            ("SELECT * FROM cmis:folder WHERE cmis:description IS NULL", 3),
            ("SELECT * FROM cmis:document WHERE 'gewerbe:metadaten' = ANY cmis:secondaryObjectTypeIds", 1),
            ("SELECT * FROM cmis:document WHERE cmis:name = 'it\\'s.txt'", 1),
        ] as [(String, Int)])
    func abfragen(statement: String, treffer: Int) async throws {
        let server = try CMISTestServer()
        try await server.withRunning { server in
            _ = try await Self.ordner(server, "Akte A")
            _ = try await Self.ordner(server, "Akte B")
            _ = try await Self.ordner(server, "Unter", in: "/Akte A")
            let dokument = try await Self.post(
                server.rootFolderURL + "/Akte%20A",
                [
                    ("cmisaction", "createDocument"), ("propertyId[0]", "cmis:name"), ("propertyValue[0]", "it's.txt"),
                    ("propertyId[1]", "cmis:objectTypeId"), ("propertyValue[1]", "cmis:document"),
                    ("propertyId[2]", "cmis:secondaryObjectTypeIds"), ("propertyValue[2][0]", "gewerbe:metadaten"),
                    ("propertyId[3]", "gewerbe:aktenzeichen"), ("propertyValue[3]", "AZ-1"),
                ])
            #expect(dokument.status == 201)
            // Content through setContent (multipart), for the length query.
            var request = HTTPClientRequest(url: server.rootFolderURL)
            request.method = .POST
            let id = try #require(
                (dokument.json["properties"] as? [String: Any]).flatMap {
                    ($0["cmis:objectId"] as? [String: Any])?["value"] as? String
                })
            let grenze = "grenze"
            let body =
                "--\(grenze)\r\nContent-Disposition: form-data; name=\"cmisaction\"\r\n\r\nsetContent\r\n"
                + "--\(grenze)\r\nContent-Disposition: form-data; name=\"objectId\"\r\n\r\n\(id)\r\n"
                + "--\(grenze)\r\nContent-Disposition: form-data; name=\"content\"; filename=\"a.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nHallo\r\n--\(grenze)--\r\n"
            request.headers.add(name: "Content-Type", value: "multipart/form-data; boundary=\(grenze)")
            request.body = .bytes(ByteBuffer(string: body))
            let gesetzt = try await Self.client.execute(request, timeout: .seconds(5))
            #expect(gesetzt.status.code == 201)

            let antwort = try await Self.post(
                server.repositoryURL, [("cmisaction", "query"), ("statement", statement), ("succinct", "true")])
            #expect(antwort.status == 200, "\(String(decoding: antwort.body, as: UTF8.self))")
            #expect(antwort.json["numItems"] as? Int == treffer, "\(statement)")
            #expect((antwort.json["results"] as? [Any])?.count == treffer)
        }
    }

    @Test("IN_FOLDER und IN_TREE")
    func ordnerAbfragen() async throws {
        let server = try CMISTestServer()
        try await server.withRunning { server in
            let oben = try await Self.ordner(server, "Oben")
            let obenId = try #require((oben.json["succinctProperties"] as? [String: Any])?["cmis:objectId"] as? String)
            _ = try await Self.ordner(server, "Mitte", in: "/Oben")
            _ = try await Self.ordner(server, "Unten", in: "/Oben/Mitte")
            let direkt = try await Self.post(
                server.repositoryURL,
                [("cmisaction", "query"), ("statement", "SELECT * FROM cmis:folder WHERE IN_FOLDER('\(obenId)')")])
            #expect(direkt.json["numItems"] as? Int == 1)
            let baum = try await Self.post(
                server.repositoryURL,
                [("cmisaction", "query"), ("statement", "SELECT * FROM cmis:folder d WHERE IN_TREE(d, '\(obenId)')")])
            #expect(baum.json["numItems"] as? Int == 2)
        }
    }

    @Test("Ohne Sekundärtyp: typeDefinition 404, Sekundärtyp beim Anlegen abgelehnt")
    func ohneSekundaertyp() async throws {
        let server = try CMISTestServer(.init(secondaryTypes: []))
        try await server.withRunning { server in
            let typ = try await Self.get(server.repositoryURL + "?cmisselector=typeDefinition&typeId=gewerbe:metadaten")
            #expect(typ.status == 404)
            #expect(typ.json["exception"] as? String == "objectNotFound")
            let anlegen = try await Self.post(
                server.rootFolderURL,
                [
                    ("cmisaction", "createFolder"), ("propertyId[0]", "cmis:name"), ("propertyValue[0]", "x"),
                    ("propertyId[1]", "cmis:objectTypeId"), ("propertyValue[1]", "cmis:folder"),
                    ("propertyId[2]", "cmis:secondaryObjectTypeIds"), ("propertyValue[2][0]", "gewerbe:metadaten"),
                ])
            #expect(anlegen.status == 409)
            #expect(await server.objects().count == 1)
        }
    }

    @Test("Steuerung: 503-Modus, Stopp und Neustart auf demselben Port mit erhaltenem Inhalt, Latenz")
    func steuerung() async throws {
        let server = try CMISTestServer()
        try await server.start()
        _ = try await Self.ordner(server, "Bleibt")
        server.setUnavailable(true)
        let gesperrt = try await Self.get(server.serviceURL)
        #expect(gesperrt.status == 503)
        #expect(gesperrt.json["exception"] as? String == "runtime")
        server.setUnavailable(false)

        await server.stop()
        #expect(!server.isRunning)
        #expect(!TestPeers.canConnect(port: server.port))
        await #expect(throws: (any Error).self) { _ = try await Self.get(server.serviceURL) }
        try await server.start()
        #expect(TestPeers.canConnect(port: server.port))
        #expect(try await Self.get(server.rootFolderURL + "/Bleibt?cmisselector=object").status == 200)

        server.setLatency(.milliseconds(300))
        let start = ContinuousClock.now
        _ = try await Self.get(server.serviceURL)
        #expect(ContinuousClock.now - start >= .milliseconds(300))
        server.setLatency(.zero)
        #expect(server.requestCount == 4)
        await server.reset()
        #expect(await server.objects().count == 1)
        #expect(server.requestCount == 0)
        await server.stop()
    }
}
