import Foundation
import Testing

@testable import GewerbeDokumente

@Suite("PDF-Schreiber: Kodierung, Maße, Umbruch")
struct PDFWriterTests {
    @Test(
        "WinAnsiEncoding für deutsche Zeichen",
        arguments: [
            ("ä", 0xE4), ("ö", 0xF6), ("ü", 0xFC), ("Ä", 0xC4), ("Ö", 0xD6), ("Ü", 0xDC), ("ß", 0xDF),
            ("€", 0x80), ("„", 0x84), ("“", 0x93), ("”", 0x94), ("–", 0x96), ("—", 0x97), ("§", 0xA7),
            ("‚", 0x82), ("‘", 0x91), ("A", 0x41), ("é", 0xE9), ("\u{00A0}", 0xA0),
        ] as [(String, Int)]
    )
    func winAnsi(zeichen: String, code: Int) {
        #expect(WinAnsi.encode(zeichen) == [UInt8(code)])
        #expect(WinAnsi.canEncode(zeichen))
    }

    @Test(
        "Zeichen ohne Glyphe werden zu ?",
        arguments: ["Ł", "😀", "Ω", "中", "\u{0007}"]
    )
    func ersatz(zeichen: String) {
        #expect(WinAnsi.encode(zeichen) == [0x3F])
        #expect(!WinAnsi.canEncode(zeichen))
    }

    @Test("Zerlegte Umlaute (a + Trema) werden zusammengesetzt, Tab und Zeilenumbruch zu Leerzeichen")
    func normalisierung() {
        #expect(WinAnsi.encode("a\u{0308}") == [0xE4])
        #expect(WinAnsi.encode("Mu\u{0308}ller") == [0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72])
        #expect(WinAnsi.encode("a\tb\nc") == [0x61, 0x20, 0x62, 0x20, 0x63])
        #expect(WinAnsi.canEncode("Fragezeichen?"))
    }

    @Test(
        "Zahlen im Inhaltsstrom: feste Schreibweise mit höchstens zwei Nachkommastellen",
        arguments: [
            (0.0, "0"), (12.5, "12.5"), (-3.25, "-3.25"), (595.28, "595.28"), (1.005, "1"), (0.07, "0.07"),
            (100, "100"), (-0.001, "0"), (841.89, "841.89"), (2.999, "3"),
        ] as [(Double, String)]
    )
    func zahlen(wert: Double, text: String) {
        #expect(PDFNumber.format(wert) == text)
    }

    @Test("Literal-Strings: ( ) \\ werden escaped, Bytes über 0x7E oktal geschrieben")
    func literal() {
        #expect(PDFPage.literal(WinAnsi.encode(#"a(b)c\d"#)) == #"(a\(b\)c\\d)"#)
        #expect(PDFPage.literal(WinAnsi.encode("Öl €")) == #"(\326l \200)"#)
    }

    @Test("Textbreiten aus den AFM-Tabellen von Helvetica und Helvetica-Bold")
    func breiten() {
        // Helvetica: H 722, e 556, l 222, l 222, o 556 = 2278/1000 em.
        #expect(abs(PDFFont.helvetica.width(of: "Hello", size: 10) - 22.78) < 0.0001)
        // Helvetica-Bold: H 722, e 556, l 278, l 278, o 611 = 2445/1000 em.
        #expect(abs(PDFFont.helveticaBold.width(of: "Hello", size: 10) - 24.45) < 0.0001)
        #expect(PDFFont.helvetica.glyphWidth(0xDF) == 611)  // ß
        #expect(PDFFont.helvetica.glyphWidth(0x80) == 556)  // €
        #expect(PDFFont.helveticaBold.glyphWidth(0x84) == 500)  // „
        #expect(PDFFont.helvetica.glyphWidth(0x84) == 333)
        #expect(PDFFont.helvetica.width(of: "ä", size: 1000) == 556)
    }

    @Test("Umbruch: keine Zeile zu breit, alle Wörter bleiben in Reihenfolge erhalten")
    func umbruch() {
        let text =
            "Die Gewerbeanzeige ist nach § 14 GewO binnen drei Tagen zu bescheinigen; "
            + "die Empfangsbescheinigung enthält Name, Betriebsanschrift und Tätigkeit."
        for breite in [40.0, 80, 150, 300, 1000] {
            let zeilen = PDFFont.helvetica.wrap(text, size: 10, maxWidth: breite)
            for zeile in zeilen {
                let passt = PDFFont.helvetica.width(of: zeile, size: 10) <= breite
                let einzelnesZeichen = zeile.count == 1
                #expect(passt || einzelnesZeichen, "zu breit bei \(breite): \(zeile)")
            }
            let woerter = zeilen.joined(separator: " ").split(separator: " ")
            if breite >= 150 {
                #expect(woerter == text.split(separator: " "))
            } else {
                #expect(zeilen.joined().filter { $0 != " " } == text.filter { $0 != " " })
            }
        }
    }

    @Test("Umbruch: harte Zeilenumbrüche bleiben, überlange Wörter werden zerteilt, leerer Text gibt eine Zeile")
    func umbruchSonderfaelle() {
        #expect(PDFFont.helvetica.wrap("eins\nzwei\r\ndrei", size: 10, maxWidth: 500) == ["eins", "zwei", "drei"])
        #expect(PDFFont.helvetica.wrap("", size: 10, maxWidth: 500) == [""])
        let teile = PDFFont.helvetica.wrap("Donaudampfschifffahrtsgesellschaftskapitän", size: 10, maxWidth: 60)
        #expect(teile.count > 2)
        #expect(teile.joined() == "Donaudampfschifffahrtsgesellschaftskapitän")
        #expect(teile.allSatisfy { PDFFont.helvetica.width(of: $0, size: 10) <= 60 })
    }

    @Test("Eine Seite ohne Inhalt ergibt trotzdem ein gültiges Dokument mit einer Seite")
    func leeresDokument() {
        let data = PDFDocument(
            info: PDFDocumentInfo(title: "Leer", author: "Test", creationDate: Date(timeIntervalSince1970: 0))
        )
        .render()
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasPrefix("%PDF-1.4\n"))
        #expect(text.hasSuffix("%%EOF\n"))
        #expect(text.contains("/Count 1"))
    }

    @Test("PDF-Datum mit Zeitzonenversatz")
    func datum() throws {
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        // 2026-07-01 10:30:05 UTC = 12:30:05 CEST (+02:00)
        let sommer = Date(timeIntervalSince1970: 1_782_901_805)
        #expect(PDFDocument.dateString(sommer, timeZone: berlin) == "D:20260701123005+02'00'")
        let utc = try #require(TimeZone(secondsFromGMT: 0))
        #expect(PDFDocument.dateString(sommer, timeZone: utc) == "D:20260701103005+00'00'")
    }

    @Test("Titel mit Umlauten als UTF-16BE, ASCII-Titel als Literal")
    func textString() {
        #expect(PDFDocument.textString("Abc (1)") == #"(Abc \(1\))"#)
        #expect(PDFDocument.textString("Ä") == "<FEFF00C4>")
    }
}
