import Foundation
import GewerbeDomain
import GewerbeGateway
import GewerbeTestSupport
import GewerbeXGewO
import Testing

/// The folder drop: complete files only, under the reader's address, once per message UUID.
struct OrdnerTransportTests {
    static func nachricht(_ xml: String = "<a/>", kennung: String = "00043", uuid: UUID = UUID()) -> AusgehendeNachricht
    {
        AusgehendeNachricht(
            nachrichtenUUID: uuid, nachrichtentyp: "hwk.gewerbemeldung.0210", version: "1.6-vorlaeufig",
            leser: Kommunikationspartner(praefix: "hwk", kennung: kennung, name: "HWK Kassel"), xml: Data(xml.utf8))
    }

    static func ordner() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "ordner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func schreibtVollstaendigUnterDerAdresse() async throws {
        let ordner = try Self.ordner()
        defer { try? FileManager.default.removeItem(at: ordner) }
        let transport = OrdnerTransport(ordner: ordner)
        let nachricht = Self.nachricht()
        #expect(try await transport.sende(nachricht) == .angenommen(doppelt: false))
        let ziel = ordner.appending(path: "hwk/00043/\(nachricht.nachrichtenUUID.lowercased).xml")
        #expect(FileManager.default.contents(atPath: ziel.path) == nachricht.xml)
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: ziel.deletingLastPathComponent().path).count == 1)
        // The same message again: delivered once, counted as a repeat.
        #expect(try await transport.sende(nachricht) == .angenommen(doppelt: true))
    }

    @Test func andereBytesMitDerselbenUUIDWerdenAbgewiesen() async throws {
        let ordner = try Self.ordner()
        defer { try? FileManager.default.removeItem(at: ordner) }
        let transport = OrdnerTransport(ordner: ordner)
        let uuid = UUID()
        _ = try await transport.sende(Self.nachricht("<a/>", uuid: uuid))
        guard case .abgewiesen(let rueckweisung) = try await transport.sende(Self.nachricht("<b/>", uuid: uuid)) else {
            Issue.record("nicht abgewiesen")
            return
        }
        #expect(rueckweisung.grund == "S100")
    }

    @Test(arguments: ["../x", "", ".versteckt", "a/b", "ä"])
    func adressenDieAusDemOrdnerFuehrenSindDauerhafteFehler(_ kennung: String) async throws {
        let ordner = try Self.ordner()
        defer { try? FileManager.default.removeItem(at: ordner) }
        await #expect {
            _ = try await OrdnerTransport(ordner: ordner).sende(Self.nachricht(kennung: kennung))
        } throws: { ($0 as? Transportfehler)?.art == .dauerhaft }
        #expect(try FileManager.default.contentsOfDirectory(atPath: ordner.path).isEmpty)
    }
}

/// The gateway peer's own checks (`Tests/Peers/xgewo_gateway_test.py`): its XSD check, its
/// rejection codes, its modes, restarts and folder mode hold, so that the tests above can rely on it.
@Test func gatewayPeerSelbsttest() async throws {
    let ergebnis = try await TestPeers.run(
        try TestPeers.venvExecutable("python"),
        [TestPeers.repositoryRoot.appending(path: "Tests/Peers/xgewo_gateway_test.py").path])
    #expect(ergebnis.status == 0, "\(ergebnis.stdoutText.suffix(2000))\n\(ergebnis.stderr.suffix(2000))")
    #expect(ergebnis.stdoutText.contains(" 0 failed"))
}
