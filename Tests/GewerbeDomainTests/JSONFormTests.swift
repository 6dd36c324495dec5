import Foundation
import GewerbeDomain
import GewerbeTestSupport
import Testing

/// The product's one JSON form: UUIDs in lower case at every depth, read back unchanged.
@Suite struct JSONFormTests {
    static let gross = UUID(uuidString: "ABCDEF01-2345-4678-9ABC-DEF012345678")!

    @Test func uuidsInLowerCaseAtEveryDepth() throws {
        var anzeige = Testanzeigen.anmeldung(eingang: Datum(jahr: 2026, monat: 1, tag: 15)!)
        anzeige.betriebId = Self.gross
        let fall = Testfaelle.fall(anzeige, betriebId: Self.gross)
        let text = try JSONForm.text(fall)
        #expect(!text.contains("ABCDEF01"))
        #expect(text.contains(#""betriebId":"abcdef01-2345-4678-9abc-def012345678""#))
        #expect(text.contains(#""id":"\#(fall.id.lowercased)""#))
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        #expect(try decoder.decode(Fall.self, from: Data(text.utf8)) == fall)
    }

    @Test func optionalUUIDLeftOutWhenNil() throws {
        var anzeige = Testanzeigen.anmeldung(eingang: Datum(jahr: 2026, monat: 1, tag: 15)!)
        anzeige.betriebId = nil
        #expect(!String(decoding: anzeige.json(), as: UTF8.self).contains("betriebId"))
    }

    @Test func canonicalFormSortedAndUnescaped() throws {
        struct Probe: Encodable {
            var z = "a/b"
            var a = Datum(jahr: 2026, monat: 1, tag: 15)!
            var zeit = Date(timeIntervalSince1970: 0)
        }
        #expect(try JSONForm.text(Probe()) == #"{"a":"2026-01-15","z":"a/b","zeit":"1970-01-01T00:00:00Z"}"#)
    }
}
