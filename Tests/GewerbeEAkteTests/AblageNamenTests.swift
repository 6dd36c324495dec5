import Foundation
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
