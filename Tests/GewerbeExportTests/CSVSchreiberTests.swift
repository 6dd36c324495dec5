import GewerbeExport
import Testing

@Suite("CSVSchreiber: RFC 4180")
struct CSVSchreiberTests {
    /// Field -> how it is written with `;` as separator.
    @Test(
        arguments: [
            ("einfach", "einfach"),
            ("", ""),
            ("Weiß Bäckerei", "Weiß Bäckerei"),
            ("a;b", "\"a;b\""),
            ("a,b", "a,b"),
            ("sagt \"ja\"", "\"sagt \"\"ja\"\"\""),
            ("\"", "\"\"\"\""),
            ("Zeile 1\nZeile 2", "\"Zeile 1\nZeile 2\""),
            ("Zeile 1\r\nZeile 2", "\"Zeile 1\r\nZeile 2\""),
            (" führend", "\" führend\""),
            ("folgend ", "\"folgend \""),
            ("mit\tTab", "mitTab"),
            ("Null\u{0}zeichen\u{1F}", "Nullzeichen"),
            ("\t\"x\"", "\"\"\"x\"\"\""),
            ("Emoji 👷‍♀️ und „Anführung“", "Emoji 👷‍♀️ und „Anführung“"),
        ])
    func feld(_ eingabe: String, _ erwartet: String) {
        let schreiber = CSVSchreiber(format: CSVFormat(trennzeichen: .semikolon, bom: false))
        var bytes: [UInt8] = []
        schreiber.anhaengen(feld: eingabe, an: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == erwartet)
    }

    @Test func trennzeichenUndZeilenende() {
        let felder = ["a", "b;c", "d,e", "f\tg"]
        let semikolon = CSVSchreiber(format: CSVFormat(trennzeichen: .semikolon, bom: false)).zeile(felder)
        let komma = CSVSchreiber(format: CSVFormat(trennzeichen: .komma, bom: false)).zeile(felder)
        let tab = CSVSchreiber(format: CSVFormat(trennzeichen: .tab, bom: false)).zeile(felder)
        #expect(String(decoding: semikolon, as: UTF8.self) == "a;\"b;c\";d,e;fg\r\n")
        #expect(String(decoding: komma, as: UTF8.self) == "a,b;c,\"d,e\",fg\r\n")
        // A tab inside a field is dropped (control character), so the tab separator stays unambiguous.
        #expect(String(decoding: tab, as: UTF8.self) == "a\tb;c\td,e\tfg\r\n")
    }

    @Test func bom() {
        #expect(CSVSchreiber(format: CSVFormat()).anfang == [0xEF, 0xBB, 0xBF])
        #expect(CSVSchreiber(format: CSVFormat(bom: false)).anfang == [])
        #expect(CSVFormat.standard.trennzeichen == .semikolon && CSVFormat.standard.bom)
    }
}
