import Foundation

/// Field separators the statistics offices' tools read.
public enum CSVTrennzeichen: String, Sendable, CaseIterable {
    /// `;`: the default of German spreadsheet programs (Excel, LibreOffice with German locale).
    case semikolon
    /// `,`: RFC 4180's own separator.
    case komma
    /// Tab.
    case tab

    public var zeichen: UInt8 {
        switch self {
        case .semikolon: UInt8(ascii: ";")
        case .komma: UInt8(ascii: ",")
        case .tab: UInt8(ascii: "\t")
        }
    }
}

/// Options of a CSV file.
public struct CSVFormat: Sendable, Hashable {
    public var trennzeichen: CSVTrennzeichen
    /// Write a UTF-8 byte order mark, so that Excel recognises UTF-8 (umlauts).
    public var bom: Bool

    public init(trennzeichen: CSVTrennzeichen = .semikolon, bom: Bool = true) {
        self.trennzeichen = trennzeichen
        self.bom = bom
    }

    public static let standard = CSVFormat()
}

/// Encodes rows as RFC 4180 CSV: CRLF line ends; a field is quoted when it contains the
/// separator, a quote, CR or LF, or leading/trailing spaces; quotes are doubled. UTF-8.
///
/// Control characters other than CR and LF (U+0000 to U+001F, e.g. a tab pasted into a name)
/// are dropped: RFC 4180 allows none in a field, and no statistics tool expects them. Line
/// breaks inside a field are kept (the field is quoted).
public struct CSVSchreiber: Sendable {
    public let format: CSVFormat

    public init(format: CSVFormat = .standard) { self.format = format }

    /// The bytes that start the file (BOM or nothing).
    public var anfang: [UInt8] { format.bom ? [0xEF, 0xBB, 0xBF] : [] }

    /// One encoded row, with CRLF.
    public func zeile(_ felder: [String]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(felder.reduce(0) { $0 + $1.utf8.count + 3 } + 2)
        anhaengen(zeile: felder, an: &bytes)
        return bytes
    }

    /// Appends one encoded row, with CRLF, to `bytes` (no intermediate allocation).
    public func anhaengen(zeile felder: some Sequence<String>, an bytes: inout [UInt8]) {
        var erstes = true
        for feld in felder {
            if !erstes { bytes.append(format.trennzeichen.zeichen) }
            erstes = false
            anhaengen(feld: feld, an: &bytes)
        }
        zeilenende(an: &bytes)
    }

    /// Appends the separator that precedes every field but the first of a row.
    @inline(__always)
    public func trenner(an bytes: inout [UInt8]) { bytes.append(format.trennzeichen.zeichen) }

    /// Appends CRLF.
    @inline(__always)
    public func zeilenende(an bytes: inout [UInt8]) {
        bytes.append(0x0D)
        bytes.append(0x0A)
    }

    /// Appends one field, quoted if needed, without its separator.
    public func anhaengen(feld: String, an bytes: inout [UInt8]) {
        var feld = feld
        feld.withUTF8 { anhaengen(utf8: $0, an: &bytes) }
    }

    private func anhaengen(utf8: UnsafeBufferPointer<UInt8>, an bytes: inout [UInt8]) {
        guard let erstes = utf8.first, let letztes = utf8.last else { return }
        let trenner = format.trennzeichen.zeichen
        var quoten = erstes == 0x20 || letztes == 0x20
        var steuerzeichen = false
        for byte in utf8 where byte < 0x20 || byte == 0x22 || byte == trenner {
            if byte == 0x0D || byte == 0x0A || byte == 0x22 {
                quoten = true
            } else if byte < 0x20 {
                steuerzeichen = true  // dropped below (also the tab when it is the separator)
            } else {
                quoten = true  // the separator
            }
        }
        guard quoten || steuerzeichen else {
            bytes.append(contentsOf: utf8)
            return
        }
        if quoten { bytes.append(0x22) }
        for byte in utf8 {
            if byte < 0x20 && byte != 0x0D && byte != 0x0A { continue }
            if byte == 0x22 { bytes.append(0x22) }
            bytes.append(byte)
        }
        if quoten { bytes.append(0x22) }
    }
}
