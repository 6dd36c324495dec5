import Foundation
import GewerbeDokumente
import GewerbeTestSupport
import Testing

/// Checks the writer's output with independent readers from Debian: poppler's `pdftotext` and
/// `pdfinfo`, and `qpdf --check`.
@Suite("PDF mit pdftotext, pdfinfo und qpdf geprüft")
struct PDFToolsTests {
    static let datum = Date(timeIntervalSince1970: 1_767_261_600)  // 2026-01-01 11:00 CET

    static func info(_ title: String = "Gewerbeanmeldung Müller & Söhne") -> PDFDocumentInfo {
        PDFDocumentInfo(title: title, author: "Gemeinde Meißner – Ordnungsamt", creationDate: datum)
    }

    /// Writes the PDF to a temporary file and returns its URL.
    static func datei(_ data: Data) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pdftest-\(UUID().uuidString).pdf")
        try data.write(to: url)
        return url
    }

    static func pdftotext(_ data: Data, _ extra: [String] = []) async throws -> String {
        let url = try datei(data)
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try await TestPeers.run(
            TestPeers.systemExecutable("pdftotext"), extra + ["-enc", "UTF-8", url.path, "-"])
        #expect(result.status == 0, "pdftotext: \(result.stderr)")
        return result.stdoutText
    }

    static func qpdfCheck(_ data: Data) async throws -> TestPeers.Result {
        let url = try datei(data)
        defer { try? FileManager.default.removeItem(at: url) }
        return try await TestPeers.run(TestPeers.systemExecutable("qpdf"), ["--check", url.path])
    }

    /// `pdfinfo` output as key/value pairs (dates in ISO form, as `-isodates` prints them).
    static func pdfinfo(_ data: Data) async throws -> [String: String] {
        let url = try datei(data)
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try await TestPeers.run(
            TestPeers.systemExecutable("pdfinfo"), ["-enc", "UTF-8", "-isodates", url.path])
        #expect(result.status == 0, "pdfinfo: \(result.stderr)")
        var pairs: [String: String] = [:]
        for line in result.stdoutText.split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            pairs[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return pairs
    }

    static let deutscherText = "Müller, Größe, Äpfel, Öl, Übel, Straße – „Zitat“ § 14 GewO, 12,50 €"

    @Test("pdftotext liest deutschen Text mit Umlauten, ß, €, „ “, – und § exakt")
    func umlauteUndSonderzeichen() async throws {
        var page = PDFPage()
        page.drawText(Self.deutscherText, x: 56, y: 780, font: .helvetica, size: 11)
        page.drawText("FETT: ÄÖÜäöüß", x: 56, y: 760, font: .helveticaBold, size: 11)
        let data = PDFDocument(info: Self.info(), pages: [page]).render()
        let text = try await Self.pdftotext(data)
        let zeilen = text.split(whereSeparator: \.isNewline).map(String.init)
        #expect(zeilen.contains(Self.deutscherText))
        #expect(zeilen.contains("FETT: ÄÖÜäöüß"))
    }

    @Test("Klammern und Backslash werden escaped und kommen unverändert heraus")
    func escaping() async throws {
        var page = PDFPage()
        let heikel = #"Betrieb (Zweigniederlassung) \ Pfad C:\gewerbe\) ((("#
        page.drawText(heikel, x: 56, y: 780)
        let data = PDFDocument(info: Self.info(), pages: [page]).render()
        let text = try await Self.pdftotext(data)
        #expect(text.contains(heikel))
        let check = try await Self.qpdfCheck(data)
        #expect(check.status == 0, "\(check.stdoutText) \(check.stderr)")
    }

    @Test("Zeichen außerhalb von WinAnsi werden sichtbar durch ? ersetzt")
    func ersatzzeichen() async throws {
        var page = PDFPage()
        page.drawText("Łódź 😀 Ωmega", x: 56, y: 780)
        let data = PDFDocument(info: Self.info(), pages: [page]).render()
        let text = try await Self.pdftotext(data)
        #expect(text.contains("?ód? ? ?mega"))
    }

    @Test("qpdf --check findet keine Fehler, pdfinfo liest Titel, Autor und Datum")
    func qpdfUndInfo() async throws {
        var layout = PDFLayout(footer: PDFFooter(text: "AZ 06636001-2026-000042"))
        layout.headerBox(title: "Gewerbeanmeldung", lines: ["nach § 14 GewO"], marker: "GewA 1")
        layout.paragraph(Self.deutscherText)
        let data = layout.document(info: Self.info()).render()
        let check = try await Self.qpdfCheck(data)
        #expect(check.status == 0, "\(check.stdoutText) \(check.stderr)")
        #expect(check.stdoutText.contains("No syntax or stream encoding errors found"))
        let info = try await Self.pdfinfo(data)
        #expect(info["Title"] == "Gewerbeanmeldung Müller & Söhne")
        #expect(info["Author"] == "Gemeinde Meißner – Ordnungsamt")
        #expect(info["PDF version"] == "1.4")
        #expect(info["Page size"] == "595.28 x 841.89 pts (A4)")
        #expect(info["Pages"] == "1")
        // 2026-01-01 11:00 in Berlin (CET) = 10:00 UTC.
        let erstellt = try #require(info["CreationDate"])
        #expect(erstellt == "2026-01-01T11:00:00+01" || erstellt == "2026-01-01T10:00:00Z", "\(erstellt)")
    }

    @Test("Mehrseitige Dokumente: Umbruch, Seitenzahlen, Text auf jeder Seite")
    func mehrseitig() async throws {
        var layout = PDFLayout(footer: PDFFooter(text: "Fußzeile"))
        for nummer in 1...120 {
            layout.paragraph("Absatz \(nummer): Die Gewerbeanzeige wurde geprüft und für gültig befunden.")
        }
        let document = layout.document(info: Self.info())
        #expect(document.pages.count >= 3)
        let data = document.render()
        let check = try await Self.qpdfCheck(data)
        #expect(check.status == 0, "\(check.stdoutText) \(check.stderr)")
        let info = try await Self.pdfinfo(data)
        #expect(info["Pages"] == "\(document.pages.count)")
        let gesamt = document.pages.count
        let letzteSeite = try await Self.pdftotext(data, ["-f", "\(gesamt)", "-l", "\(gesamt)"])
        #expect(letzteSeite.contains("Absatz 120: Die Gewerbeanzeige wurde geprüft und für gültig befunden."))
        #expect(letzteSeite.contains("Seite \(gesamt) von \(gesamt)"))
        #expect(!letzteSeite.contains("Absatz 1:"))
        let ersteSeite = try await Self.pdftotext(data, ["-f", "1", "-l", "1"])
        #expect(ersteSeite.contains("Absatz 1: Die"))
        #expect(ersteSeite.contains("Seite 1 von \(gesamt)"))
        #expect(ersteSeite.contains("Fußzeile"))
        // Every paragraph appears exactly once across all pages.
        let alles = try await Self.pdftotext(data)
        for nummer in [1, 37, 64, 99, 120] {
            #expect(alles.components(separatedBy: "Absatz \(nummer):").count == 2)
        }
    }

    @Test("Gleiche Eingabe ergibt byte-gleiche Ausgabe; ein anderes Datum ändert die Bytes")
    func reproduzierbar() throws {
        func bauen(datum: Date) -> Data {
            var layout = PDFLayout(footer: PDFFooter(text: "AZ 1"))
            layout.headerBox(title: "Empfangsbescheinigung", lines: ["§ 15 Abs. 1 GewO"], marker: "EB")
            layout.fieldRow([
                PDFFormField(number: "1", label: "Name", value: "Müller"),
                PDFFormField(number: "2", label: "Vorname", value: "Jürgen"),
            ])
            layout.paragraph(Self.deutscherText)
            return layout.document(
                info: PDFDocumentInfo(title: "Empfangsbescheinigung", author: "Ordnungsamt", creationDate: datum)
            ).render()
        }
        let eins = bauen(datum: Self.datum)
        let zwei = bauen(datum: Self.datum)
        #expect(eins == zwei)
        #expect(bauen(datum: Self.datum.addingTimeInterval(1)) != eins)
    }

    @Test("Die xref-Tabelle zeigt auf die Objekte, startxref auf die Tabelle")
    func xrefOffsets() throws {
        var layout = PDFLayout()
        for nummer in 1...80 { layout.paragraph("Zeile \(nummer) mit Ä und (Klammer)") }
        let data = layout.document(info: Self.info()).render()
        let bytes = [UInt8](data)
        let text = String(decoding: bytes, as: UTF8.self)
        let startxrefRange = try #require(text.range(of: "startxref\n", options: .backwards))
        let afterStart = text[startxrefRange.upperBound...]
        let xrefOffset = try #require(Int(afterStart.prefix(while: \.isNumber)))
        let xrefText = String(decoding: bytes[xrefOffset...], as: UTF8.self)
        #expect(xrefText.hasPrefix("xref\n0 "))
        let lines = xrefText.split(separator: "\n")
        let count = try #require(Int(lines[1].split(separator: " ")[1]))
        for number in 1..<count {
            let entry = lines[2 + number]
            #expect(entry.count == 19)  // plus the newline: 20 bytes per entry
            let offset = try #require(Int(entry.prefix(10)))
            let objectStart = String(decoding: bytes[offset..<min(offset + 20, bytes.count)], as: UTF8.self)
            #expect(objectStart.hasPrefix("\(number) 0 obj\n"))
        }
    }

    @Test("Formular: Kopfkasten, nummerierte Feldkästen und Ankreuzfelder sind lesbar")
    func formular() async throws {
        var layout = PDFLayout(footer: PDFFooter(text: "06636001-2026-000042"))
        layout.headerBox(
            title: "Gewerbe-Anmeldung", lines: ["nach § 14 GewO oder § 55c GewO", "Gemeinde Meißner"], marker: "GewA 1")
        layout.section("Angaben zum Betriebsinhaber")
        layout.fieldRow([
            PDFFormField(number: "1", label: "Name", value: "Müller-Lüdenscheidt", weight: 2),
            PDFFormField(number: "2", label: "Vornamen", value: "Hans Jürgen", weight: 2),
            PDFFormField(
                number: "3", label: "Geschlecht",
                content: .checkboxes([
                    PDFCheckbox("männlich", checked: true), PDFCheckbox("weiblich", checked: false),
                    PDFCheckbox("divers", checked: false),
                ]), weight: 2),
        ])
        layout.field(
            PDFFormField(
                number: "10", label: "Angemeldete Tätigkeit (genaue Angabe)",
                value: "Einzelhandel mit Lebensmitteln, Getränken und Tabakwaren; Straßenverkauf von Süßwaren"))
        layout.fieldRow([
            PDFFormField(
                number: "17", label: "Die Anmeldung erfolgt für",
                content: .checkboxes([
                    PDFCheckbox("Hauptniederlassung", checked: false), PDFCheckbox("Zweigniederlassung", checked: true),
                    PDFCheckbox("unselbstständige Zweigstelle", checked: false),
                ]))
        ])
        let data = layout.document(info: Self.info()).render()
        let check = try await Self.qpdfCheck(data)
        #expect(check.status == 0, "\(check.stdoutText) \(check.stderr)")
        let text = try await Self.pdftotext(data, ["-layout"])
        for erwartet in [
            "Gewerbe-Anmeldung", "GewA 1", "nach § 14 GewO oder § 55c GewO", "Angaben zum Betriebsinhaber",
            "Müller-Lüdenscheidt", "Hans Jürgen", "Angemeldete Tätigkeit (genaue Angabe)",
            "Straßenverkauf von Süßwaren", "06636001-2026-000042", "Seite 1 von 1",
        ] {
            #expect(text.contains(erwartet), "fehlt: \(erwartet)")
        }
        let zeilen = text.split(whereSeparator: \.isNewline).map(String.init)
        func markiert(_ option: String) -> Bool? {
            guard let zeile = zeilen.first(where: { $0.contains(option) }),
                let range = zeile.range(of: option)
            else { return nil }
            let davor = zeile[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            return davor.hasSuffix("X")
        }
        #expect(markiert("männlich") == true)
        #expect(markiert("weiblich") == false)
        #expect(markiert("Zweigniederlassung") == true)
        #expect(markiert("Hauptniederlassung") == false)
        #expect(text.contains("1 Name"))
        #expect(text.contains("10 Angemeldete Tätigkeit"))
    }

    @Test("Ein Feld, das höher als eine Seite ist, wird mit (Fortsetzung) umbrochen")
    func feldUeberSeiten() async throws {
        var layout = PDFLayout()
        let langerWert = (1...150).map { "Zeile \($0) der Tätigkeitsbeschreibung" }.joined(separator: "\n")
        layout.field(PDFFormField(number: "10", label: "Tätigkeit", value: langerWert))
        let document = layout.document(info: Self.info())
        #expect(document.pages.count >= 3)
        let data = document.render()
        let check = try await Self.qpdfCheck(data)
        #expect(check.status == 0, "\(check.stdoutText) \(check.stderr)")
        let zweite = try await Self.pdftotext(data, ["-f", "2", "-l", "2"])
        #expect(zweite.contains("Tätigkeit (Fortsetzung)"))
        let alles = try await Self.pdftotext(data)
        for nummer in 1...150 {
            #expect(alles.contains("Zeile \(nummer) der Tätigkeitsbeschreibung\n"), "Zeile \(nummer) fehlt")
        }
    }

    @Test("Eine Feldzeile, die nicht mehr passt, beginnt auf der nächsten Seite")
    func feldzeileUmbruch() throws {
        var layout = PDFLayout()
        while layout.remainingHeight > 40 { layout.paragraph("Füllzeile") }
        let seitenVorher = layout.pages.count
        layout.fieldRow([PDFFormField(number: "1", label: "Name", value: "Eins\nZwei\nDrei")])
        #expect(layout.pages.count == seitenVorher + 1)
        #expect(layout.pages.last?.content.contains("(Drei) Tj") == true)
        #expect(layout.pages.last?.content.contains("(Eins) Tj") == true)
    }
}
