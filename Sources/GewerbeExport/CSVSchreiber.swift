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
public struct CSVSchreiber: Sendable {
    public let format: CSVFormat

    public init(format: CSVFormat = .standard) { self.format = format }

    /// The bytes that start the file (BOM or nothing).
    public var anfang: [UInt8] { format.bom ? [0xEF, 0xBB, 0xBF] : [] }

    /// One encoded row, with CRLF.
    public func zeile(_ felder: [String]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(felder.reduce(0) { $0 + $1.utf8.count + 3 } + 2)
        for (index, feld) in felder.enumerated() {
            if index > 0 { bytes.append(format.trennzeichen.zeichen) }
            anhaengen(feld, an: &bytes)
        }
        bytes.append(0x0D)
        bytes.append(0x0A)
        return bytes
    }

    private func anhaengen(_ feld: String, an bytes: inout [UInt8]) {
        let utf8 = feld.utf8
        let trenner = format.trennzeichen.zeichen
        var quoten = utf8.first == 0x20 || utf8.last == 0x20
        if !quoten {
            for byte in utf8 where byte == trenner || byte == 0x22 || byte == 0x0D || byte == 0x0A {
                quoten = true
                break
            }
        }
        guard quoten else {
            bytes.append(contentsOf: utf8)
            return
        }
        bytes.append(0x22)
        for byte in utf8 {
            if byte == 0x22 { bytes.append(0x22) }
            bytes.append(byte)
        }
        bytes.append(0x22)
    }
}
