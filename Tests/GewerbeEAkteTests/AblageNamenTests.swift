import Foundation
import GewerbeDomain
import GewerbeEAkte
import Testing

@Suite("Ablagenamen")
struct AblageNamenTests {
    @Test(
        "Namen sind dateisystemsicher und stabil",
        arguments: [
            ("06636001-2026-000042", "06636001-2026-000042"),
            ("Gewerbeanmeldung-06636001-2026-000042.pdf", "Gewerbeanmeldung-06636001-2026-000042.pdf"),
            ("Empfangsbestätigung Müller/Straße.pdf", "Empfangsbestaetigung_Mueller_Strasse.pdf"),
            ("AZ 32/1-2026", "AZ_32_1-2026"),
            ("../geheim", "_geheim"),
            ("..", "_"),
            ("", "_"),
            ("Ärger Öl Übel", "Aerger_Oel_Uebel"),
            ("a\u{0308}", "ae"),
        ] as [(String, String)]
    )
    func dateiname(eingabe: String, erwartet: String) {
        #expect(AblageNamen.dateiname(eingabe) == erwartet)
    }

    @Test("Akte und Vorgang werden aus den Schlüsseln gebildet")
    func schluessel() throws {
        let id = try #require(UUID(uuidString: "8F1C2A34-0000-4000-8000-00000000ABCD"))
        #expect(AblageNamen.akte(betriebId: id) == "Betrieb-8f1c2a34-0000-4000-8000-00000000abcd")
        #expect(AblageNamen.vorgang(aktenzeichen: "06636001-2026-000042") == "06636001-2026-000042")
        #expect(AblageNamen.gemeinde("06636001") == "06636001")
    }
}

@Suite("Dokument-Hash")
struct AblageDokumentHashTests {
    @Test("SHA-256 in Kleinbuchstaben-Hex, wie sha256sum")
    func hash() {
        // printf 'abc' | sha256sum
        #expect(
            AblageDokument.sha256Hex(Data("abc".utf8))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let fall = EAkteTestFall.beispiel()
        let dokument = AblageDokument(
            name: "a.json", mimeType: "application/json", inhalt: Data("abc".utf8), dokumentart: "anzeige-json",
            vorgang: fall.vorgang)
        #expect(dokument.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
