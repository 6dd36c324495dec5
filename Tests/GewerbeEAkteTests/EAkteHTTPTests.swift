import AsyncHTTPClient
import Foundation
import GewerbeDomain
import Testing

@testable import GewerbeEAkte

@Suite("HTTP-Schicht der eAkte-Adapter")
struct EAkteHTTPTests {
    @Test(
        "HTTP-Status → Fehlerart",
        arguments: [
            (400, EAkteFehler.Art.dauerhaft), (401, .dauerhaft), (403, .dauerhaft), (404, .dauerhaft),
            (405, .dauerhaft), (408, .voruebergehend), (409, .dauerhaft), (412, .dauerhaft), (413, .dauerhaft),
            (429, .voruebergehend), (500, .voruebergehend), (502, .voruebergehend), (503, .voruebergehend),
            (504, .voruebergehend), (507, .voruebergehend),
        ] as [(Int, EAkteFehler.Art)])
    func statusKlassifikation(status: Int, art: EAkteFehler.Art) {
        #expect(EAkteHTTP.art(vonStatus: status) == art)
    }

    @Test("Transportfehler: Konfigurationsfehler dauerhaft, Verbindungs- und Zeitfehler vorübergehend")
    func transportKlassifikation() {
        #expect(EAkteHTTP.art(vonTransportfehler: HTTPClientError.invalidURL) == .dauerhaft)
        #expect(EAkteHTTP.art(vonTransportfehler: HTTPClientError.emptyHost) == .dauerhaft)
        #expect(EAkteHTTP.art(vonTransportfehler: HTTPClientError.connectTimeout) == .voruebergehend)
        #expect(EAkteHTTP.art(vonTransportfehler: HTTPClientError.deadlineExceeded) == .voruebergehend)
        #expect(EAkteHTTP.art(vonTransportfehler: HTTPClientError.remoteConnectionClosed) == .voruebergehend)
        #expect(EAkteHTTP.art(vonTransportfehler: CocoaError(.fileNoSuchFile)) == .voruebergehend)
    }

    @Test("Zugangsdaten aus der Umgebung; Beschreibung ohne Passwort")
    func zugangsdaten() {
        let umgebung = ["EAKTE_06636001_USER": "technik", "EAKTE_06636001_PASSWORD": "s3cr3t-Wort"]
        let zugang = HTTPCredentials.fromEnvironment(
            umgebung, userVariable: "EAKTE_06636001_USER", passwordVariable: "EAKTE_06636001_PASSWORD")
        #expect(zugang == HTTPCredentials(user: "technik", password: "s3cr3t-Wort"))
        #expect(zugang?.description == "HTTPCredentials(user: technik, password: ***)")
        #expect(!String(reflecting: zugang as Any).contains("s3cr3t"))
        #expect(zugang?.authorizationHeader == "Basic " + Data("technik:s3cr3t-Wort".utf8).base64EncodedString())
        #expect(
            HTTPCredentials.fromEnvironment([:], userVariable: "EAKTE_06636001_USER", passwordVariable: "X") == nil)
        let konfiguration = CMISAblageConfiguration(browserURL: "https://dms.example/browser", credentials: zugang)
        #expect(!"\(konfiguration)".contains("s3cr3t"))
        #expect(!"\(EAkteAnbindung.cmis(konfiguration))".contains("s3cr3t"))
    }

    @Test("URLs mit Zugangsdaten oder ohne http(s) werden abgelehnt")
    func urlPruefung() throws {
        #expect(throws: EAkteFehler.self) { try EAkteHTTP.pruefeURL("https://a:b@dms.example/x", "u") }
        #expect(throws: EAkteFehler.self) { try EAkteHTTP.pruefeURL("ftp://dms.example/x", "u") }
        #expect(throws: EAkteFehler.self) { try EAkteHTTP.pruefeURL("dms.example/x", "u") }
        #expect(
            try EAkteHTTP.pruefeURL("https://dms.example:8443/cmis/browser", "u")
                == "https://dms.example:8443/cmis/browser")
    }

    @Test("Formulare: URL-Kodierung, Eigenschaftslisten, Multipart-Grenze kommt im Inhalt nicht vor")
    func formulare() {
        var formular = Formular()
        formular.add("cmisaction", "createFolder")
        formular.addProperties([
            ("cmis:name", ["Müller & Söhne"], false), ("cmis:secondaryObjectTypeIds", ["a", "b"], true),
        ])
        let (typ, body) = formular.urlEncoded()
        #expect(typ == "application/x-www-form-urlencoded")
        #expect(
            String(decoding: body, as: UTF8.self)
                == "cmisaction=createFolder&propertyId%5B0%5D=cmis%3Aname&propertyValue%5B0%5D=M%C3%BCller%20%26%20S%C3%B6hne"
                + "&propertyId%5B1%5D=cmis%3AsecondaryObjectTypeIds&propertyValue%5B1%5D%5B0%5D=a&propertyValue%5B1%5D%5B1%5D=b"
        )

        formular.datei = .init(name: "a.pdf", mimeType: "application/pdf", inhalt: Data("--gewerbe-".utf8))
        let (multipartTyp, multipartBody) = formular.encoded()
        let grenze = String(multipartTyp.split(separator: "=").last ?? "")
        #expect(multipartTyp.hasPrefix("multipart/form-data; boundary=gewerbe-"))
        let text = String(decoding: multipartBody, as: UTF8.self)
        #expect(text.hasSuffix("--\(grenze)--\r\n"))
        #expect(
            text.contains("name=\"content\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n--gewerbe-\r\n")
        )
    }
}
