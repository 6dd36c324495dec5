import Foundation

/// A page size in PDF points (1/72 inch).
public struct PDFSize: Sendable, Hashable {
    public var width: Double
    public var height: Double

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// DIN A4 portrait, 210 mm x 297 mm.
    public static let a4 = PDFSize(width: 595.28, height: 841.89)
}

/// Horizontal alignment of a text relative to its `x` position.
public enum PDFTextAlignment: Sendable, Hashable {
    /// `x` is the left edge of the text.
    case left
    /// `x` is the centre of the text.
    case center
    /// `x` is the right edge of the text.
    case right
}

/// One page and its drawing operations, in PDF coordinates: points, origin at the bottom left.
///
/// The page records a content stream; ``PDFDocument`` serialises it. All numbers are written with
/// at most two decimals and a fixed format, so equal drawing calls give equal bytes.
public struct PDFPage: Sendable, Hashable {
    public let size: PDFSize
    /// The content stream (ASCII only: text bytes above 0x7E are written as octal escapes).
    public private(set) var content: String = ""

    public init(size: PDFSize = .a4) {
        self.size = size
    }

    /// Draws one line of text with its baseline at `y`. Line breaks in `text` become spaces;
    /// characters outside WinAnsiEncoding become `?`.
    public mutating func drawText(
        _ text: String, x: Double, y: Double, font: PDFFont = .helvetica, size: Double = 10,
        alignment: PDFTextAlignment = .left, gray: Double = 0
    ) {
        let bytes = WinAnsi.encode(text)
        guard !bytes.isEmpty else { return }
        let width = font.width(ofEncoded: bytes, size: size)
        let left: Double
        switch alignment {
        case .left: left = x
        case .center: left = x - width / 2
        case .right: left = x - width
        }
        var op = "BT\n"
        if gray != 0 { op += "\(PDFNumber.format(gray)) g\n" }
        op += "/\(font.resourceName) \(PDFNumber.format(size)) Tf\n"
        op += "\(PDFNumber.format(left)) \(PDFNumber.format(y)) Td\n"
        op += "\(PDFPage.literal(bytes)) Tj\nET\n"
        if gray != 0 { op = "q\n" + op + "Q\n" }
        content += op
    }

    /// Draws a straight line.
    public mutating func drawLine(
        fromX x1: Double, y y1: Double, toX x2: Double, y y2: Double, lineWidth: Double = 0.5, gray: Double = 0
    ) {
        content += "q\n\(PDFNumber.format(lineWidth)) w\n"
        if gray != 0 { content += "\(PDFNumber.format(gray)) G\n" }
        content += "\(PDFNumber.format(x1)) \(PDFNumber.format(y1)) m\n"
        content += "\(PDFNumber.format(x2)) \(PDFNumber.format(y2)) l\nS\nQ\n"
    }

    /// Draws the outline of a rectangle whose lower left corner is (`x`, `y`).
    public mutating func strokeRect(
        x: Double, y: Double, width: Double, height: Double, lineWidth: Double = 0.5, gray: Double = 0
    ) {
        content += "q\n\(PDFNumber.format(lineWidth)) w\n"
        if gray != 0 { content += "\(PDFNumber.format(gray)) G\n" }
        content += "\(rect(x, y, width, height)) re\nS\nQ\n"
    }

    /// Fills a rectangle with a grey level (0 black, 1 white).
    public mutating func fillRect(x: Double, y: Double, width: Double, height: Double, gray: Double) {
        content += "q\n\(PDFNumber.format(gray)) g\n\(rect(x, y, width, height)) re\nf\nQ\n"
    }

    private func rect(_ x: Double, _ y: Double, _ width: Double, _ height: Double) -> String {
        "\(PDFNumber.format(x)) \(PDFNumber.format(y)) \(PDFNumber.format(width)) \(PDFNumber.format(height))"
    }

    /// A PDF literal string of encoded bytes: `(`, `)` and `\` are escaped with a backslash,
    /// bytes outside printable ASCII are written as three-digit octal escapes.
    static func literal(_ bytes: [UInt8]) -> String {
        var result = "("
        for byte in bytes {
            switch byte {
            case 0x28, 0x29, 0x5C:
                result.append("\\")
                result.append(Character(Unicode.Scalar(byte)))
            case 0x20...0x7E:
                result.append(Character(Unicode.Scalar(byte)))
            default:
                let octal = String(byte, radix: 8)
                result += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
            }
        }
        return result + ")"
    }
}

/// Number formatting for PDF content: fixed point with at most two decimals, no exponent, no
/// locale, trailing zeros removed (`12.5`, `0`, `-3.25`).
enum PDFNumber {
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let hundredths = Int((value * 100).rounded())
        let negative = hundredths < 0
        let magnitude = abs(hundredths)
        let whole = magnitude / 100
        let fraction = magnitude % 100
        var text = String(whole)
        if fraction != 0 {
            text += fraction % 10 == 0 ? ".\(fraction / 10)" : (fraction < 10 ? ".0\(fraction)" : ".\(fraction)")
        }
        return negative && magnitude != 0 ? "-" + text : text
    }
}
