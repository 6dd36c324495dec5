import Foundation

/// Page margins in points.
public struct PDFMargins: Sendable, Hashable {
    public var top: Double
    public var left: Double
    public var bottom: Double
    public var right: Double

    public init(top: Double, left: Double, bottom: Double, right: Double) {
        self.top = top
        self.left = left
        self.bottom = bottom
        self.right = right
    }

    /// 20 mm left (filing margin), 15 mm top and right, 20 mm bottom (room for the footer).
    public static let standard = PDFMargins(top: 42.52, left: 56.69, bottom: 56.69, right: 42.52)
}

/// A footer printed on every page inside the bottom margin.
public struct PDFFooter: Sendable, Hashable {
    /// Text at the left, e.g. the Aktenzeichen.
    public var text: String?
    /// Page label at the right; `{seite}` and `{gesamt}` are replaced by the page number and the
    /// page count; `nil` prints no page numbers.
    public var pageLabel: String?

    public init(text: String? = nil, pageLabel: String? = "Seite {seite} von {gesamt}") {
        self.text = text
        self.pageLabel = pageLabel
    }
}

/// A check box with its label, for ``PDFFormField/Content/checkboxes(_:)``.
public struct PDFCheckbox: Sendable, Hashable {
    public var label: String
    public var checked: Bool

    public init(_ label: String, checked: Bool) {
        self.label = label
        self.checked = checked
    }
}

/// A numbered field box of a form: number and label in small print at the top, the value below.
public struct PDFFormField: Sendable, Hashable {
    /// What the box shows below its label.
    public enum Content: Sendable, Hashable {
        /// A text value, wrapped to the width of the box; line breaks are kept.
        case text(String)
        /// Check boxes, laid out side by side and wrapped to the width of the box.
        case checkboxes([PDFCheckbox])
    }

    /// The field number as printed on the form, e.g. `4` or `12a`; `nil` for none.
    public var number: String?
    public var label: String
    public var content: Content
    /// Relative width of the box within its row (the row's weights are summed up).
    public var weight: Double

    public init(number: String? = nil, label: String, value: String, weight: Double = 1) {
        self.init(number: number, label: label, content: .text(value), weight: weight)
    }

    public init(number: String? = nil, label: String, content: Content, weight: Double = 1) {
        self.number = number
        self.label = label
        self.content = content
        self.weight = weight
    }
}

/// A simple flow layout on top of ``PDFPage``: a cursor that moves down the page, automatic page
/// breaks, wrapped paragraphs, and the building blocks of a form (header box, section bars,
/// rows of numbered field boxes, check boxes).
///
/// Positions passed to and reported by the layout are measured from the top of the page (the
/// cursor); drawing on the pages uses PDF coordinates.
public struct PDFLayout: Sendable, Hashable {
    public let pageSize: PDFSize
    public let margins: PDFMargins
    public var footer: PDFFooter?
    /// All pages so far; the last one is the current page.
    public private(set) var pages: [PDFPage]
    /// Distance of the cursor from the top edge of the current page, in points.
    public private(set) var cursor: Double

    // Metrics of the form elements.
    static let padding = 3.0
    static let labelSize = 7.0
    static let labelLineHeight = 8.5
    static let valueSize = 10.0
    static let valueLineHeight = 12.5
    static let checkboxSize = 8.0

    public init(pageSize: PDFSize = .a4, margins: PDFMargins = .standard, footer: PDFFooter? = nil) {
        self.pageSize = pageSize
        self.margins = margins
        self.footer = footer
        self.pages = [PDFPage(size: pageSize)]
        self.cursor = margins.top
    }

    /// Width between the left and right margins.
    public var contentWidth: Double { pageSize.width - margins.left - margins.right }

    /// Height left on the current page above the bottom margin.
    public var remainingHeight: Double { pageSize.height - margins.bottom - cursor }

