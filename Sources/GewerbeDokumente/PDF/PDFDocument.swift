import Foundation

/// The document information dictionary. The creation date is passed in (never read from the
/// clock), so that rendering the same document twice gives the same bytes.
public struct PDFDocumentInfo: Sendable, Hashable {
    public var title: String
    public var author: String
    public var subject: String?
    public var creator: String
    public var producer: String
    public var creationDate: Date
    /// The time zone in which `creationDate` is written (default Europe/Berlin).
    public var timeZone: TimeZone

    public init(
        title: String, author: String, subject: String? = nil, creator: String = "Gewerbe-Fachverfahren",
        producer: String = "GewerbeDokumente PDF 1.4", creationDate: Date,
        timeZone: TimeZone = TimeZone(identifier: "Europe/Berlin") ?? TimeZone(secondsFromGMT: 3600)!
    ) {
        self.title = title
        self.author = author
        self.subject = subject
        self.creator = creator
        self.producer = producer
        self.creationDate = creationDate
        self.timeZone = timeZone
    }
}

/// A PDF 1.4 document: pages drawn with ``PDFPage`` (or laid out with ``PDFLayout``) and the
/// document information. ``render()`` writes a complete file with a correct cross-reference table;
/// equal input gives byte-identical output.
///
/// Fonts are the standard fonts Helvetica and Helvetica-Bold with WinAnsiEncoding (not embedded),
/// content streams are uncompressed. This is deliberately small; it is enough for forms and
/// letters and it keeps the output checkable with `qpdf --check` and `pdftotext`.
public struct PDFDocument: Sendable, Hashable {
    public var info: PDFDocumentInfo
    public var pages: [PDFPage]
    /// The document language (catalog `/Lang`), e.g. `de-DE`.
    public var language: String

    public init(info: PDFDocumentInfo, pages: [PDFPage] = [], language: String = "de-DE") {
        self.info = info
        self.pages = pages
        self.language = language
    }

    /// Appends a page.
    public mutating func addPage(_ page: PDFPage) {
        pages.append(page)
    }

    /// Serialises the document. A document without pages gets one empty A4 page, since a PDF
    /// page tree must not be empty for most readers.
    public func render() -> Data {
        let pages = self.pages.isEmpty ? [PDFPage()] : self.pages
        var writer = ObjectWriter()
        // Fixed object numbers: 1 catalog, 2 page tree, 3/4 fonts, 5 info, then per page the
        // page object and its content stream.
        let pageObjectNumbers = pages.indices.map { 6 + 2 * $0 }
        writer.add(1, "<< /Type /Catalog /Pages 2 0 R /Lang \(PDFDocument.textString(language)) >>")
        let kids = pageObjectNumbers.map { "\($0) 0 R" }.joined(separator: " ")
        writer.add(2, "<< /Type /Pages /Kids [\(kids)] /Count \(pages.count) >>")
        for font in PDFFont.allCases {
            let number = font == .helvetica ? 3 : 4
            writer.add(
                number,
                "<< /Type /Font /Subtype /Type1 /BaseFont /\(font.rawValue) /Encoding /WinAnsiEncoding >>"
            )
        }
        writer.add(5, infoDictionary())
        for (index, page) in pages.enumerated() {
            let pageNumber = pageObjectNumbers[index]
            let contentNumber = pageNumber + 1
            writer.add(
                pageNumber,
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 \(PDFNumber.format(page.size.width)) "
                    + "\(PDFNumber.format(page.size.height))] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> "
                    + "/ProcSet [/PDF /Text] >> /Contents \(contentNumber) 0 R >>"
            )
            let stream = Array(page.content.utf8)
            writer.addStream(contentNumber, dictionary: "<< /Length \(stream.count) >>", data: stream)
        }
        return writer.finish(rootObject: 1, infoObject: 5)
    }

    private func infoDictionary() -> String {
        var entries = [
            "/Title \(PDFDocument.textString(info.title))",
            "/Author \(PDFDocument.textString(info.author))",
        ]
        if let subject = info.subject { entries.append("/Subject \(PDFDocument.textString(subject))") }
        entries.append("/Creator \(PDFDocument.textString(info.creator))")
        entries.append("/Producer \(PDFDocument.textString(info.producer))")
        entries.append("/CreationDate (\(PDFDocument.dateString(info.creationDate, timeZone: info.timeZone)))")
        return "<< " + entries.joined(separator: " ") + " >>"
    }

    /// A PDF text string: a literal string if the text is printable ASCII, otherwise UTF-16BE with
    /// byte order mark as a hex string (PDF 1.4, section 3.8.1), so that umlauts survive in titles.
    static func textString(_ text: String) -> String {
        let scalars = text.unicodeScalars
        if scalars.allSatisfy({ (0x20...0x7E).contains($0.value) }) {
            return PDFPage.literal(Array(text.utf8))
        }
        var hex = "<FEFF"
        for unit in text.precomposedStringWithCanonicalMapping.utf16 {
            let digits = String(unit, radix: 16, uppercase: true)
            hex += String(repeating: "0", count: 4 - digits.count) + digits
        }
        return hex + ">"
    }

    /// A PDF date `D:YYYYMMDDHHmmSS+HH'mm'` in the given time zone.
    static func dateString(_ date: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String {
            let text = String(value ?? 0)
            return text.count < 2 ? "0" + text : text
        }
        let year = String(parts.year ?? 1970)
        let offsetSeconds = timeZone.secondsFromGMT(for: date)
        let sign = offsetSeconds < 0 ? "-" : "+"
        let offsetMinutes = abs(offsetSeconds) / 60
        return "D:\(year)\(two(parts.month))\(two(parts.day))\(two(parts.hour))\(two(parts.minute))"
            + "\(two(parts.second))\(sign)\(two(offsetMinutes / 60))'\(two(offsetMinutes % 60))'"
    }
}

/// Writes numbered indirect objects and the cross-reference table with exact byte offsets.
private struct ObjectWriter {
    private var bytes: [UInt8] = []
    private var offsets: [Int: Int] = [:]

    init() {
        // Header plus a comment with high bytes, so that tools treat the file as binary.
        bytes.append(contentsOf: Array("%PDF-1.4\n%".utf8))
        bytes.append(contentsOf: [0xE2, 0xE3, 0xCF, 0xD3, 0x0A])
    }

    mutating func add(_ number: Int, _ body: String) {
        offsets[number] = bytes.count
        bytes.append(contentsOf: Array("\(number) 0 obj\n\(body)\nendobj\n".utf8))
    }

    mutating func addStream(_ number: Int, dictionary: String, data: [UInt8]) {
        offsets[number] = bytes.count
        bytes.append(contentsOf: Array("\(number) 0 obj\n\(dictionary)\nstream\n".utf8))
        bytes.append(contentsOf: data)
        bytes.append(contentsOf: Array("\nendstream\nendobj\n".utf8))
    }

    func finish(rootObject: Int, infoObject: Int) -> Data {
        var output = bytes
        let size = (offsets.keys.max() ?? 0) + 1
        let xrefOffset = output.count
        var xref = "xref\n0 \(size)\n0000000000 65535 f \n"
        for number in 1..<size {
            guard let offset = offsets[number] else {
                xref += "0000000000 65535 f \n"
                continue
            }
            let digits = String(offset)
            xref += String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n"
        }
        xref += "trailer\n<< /Size \(size) /Root \(rootObject) 0 R /Info \(infoObject) 0 R >>\n"
        xref += "startxref\n\(xrefOffset)\n%%EOF\n"
        output.append(contentsOf: Array(xref.utf8))
        return Data(output)
    }
}
