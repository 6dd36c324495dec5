import Foundation

/// The single-byte encoding the PDF writer uses for text: PDF `WinAnsiEncoding` (PDF 1.7, Annex D),
/// which is Windows code page 1252. It covers German completely (ä ö ü Ä Ö Ü ß), the typographic
/// quotes „ “ ‚ ‘, the dashes – —, § and €.
///
/// Characters outside the encoding are replaced by `?`, so that a missing glyph is visible in the
/// document instead of being dropped silently; encoding never fails.
public enum WinAnsi {
    /// The byte written for characters the encoding does not contain.
    public static let ersatzzeichen: UInt8 = 0x3F  // "?"

    /// Encodes text for a single line: the text is first composed (NFC, so that a decomposed
    /// "a" + combining diaeresis becomes "ä"), tabs and line breaks become spaces, other control
    /// characters and characters outside WinAnsiEncoding become `?`.
    public static func encode(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            bytes.append(byte(for: scalar))
        }
        return bytes
    }

    /// Whether every character of `text` has a glyph in WinAnsiEncoding (after composition).
    public static func canEncode(_ text: String) -> Bool {
        text.precomposedStringWithCanonicalMapping.unicodeScalars.allSatisfy { scalar in
            scalar.value == 0x3F || byte(for: scalar) != ersatzzeichen
        }
    }

    /// The WinAnsiEncoding byte of one Unicode scalar (`?` if there is none).
    public static func byte(for scalar: Unicode.Scalar) -> UInt8 {
        let value = scalar.value
        switch value {
        case 0x09, 0x0A, 0x0D:
            return 0x20
        case 0x20...0x7E, 0xA0...0xFF:
            return UInt8(value)
        default:
            return sonderzeichen[value] ?? ersatzzeichen
        }
    }

    /// The code points 0x80...0x9F of code page 1252, keyed by Unicode scalar.
    private static let sonderzeichen: [UInt32: UInt8] = [
        0x20AC: 0x80,  // € Euro
        0x201A: 0x82,  // ‚ quotesinglbase
        0x0192: 0x83,  // ƒ florin
        0x201E: 0x84,  // „ quotedblbase
        0x2026: 0x85,  // … ellipsis
        0x2020: 0x86,  // † dagger
        0x2021: 0x87,  // ‡ daggerdbl
        0x02C6: 0x88,  // ˆ circumflex
        0x2030: 0x89,  // ‰ perthousand
        0x0160: 0x8A,  // Š Scaron
        0x2039: 0x8B,  // ‹ guilsinglleft
        0x0152: 0x8C,  // Œ OE
        0x017D: 0x8E,  // Ž Zcaron
        0x2018: 0x91,  // ‘ quoteleft
        0x2019: 0x92,  // ’ quoteright
        0x201C: 0x93,  // “ quotedblleft
        0x201D: 0x94,  // ” quotedblright
        0x2022: 0x95,  // • bullet
        0x2013: 0x96,  // – endash
        0x2014: 0x97,  // — emdash
        0x02DC: 0x98,  // ˜ tilde
        0x2122: 0x99,  // ™ trademark
        0x0161: 0x9A,  // š scaron
        0x203A: 0x9B,  // › guilsinglright
        0x0153: 0x9C,  // œ oe
        0x017E: 0x9E,  // ž zcaron
        0x0178: 0x9F,  // Ÿ Ydieresis
    ]
}
