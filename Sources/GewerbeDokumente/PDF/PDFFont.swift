import Foundation

/// The two standard Type 1 fonts the writer uses. They are part of every PDF viewer (the
/// "standard 14 fonts"), so nothing is embedded; text is encoded with ``WinAnsi``.
public enum PDFFont: String, Sendable, Hashable, CaseIterable {
    case helvetica = "Helvetica"
    case helveticaBold = "Helvetica-Bold"

    /// The name under which the font is listed in the page resources.
    var resourceName: String {
        switch self {
        case .helvetica: "F1"
        case .helveticaBold: "F2"
        }
    }

    /// Advance width of one WinAnsiEncoding byte in 1/1000 of the font size.
    public func glyphWidth(_ byte: UInt8) -> Int {
        let table = self == .helvetica ? PDFFontMetrics.helvetica : PDFFontMetrics.helveticaBold
        return Int(table[Int(byte)])
    }

    /// Width of `text` in points when set in this font at `size` points (no kerning, as the
    /// writer sets text without kerning).
    public func width(of text: String, size: Double) -> Double {
        width(ofEncoded: WinAnsi.encode(text), size: size)
    }

    /// Width of already encoded bytes in points at `size` points.
    public func width(ofEncoded bytes: [UInt8], size: Double) -> Double {
        var units = 0
        for byte in bytes { units += glyphWidth(byte) }
        return Double(units) * size / 1000
    }

    /// Breaks `text` into lines no wider than `maxWidth` points at `size` points.
    ///
    /// Line breaks in the text are kept; lines break between words; a word wider than a whole
    /// line is broken between characters. Runs of spaces collapse to one. An empty text gives
    /// one empty line, so that callers always have a line to reserve space for.
    public func wrap(_ text: String, size: Double, maxWidth: Double) -> [String] {
        var lines: [String] = []
        let spaceWidth = width(of: " ", size: size)
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        for paragraph in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
            let words = paragraph.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            var current = ""
            var currentWidth = 0.0
            for word in words {
                let wordWidth = width(of: word, size: size)
                if current.isEmpty {
                    if wordWidth <= maxWidth {
                        current = word
                        currentWidth = wordWidth
                    } else {
                        var pieces = breakWord(word, size: size, maxWidth: maxWidth)
                        let last = pieces.removeLast()
                        lines.append(contentsOf: pieces)
                        current = last
                        currentWidth = width(of: last, size: size)
                    }
                } else if currentWidth + spaceWidth + wordWidth <= maxWidth {
                    current += " " + word
                    currentWidth += spaceWidth + wordWidth
                } else {
                    lines.append(current)
                    if wordWidth <= maxWidth {
                        current = word
                        currentWidth = wordWidth
                    } else {
                        var pieces = breakWord(word, size: size, maxWidth: maxWidth)
                        let last = pieces.removeLast()
                        lines.append(contentsOf: pieces)
                        current = last
                        currentWidth = width(of: last, size: size)
                    }
                }
            }
            lines.append(current)
        }
        return lines
    }

    /// Splits one over-long word into pieces that fit (at least one character each).
    private func breakWord(_ word: String, size: Double, maxWidth: Double) -> [String] {
        var pieces: [String] = []
        var current = ""
        var currentWidth = 0.0
        for character in word {
            let characterWidth = width(of: String(character), size: size)
            if !current.isEmpty && currentWidth + characterWidth > maxWidth {
                pieces.append(current)
                current = ""
                currentWidth = 0
            }
            current.append(character)
            currentWidth += characterWidth
        }
        pieces.append(current)
        return pieces
    }
}

/// Advance widths of Helvetica and Helvetica-Bold for the 256 codes of WinAnsiEncoding, in 1/1000
/// em, from Adobe's AFM files of the standard fonts (version 003.001, 1999, as shipped with groff's
/// `devps` fonts `HR` and `HB`). Codes without a glyph in WinAnsiEncoding have width 0; the
/// writer never emits them.
enum PDFFontMetrics {
    static let helvetica: [UInt16] = [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 0,
        556, 0, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0,
        0, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 0, 500, 667,
        278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333,
        400, 584, 333, 333, 333, 578, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611,
        667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
        722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
        556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500,
    ]
    static let helveticaBold: [UInt16] = [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
        975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
        333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
        611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 0,
        556, 0, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0,
        0, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 0, 500, 667,
        278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333,
        400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611,
        722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
        722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
        556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278,
        611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556,
    ]
}