    /// Whether nothing has been placed on the current page yet.
    public var isAtTopOfPage: Bool { cursor <= margins.top }

    /// Converts a distance from the top of the page into a PDF y coordinate.
    public func pdfY(_ fromTop: Double) -> Double { pageSize.height - fromTop }

    /// Starts a new page and puts the cursor at its top margin.
    public mutating func newPage() {
        pages.append(PDFPage(size: pageSize))
        cursor = margins.top
    }

    /// Starts a new page unless `height` points still fit on the current one.
    public mutating func ensureSpace(_ height: Double) {
        if height > remainingHeight && !isAtTopOfPage { newPage() }
    }

    /// Moves the cursor down (at most to the bottom margin; the next element breaks the page).
    public mutating func moveDown(_ points: Double) {
        cursor = min(cursor + points, pageSize.height - margins.bottom)
    }

    /// Draws directly on the current page. The closure gets the page and the cursor position as
    /// a PDF y coordinate; afterwards the cursor moves down by `height`.
    public mutating func draw(height: Double, _ body: (inout PDFPage, _ topY: Double) -> Void) {
        ensureSpace(height)
        let topY = pdfY(cursor)
        body(&pages[pages.count - 1], topY)
        moveDown(height)
    }

    /// A wrapped paragraph; breaks pages between lines.
    public mutating func paragraph(
        _ text: String, font: PDFFont = .helvetica, size: Double = 10, lineHeight: Double? = nil,
        indent: Double = 0, alignment: PDFTextAlignment = .left, gray: Double = 0, spacingAfter: Double = 4
    ) {
        let lineHeight = lineHeight ?? size * 1.25
        let width = contentWidth - indent
        for line in font.wrap(text, size: size, maxWidth: width) {
            ensureSpace(lineHeight)
            let baseline = pdfY(cursor + size * 0.93)
            let x: Double
            switch alignment {
            case .left: x = margins.left + indent
            case .center: x = margins.left + indent + width / 2
            case .right: x = margins.left + contentWidth
            }
            pages[pages.count - 1].drawText(
                line, x: x, y: baseline, font: font, size: size, alignment: alignment, gray: gray)
            cursor += lineHeight
        }
        moveDown(spacingAfter)
    }

    /// The framed header of a form: a bold title, lines below it, and an optional marker at the
    /// top right (e.g. the form name `GewA 1`).
    public mutating func headerBox(title: String, lines: [String] = [], marker: String? = nil) {
        let padding = 6.0
        let markerWidth = marker.map { PDFFont.helveticaBold.width(of: $0, size: 12) + 12 } ?? 0
        let titleLines = PDFFont.helveticaBold.wrap(title, size: 14, maxWidth: contentWidth - 2 * padding - markerWidth)
        let bodyLines = lines.flatMap {
            PDFFont.helvetica.wrap($0, size: 9, maxWidth: contentWidth - 2 * padding - markerWidth)
        }
        let height = padding + Double(titleLines.count) * 17 + Double(bodyLines.count) * 11.5 + padding
        ensureSpace(height)
        let top = cursor
        let left = margins.left
        let width = contentWidth
        let pageHeight = pageSize.height
        var page = pages.removeLast()
        page.strokeRect(x: left, y: pageHeight - top - height, width: width, height: height, lineWidth: 1.2)
        var y = top + padding
        for line in titleLines {
            page.drawText(line, x: left + padding, y: pageHeight - y - 13, font: .helveticaBold, size: 14)
            y += 17
        }
        for line in bodyLines {
            page.drawText(line, x: left + padding, y: pageHeight - y - 8.5, font: .helvetica, size: 9)
            y += 11.5
        }
        if let marker {
            page.drawText(
                marker, x: left + width - padding, y: pageHeight - top - padding - 11, font: .helveticaBold, size: 12,
                alignment: .right)
        }
        pages.append(page)
        cursor = top + height
        moveDown(8)
    }

