import Foundation
import GewerbeExport
import Testing

/// `docs/export-statistik.md` documents the columns as the code writes them.
@Suite("Dokumentation des Statistik-Exports")
struct DokumentationTests {
    static let datei = paketwurzel.appendingPathComponent("docs/export-statistik.md")
    static let anfang = "<!-- spalten:anfang -->\n"
    static let ende = "<!-- spalten:ende -->"

    /// The column table between the markers is `StatistikExport.spaltentabelle()`; with
    /// `GEWERBE_GOLDEN_NEU=1` the test writes it.
    @Test func spaltentabelleAktuell() throws {
        let text = try String(contentsOf: Self.datei, encoding: .utf8)
        let start = try #require(text.range(of: Self.anfang), "Marke \(Self.anfang) fehlt")
        let schluss = try #require(text.range(of: Self.ende, range: start.upperBound..<text.endIndex))
        let dokumentiert = String(text[start.upperBound..<schluss.lowerBound])
        let aktuell = StatistikExport.spaltentabelle()
        if Golden.neuSchreiben {
            try (String(text[..<start.upperBound]) + aktuell + String(text[schluss.lowerBound...]))
                .write(to: Self.datei, atomically: true, encoding: .utf8)
            return
        }
        #expect(
            dokumentiert == aktuell,
            "docs/export-statistik.md ist veraltet; GEWERBE_GOLDEN_NEU=1 swift test --filter DokumentationTests")
    }

    /// Every column is documented with its form field, values and an example.
    @Test func jedeSpalteBeschrieben() {
        for spalte in StatistikExport.spalten {
            #expect(!spalte.gewaFeld.isEmpty && !spalte.werte.isEmpty && !spalte.beispiel.isEmpty, "\(spalte.name)")
        }
    }
}
