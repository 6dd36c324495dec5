import Foundation
import GewerbeDomain

/// Writes the monthly statistics export as CSV while the records arrive: the header row, then
/// one row per ``Statistiksatz`` in the order the source delivers (municipality, Aktenzeichen),
/// handed out in blocks of about ``blockgroesse`` bytes. Memory stays at one block and one record,
/// however many records the month has.
public struct StatistikCSV: Sendable {
    public let schreiber: CSVSchreiber
    /// Bytes collected before a block is handed out (64 KiB by default).
    public let blockgroesse: Int

    public init(format: CSVFormat = .standard, blockgroesse: Int = 64 * 1024) {
        schreiber = CSVSchreiber(format: format)
        self.blockgroesse = max(blockgroesse, 1)
    }

    /// What a finished export wrote.
    public struct Ergebnis: Sendable, Hashable {
        /// Records written (rows without the header).
        public var saetze: Int
        /// Records per ``Satzart``.
        public var nachSatzart: [Satzart: Int]
        /// Bytes written, BOM and header included.
        public var bytes: Int
    }

    /// Writes the BOM (if configured), the header and every record of `saetze`, calling `ausgeben`
    /// with each full block and with the rest at the end (at least once, even for an empty month).
    /// `fortschritt`, if given, is called after each block with the records written so far.
    public func schreibe<Saetze: AsyncSequence>(
        _ saetze: Saetze,
        fortschritt: ((Int) -> Void)? = nil,
        ausgeben: ([UInt8]) async throws -> Void
    ) async throws -> Ergebnis where Saetze.Element == Statistiksatz {
        var puffer: [UInt8] = []
        puffer.reserveCapacity(blockgroesse + 4096)
        puffer.append(contentsOf: schreiber.anfang)
        schreiber.anhaengen(zeile: StatistikExport.kopf, an: &puffer)
        var ergebnis = Ergebnis(saetze: 0, nachSatzart: [:], bytes: 0)
        for try await satz in saetze {
            StatistikExport.anhaengen(satz, mit: schreiber, an: &puffer)
            ergebnis.saetze += 1
            ergebnis.nachSatzart[satz.satzart, default: 0] += 1
            if puffer.count >= blockgroesse {
                ergebnis.bytes += puffer.count
                try await ausgeben(puffer)
                puffer.removeAll(keepingCapacity: true)
                fortschritt?(ergebnis.saetze)
            }
        }
        ergebnis.bytes += puffer.count
        try await ausgeben(puffer)
        fortschritt?(ergebnis.saetze)
        return ergebnis
    }

    /// The whole export as bytes (small months, tests).
    public func daten<Saetze: AsyncSequence>(_ saetze: Saetze) async throws -> [UInt8]
    where Saetze.Element == Statistiksatz {
        var alles: [UInt8] = []
        _ = try await schreibe(saetze) { alles.append(contentsOf: $0) }
        return alles
    }
}

extension StatistikExport {
    /// Appends the CSV row of `satz` (fields as ``felder(_:)`` gives them) to `bytes`.
    public static func anhaengen(_ satz: Statistiksatz, mit schreiber: CSVSchreiber, an bytes: inout [UInt8]) {
        let storno = satz.satzart == .storno
        for (index, spalte) in spalten.enumerated() {
            if index > 0 { schreiber.trenner(an: &bytes) }
            if storno && !spalte.beiStorno { continue }
            schreiber.anhaengen(feld: spalte.wert(satz), an: &bytes)
        }
        schreiber.zeilenende(an: &bytes)
    }
}