    /// A grey bar with a bold section title spanning the content width.
    public mutating func section(_ title: String) {
        let height = 15.0
        ensureSpace(height + 30)  // keep a title together with the start of its section
        let top = cursor
        pages[pages.count - 1].fillRect(
            x: margins.left, y: pdfY(top + height), width: contentWidth, height: height, gray: 0.88)
        pages[pages.count - 1].drawText(
            title, x: margins.left + 4, y: pdfY(top + 11), font: .helveticaBold, size: 10)
        cursor = top + height
    }

    /// A horizontal line across the content width.
    public mutating func rule(lineWidth: Double = 0.5, spacing: Double = 6) {
        ensureSpace(2 * spacing)
        moveDown(spacing)
        pages[pages.count - 1].drawLine(
            fromX: margins.left, y: pdfY(cursor), toX: margins.left + contentWidth, y: pdfY(cursor),
            lineWidth: lineWidth)
        moveDown(spacing)
    }

    /// One row of field boxes side by side, sharing their borders, all as tall as the tallest.
    /// A row that does not fit moves to the next page; a row taller than a whole page is split
    /// and continued on the next page with "(Fortsetzung)" after the labels.
    public mutating func fieldRow(_ fields: [PDFFormField]) {
        guard !fields.isEmpty else { return }
        let totalWeight = fields.reduce(0) { $0 + max($1.weight, 0.0001) }
        let widths = fields.map { contentWidth * max($0.weight, 0.0001) / totalWeight }
        var remainingLines = zip(fields, widths).map { field, width in
            Self.contentLines(field.content, width: width - 2 * Self.padding)
        }
        var continued = false
        while true {
            let labels = zip(fields, widths).map { field, width in
                Self.labelLines(field, continued: continued, width: width - 2 * Self.padding)
            }
            let labelHeight = Double(labels.map(\.lines.count).max() ?? 1) * Self.labelLineHeight
            let fixed = 2 * Self.padding + labelHeight + 2
            let neededLines = remainingLines.map(\.count).max() ?? 1
            let fullHeight = fixed + Double(neededLines) * Self.valueLineHeight
            if fullHeight <= remainingHeight {
                drawRow(fields, widths: widths, labels: labels, lines: remainingLines, height: fullHeight)
                return
            }
            if !isAtTopOfPage {
                newPage()
                continue
            }
            let fitting = max(1, Int((remainingHeight - fixed) / Self.valueLineHeight))
            let chunk = remainingLines.map { Array($0.prefix(fitting)) }
            drawRow(
                fields, widths: widths, labels: labels, lines: chunk,
                height: fixed + Double(fitting) * Self.valueLineHeight)
            remainingLines = remainingLines.map { Array($0.dropFirst(fitting)) }
            continued = true
            newPage()
        }
    }

    /// A single full-width field box.
    public mutating func field(_ field: PDFFormField) {
        fieldRow([field])
    }

    /// The finished document with footers applied to every page.
    public func document(info: PDFDocumentInfo, language: String = "de-DE") -> PDFDocument {
        var pages = self.pages
        if let footer {
            let total = pages.count
            let baseline = margins.bottom / 2
            for index in pages.indices {
                if let text = footer.text {
                    pages[index].drawText(text, x: margins.left, y: baseline, font: .helvetica, size: 8, gray: 0.3)
                }
                if let label = footer.pageLabel {
                    let text = label.replacingOccurrences(of: "{seite}", with: String(index + 1))
                        .replacingOccurrences(of: "{gesamt}", with: String(total))
                    pages[index].drawText(
                        text, x: margins.left + contentWidth, y: baseline, font: .helvetica, size: 8,
                        alignment: .right, gray: 0.3)
                }
            }
        }
        return PDFDocument(info: info, pages: pages, language: language)
    }

    // MARK: - Field rendering

    /// One line below a field label: wrapped text, or a line of check boxes.
    enum ContentLine: Sendable, Hashable {
        case text(String)
        case options([PDFCheckbox])
    }

    struct LabelLines {
        var number: String?
        var numberWidth: Double
        var lines: [String]
    }

    static func labelLines(_ field: PDFFormField, continued: Bool, width: Double) -> LabelLines {
        let numberWidth = field.number.map { PDFFont.helveticaBold.width(of: $0, size: labelSize) + 3 } ?? 0
        let label = continued ? field.label + " (Fortsetzung)" : field.label
        let lines = PDFFont.helvetica.wrap(label, size: labelSize, maxWidth: max(width - numberWidth, 10))
        return LabelLines(number: field.number, numberWidth: numberWidth, lines: lines)
    }

    static func optionWidth(_ option: PDFCheckbox) -> Double {
        checkboxSize + 3 + PDFFont.helvetica.width(of: option.label, size: 9)
    }

    static func contentLines(_ content: PDFFormField.Content, width: Double) -> [ContentLine] {
        switch content {
        case .text(let value):
            return PDFFont.helvetica.wrap(value, size: valueSize, maxWidth: width).map { .text($0) }
        case .checkboxes(let options):
            var lines: [ContentLine] = []
            var current: [PDFCheckbox] = []
            var used = 0.0
            for option in options {
                let optionWidth = optionWidth(option)
                if !current.isEmpty && used + 10 + optionWidth > width {
                    lines.append(.options(current))
                    current = []
                    used = 0
                }
                used += (current.isEmpty ? 0 : 10) + optionWidth
                current.append(option)
            }
            if !current.isEmpty || lines.isEmpty { lines.append(.options(current)) }
            return lines
        }
    }

    private mutating func drawRow(
        _ fields: [PDFFormField], widths: [Double], labels: [LabelLines], lines: [[ContentLine]], height: Double
    ) {
        let top = cursor
        let pageHeight = pageSize.height
        let labelBlock = Double(labels.map(\.lines.count).max() ?? 1) * Self.labelLineHeight
        var page = pages.removeLast()
        var x = margins.left
        for index in fields.indices {
            let width = widths[index]
            page.strokeRect(x: x, y: pageHeight - top - height, width: width, height: height)
            let label = labels[index]
            let labelX = x + Self.padding + label.numberWidth
            if let number = label.number {
                page.drawText(
                    number, x: x + Self.padding, y: pageHeight - top - Self.padding - 6, font: .helveticaBold,
                    size: Self.labelSize)
            }
            for (lineIndex, line) in label.lines.enumerated() {
                page.drawText(
                    line, x: labelX, y: pageHeight - top - Self.padding - 6 - Double(lineIndex) * Self.labelLineHeight,
                    font: .helvetica, size: Self.labelSize, gray: 0.3)
            }
            for (lineIndex, line) in lines[index].enumerated() {
                let baseline =
                    pageHeight - top - Self.padding - labelBlock - 2 - 9.5 - Double(lineIndex) * Self.valueLineHeight
                switch line {
                case .text(let text):
                    page.drawText(text, x: x + Self.padding, y: baseline, font: .helvetica, size: Self.valueSize)
                case .options(let options):
                    var optionX = x + Self.padding
                    for option in options {
                        page.strokeRect(
                            x: optionX, y: baseline - 0.5, width: Self.checkboxSize, height: Self.checkboxSize,
                            lineWidth: 0.6)
                        if option.checked {
                            page.drawText(
                                "X", x: optionX + Self.checkboxSize / 2, y: baseline + 0.5, font: .helveticaBold,
                                size: 8, alignment: .center)
                        }
                        page.drawText(
                            option.label, x: optionX + Self.checkboxSize + 3, y: baseline, font: .helvetica, size: 9)
                        optionX += Self.optionWidth(option) + 10
                    }
                }
            }
            x += width
        }
        pages.append(page)
        cursor = top + height
    }
}
